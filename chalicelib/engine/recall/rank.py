"""One ranking for recall: what a search returns first, and what a turn's memory block shows.

Relevance is BM25 over everything read (messages from the index's shards, facts, episodes), with a
word counted once however many of its stems match. Conversation turns answer each other, so a turn
takes a share of its neighbours' relevance ("What did you do on Sunday?" is answered by the next
turn). A question that names one speaker or a month and year favours what that speaker said then.
Recency and importance come last, as small priors: they order what is equally relevant, and let a
turn show the latest facts and moments when its message matches nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from chalicelib.engine.recall import tokens
from chalicelib.engine.recall.index import Entry, Shard
from chalicelib.models import Episode, Fact

K1 = 1.2
B = 0.75
NEIGHBOUR_SHARE = 0.6
SPEAKER_BOOST = 0.3
DATE_BOOST = 0.3
RECENCY_PER_HOUR = 0.995
RECENCY_WEIGHT = 0.1
IMPORTANCE_WEIGHT = 0.2
PRIOR_IMPORTANCE = 0.05
SESSION_SHARE = 0.3

_MONTHS = {
    name: number
    for number, names in enumerate((
        "january jan enero janvier januar gennaio janeiro", "february feb febrero février februar febbraio fevereiro",
        "march marzo mars märz março", "april apr abril avril aprile", "may mayo mai maggio maio",
        "june jun junio juin juni giugno junho", "july jul julio juillet juli luglio julho",
        "august aug agosto août", "september sep sept septiembre septembre settembre setembro",
        "october oct octubre octobre oktober ottobre outubro", "november nov noviembre novembre novembro",
        "december dec diciembre décembre dezember dicembre dezembro",
    ), start=1)
    for name in names.split()
}
_YEAR = re.compile(r"^(19|20)\d\d$")


class Doc(NamedTuple):
    """Something recall can return: a message, a fact or an episode, with where it comes from."""

    kind: str  # "message", "fact" or "episode"
    text: str
    at: str
    session_id: str
    role: str
    importance: float
    sources: tuple[tuple[str, str], ...]  # (message_id, external_id), the message itself for a message
    ref: Entry | Fact | Episode


class Hit(NamedTuple):
    doc: Doc
    score: float
    relevance: float


class Scope(NamedTuple):
    """What a ranking weighs besides the question."""

    now: datetime
    personality: str | None = None  # only this personality's messages and episodes
    speakers: Mapping[str, str] = {}  # a normalised first name -> the role that speaks under it
    exclude: frozenset[str] = frozenset()  # message ids already in the prompt


_Key = tuple[int, int]  # (shard, entry) for a message; (-1, i) for the i-th fact or episode


def rank(question: str, shards: Sequence[Shard], facts: Sequence[Fact], episodes: Sequence[Episode],
         scope: Scope) -> list[Hit]:
    """Everything ``scope`` lets in, best first: matched messages, then facts and episodes by their priors too."""
    live = [_live(shard, scope) for shard in shards]
    others = _others(facts, episodes, shards, scope)
    other_terms = [Counter(tokens.terms(d.text)) for d in others]
    lengths = [e.length for s, ok in zip(shards, live, strict=True) for e, keep in zip(s.entries, ok, strict=True)
               if keep] + [sum(c.values()) for c in other_terms]
    if not lengths:
        return []
    count, mean = len(lengths), max(1.0, sum(lengths) / len(lengths))
    languages = sorted({lang for s in shards for lang in s.languages})
    stats = _Stats(shards, live, other_terms, count, mean, _session_lengths(shards, live))
    asked = [(variants, 1.0) for variants in tokens.query_terms(question, languages)]
    relevance, sessions = _relevance(asked, stats)
    messages = _with_neighbours({k: v for k, v in relevance.items() if k[0] >= 0}, shards, live)
    for key in messages:
        messages[key] += SESSION_SHARE * sessions.get(shards[key[0]].entries[key[1]].session_id, 0.0)
    cues = _cues(question, scope)
    hits = [_message_hit(shards[s].entries[i], rel, cues, scope) for (s, i), rel in messages.items()]
    hits += [_other_hit(doc, relevance.get((-1, i), 0.0), cues, scope) for i, doc in enumerate(others)]
    return sorted(hits, key=lambda h: (-h.score, h.doc.at))


class _Stats(NamedTuple):
    shards: Sequence[Shard]
    live: Sequence[list[bool]]
    other_terms: Sequence[Counter[str]]
    documents: int
    mean: float
    session_lengths: dict[str, int]


def _relevance(words: Sequence[tuple[frozenset[str], float]], stats: _Stats) -> tuple[dict[_Key, float],
                                                                                       dict[str, float]]:
    """BM25 of every document holding a word, and of every session taken as one document."""
    relevance: dict[_Key, float] = {}
    sessions: dict[str, float] = {}
    session_mean = max(1.0, sum(stats.session_lengths.values()) / max(1, len(stats.session_lengths)))
    for variants, weight in words:
        found = _matches(variants, stats.shards, stats.live, stats.other_terms)
        for key, tf in found.items():
            relevance[key] = relevance.get(key, 0.0) + _bm25(tf, _length(key, stats), stats.mean) * _idf(
                weight, stats.documents, len(found))
        per_session: dict[str, float] = {}
        for (s, i), tf in found.items():
            if s >= 0:
                sid = stats.shards[s].entries[i].session_id
                per_session[sid] = per_session.get(sid, 0.0) + tf
        idf = _idf(weight, len(stats.session_lengths), len(per_session))
        for sid, tf in per_session.items():
            sessions[sid] = sessions.get(sid, 0.0) + idf * _bm25(tf, stats.session_lengths[sid], session_mean)
    return relevance, sessions


def _idf(weight: float, count: int, df: int) -> float:
    return weight * math.log(1 + (count - df + 0.5) / (df + 0.5))


def _bm25(tf: float, length: float, mean: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / mean))


def _session_lengths(shards: Sequence[Shard], live: Sequence[list[bool]]) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for shard, ok in zip(shards, live, strict=True):
        for entry, keep in zip(shard.entries, ok, strict=True):
            if keep:
                lengths[entry.session_id] = lengths.get(entry.session_id, 0) + entry.length
    return lengths


def _live(shard: Shard, scope: Scope) -> list[bool]:
    stamp = scope.now.timestamp()
    wanted = scope.personality.casefold() if scope.personality else None
    return [e.until > stamp and e.message_id not in scope.exclude
            and (wanted is None or e.personality.casefold() == wanted) for e in shard.entries]


def _matches(variants: frozenset[str], shards: Sequence[Shard], live: Sequence[list[bool]],
             other_terms: Sequence[Counter[str]]) -> dict[_Key, float]:
    """Every document holding one of ``variants`` of a word, with the word's weight there (its best stem)."""
    found: dict[_Key, float] = {}
    for s, shard in enumerate(shards):
        ok = live[s]
        for term in variants:
            flat = shard.postings.get(term)
            if not flat:
                continue
            for j in range(0, len(flat), 2):
                index = int(flat[j])
                if ok[index] and found.get((s, index), 0.0) < flat[j + 1]:
                    found[(s, index)] = flat[j + 1]
    for i, counts in enumerate(other_terms):
        weight = max((counts[t] for t in variants if t in counts), default=0)
        if weight:
            found[(-1, i)] = float(weight)
    return found


