"""The offline responder: a deterministic `ChatModel` that speaks in the personality's voice."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from chalicelib.models import ChatReply, ChatRequest, Voice

_GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|howdy|greetings)\b", re.I)
_GOODBYE = re.compile(r"\b(bye|goodbye|good night|goodnight|see you|talk (to you )?later)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_COMMON = {"that", "this", "with", "have", "what", "your", "about", "just", "really", "would", "there", "they",
           "from", "will", "been", "were", "when", "could", "should", "like", "know", "think", "want"}

_OPENERS = {
    "stranger": "",
    "acquaintance": "Good to hear from you.",
    "friend": "Hey, good to see you!",
    "close_friend": "Always glad when you stop by.",
    "soulmate": "There you are, I was hoping you'd come by.",
}


class OfflineChatModel:
    """Answers without the network; the same prompt always gets the same reply."""

    model_name = "luminora-offline"

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        message = request.messages[-1].content if request.messages else ""
        voice = request.voice or Voice(name="Assistant")
        return ChatReply(text=_reply(voice, message), model=self.model_name)


def _reply(voice: Voice, message: str) -> str:
    seed = zlib.crc32(f"{voice.name}|{voice.level}|{message}".encode())
    parts = [_opening(voice, message, seed)]
    if _GOODBYE.search(message):
        parts.append(_pick(voice.farewells, seed) or "Goodbye for now.")
    elif _GREETING.match(message) and len(message) < 40:
        parts.append(_pick(voice.greetings, seed) or "Hello! What's on your mind?")
    else:
        parts.append(_body(voice, message, seed))
    if voice.recalled_fact:
        parts.append(f"I remember {voice.recalled_fact}.")
    return _punctuate(" ".join(p for p in parts if p), voice.punctuation)


def _opening(voice: Voice, message: str, seed: int) -> str:
    name = f", {voice.known_name}" if voice.known_name else ""
    warm = _pick(voice.expressions, seed) or _OPENERS.get(voice.level, "")
    if voice.known_name:
        return f"Hi{name}! {warm}".strip()
    return warm


def _body(voice: Voice, message: str, seed: int) -> str:
    topic = _topic(message)
    filler = _pick(voice.fillers, seed)
    if not topic:
        return _pick(voice.confusions, seed) or "Tell me a little more?"
    if message.rstrip().endswith("?"):
        core = f"You're asking about {topic}. I'm answering offline, so I can't look that up, but I'm listening."
    else:
        core = f"Thanks for telling me about {topic}. What would you like to do next?"
    return f"{filler} {core}".strip()


def _topic(message: str) -> str:
    words = [w for w in _WORD.findall(message) if w.lower() not in _COMMON]
    return " ".join(words[-2:]).lower() if words else ""


def _pick(options: Sequence[str], seed: int) -> str:
    return options[seed % len(options)] if options else ""


def _punctuate(text: str, style: str) -> str:
    if style == "minimal":
        return text.replace("!", ".")
    if style == "excessive":
        return text.replace("!", "!!")
    return text
