from __future__ import annotations

from chalicelib import analysis


def test_friendly_message_is_positive() -> None:
    result = analysis.sentiment("Thank you so much, you are wonderful and I love talking to you!")
    assert result.label == "very_positive"
    assert result.positive


def test_hostile_message_is_negative() -> None:
    result = analysis.sentiment("I hate this, you are useless and terrible.")
    assert result.negative


def test_plain_statement_is_neutral() -> None:
    assert analysis.sentiment("The meeting is on Tuesday.").label == "neutral"


def test_mood_follows_sentiment() -> None:
    mood, intensity = analysis.mood_for(analysis.Sentiment(0.9, "very_positive"))
    assert mood == "happy" and intensity == 0.9
    assert analysis.mood_for(analysis.Sentiment(0.0, "neutral")) == ("neutral", 0.0)
