"""A counting `ChatModel` for the benchmarks: estimates prompt tokens and the prefix kept between turns.

Tokens are estimated, not counted by DeepSeek's tokenizer (not installable here): one token per
four characters of a message's content, rounded up, plus four tokens of framing per message.
Prompts are counted as DeepSeek's wire carries them (`chalicelib.deepseek.wire`: a system message after
the conversation starts joins a user message). DeepSeek's cache is a prefix cache: the cache-hit tokens
of a call are those of the prompt's start that
the previous call of its kind shares, counted in the same units (`cached_prefix_tokens`: the leading
messages both share whole, then the shared start of the next one's content). The prefix share compares
each prompt with the previous one character by character, over the messages serialized as the
chat-completions wire sends them (JSON ``[{"role", "content"}, ...]``): the length of the common prefix
over the length of the new prompt.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chalicelib.deepseek.wire import wire_messages
from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.models import ChatMessage, ChatReply, ChatRequest, Message, Usage
from chalicelib.ports import ChatModel

CHARS_PER_TOKEN = 4
FRAMING_TOKENS = 4
# A plausible spread of reply lengths for a chat companion (characters), so that stored messages
# and the history in the prompt have realistic sizes; the offline responder alone is much terser.
_REPLY_CHARS = (120, 700)
_FILLER = (
    "That sounds like it matters to you, and I'd like to hear more about how it went.",
    "I keep thinking about what you said earlier; it fits with what you've told me before.",
    "Take your time, there's no rush: we can come back to it whenever you like.",
    "If it helps, we could break it into smaller steps and look at the first one together.",
    "Honestly, that made me smile. Thank you for sharing it with me.",
)


def estimate_tokens(messages: Sequence[ChatMessage]) -> int:
    """About four characters a token, plus framing per message."""
    return sum(math.ceil(len(m.content) / CHARS_PER_TOKEN) + FRAMING_TOKENS for m in messages)


def cached_prefix_tokens(previous: Sequence[ChatMessage], messages: Sequence[ChatMessage]) -> int:
    """Prompt tokens of ``messages`` served from DeepSeek's prefix cache after the call of ``previous``.

    Whole messages count as `estimate_tokens` counts them; in the first one that differs, only the
    whole tokens of its content's shared start (same role), never its framing.
    """
    cached = 0
    for before, now in zip(previous, messages, strict=False):
        if before == now:
            cached += estimate_tokens((now,))
            continue
        if before.role == now.role:
            cached += common_prefix(before.content, now.content) // CHARS_PER_TOKEN
        break
    return cached


def on_wire(messages: Sequence[ChatMessage]) -> tuple[ChatMessage, ...]:
    """``messages`` as `DeepSeekChatModel` sends them."""
    return tuple(ChatMessage(m["role"], m["content"]) for m in wire_messages(messages))


def serialize(messages: Sequence[ChatMessage]) -> str:
    """The messages as the chat-completions request body carries them."""
    return json.dumps([{"role": m.role, "content": m.content} for m in messages], ensure_ascii=False)


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b``."""
    limit = min(len(a), len(b))
    lo, hi = 0, limit
    while lo < hi:  # binary search on slices: C-speed comparisons, fine for long prompts
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass
class Completion:
    """One call the model received."""

    phase: str
    json_mode: bool
    prompt_tokens: int
    prompt_chars: int
    prefix_chars: int | None  # None for the first prompt of its kind (chat or JSON)
    messages: int
    cached_tokens: int = 0
    completion_tokens: int = 0

    @property
    def prefix_share(self) -> float | None:
        return None if self.prefix_chars is None else self.prefix_chars / max(self.prompt_chars, 1)


@dataclass
class CountingChatModel:
    """Answers through ``inner`` (the offline responder), lengthened to a realistic reply, and counts."""

    inner: ChatModel
    phase: Callable[[], str] = lambda: "request"
    seed: int = 7
    calls: list[Completion] = field(default_factory=list)
    _previous: dict[bool, tuple[ChatMessage, ...]] = field(default_factory=dict)  # the last prompt of each kind
    _drained: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        sent = on_wire(request.messages)
        wire = serialize(sent)
        tokens = estimate_tokens(sent)
        previous = self._previous.get(request.json_mode)
        prefix = None if previous is None else common_prefix(serialize(previous), wire)
        cached = 0 if previous is None else cached_prefix_tokens(previous, sent)
        self._previous[request.json_mode] = sent
        reply = self.inner.complete(request, deadline=deadline)
        text = reply.text if request.json_mode else self._lengthen(reply.text)
        completion = math.ceil(len(text) / CHARS_PER_TOKEN)
        self.calls.append(Completion(self.phase(), request.json_mode, tokens, len(wire), prefix, len(sent),
                                     cached, completion))
        usage = Usage(
            prompt_tokens=tokens,
            completion_tokens=completion,
            prompt_cache_hit_tokens=cached,
            prompt_cache_miss_tokens=tokens - cached,
        )
        return ChatReply(text=text, usage=usage, model="bench-counting")

    def drain(self) -> list[Completion]:
        fresh = self.calls[self._drained :]
        self._drained = len(self.calls)
        return fresh

    def _lengthen(self, text: str) -> str:
        target = self._random.randint(*_REPLY_CHARS)
        parts = [text]
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(self._random.choice(_FILLER))
        return " ".join(parts)



class ExtractionEcho:
    """Answers the deep analysis's JSON-mode call with what the rule-based extractor finds in it.

    Lets the benchmarks send the real `LLMExtractor` request (and so count and price its tokens) while
    the memory it builds stays the offline one. Chat calls go to ``chat``.
    """

    def __init__(self, chat: ChatModel) -> None:
        self._chat = chat
        self._rules = RuleBasedExtractor()

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        if not request.json_mode:
            return self._chat.complete(request, deadline=deadline)
        document = json.loads(request.messages[-1].content)
        messages = [Message(m["id"], "", m["role"], m["content"], "", "", 0) for m in document["messages"]]
        found = self._rules.extract(messages, ())
        answer = {
            "facts": [{"category": f.category, "key": f.key, "value": f.value, "confidence": f.confidence,
                       "source_message_id": f.source_message_id} for f in found.facts],
            "episode": None if found.episode is None else {
                "type": found.episode.type, "summary": found.episode.summary,
                "importance": found.episode.importance, "sentiment": found.episode.sentiment},
        }
        return ChatReply(text=json.dumps(answer, ensure_ascii=False), model="bench-echo")
