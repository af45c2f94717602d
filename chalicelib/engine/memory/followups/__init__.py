"""Follow-ups: future dated events in what the user says, and how later messages move or cancel them."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.engine.memory.followups import lexicon
from chalicelib.models import FollowUp, Message

if TYPE_CHECKING:
    from chalicelib.engine.memory.followups.dates import Mention

__all__ = ["Found", "Plan", "find", "known_zone", "local_date", "plan", "talks_about", "zone"]

MAX_WHAT = 120


class Found(NamedTuple):
    """A follow-up one message asks for: a new event, a new date for an earlier one, or its cancellation."""

    what: str
    due: date | None  # None for a cancellation
    change: str = "new"  # "new", "moved" or "cancelled"
    source_message_id: str = ""


class Plan(NamedTuple):
    """What a batch of messages does to a user's follow-ups."""

    new: tuple[Found, ...] = ()
    moved: tuple[tuple[FollowUp, date], ...] = ()
    cancelled: tuple[FollowUp, ...] = ()


def _markers() -> ModuleType:
    """The marker patterns, compiled on first use: most turns never need them."""
    from chalicelib.engine.memory.followups import markers

    return markers


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; UTC when it is unknown (a stored name the system no longer knows)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this system knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_date(stamp: str, zone_name: str) -> date:
    """The calendar date, in ``zone_name``, of the UTC ISO stamp ``stamp``."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(zone_name)).date()


_SENTENCE_END = re.compile(r"(?<!\d)[.!?¡¿]+(?=\s|$)|[。！？\n]+")
_CLAUSE = re.compile(r"[,;，；、]|\s(?:and|but|y|pero|et|mais|und|aber|e|ma|mas|но|и)\s|けど|だけど")
_LATIN_WORD = re.compile(r"[^\W\d_]{3,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_DATE_WORDS = frozenset(w for table in (lexicon.WEEKDAYS, lexicon.MONTHS, lexicon.RELATIVE_DAYS, lexicon.UNITS)
                        for w in table)


def find(text: str, today: date) -> list[Found]:
    """The follow-ups one message written on local date ``today`` asks for."""
    found: list[Found] = []
    for sentence, question in _sentences(unicodedata.normalize("NFKC", text).lower()):
        if not question:
            found.extend(_in_sentence(_markers().FAREWELL.sub(lambda m: " " * len(m.group(0)), sentence), today))
    return found


def _sentences(text: str) -> Iterator[tuple[str, bool]]:
    start = 0
    for end in _SENTENCE_END.finditer(text):
        yield text[start:end.start()], "?" in end.group(0) or "？" in end.group(0)
        start = end.end()
    yield text[start:], False


def _in_sentence(sentence: str, today: date) -> Iterator[Found]:
    if not sentence.strip():
        return
    from chalicelib.engine.memory.followups.dates import mentions

    dated = [m for m in mentions(sentence, today) if m.due >= today]
    if _markers().CANCELLED.search(sentence):
        yield Found(_trim(sentence), None, "cancelled")
        return
    moved = bool(_markers().MOVED.search(sentence))
    if not dated:
        return
    if not moved and (_markers().past(sentence) or _habit_or_wish(sentence)):
        return
    clauses = _clauses(sentence)
    for index, (start, end) in enumerate(clauses):
        inside = [m for m in dated if start <= m.start < end]
        if not inside:
            continue
        what = _what(sentence, clauses, index, inside[0])
        if what:
            yield Found(what, inside[0].due, "moved" if moved else "new")
        if moved:
            return  # one new date per moving sentence


def _habit_or_wish(text: str) -> bool:
    return bool(_markers().HABIT.search(text) or _markers().HYPOTHETICAL.search(text))


def _clauses(sentence: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _what(sentence: str, clauses: list[tuple[int, int]], index: int, mention: Mention) -> str:
    """The clause that holds the date, with the one before it when the clause alone names no event."""
    start, end = clauses[index]
    while index > 0 and _content(sentence[start:end], mention.start - start, mention.end - start) < 2:
        index -= 1
        start = clauses[index][0]
    if index + 1 < len(clauses) and _content(sentence[start:end], mention.start - start, mention.end - start) < 1:
        end = clauses[index + 1][1]  # "明日、歯医者の予約": the event comes after the date
    text = sentence[start:end]
    if _content(text, mention.start - start, mention.end - start) < 1:
        return ""
    return _trim(text)


def _content(text: str, cut_from: int, cut_to: int) -> int:
    """How many event words ``text`` holds outside the date mention at ``cut_from:cut_to``."""
    rest = text[:max(0, cut_from)] + " " + text[max(0, cut_to):]
    words = [w for w in _LATIN_WORD.findall(rest) if w not in _DATE_WORDS and not _CJK.search(w)]
    return len(words) + len(_CJK.findall(rest)) // 2


_LEADING = re.compile(r"^\s*(?:[,;，；、]|(?:and|but|y|pero|et|mais|und|aber|e|ma|mas|но|и)\s)\s*")


def _trim(text: str) -> str:
    return " ".join(_LEADING.sub("", text).strip(" ,;，；、-–").split())[:MAX_WHAT]


def _tokens(text: str) -> set[str]:
    lowered = unicodedata.normalize("NFKC", text).lower()
    words = {w[:5] for w in _LATIN_WORD.findall(lowered)
             if len(w) >= 4 and w not in _markers().STOPWORDS and w not in _DATE_WORDS and not _CJK.search(w)}
    cjk = "".join(_CJK.findall(lowered))
    return words | {cjk[i:i + 2] for i in range(len(cjk) - 1)} - _CJK_DATE_PAIRS


_CJK_DATE_PAIRS = frozenset({"明天", "今天", "后天", "後天", "明日", "今日", "周六", "周日", "星期", "曜日", "요일",
                             "내일", "오늘", "来週", "下周"})


def talks_about(text: str, followup: FollowUp) -> bool:
    """Whether ``text`` names the event of ``followup`` (a shared word, or two CJK characters)."""
    return bool(_tokens(text) & _tokens(followup.what))


def _match(found: Found, open_ones: Sequence[FollowUp]) -> FollowUp | None:
    """The open follow-up ``found`` changes: the one sharing most words, or the only one there is."""
    words = _tokens(found.what)
    scored = [(len(words & _tokens(f.what)), i, f) for i, f in enumerate(open_ones)]
    best = max(scored, default=None)
    if best is not None and best[0] > 0:
        return best[2]
    return open_ones[0] if len(open_ones) == 1 else None


def plan(messages: Sequence[Message], stored: Sequence[FollowUp], zone_name: str) -> Plan:
    """What the user's ``messages`` (in order) do to the ``stored`` follow-ups, read in ``zone_name``."""
    open_ones = [f for f in stored if f.status == "open"]
    new: list[Found] = []
    moved: dict[str, tuple[FollowUp, date]] = {}
    cancelled: dict[str, FollowUp] = {}
    for message in messages:
        if message.role != "user":
            continue
        today = local_date(message.created_at, zone_name)
        for found in find(message.content, today):
            found = found._replace(source_message_id=message.message_id)
            pending = [FollowUp(followup_id="", what=f.what, due=f.due.isoformat() if f.due else "",
                                source_message_id="") for f in new]
            if found.change != "new":
                target = _match(found, [*open_ones, *pending])
                if target is not None and target.followup_id == "":
                    new = _change_new(new, pending.index(target), found)
                    continue
                if target is not None and found.change == "cancelled":
                    cancelled[target.followup_id] = target
                    open_ones.remove(target)
                    continue
                if target is not None and found.due is not None:
                    moved[target.followup_id] = (target, found.due)
                    continue
                if found.change == "cancelled" or _dismissed(found.what):
                    continue
            if not any(found.due == f.due and _tokens(found.what) & _tokens(f.what) for f in new):
                new.append(found._replace(change="new"))
    return Plan(tuple(new), tuple(moved.values()), tuple(cancelled.values()))


def _change_new(new: list[Found], index: int, found: Found) -> list[Found]:
    if found.change == "cancelled":
        return new[:index] + new[index + 1:]
    return [*new[:index], new[index]._replace(due=found.due), *new[index + 1:]]


def _dismissed(what: str) -> bool:
    """A moving sentence that changes no stored event stands on its own only if it is a plain plan."""
    return _markers().past(what) or _habit_or_wish(what)
