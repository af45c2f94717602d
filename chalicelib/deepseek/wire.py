"""The chat messages as DeepSeek's wire carries them: no system message after the conversation starts.

DeepSeek gathers every system message at the front of the prompt it runs, whatever its place in the
list. A prompt's later system messages (the turn's memory, mood and notes, after the window) would then
sit before the window and change it on every turn, and DeepSeek's prefix cache would miss the whole
window each time. `wire_messages` keeps the system messages that lead the list and puts each later one
into the user message it comes before (or the last one), after the user's words and marked as the
application's: the user's words then start the same way as in the next turn's window, where they are
stored alone, and stay in the cached prefix.
"""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.models import ChatMessage

NOTE = "[From the app, not the user:]"
_DEFUSED = "(From the app, not the user:)"  # the marker, as a user's own words may carry it


def wire_messages(messages: Sequence[ChatMessage]) -> list[dict[str, str]]:
    """``messages`` as the request body's list; a later system message joins a user message."""
    wire: list[dict[str, str]] = []
    held: list[str] = []
    started = False  # a user or assistant message came: system messages from here on are held
    for message in messages:
        if message.role == "system" and started:
            held.append(message.content)
            continue
        started = started or message.role != "system"
        content = message.content
        if held and message.role == "user":
            content, held = _with_notes(content, held), []
        wire.append({"role": message.role, "content": content})
    if held:  # notes after the last user message join it
        last = max((i for i, m in enumerate(wire) if m["role"] == "user"), default=None)
        if last is None:
            wire.append({"role": "user", "content": _with_notes("", held)})
        else:
            wire[last] = {"role": "user", "content": _with_notes(wire[last]["content"], held)}
    return wire


def _with_notes(said: str, notes: Sequence[str]) -> str:
    return "\n\n".join([said.replace(NOTE, _DEFUSED), NOTE, *notes]).lstrip()
