"""Date mentions in a message, resolved to local calendar dates from the day it was written."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from chalicelib.engine.memory.followups import lexicon as lx


class Mention(NamedTuple):
    """A date expression found at ``start:end`` of the normalised text, and the local date it names."""

    start: int
    end: int
    due: date


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_W = r"(?<![\w'])"  # a word starts here (apostrophes too: "aujourd'hui" stays whole)
_E = r"(?![\w])"
_WEEKDAY = _alt(lx.WEEKDAYS)
_MONTH = _alt(lx.MONTHS)
_NUM = r"\d{1,2}"
_ORD = r"(?:\.|º|°|er|st|nd|rd|th)?"
_CJK_NUM = r"[0-9零一二两兩三四五六七八九十]{1,3}"

# "mañana" after an article means "morning"; "morgen" after these words means "morning" too.
_LATIN_RELATIVE = [k for k in lx.RELATIVE_DAYS if k[0] < "\u3040"]
_RELATIVE = re.compile(
    _W + r"(?<!la )(?<!esta )(?<!am )(?<!guten )(?<!jeden )(?<!heute )(?<!de )(?:" + _alt(_LATIN_RELATIVE) + r")" + _E
)
_CJK_RELATIVE = re.compile(_alt(k for k in lx.RELATIVE_DAYS if k[0] >= "\u3040"))
_WEEKDAY_RE = re.compile(_W + r"(?P<wd>" + _WEEKDAY + r")(?:-feira)?" + _E)
_PT_WEEKDAY = re.compile(_W + r"(?:(?:na|nesta|próxima|proxima|essa|esta)\s+)(?P<wd>" + _alt(lx.PT_WEEKDAYS)
                         + r")(?:-feira)?" + _E + r"|" + _W + r"(?P<wd2>" + _alt(lx.PT_WEEKDAYS) + r")-feira" + _E)
_ZH_WEEKDAY = re.compile(r"(?P<next>下个?|下個)?(?:周|週|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天])")
_JA_WEEKDAY = re.compile(r"(?P<next>来週の?)?(?P<wd>[月火水木金土日])曜日?")
_KO_WEEKDAY = re.compile(r"(?P<next>다음\s?주\s?)?(?P<wd>[월화수목금토일])요일")
_DAY_MONTH = re.compile(
    _W + r"(?:(?P<d1>" + _NUM + r")" + _ORD + r"\s*(?:-|–|al|au|bis|a|à|to|till|until|and|e|y|et|und|"
    r"through|до|по)\s*(?:el\s+|le\s+|den\s+|il\s+|o\s+|the\s+)?)?(?P<d>" + _NUM + r")" + _ORD
    + r"\s*(?:de\s+|of\s+|di\s+)?(?P<m>" + _MONTH + r")" + _E + r"(?:,?\s*(?:de\s+)?(?P<y>20\d\d))?"
)
_MONTH_DAY = re.compile(
    _W + r"(?P<m>" + _MONTH + r")\s+(?:(?P<d1>" + _NUM + r")" + _ORD + r"\s*(?:-|–|to|till|until|and|through)\s*)?"
    r"(?P<d>" + _NUM + r")" + _ORD + _E + r"(?:,?\s*(?P<y>20\d\d))?"
)
_CJK_DATE = re.compile(
    r"(?:(?P<y>20\d\d)年)?(?P<m>" + _CJK_NUM + r")\s*[月월]\s*(?P<d>" + _CJK_NUM + r")\s*[日号號일]"
    r"(?:\s*(?:から|到|至|~|〜|-|–|부터)\s*(?:(?P<m2>" + _CJK_NUM + r")\s*[月월]\s*)?(?P<d2>" + _CJK_NUM
    + r")\s*[日号號일])?"
)
# A day of the month alone: "on the 14th", "el día 14", "no dia 14", "am 14.", 14日 / 14号 without a month.
_DAY_ONLY = re.compile(
    _W + r"(?:(?:on )?the\s+(?P<d>" + _NUM + r")(?:st|nd|rd|th)|(?:el día|el dia|le|il|no dia)\s+(?P<d2>" + _NUM
    + r")|am\s+(?P<d3>" + _NUM + r")\.)" + _E
    + r"(?!\s*(?:de\s+)?(?:" + _MONTH + r"))|(?<![\d月월])(?P<c>" + _CJK_NUM + r")\s*(?:日|号|號)(?!\s*(?:后|後|間|前))"
)
_MONTH_REL = re.compile(
    _W + r"(?P<next>next month|el mes que viene|el próximo mes|le mois prochain|nächsten monat|il mese prossimo|"
    r"il prossimo mese|no mês que vem|no próximo mês|в следующем месяце)" + _E
    + r"|" + _W + r"(?:later this month|this month|end of the month|a finales de mes|este mes|ce mois-ci|"
    r"fin du mois|diesen monat|ende des monats|questo mese|a fine mese|este mês|no fim do mês|в этом месяце)" + _E
    + r"|(?P<cnext>下个月|下個月|来月|다음\s?달)|这个月|這個月|今月|이번\s?달"
)
_ISO = re.compile(r"(?<!\d)(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")
_AMOUNT = re.compile(
    _W + r"(?:" + _alt(lx.IN_WORDS) + r")\s+(?P<n>\d{1,2}|" + _alt(lx.NUMBERS) + r")\s+(?P<u>"
    + _alt(lx.UNITS) + r")" + _E
    + r"|" + _W + r"(?:in|en|dans|in|tra|fra|em|через|dentro de|daqui a)\s+(?:a\s+|une\s+|una\s+|uma\s+|"
    r"einer\s+)?(?P<u1>week|semana|semaine|woche|settimana|неделю|month|mes|mois|monat|mese|mês|месяц)" + _E
)
_CJK_AMOUNT = re.compile(r"(?P<n>" + _CJK_NUM + r")\s*(?:个|個|ヶ|か|カ)?\s*"
                         r"(?P<u>天|日|周|週|星期|週間|月|일|주|달|개월)\s*(?:后|後|以后|之后|후|뒤)")
_NEXT_WEEK = re.compile(_W + r"(?:next week|la semana que viene|la próxima semana|la semaine prochaine|"
                        r"nächste woche|la settimana prossima|la prossima settimana|na próxima semana|"
                        r"semana que vem)" + _E + r"|下周|下週|下星期|来週|다음\s?주")
_WEEKEND = re.compile(_W + r"(?:this weekend|on the weekend|este fin de semana|el fin de semana|ce week-end|"
                      r"ce weekend|am wochenende|questo weekend|nel weekend|este fim de semana|no fim de semana|"
                      r"на выходных)" + _E + r"|这周末|这个周末|周末|週末|이번\s?주말|주말")
_MONTH_ONLY = re.compile(
    _W + r"(?:in|later in|end of|by the end of|en|a finales de|a fin de|à la fin de|fin|en|im|ende|anfang|"
    r"a|a fine|alla fine di|em|no fim de|no final de|в|в конце)\s+(?P<m>" + _MONTH + r")" + _E
    + r"|(?<![\d月])(?P<cm>" + _CJK_NUM + r")\s*(?:月|월)(?:份|底|末|中|に|에)"
)


def mentions(text: str, today: date) -> list[Mention]:
    """Every date mention in ``text`` (normalised, lower case), longest first where they overlap."""
    found: list[Mention] = []
    for finder in _FINDERS:
        for mention in finder(text, today):
            if all(mention.end <= m.start or mention.start >= m.end for m in found):
                found.append(mention)
    return sorted(found)


def _relative(text: str, today: date) -> Iterator[Mention]:
    for pattern in (_RELATIVE, _CJK_RELATIVE):
        for m in pattern.finditer(text):
            yield Mention(m.start(), m.end(), today + timedelta(days=lx.RELATIVE_DAYS[m.group(0)]))


def next_weekday(today: date, weekday: int, *, next_week: bool = False) -> date:
    """The first ``weekday`` after ``today``; with ``next_week``, that weekday in the next Monday-week."""
    if next_week:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _weekdays(text: str, today: date) -> Iterator[Mention]:
    for m in _WEEKDAY_RE.finditer(text):
        yield Mention(m.start(), m.end(), next_weekday(today, lx.WEEKDAYS[m.group("wd")]))
    for m in _PT_WEEKDAY.finditer(text):
        word = m.group("wd") or m.group("wd2")
        yield Mention(m.start(), m.end(), next_weekday(today, lx.PT_WEEKDAYS[word]))
    for pattern, table in ((_ZH_WEEKDAY, lx.ZH_WEEKDAYS), (_JA_WEEKDAY, lx.JA_WEEKDAYS), (_KO_WEEKDAY, lx.KO_WEEKDAYS)):
        for m in pattern.finditer(text):
            day = next_weekday(today, table[m.group("wd")], next_week=bool(m.group("next")))
            yield Mention(m.start(), m.end(), day)


def _on_or_after(today: date, month: int, day: int, year: str | None) -> date | None:
    """That day of the month, this year or, when it has gone by, next year; None if it does not exist."""
    try:
        if year:
            return date(int(year), month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def _absolute(text: str, today: date) -> Iterator[Mention]:
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(text):
            name = m.group("m")
            due = _on_or_after(today, lx.MONTHS[name], int(m.group("d")), m.group("y"))
            if due is not None:
                yield Mention(m.start(), m.end(), due)
    for m in _CJK_DATE.finditer(text):
        month = cjk_number(m.group("m2") or m.group("m"))
        due = _on_or_after(today, month, cjk_number(m.group("d2") or m.group("d")), m.group("y"))
        if due is not None:
            yield Mention(m.start(), m.end(), due)
    for m in _ISO.finditer(text):
        due = _on_or_after(today, int(m.group("m")), int(m.group("d")), m.group("y"))
        if due is not None:
            yield Mention(m.start(), m.end(), due)


def cjk_number(raw: str) -> int:
    """1–99 written in digits or in Chinese numerals (十四, 二十, 三十一)."""
    if raw.isdigit():
        return int(raw)
    if "十" not in raw:
        return sum(lx.CJK_DIGITS.get(c, 0) * 10 ** i for i, c in enumerate(reversed(raw)))
    tens, _, ones = raw.partition("十")
    return (lx.CJK_DIGITS.get(tens, 1) if tens else 1) * 10 + (lx.CJK_DIGITS.get(ones, 0) if ones else 0)


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _offset(today: date, count: int, unit_days: int) -> date:
    return _add_months(today, count) if unit_days == 30 else today + timedelta(days=count * unit_days)


def _amounts(text: str, today: date) -> Iterator[Mention]:
    for m in _AMOUNT.finditer(text):
        if m.group("u1"):
            yield Mention(m.start(), m.end(), _offset(today, 1, lx.UNITS.get(m.group("u1"), 30)))
            continue
        raw = m.group("n")
        count = int(raw) if raw.isdigit() else lx.NUMBERS[raw]
        if raw in ("huit", "quinze") and m.group("u").startswith("jour"):  # French weeks: 8 and 15 days
            count -= 1
        yield Mention(m.start(), m.end(), _offset(today, count, lx.UNITS[m.group("u")]))
    for m in _CJK_AMOUNT.finditer(text):
        unit = m.group("u")
        days = 30 if unit in ("月", "달", "개월") else 7 if unit in ("周", "週", "星期", "週間", "주") else 1
        yield Mention(m.start(), m.end(), _offset(today, cjk_number(m.group("n")), days))


def _next_day_of_month(today: date, day: int) -> date | None:
    for ahead in range(3):  # the 31st may skip a month or two
        year, month0 = divmod(today.month - 1 + ahead, 12)
        try:
            found = date(today.year + year, month0 + 1, day)
        except ValueError:
            continue
        if found >= today:
            return found
    return None


def _days_of_month(text: str, today: date) -> Iterator[Mention]:
    for m in _DAY_ONLY.finditer(text):
        digits = m.group("d") or m.group("d2") or m.group("d3")
        day = _next_day_of_month(today, int(digits) if digits else cjk_number(m.group("c")))
        if day is not None:
            yield Mention(m.start(), m.end(), day)
    for m in _MONTH_REL.finditer(text):
        ahead = 1 if (m.group("next") or m.group("cnext")) else 0
        first = _add_months(today.replace(day=1), ahead)
        yield Mention(m.start(), m.end(), first.replace(day=calendar.monthrange(first.year, first.month)[1]))


def _month_end(today: date, month: int) -> date:
    year = today.year if month >= today.month else today.year + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _spans(text: str, today: date) -> Iterator[Mention]:
    for m in _NEXT_WEEK.finditer(text):
        yield Mention(m.start(), m.end(), next_weekday(today, 6, next_week=True))
    for m in _WEEKEND.finditer(text):
        yield Mention(m.start(), m.end(), today if today.weekday() == 6 else next_weekday(today, 6))
    for m in _MONTH_ONLY.finditer(text):
        if m.group("m") in lx.ABBREVIATED_MONTHS:
            continue
        month = lx.MONTHS[m.group("m")] if m.group("m") else cjk_number(m.group("cm"))
        if 1 <= month <= 12:
            yield Mention(m.start(), m.end(), _month_end(today, month))


_FINDERS: tuple[Callable[[str, date], Iterator[Mention]], ...] = (
    _absolute, _amounts, _relative, _weekdays, _spans, _days_of_month,
)
