"""The offline responder: a deterministic `ChatModel` that speaks in the compiled personality's voice."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from chalicelib.engine import phrasebook
from chalicelib.engine.sentiment import language
from chalicelib.models import DEFAULT_PERSONALITY, ChatReply, ChatRequest, Voice

_GREETING = re.compile(phrasebook.GREETING, re.I)
# No Latin letter on either side, so that "bye" is not found in "nearby", and 谢谢 is found inside a sentence.
_GOODBYE = re.compile(r"(?<![a-zà-ÿ])" + phrasebook.GOODBYE + r"(?![a-zà-ÿ])", re.I)
_THANKS = re.compile(r"(?<![a-zà-ÿ])" + phrasebook.THANKS + r"(?![a-zà-ÿ])", re.I)
_COMPLAINT = re.compile(r"\b(that's wrong|you're wrong|doesn't work|didn't work|not what i asked)\b", re.I)
_FULL_STOP = re.compile(r"(?<!\.)\.(?!\.)(?=\s|$)")  # a full stop, not part of an ellipsis
# Words before a full stop that make it an abbreviation rather than a sentence's end: titles, "e.g", an
# initial.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Sr|Jr|Capt|Gen|Rev|Mt|No|vs|etc|approx|[a-z]\.[a-z])|\b[A-Z])$"
)
_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")
_TOKEN = re.compile(r"[\w'-]+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # Japanese and Chinese: no spaces to find a topic by
_COMMON = {"that", "this", "with", "have", "what", "your", "about", "just", "really", "would", "there", "they",
           "from", "will", "been", "were", "when", "could", "should", "like", "know", "think", "want", "love",
           "remember", "tell", "please", "much", "very", "some", "something", "thing", "things", "also", "them",
           "then", "than", "more", "make", "made", "does", "doing", "done", "going", "into", "over", "here",
           "where", "which", "while", "because", "today", "yesterday", "tomorrow", "maybe", "still", "again",
           "named", "called"}


class OfflineChatModel:
    """Answers without the network; the same prompt always gets the same reply."""

    model_name = "luminora-offline"

    def complete(self, request: ChatRequest, *, deadline: float | None = None) -> ChatReply:
        if request.offline_reply:  # a safety protocol's fixed answer, in the user's language
            return ChatReply(text=request.offline_reply, model=self.model_name)
        message = request.messages[-1].content if request.messages else ""
        voice = request.voice or Voice(name=DEFAULT_PERSONALITY)
        return ChatReply(text=_cut_at_stop(_reply(voice, message), request.stop), model=self.model_name)


def _cut_at_stop(text: str, stop: Sequence[str]) -> str:
    """The reply up to the first stop sequence, as a model that honours ``stop`` would end it.

    A stop sequence at the very start leaves the reply whole: an empty reply would be no answer at all.
    """
    cut = min((i for i in (text.find(s) for s in stop if s) if i >= 0), default=len(text))
    return text[:cut].rstrip() or text


def _reply(voice: Voice, message: str) -> str:
    seed = zlib.crc32(f"{voice.name}|{voice.level}|{message}".encode())
    parts = [_opening(voice, seed), _core(voice, message, seed)]
    if voice.recalled_fact:
        parts.append(_say(voice, "remember", fact=voice.recalled_fact))
    if voice.follow_up:
        parts.append(_say(voice, "follow_up", event=voice.follow_up))
    parts.append(_closing(voice, seed))
    return _punctuate(" ".join(p for p in parts if p), voice.punctuation, (voice.name, voice.known_name))


def _core(voice: Voice, message: str, seed: int) -> str:
    if _GOODBYE.search(message):
        return _pick(voice.farewells, seed) or _say(voice, "goodbye")
    if _GREETING.match(message) and len(message) < 40:
        return _pick(voice.greetings, seed) or _say(voice, "hello")
    if _THANKS.search(message):
        return _pick(voice.successes, seed) or _say(voice, "thanks")
    if _COMPLAINT.search(message):
        return _pick(voice.apologies, seed) or _say(voice, "sorry")
    return _body(voice, message, seed)


def _opening(voice: Voice, seed: int) -> str:
    """Warmer levels open with one of the level's expressions; strangers get straight to it."""
    warm = "" if voice.warmth < 0.25 else (_pick(voice.expressions, seed) or _opener(voice))
    if voice.known_name:
        return f"{_say(voice, 'hi', name=voice.known_name)} {warm}".strip()
    return warm


