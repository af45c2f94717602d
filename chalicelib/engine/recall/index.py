"""The recall index: messages as weighted terms, packed into shards of a bounded size.

A shard holds up to `SHARD_ENTRIES` messages in the order they were indexed, column by column, with
an inverted list per term (which entries hold it, and how strongly) kept as text until a question
asks for that term: decoding a shard is then mostly copying strings, whatever its vocabulary. Besides
its own words a message is keyed by what deep analysis took from it (a fact's category, key and value;
the summary of an episode) at `EXTRA_WEIGHT`, and by the general words its particular ones stand for
(`concepts`), so "What are Ana's hobbies?" finds the message a ``hobbies`` fact came from.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from chalicelib.engine.recall import concepts, tokens

SHARD_ENTRIES = 64
SNIPPET_CHARS = 600  # what a result shows of a long message; its terms come from all of it
EXTRA_WEIGHT = 0.5
CONCEPT_WEIGHT = 0.5  # a general word a particular one stands for (see `concepts`)
FORMAT = 2


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


# Columns of a shard, in `Entry`'s order, plus "t": when it was said, in epoch seconds.
COLUMNS = (*Entry._fields, "t")


class Shard(NamedTuple):
    """A decoded shard: one list per column, and per term its postings ``"index[:weight] ..."`` (weight 1 left out)."""

    columns: Mapping[str, list[Any]]
    postings: Mapping[str, str]
    languages: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """How many entries it holds (a NamedTuple's own length is its number of fields)."""
        return len(self.columns.get("message_id", ()))

    @property
    def full(self) -> bool:
        return self.size >= SHARD_ENTRIES

    def entry(self, index: int) -> Entry:
        return Entry(*(self.columns[name][index] for name in Entry._fields))

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self.entry(i) for i in range(self.size))


EMPTY = Shard({name: [] for name in COLUMNS}, {})


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
    columns = {name: list(values) for name, values in shard.columns.items()}
    added: dict[str, list[str]] = {}
    for offset, (entry, weights, _) in enumerate(entries):
        for name, value in zip(Entry._fields, entry, strict=True):
            columns[name].append(value)
        columns["t"].append(_epoch(entry.at))
        for term, weight in weights.items():
            added.setdefault(term, []).append(_posting(shard.size + offset, weight))
    postings = dict(shard.postings)
    for term, hits in added.items():
        postings[term] = " ".join([postings[term], *hits]) if term in postings else " ".join(hits)
    languages = tuple(sorted({*shard.languages, *(lang for _, _, lang in entries)}))
    return Shard(columns, postings, languages)


def hits(posting: str, offset: int = 0) -> Iterable[tuple[int, float]]:
    """(entry index + ``offset``, weight) for each entry a term's postings name."""
    for item in posting.split():
        index, _, weight = item.partition(":")
        yield int(index) + offset, float(weight) if weight else 1.0


def _posting(index: int, weight: float) -> str:
    return str(index) if weight == 1 else f"{index}:{round(weight, 2):g}"


def _epoch(stamp: str) -> float:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def pack(shard: Shard) -> bytes:
    """The shard as stored: compact JSON, deflated (chat text shrinks to about a third)."""
    body = {"v": FORMAT, "c": shard.columns, "p": shard.postings, "l": list(shard.languages)}
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack(blob: bytes) -> Shard:
    """A stored shard back; a format this code does not know is an error, not a silent empty shard."""
    body = json.loads(zlib.decompress(blob))
    if body.get("v") != FORMAT:
        raise ValueError(f"recall shard format {body.get('v')!r} is not {FORMAT}")
    return Shard(body["c"], body["p"], tuple(body.get("l", ())))


def unpack_all(blobs: Iterable[bytes]) -> list[Shard]:
    return [unpack(blob) for blob in blobs]


def snippet(text: str) -> str:
    """What the index keeps of a message's text for showing it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"
