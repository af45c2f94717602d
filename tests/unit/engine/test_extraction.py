from __future__ import annotations

import pytest

from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.models import Message
from tests.fakes import FakeClock


def _facts(*texts: str) -> dict[tuple[str, str], str]:
    messages = [Message(f"m{i}", "s1", "user", text, FakeClock().iso(), seq=i) for i, text in enumerate(texts)]
    return {(f.category, f.key): f.value for f in RuleBasedExtractor().extract(messages, []).facts}


def test_the_introduction_yields_name_city_and_hobby() -> None:
    found = _facts("Hi! My name is Ana, I live in Lisbon and I love photography.")
    assert found == {
        ("personal_info", "name"): "Ana",
        ("personal_info", "location"): "Lisbon",
        ("hobbies", "photography"): "photography",
    }


def test_moving_reports_the_same_key_as_living() -> None:
    assert _facts("Actually I moved to Porto") == {("personal_info", "location"): "Porto"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm 32 years old.", {("personal_info", "age"): "32"}),
        ("I work as a nurse.", {("work", "job_title"): "nurse"}),
        ("I'm a teacher", {("work", "job_title"): "teacher"}),
        ("I work at Acme Labs", {("work", "employer"): "Acme Labs"}),
        ("I have a dog named Rex.", {("relationships", "pet_dog"): "Rex"}),
        ("My sister Maria is visiting.", {("relationships", "sister"): "Maria"}),
        ("I hate coffee.", {("preferences", "coffee"): "hates coffee"}),
        ("I really enjoy hiking.", {("hobbies", "hiking"): "hiking"}),
        ("I want to learn Japanese.", {("goals", "learn_japanese"): "learn Japanese"}),
        ("I have an exam tomorrow.", {("events", "exam"): "exam tomorrow"}),
        ("I'm from New York.", {("personal_info", "hometown"): "New York"}),
        ("My favorite color is green.", {("preferences", "favorite_color"): "green"}),
        ("I'm allergic to peanuts.", {("health", "allergy_peanuts"): "allergic to peanuts"}),
    ],
)
def test_common_statements_become_facts(text: str, expected: dict[tuple[str, str], str]) -> None:
    assert _facts(text) == expected


@pytest.mark.parametrize("text", [
    "Do I love photography?", "I'm tired.", "I love you!", "What is my name?",
    # About this conversation, not the user's life: no hobby called "talking to you".
    "I really enjoy talking to you.", "I love chatting with you", "I like your jokes.", "I love our talks.",
])
def test_questions_moods_and_pleasantries_are_not_facts(text: str) -> None:
    assert _facts(text) == {}


def test_only_the_users_messages_are_read() -> None:
    said = Message("a1", "s1", "assistant", "My name is Assistant and I live in the cloud.", "t", seq=1)
    assert RuleBasedExtractor().extract([said], []).facts == ()


def test_facts_point_at_the_message_that_said_them() -> None:
    messages = [Message("m7", "s1", "user", "My name is Ana.", "t", seq=0)]
    (fact,) = RuleBasedExtractor().extract(messages, []).facts
    assert fact.source_message_id == "m7" and fact.confidence >= 0.7


def test_an_achievement_is_an_important_episode() -> None:
    messages = [Message("m1", "s1", "user", "I got the job! I'm so happy.", "t", seq=0)]
    episode = RuleBasedExtractor().extract(messages, []).episode
    assert episode is not None and episode.type == "achievement" and episode.importance >= 5
    assert "I got the job" in episode.summary


def test_small_talk_is_no_episode() -> None:
    messages = [Message("m1", "s1", "user", "The meeting is on Tuesday.", "t", seq=0)]
    assert RuleBasedExtractor().extract(messages, []).episode is None


@pytest.mark.parametrize(
    "text",
    ["My friend is a vegetarian.", "If I ever move to Paris, I'll learn French.", "I might get a dog named Rex.",
     "My brother just got married.", "Suppose I was allergic to cats.", "I wonder if I have asthma."],
)
def test_someone_elses_facts_and_hypotheses_are_not_facts(text: str) -> None:
    assert _facts(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm vegetarian.", {("preferences", "diet"): "vegetarian"}),
        ("I'm getting married in June!", {("events", "wedding"): "getting married in June"}),
        ("I speak Spanish and Portuguese.", {("personal_info", "speaks_spanish"): "speaks Spanish",
                                             ("personal_info", "speaks_portuguese"): "speaks Portuguese"}),
        ("I was diagnosed with ADHD last year.", {("health", "adhd"): "has ADHD"}),
        ("I quit my job last week.", {("work", "job_status"): "quit job"}),
    ],
)
def test_diets_life_events_languages_health_and_work_changes_become_facts(
    text: str, expected: dict[tuple[str, str], str]
) -> None:
    assert _facts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are getting married!", {("events", "wedding"): "getting married"}),
        ("I graduated.", {("events", "graduation"): "graduated"}),
        ("I am pregnant.", {("events", "pregnancy"): "pregnant"}),
        ("We are moving to Oslo.", {("events", "moving"): "moving to Oslo"}),
    ],
)
def test_a_life_event_without_a_date_is_still_a_fact(text: str, expected: dict[tuple[str, str], str]) -> None:
    assert _facts(text) == expected


def test_a_bare_number_after_i_am_is_an_age_unless_a_unit_follows() -> None:
    assert _facts("I'm Joe, I'm 27 and I fix bikes.")[("personal_info", "age")] == "27"
    assert ("personal_info", "age") not in _facts("I'm 5 minutes away.")


def test_a_pet_got_with_ive_is_named_and_playing_something_is_a_hobby() -> None:
    assert _facts("I've got a dog named Biscuit.") == {("relationships", "pet_dog"): "Biscuit"}
    assert _facts("I love playing tennis on weekends.") == {("hobbies", "tennis_on_weekends"): "tennis on weekends"}
