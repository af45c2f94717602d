from __future__ import annotations

from chalicelib.engine import feeling


def test_friendly_message_is_positive() -> None:
    result = feeling.sentiment("Thank you so much, you are wonderful and I love talking to you!")
    assert result.label == "very_positive"
    assert result.positive


def test_hostile_message_is_negative() -> None:
    result = feeling.sentiment("I hate this, you are useless and terrible.")
    assert result.negative


def test_plain_statement_is_neutral() -> None:
    assert feeling.sentiment("The meeting is on Tuesday.").label == "neutral"


def test_mood_follows_sentiment() -> None:
    mood, intensity = feeling.mood_for(feeling.Sentiment(0.9, "very_positive"))
    assert mood == "happy" and intensity == 0.9
    assert feeling.mood_for(feeling.Sentiment(0.0, "neutral")) == ("neutral", 0.0)


def test_mood_uses_the_personalitys_own_mood_names() -> None:
    strong = feeling.Sentiment(0.9, "very_positive")
    assert feeling.mood_signal(strong, ("neutral", "joyful", "grumpy")).name == "joyful"
    assert feeling.mood_signal(strong, ("neutral", "grumpy")).name == "neutral"
    assert feeling.mood_signal(strong).name == "happy"


def test_the_built_in_personality_declares_its_moods() -> None:
    from chalicelib.engine.personality.domain import BuiltinPersonalities

    moods = feeling.personality_moods(BuiltinPersonalities().get("t", "Assistant"))
    assert set(moods) == {"neutral", "happy", "content", "concerned", "sad"}


def test_mood_decays_toward_neutral_over_time() -> None:
    happy = feeling.Mood("happy", 0.8)
    assert feeling.decayed(happy, 6, 6) == feeling.Mood("happy", 0.4)
    assert feeling.decayed(happy, 0, 6) == happy
    assert feeling.decayed(happy, 48, 6) == feeling.Mood()


def test_current_mood_is_computed_from_the_stored_time() -> None:
    from datetime import timedelta

    from tests.fakes import FakeClock

    clock = FakeClock()
    stored_at = clock.iso()
    clock.advance(timedelta(hours=6))
    mood = feeling.current_mood("sad", 1.0, stored_at, clock.now(), 6)
    assert mood == feeling.Mood("sad", 0.5)


def test_the_same_mood_deepens_and_one_over_half_as_strong_takes_over() -> None:
    content = feeling.Mood("content", 0.4)
    assert feeling.blend(content, feeling.Mood("content", 0.3)) == feeling.Mood("content", 0.5)
    assert feeling.blend(content, feeling.Mood("sad", 0.7)) == feeling.Mood("sad", 0.7)
    assert feeling.blend(content, feeling.Mood("sad", 0.2)) == feeling.Mood("content", 0.3)
    assert feeling.blend(content, feeling.Mood()) == content
    happy = feeling.Mood("happy", 0.87)
    assert feeling.blend(happy, feeling.Mood("sad", 0.73)) == feeling.Mood("sad", 0.73)


def test_memory_settings_come_from_the_environment() -> None:
    import pytest

    from chalicelib.config import load_settings

    settings = load_settings({"LUMINORA_ANALYSIS_MODE": "Stream", "LUMINORA_MAX_FACTS": "12",
                              "LUMINORA_PROMPT_TOKEN_BUDGET": "2000", "LUMINORA_MOOD_HALF_LIFE_HOURS": "3"})
    assert (settings.analysis_mode, settings.max_facts, settings.prompt_token_budget) == ("stream", 12, 2000)
    assert settings.mood_half_life_hours == 3.0
    with pytest.raises(ValueError, match="LUMINORA_ANALYSIS_MODE"):
        load_settings({"LUMINORA_ANALYSIS_MODE": "sometimes"})
