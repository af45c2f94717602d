from __future__ import annotations

import pytest

from chalicelib.engine.cues import Said, recognised


@pytest.mark.parametrize(
    ("name", "text", "sentiment"),
    [
        ("question_about_science", "Why do volcanoes erupt?", "neutral"),
        ("shared_enthusiasm", "Wow, black holes are amazing!", "very_positive"),
        ("deep_conversation", "Sometimes I wonder what the purpose of all this is.", "neutral"),
        ("user_gives_compliment", "You're so smart, honestly.", "positive"),
        ("user_shares_good_news", "Guess what, I got the job!", "very_positive"),
        ("positive_interaction", "That was lovely.", "positive"),
        ("talks_about_cooking", "I was cooking pasta all evening.", "neutral"),
    ],
)
def test_a_named_interaction_is_recognised_by_its_words(name: str, text: str, sentiment: str) -> None:
    assert recognised(name, Said(text, sentiment))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("question_about_science", "How was your weekend?"),
        ("question_about_science", "Chemistry is my favourite subject."),
        ("user_gives_compliment", "The weather is nice."),
        ("user_conversation", "Anything at all"),
        ("talks_about_cooking", "I went for a run."),
    ],
)
def test_every_word_that_says_something_must_be_cued(name: str, text: str) -> None:
    assert not recognised(name, Said(text))