def _length(key: _Key, stats: _Stats) -> int:
    shard, index = key
    return stats.shards[shard].entries[index].length if shard >= 0 else sum(stats.other_terms[index].values())


def _with_neighbours(relevance: dict[_Key, float], shards: Sequence[Shard],
                     live: Sequence[list[bool]]) -> dict[_Key, float]:
    """Each matched turn lends `NEIGHBOUR_SHARE` of its relevance to the turns just before and after it."""
    lent: dict[_Key, float] = {}
    for key, rel in relevance.items():
        for near in _adjacent(key, shards, live):
            lent[near] = max(lent.get(near, 0.0), rel * NEIGHBOUR_SHARE)
    return {key: relevance.get(key, 0.0) + lent.get(key, 0.0) for key in {*relevance, *lent}}


def _adjacent(key: _Key, shards: Sequence[Shard], live: Sequence[list[bool]]) -> Iterable[_Key]:
    s, i = key
    entry = shards[s].entries[i]
    for step in (-1, 1):
        near = _step(s, i, step, shards)
        if near is None or not live[near[0]][near[1]]:
            continue
        other = shards[near[0]].entries[near[1]]
        if other.session_id == entry.session_id and other.seq == entry.seq + step:
            yield near


def _step(s: int, i: int, step: int, shards: Sequence[Shard]) -> _Key | None:
    i += step
    while 0 <= s < len(shards):
        if 0 <= i < len(shards[s].entries):
            return s, i
        s += step
        if not 0 <= s < len(shards):
            return None
        i = 0 if step > 0 else len(shards[s].entries) - 1
    return None


