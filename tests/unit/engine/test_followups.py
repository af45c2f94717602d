from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.engine.memory.followups import find, local_date, plan, talks_about
from chalicelib.models import FollowUp, Message, iso
from tests.fakes import FakeClock


def _monday() -> date:
    today = FakeClock().now().date()
    return today + timedelta(days=(7 - today.weekday()) % 7)


def _dues(text: str, today: date) -> list[date | None]:
    return [f.due for f in find(text, today)]


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("my exam is on Friday", 4),
        ("entrevista el martes que viene", 1),
        ("j'ai un entretien jeudi", 3),
        ("Am Mittwoch habe ich ein Vorstellungsgespräch", 2),
        ("giovedì ho un colloquio", 3),
        ("na sexta-feira tenho uma prova", 4),
        ("周五我有面试", 4),
        ("金曜日に面接がある", 4),
        ("금요일에 시험이 있어요", 4),
        ("в пятницу у меня экзамен", 4),
    ],
)
def test_a_weekday_is_the_next_such_day_in_every_language(text: str, weekday: int) -> None:
    monday = _monday()
    assert _dues(text, monday) == [monday + timedelta(days=weekday)]


def test_the_same_weekday_means_a_week_later() -> None:
    monday = _monday()
    assert _dues("my interview is on monday", monday) == [monday + timedelta(days=7)]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("tomorrow I fly to Oslo", 1),
        ("pasado mañana me opero", 2),
        ("übermorgen ziehe ich um", 2),
        ("dans huit jours c'est mon anniversaire", 7),
        ("tra tre giorni parto per Londra", 3),
        ("daqui a duas semanas viajo para o Porto", 14),
        ("三天后我要去北京", 3),
        ("через две недели я переезжаю", 14),
    ],
)
def test_relative_days_count_from_the_local_date(text: str, days: int) -> None:
    monday = _monday()
    assert _dues(text, monday) == [monday + timedelta(days=days)]


def test_a_day_and_month_is_this_year_or_next_once_it_has_passed() -> None:
    monday = _monday()
    ahead = monday + timedelta(days=40)
    gone = monday - timedelta(days=40)
    german = {1: "Januar", 2: "Februar", 3: "März", 4: "April", 5: "Mai", 6: "Juni", 7: "Juli", 8: "August",
              9: "September", 10: "Oktober", 11: "November", 12: "Dezember"}
    assert _dues(f"am {ahead.day}. {german[ahead.month]} ziehe ich um", monday) == [ahead]
    assert _dues(f"{gone.month}月{gone.day}日に試験", monday) == [gone.replace(year=gone.year + 1)]


def test_a_range_is_due_on_its_last_day() -> None:
    monday = _monday()
    first = monday + timedelta(days=30)
    last = first + timedelta(days=2)
    if last.month != first.month:
        first, last = first - timedelta(days=3), last - timedelta(days=3)
    months = {4: "abril", 5: "mayo", 6: "junio", 7: "julio", 8: "agosto", 9: "septiembre", 10: "octubre",
              11: "noviembre", 12: "diciembre", 1: "enero", 2: "febrero", 3: "marzo"}
    assert _dues(f"el congreso es del {first.day} al {last.day} de {months[last.month]}", monday) == [last]


@pytest.mark.parametrize(
    "text",
    [
        "I went to the dentist last Friday",
        "every Monday I go swimming",
        "if I pass the exam on Friday I'll celebrate",
        "see you tomorrow!",
        "are you free on Friday?",
        "el lunes pasado fui al médico",
        "jeden Freitag gehe ich schwimmen",
        "Si je gagne samedi, je t'invite",
        "每周五我都去游泳",
        "先週の金曜日に病院に行きました",
        "каждую пятницу я хожу в бассейн",
        "tomorrow",
    ],
)
def test_past_habits_hypotheses_and_goodbyes_are_no_follow_ups(text: str) -> None:
    assert find(text, _monday()) == []


def test_the_local_date_decides_near_midnight() -> None:
    monday = _monday()
    late = datetime(monday.year, monday.month, monday.day, 3, 30, tzinfo=UTC)  # Sunday evening in New York
    assert local_date(iso(late), "America/New_York") == monday - timedelta(days=1)
    assert local_date(iso(late), "Nowhere/Unknown") == monday


def _message(n: int, text: str, at: date) -> Message:
    return Message(f"m{n}", "s1", "user", text, f"{at.isoformat()}T12:00:00Z", seq=n)


def test_a_later_message_moves_a_stored_follow_up() -> None:
    monday = _monday()
    stored = FollowUp("f1", "my exam is on friday", (monday + timedelta(days=4)).isoformat(), "m0")
    moved = plan([_message(1, "ugh, the exam was moved to next Tuesday", monday)], [stored], "UTC")
    assert moved.moved == ((stored, monday + timedelta(days=1)),) and moved.new == ()


def test_a_later_message_cancels_a_stored_follow_up() -> None:
    monday = _monday()
    stored = FollowUp("f1", "the concert is on saturday", (monday + timedelta(days=5)).isoformat(), "m0")
    other = FollowUp("f2", "my exam is on friday", (monday + timedelta(days=4)).isoformat(), "m0")
    result = plan([_message(1, "the concert got cancelled", monday)], [stored, other], "UTC")
    assert result.cancelled == (stored,) and result.moved == ()


def test_an_event_said_and_cancelled_in_one_batch_leaves_nothing() -> None:
    monday = _monday()
    result = plan([_message(0, "my exam is on friday", monday), _message(1, "the exam is cancelled", monday)],
                  [], "UTC")
    assert result == plan([], [], "UTC")


def test_talking_about_the_event_is_recognised() -> None:
    followup = FollowUp("f1", "my exam is on friday", "2000-01-01", "m0")
    assert talks_about("The exam went fine!", followup)
    assert not talks_about("I had pizza for dinner", followup)


@pytest.mark.parametrize(
    "text",
    [
        "Ho visto il film domenica",
        "J'ai vu ma sœur samedi",
        "Samstag habe ich gearbeitet",
        "我周六去了博物馆",
        "土曜日に映画を見た",
        "토요일에 영화 봤어",
        "Aprobé el examen el viernes",
        "I am 25 and I love cats",
    ],
)
def test_a_weekday_in_a_past_tense_sentence_is_no_follow_up(text: str) -> None:
    assert find(text, _monday()) == []


def test_a_day_of_the_month_alone_and_next_month_are_dated() -> None:
    monday = _monday()
    ahead = monday + timedelta(days=3)
    if ahead.month != monday.month:
        ahead, monday = ahead - timedelta(days=7), monday - timedelta(days=7)
    assert _dues(f"my flight leaves on the {ahead.day}th", monday) == [ahead]
    assert _dues(f"{ahead.day}号我要考试", monday) == [ahead]
    first_of_next = (monday.replace(day=28) + timedelta(days=4)).replace(day=1)
    end_of_next = (first_of_next.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert _dues("I start my new job next month", monday) == [end_of_next]
    assert _dues("下个月我要搬家", monday) == [end_of_next]


def test_a_future_sentence_with_a_chinese_change_particle_is_kept() -> None:
    monday = _monday()
    assert _dues("明天要去面试了，好紧张", monday) == [monday + timedelta(days=1)]
