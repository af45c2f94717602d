from __future__ import annotations

import json
from datetime import timedelta

from chalicelib.engine.recall import index, rank
from chalicelib.models import Episode, Fact, iso
from tests.fakes import FakeClock

NOW = FakeClock().now()
FOREVER = int((NOW + timedelta(days=400)).timestamp())


def _shard(*turns: tuple[str, str], session: str = "s1", start: int = 0, days_ago: int = 10,
           extra: dict[int, list[str]] | None = None) -> index.Shard:
    rows = []
    for offset, (role, text) in enumerate(turns):
        weights, length, lang = index.weigh(text, (extra or {}).get(offset, []))
        at = iso(NOW - timedelta(days=days_ago) + timedelta(minutes=offset))
        entry = index.Entry(f"{session}-{start + offset}", f"x{start + offset}", session, start + offset, at, role,
                            "Assistant", index.snippet(text), 0.0, FOREVER, "", length)
        rows.append((entry, weights, lang))
    return index.append(index.EMPTY, rows)


def _texts(hits: list[rank.Hit]) -> list[str]:
    return [h.doc.text for h in hits if h.relevance > 0]


CHAT = _shard(
    ("user", "We finally adopted a puppy from the shelter!"),
    ("assistant", "That is lovely. What did you name him?"),
    ("user", "Pixel. He chews everything."),
    ("assistant", "I went hiking in the mountains on Sunday."),
    ("user", "My sister is visiting from Porto next week."),
)


def test_a_question_finds_the_turn_that_says_it_across_word_forms() -> None:
    hits = rank.rank("When did I adopt the dog?", [CHAT], [], [], rank.Scope(NOW))
    assert _texts(hits)[0].startswith("We finally adopted a puppy")


def test_a_turn_borrows_relevance_from_the_question_it_answers() -> None:
    hits = rank.rank("What is the name of the puppy?", [CHAT], [], [], rank.Scope(NOW))
    texts = _texts(hits)
    assert "Pixel. He chews everything." in texts[:3]


def test_nothing_matched_means_no_message() -> None:
    assert _texts(rank.rank("quantum chromodynamics", [CHAT], [], [], rank.Scope(NOW))) == []


def test_the_speaker_a_question_names_comes_first() -> None:
    shard = _shard(("user", "I love painting sunsets."), ("assistant", "I love painting sunsets too."))
    for name, role in (("Ana", "user"), ("Rook", "assistant")):
        scope = rank.Scope(NOW, speakers={"ana": "user", "rook": "assistant"})
        hits = rank.rank(f"What does {name} love painting?", [shard], [], [], scope)
        assert hits[0].doc.role == role


def test_a_named_month_and_year_favour_what_was_said_then() -> None:
    older = _shard(("user", "We went to the beach."), session="a", days_ago=400)
    newer = _shard(("user", "We went to the beach."), session="b", days_ago=10)
    then = NOW - timedelta(days=400)
    hits = rank.rank(f"Beach in {then:%B %Y}?", [older, newer], [], [], rank.Scope(NOW))
    assert hits[0].doc.session_id == "a"
    assert rank.rank("Beach?", [older, newer], [], [], rank.Scope(NOW))[0].doc.session_id == "b"  # recency


def test_extra_keys_find_a_turn_that_never_says_the_word() -> None:
    shard = _shard(("user", "Saturdays are for the pottery wheel."), ("user", "The weather was grey."),
                   extra={0: ["hobbies pottery"]})
    assert _texts(rank.rank("What are my hobbies?", [shard], [], [], rank.Scope(NOW)))[0] == (
        "Saturdays are for the pottery wheel.")


def test_expired_excluded_and_other_personalities_messages_are_left_out() -> None:
    hits = rank.rank("puppy", [CHAT], [], [], rank.Scope(NOW, exclude=frozenset({"s1-0"})))
    assert all(h.doc.sources[0][0] != "s1-0" for h in hits)
    assert rank.rank("puppy", [CHAT], [], [], rank.Scope(NOW + timedelta(days=401))) == []
    assert _texts(rank.rank("puppy", [CHAT], [], [], rank.Scope(NOW, personality="Rook"))) == []


def test_facts_and_episodes_name_the_messages_they_came_from() -> None:
    fact = Fact("relationships", "pet_dog", "Pixel", 0.9, "s1-2", iso(NOW), iso(NOW))
    episode = Episode("e1", "Assistant", "milestone", "The user adopted a puppy", 7, "positive", iso(NOW))
    columns = {**CHAT.columns, "episode_id": ["e1", *CHAT.columns["episode_id"][1:]]}
    shard = CHAT._replace(columns=columns)
    hits = rank.rank("Tell me about Pixel the puppy", [shard], [fact], [episode], rank.Scope(NOW))
    by_kind = {h.doc.kind: h for h in hits}
    assert by_kind["fact"].doc.sources == (("s1-2", "x2"),)
    assert by_kind["episode"].doc.sources == (("s1-0", "x0"),)


def test_a_shard_survives_packing() -> None:
    assert index.unpack(index.pack(CHAT)).entries == CHAT.entries
    assert index.unpack(index.pack(CHAT)).postings == CHAT.postings
    many = _shard(*[("user", f"Message number {i} about the garden and the dog.") for i in range(64)])
    assert many.full and len(index.pack(many)) * 3 < len(json.dumps([many.columns, many.postings]))


def test_long_messages_are_cut_for_showing_but_indexed_whole() -> None:
    text = "word " * 300 + "zebra"
    shard = _shard(("user", text))
    assert len(shard.entries[0].text) <= index.SNIPPET_CHARS
    assert _texts(rank.rank("zebra", [shard], [], [], rank.Scope(NOW)))