class _Cues(NamedTuple):
    role: str | None
    year: int | None
    month: int | None


def _cues(question: str, scope: Scope) -> _Cues:
    """The one speaker the question names (if only one), and the month and year it names."""
    found = [w for w, cjk in tokens.words(question) if not cjk]
    roles = {scope.speakers[w] for w in found if w in scope.speakers}
    years = [int(w) for w in found if _YEAR.match(w)]
    months = [_MONTHS[w] for w in found if w in _MONTHS and (w != "may" or _dated(found))]
    return _Cues(roles.pop() if len(roles) == 1 else None, years[0] if years else None,
                 months[0] if months else None)


def _dated(words: Sequence[str]) -> bool:
    """"may" names the month only beside a number ("May 3", "in May 2023"), not as "may I"."""
    return any(w.isdigit() for w in words)


def _boost(doc: Doc, cues: _Cues) -> float:
    factor = 1.0
    if cues.role and doc.role == cues.role:
        factor += SPEAKER_BOOST
    if cues.year or cues.month:
        year, month = _year_month(doc.at)
        if (cues.year in (None, year)) and (cues.month in (None, month)):
            factor += DATE_BOOST
    return factor


def _year_month(stamp: str) -> tuple[int, int]:
    try:
        return int(stamp[:4]), int(stamp[5:7])
    except ValueError:
        return 0, 0


def _message_hit(entry: Entry, rel: float, cues: _Cues, scope: Scope) -> Hit:
    doc = Doc("message", entry.text, entry.at, entry.session_id, entry.role, entry.importance,
              ((entry.message_id, entry.external_id),), entry)
    return _hit(doc, rel * _boost(doc, cues), scope)


def _other_hit(doc: Doc, rel: float, cues: _Cues, scope: Scope) -> Hit:
    return _hit(doc, rel * _boost(doc, cues), scope)


def _hit(doc: Doc, rel: float, scope: Scope) -> Hit:
    prior = RECENCY_WEIGHT * recency(doc.at, scope.now) + PRIOR_IMPORTANCE * doc.importance
    return Hit(doc, rel * (1 + IMPORTANCE_WEIGHT * doc.importance) + prior, rel)


def recency(stamp: str, now: datetime) -> float:
    """1 now, decaying by `RECENCY_PER_HOUR` for every hour since ``stamp``."""
    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return float(RECENCY_PER_HOUR ** max(0.0, (now - then).total_seconds() / 3600))


def _others(facts: Sequence[Fact], episodes: Sequence[Episode], shards: Sequence[Shard], scope: Scope) -> list[Doc]:
    """Facts and episodes as documents, each naming the messages it came from when the index knows them."""
    by_id: dict[str, Entry] = {}
    by_episode: dict[str, list[Entry]] = {}
    for shard in shards:
        for entry in shard.entries:
            by_id[entry.message_id] = entry
            if entry.episode_id:
                by_episode.setdefault(entry.episode_id, []).append(entry)
    docs = []
    for fact in facts:
        source = by_id.get(fact.source_message_id)
        sources = ((fact.source_message_id, source.external_id if source else ""),) if fact.source_message_id else ()
        text = f"{fact.category} {fact.key.replace('_', ' ')}: {fact.value}"
        docs.append(Doc("fact", text, fact.last_seen, source.session_id if source else "", "user", fact.confidence,
                        sources, fact))
    wanted = scope.personality.casefold() if scope.personality else None
    for episode in episodes:
        if wanted is not None and episode.personality.casefold() != wanted:
            continue
        said = by_episode.get(episode.episode_id, [])
        docs.append(Doc("episode", episode.summary, episode.occurred_at, said[0].session_id if said else "",
                        "user", episode.importance / 10, tuple((e.message_id, e.external_id) for e in said),
                        episode))
    return docs


def speakers(facts: Iterable[Fact], personalities: Iterable[str]) -> dict[str, str]:
    """Who speaks under which name: the user's known name, and each personality's first name."""
    found = {tokens.normalize(p).split()[0]: "assistant" for p in personalities if p.strip()}
    for fact in facts:
        if (fact.category, fact.key) == ("personal_info", "name") and fact.value.strip():
            found[tokens.normalize(fact.value).split()[0]] = "user"
    return found