def _closing(voice: Voice, seed: int) -> str:
    """At the closest levels a second expression closes the reply."""
    if voice.warmth < 0.75 or len(voice.expressions) < 2:
        return ""
    return voice.expressions[(seed + 1) % len(voice.expressions)]


def _body(voice: Voice, message: str, seed: int) -> str:
    written = language.detect(message, hint=voice.language)
    topic = "" if written in ("zh", "ja", "ko") else _topic(message, written)
    filler = _pick(voice.fillers, seed)
    asked = message.rstrip().endswith(("?", "？"))
    if not topic and written not in ("zh", "ja", "ko"):
        return _pick(voice.confusions, seed) or _say(voice, "more")
    if topic:
        core = _say(voice, "asked" if asked else "told", topic=topic)
    else:  # a sentence without spaces names no topic this simply; answer it all the same
        core = _say(voice, "asked_plain" if asked else "told_plain")
    if filler.endswith(","):
        core = core[0].lower() + core[1:]
    return f"{filler} {core}".strip()


def _topic(message: str, written: str = "en") -> str:
    """The last run of up to two adjacent content words: usually what the sentence is about."""
    common = _COMMON | language.function_words(written)
    run: list[str] = []
    for word in reversed(_TOKEN.findall(message)):
        if _WORD.fullmatch(word) and word.lower() not in common:
            run.insert(0, word)
            if len(run) == 2:
                break
        elif run:
            break
    return " ".join(run)


def _say(voice: Voice, key: str, **values: str) -> str:
    """The responder's own phrase ``key`` in the personality's language (English when it has none)."""
    phrases = phrasebook.PHRASES.get(voice.language, phrasebook.PHRASES["en"])
    return phrases.get(key, phrasebook.PHRASES["en"][key]).format(**values)


def _opener(voice: Voice) -> str:
    """Used when the personality gives no expressions for its level: the register warms with the relationship."""
    openers = phrasebook.OPENERS.get(voice.language, phrasebook.OPENERS["en"])
    band = min(len(openers), int(voice.warmth * len(openers) + 1e-9))
    return openers[band - 1] if band else ""


def _pick(options: Sequence[str], seed: int) -> str:
    return options[seed % len(options)] if options else ""


def _punctuate(text: str, style: str, names: Sequence[str] = ()) -> str:
    """LuminoraCore's punctuation styles, from no exclamation marks to a lot of them.

    Only sentence ends change: the names in ``names`` and abbreviations ("Dr.", "e.g.", an initial) keep
    their dots.
    """
    if style not in ("minimal", "liberal", "excessive"):
        return text
    kept = [name for name in names if name and any(mark in name for mark in ".!")]
    for i, name in enumerate(kept):
        text = text.replace(name, f"\x00{i}\x00")
    if style == "minimal":
        text = text.replace("!", ".")
    else:
        text = _exclaim(text.replace("!", "!!") if style == "excessive" else text, style == "excessive")
    for i, name in enumerate(kept):
        text = text.replace(f"\x00{i}\x00", name)
    return text


def _exclaim(text: str, every: bool) -> str:
    """Sentence-ending full stops become "!!" (``every``) or just the first one becomes "!"."""
    out: list[str] = []
    start, done = 0, False
    for match in _FULL_STOP.finditer(text):
        if done or _ABBREVIATION.search(text, 0, match.start()):
            continue
        out.extend((text[start:match.start()], "!!" if every else "!"))
        start, done = match.end(), not every
    return "".join([*out, text[start:]])
