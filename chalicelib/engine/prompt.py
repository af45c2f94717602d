"""Prompt composition: ordered so that consecutive turns share the longest prefix."""

from __future__ import annotations

import json
from collections.abc import Sequence

from chalicelib.models import ChatMessage, Message

# Tokens `fit` holds for a turn's own parts besides its memory block: the mood section, an example, a
# follow-up note and the new message, at about their usual largest (a longer message trims for itself).
TURN_RESERVE = 320


def window_start(message_count: int, size: int) -> int:
    """First message sequence number the prompt shows, given ``message_count`` stored messages.

    The window holds between ``size - step`` and ``size`` messages and moves forward in steps of
    ``step`` (three quarters of the size, rounded to whole turns), so most turns only append to the
    previous prompt instead of shifting it, and DeepSeek's prefix cache keeps hitting.
    """
    step = window_step(size)
    if message_count <= size:
        return 0
    return ((message_count - size) // step + 1) * step


def window_step(size: int) -> int:
    """How many messages the window moves by at once: three quarters of its size, in whole turns.

    A move sends again, uncached, the messages the window keeps: with 32 messages, 8 every twelve turns
    (half the size would be 16 every eight). What drops out stays within reach of the recall block.
    """
    return max(2, (size * 3 // 4) // 2 * 2)


def trim_step(size: int) -> int:
    """How many messages `fit` cuts at once from a window of ``size`` that is over the budget: a quarter
    of the size, in whole turns (the window's own step would often cut all of it)."""
    return max(2, (size // 4) // 2 * 2)


def compose(
    system_block: str,
    summary: str,
    window: Sequence[Message],
    turn_context: str,
    message: str,
) -> tuple[ChatMessage, ...]:
    """Assemble the chat messages: stable block, summary, window, then what changes every turn."""
    # The summary is written from what the user said: quoted, it stays data inside the system message.
    stable = system_block if not summary else f"{system_block}\n\n{quote_data('Summary of this conversation', summary)}"
    parts = [ChatMessage("system", stable)]
    parts.extend(ChatMessage(m.role, m.content) for m in window)
    if turn_context:
        parts.append(ChatMessage("system", turn_context))
    parts.append(ChatMessage("user", message))
    return tuple(parts)


def with_instructions(personality_block: str, instructions: str) -> str:
    """The personality block followed by the calling application's own instructions, when it gives some."""
    if not instructions.strip():
        return personality_block
    return f"{personality_block}\n\nInstructions from the application:\n{instructions.strip()}"


def personality_room(budget: int, texts: Sequence[str], reserve: int) -> int:
    """Tokens a personality's own prompt text may take so that the whole prompt stays within ``budget``.

    ``texts`` are the turn's parts that are not the personality's (instructions, summary, new message);
    ``reserve`` holds what is added later within budgets of its own (memory) and the messages' framing.
    The window of past messages gets whatever is left after the personality, in `fit`.
    """
    return budget - sum(len(text) // 4 + 4 for text in texts) - reserve


def estimate_tokens(messages: Sequence[ChatMessage]) -> int:
    """A rough token count (about four characters a token, plus framing per message)."""
    return sum(len(m.content) // 4 + 4 for m in messages)


def fit(
    system_block: str,
    summary: str,
    window: Sequence[Message],
    turn_context: str,
    message: str,
    budget: int,
    step: int = 2,
    reserve: int = 0,
) -> tuple[ChatMessage, ...]:
    """`compose`, dropping the window's oldest turns while the prompt is over ``budget`` tokens.

    The window is cut at multiples of ``step`` (by sequence number), and where it is cut depends only
    on what consecutive turns share (the system block, the summary, the window) and on ``reserve``, the
    tokens held for what changes every turn (the turn context and the new message): two turns whose
    turn context differs in size pick the same first message, which moves forward only as the window
    grows, so they keep sharing their prefix. A turn whose own parts outgrow ``reserve`` drops more, for
    itself alone. The system block, the summary, the turn context and the new message always stay: a
    long history can only shorten the window, never push the prompt past its budget.
    """
    kept = list(window)
    while kept and _stable_tokens(system_block, summary, kept) + reserve > budget:
        kept = _past_next_step(kept, step)
    parts = compose(system_block, summary, kept, turn_context, message)
    while kept and estimate_tokens(parts) > budget:
        kept = _past_next_step(kept, step)
        parts = compose(system_block, summary, kept, turn_context, message)
    return parts


def _stable_tokens(system_block: str, summary: str, window: Sequence[Message]) -> int:
    """Tokens of the prompt's part that consecutive turns share: its system message and the window."""
    return estimate_tokens(compose(system_block, summary, window, "", "")[:-1])


def _past_next_step(kept: Sequence[Message], step: int) -> list[Message]:
    """``kept`` from the next multiple of ``step`` on (by sequence number)."""
    boundary = (kept[0].seq // step + 1) * step
    return [m for m in kept if m.seq >= boundary]


def followup_note(what: str) -> str:
    """The turn-context part that has the model ask, once, how an event the user told of went."""
    return ("Earlier the user told you about an event that has happened since. In this reply, ask them once, "
            "briefly and in your own voice, how it went (unless they are already telling you).\n"
            + quote_data("What they told you", what))


def quote_data(label: str, text: str) -> str:
    """User-derived ``text`` as a JSON string after ``label``: data for the model, never instructions.

    JSON escaping keeps quotes and line breaks inside the literal, so the text cannot close the quotation
    and pass itself off as part of the prompt.
    """
    return f"{label}: {json.dumps(text, ensure_ascii=False)}"
