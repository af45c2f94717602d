"""The same conversation done LuminoraCore's way, for the cost comparison of `bench.cost`.

LuminoraCore answers a message with three LLM calls in a row: the reply, then fact extraction, then a
sentiment analysis for the affinity. Its reply prompt is one system message holding everything (the
personality at its level, the current mood, every remembered fact and episode), then the last messages
of the session sliding by one each turn, then the new message: no part is ordered for the prefix cache.
`LuminoraCoreWay.turn` builds those three prompts from the context Luminora's own turn read, so both
ways see the same facts, episodes, messages and replies; their token counts and cached prefixes come
from the same functions as Luminora's (`bench.chat`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.chat import CHARS_PER_TOKEN, cached_tokens, common_prefix, estimate_tokens, serialize
from chalicelib.engine import compiler
from chalicelib.engine.memory import retrieval
from chalicelib.engine.memory.llm_extraction import INSTRUCTIONS as EXTRACTION_INSTRUCTIONS
from chalicelib.engine.memory.llm_extraction import transcript
from chalicelib.engine.personality.domain import Personality
from chalicelib.models import ChatMessage, Context, Message

_SENTIMENT_INSTRUCTIONS = (
    "Classify the sentiment of the user's message for a relationship score. Reply with one json object:"
    ' {"sentiment": "very_positive" | "positive" | "neutral" | "negative" | "very_negative",'
    ' "score": <number from -1 to 1>}.'
)
_SENTIMENT_REPLY = '{"sentiment": "positive", "score": 0.42}'


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
    _previous: dict[str, str] = field(default_factory=dict)

    def turn(
        self, personality: Personality, context: Context, message: str, mood: str, reply: str,
        exchange: Sequence[Message], extraction_reply_tokens: int,
    ) -> list[Call]:
        """The three calls of one turn, in order.

        ``exchange`` is the turn's user and assistant message; the extraction's answer is as long as
        Luminora's deep analysis got for the same messages.
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
                      ChatMessage("user", transcript(exchange, context.facts)))
        sentiment = (ChatMessage("system", _SENTIMENT_INSTRUCTIONS), ChatMessage("user", message))
        return [
            self._call("reply", chat, _tokens(reply)),
            self._call("extraction", extraction, extraction_reply_tokens),
            self._call("sentiment", sentiment, _tokens(_SENTIMENT_REPLY)),
        ]

    def _call(self, kind: str, messages: Sequence[ChatMessage], completion: int) -> Call:
        wire = serialize(messages)
        previous = self._previous.get(kind)
        self._previous[kind] = wire
        tokens = estimate_tokens(messages)
        prefix = common_prefix(previous, wire) if previous is not None else 0
        return Call(tokens, cached_tokens(prefix, tokens), completion)


def _tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)
