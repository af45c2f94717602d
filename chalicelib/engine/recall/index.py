"""The recall index: messages as weighted terms, packed into shards of a bounded size.

A shard holds up to `SHARD_ENTRIES` messages in the order they were said, with an inverted list per
term (which entries hold it, and how strongly), so that a question touches only the lists of its own
words. Besides its own words a message is keyed by what deep analysis took from it (a fact's category,
key and value; the summary of an episode), at `EXTRA_WEIGHT`, so "What are Ana's hobbies?" finds the
message a ``hobbies`` fact came from even when it never says "hobby".
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from chalicelib.engine.recall import concepts, tokens

SHARD_ENTRIES = 64
SNIPPET_CHARS = 600  # what a result shows of a long message; its terms come from all of it
EXTRA_WEIGHT = 0.5
CONCEPT_WEIGHT = 0.5  # a general word a particular one stands for (see `concepts`)
FORMAT = 1


class Entry(NamedTuple):
    """One message as the index keeps it (its terms live in the shard's inverted lists)."""

    message_id: str
    external_id: str
    session_id: str
    seq: int
    at: str  # ISO 8601, UTC: when it was said
    role: str  # "user" or "assistant"
    personality: str
    text: str
    importance: float = 0.0  # 0-1: the message gave a fact or an episode
    until: int = 0  # epoch seconds: recallable until then
    episode_id: str = ""
    length: int = 0  # how many terms its own text has (BM25's document length)


class Shard(NamedTuple):
    """A decoded shard: its entries and, per term, a flat list ``[entry index, weight, ...]``."""

    entries: tuple[Entry, ...]
    postings: Mapping[str, Sequence[float]]
    languages: tuple[str, ...] = ()

    @property
    def full(self) -> bool:
        return len(self.entries) >= SHARD_ENTRIES


EMPTY = Shard((), {})


def weigh(text: str, extra: Iterable[str] = ()) -> tuple[dict[str, float], int, str]:
    """A message's term weights (its words 1 each, ``extra`` keys `EXTRA_WEIGHT`), length and language."""
    pieces = tokens.words(text)
    lang = tokens.language(pieces)
    own = tokens.terms(text, lang)
    weights: dict[str, float] = dict(Counter(own))
    for head in concepts.keys(own, lang):
        weights[head] = weights.get(head, 0) + CONCEPT_WEIGHT
    for key in extra:
        for term in set(tokens.terms(key, lang)):
            weights[term] = weights.get(term, 0) + EXTRA_WEIGHT
    return weights, len(own), lang


def append(shard: Shard, entries: Sequence[tuple[Entry, Mapping[str, float], str]]) -> Shard:
    """``shard`` with ``entries`` (each with its term weights and language) added at its end."""
    postings: dict[str, list[float]] = {term: list(hits) for term, hits in shard.postings.items()}
    start = len(shard.entries)
    for offset, (_, weights, _) in enumerate(entries):
        for term, weight in weights.items():
            postings.setdefault(term, []).extend((start + offset, round(weight, 2)))
    languages = tuple(sorted({*shard.languages, *(lang for _, _, lang in entries)}))
    return Shard((*shard.entries, *(e for e, _, _ in entries)), postings, languages)


def pack(shard: Shard) -> bytes:
    """The shard as stored: compact JSON, deflated (chat text shrinks to about a third)."""
    rows = [list(e) for e in shard.entries]
    body = {"v": FORMAT, "e": rows, "p": shard.postings, "l": list(shard.languages)}
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack(blob: bytes) -> Shard:
    """A stored shard back; a format this code does not know is an error, not a silent empty shard."""
    body = json.loads(zlib.decompress(blob))
    if body.get("v") != FORMAT:
        raise ValueError(f"recall shard format {body.get('v')!r} is not {FORMAT}")
    entries = tuple(Entry(*row) for row in body["e"])
    return Shard(entries, body["p"], tuple(body.get("l", ())))


def snippet(text: str) -> str:
    """What the index keeps of a message's text for showing it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"


def unpack_all(blobs: Iterable[bytes]) -> list[Shard]:
    return [unpack(blob) for blob in blobs]
