"""The same conversation done LuminoraCore's way, for the cost comparison of `bench.cost`.

LuminoraCore answers a message with three LLM calls in a row: the reply, then fact extraction, then a
sentiment analysis for the affinity. Its reply prompt is one system message holding everything (the
personality at its level, the current mood, every remembered fact and episode), then the last messages
of the session sliding by one each turn, then the new message: no part is ordered for the prefix cache.
`LuminoraCoreWay.turn` builds those three prompts from the context Luminora's own turn read, so both
ways see the same facts, episodes, messages and replies; their token counts and cached prefixes come
from the same functions as Luminora's (`bench.chat`). Its extraction call reads the whole exchange, the
reply included, under Luminora's extraction instructions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.chat import CHARS_PER_TOKEN, ExtractionEcho, cached_prefix_tokens, estimate_tokens, on_wire
from chalicelib.engine import compiler
from chalicelib.engine.memory import retrieval
from chalicelib.engine.memory.llm_extraction import INSTRUCTIONS as EXTRACTION_INSTRUCTIONS
from chalicelib.engine.offline import OfflineChatModel
from chalicelib.engine.personality.domain import Personality
from chalicelib.models import ChatMessage, ChatRequest, Context, Fact, Message

_SENTIMENT_INSTRUCTIONS = (
    "Classify the sentiment of the user's message for a relationship score. Reply with one json object:"
    ' {"sentiment": "very_positive" | "positive" | "neutral" | "negative" | "very_negative",'
    ' "score": <number from -1 to 1>}.'
)
_SENTIMENT_REPLY = '{"sentiment": "positive", "score": 0.42}'
_ECHO = ExtractionEcho(OfflineChatModel())


@dataclass(frozen=True)
class Call:
    """One LLM call's tokens."""

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int


@dataclass
class LuminoraCoreWay:
    """Builds LuminoraCore's three prompts per turn and counts their tokens and cached prefixes."""

    history_messages: int = 32
    _previous: dict[str, Sequence[ChatMessage]] = field(default_factory=dict)

    def turn(
        self, personality: Personality, context: Context, message: str, mood: str, reply: str,
        exchange: Sequence[Message],
    ) -> list[Call]:
        """The three calls of one turn, in order.

        ``exchange`` is the turn's user and assistant message; the extraction is answered as the bench
        answers Luminora's (`bench.chat.ExtractionEcho`: what the rules find, in the asked-for shape).
        """
        level = personality.level_for(context.relationship.affinity_points if context.relationship else 0)
        compiled = compiler.compile_for(personality, level, mood)
        mood_text = compiled.mood_block or f"Your current mood: {mood}."  # LuminoraCore states it every turn
        memory = "\n".join(
            [retrieval.PROFILE_HEADER, *(retrieval.fact_line(f) for f in context.facts),
             *(retrieval.episode_line(e) for e in context.episodes)]
        )
        system = "\n\n".join(part for part in (compiled.system_block, mood_text, memory) if part)
        window = context.recent_messages[-self.history_messages :]
        chat = (ChatMessage("system", system), *(ChatMessage(m.role, m.content) for m in window),
                ChatMessage("user", message))
        extraction = (ChatMessage("system", EXTRACTION_INSTRUCTIONS),
                      ChatMessage("user", _transcript(exchange, context.facts)))
        sentiment = (ChatMessage("system", _SENTIMENT_INSTRUCTIONS), ChatMessage("user", message))
        return [
            self._call("reply", chat, _tokens(reply)),
            self._call("extraction", extraction, _tokens(_ECHO.complete(_extraction_request(extraction)).text)),
            self._call("sentiment", sentiment, _tokens(_SENTIMENT_REPLY)),
        ]

    def _call(self, kind: str, messages: Sequence[ChatMessage], completion: int) -> Call:
        sent = on_wire(messages)
        previous = self._previous.get(kind)
        self._previous[kind] = sent
        cached = cached_prefix_tokens(previous, sent) if previous is not None else 0
        return Call(estimate_tokens(sent), cached, completion)


def _transcript(exchange: Sequence[Message], known: Sequence[Fact]) -> str:
    """The extraction's input: the known facts, then the whole exchange, reply included, by message id."""
    return json.dumps({
        "known_facts": [{"category": f.category, "key": f.key, "value": f.value} for f in known],
        "messages": [{"id": m.message_id, "role": m.role, "at": m.created_at, "content": m.content} for m in exchange],
    }, ensure_ascii=False)


def _extraction_request(messages: Sequence[ChatMessage]) -> ChatRequest:
    return ChatRequest(messages=tuple(messages), temperature=0.0, max_tokens=800, end_user="", json_mode=True)


def _tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)
