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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from chalicelib.engine.recall import index, tokens
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


class _Corpus:
    """The shards read, as one run of entries: their columns joined, a term's postings looked up when asked."""

    def __init__(self, shards: Sequence[Shard], scope: Scope) -> None:
        self._shards = shards
        self._offsets: list[int] = []
        self.columns: dict[str, list[Any]] = {name: [] for name in index.COLUMNS}
        for shard in shards:
            self._offsets.append(len(self.columns["message_id"]))
            for name, values in self.columns.items():
                values.extend(shard.columns[name])
        self.size = len(self.columns["message_id"])
        stamp = scope.now.timestamp()
        wanted = scope.personality.casefold() if scope.personality else None
        cols = self.columns
        self.live = [until > stamp and mid not in scope.exclude and (wanted is None or pers.casefold() == wanted)
                     for until, mid, pers in zip(cols["until"], cols["message_id"], cols["personality"], strict=True)]
        self.languages = sorted({lang for s in shards for lang in s.languages})

    def postings(self, term: str) -> Iterator[tuple[int, float]]:
        for shard, offset in zip(self._shards, self._offsets, strict=True):
            found = shard.postings.get(term)
            if found:
                yield from index.hits(found, offset)

    def entry(self, i: int) -> Entry:
        return Entry(*(self.columns[name][i] for name in Entry._fields))


def rank(question: str, shards: Sequence[Shard], facts: Sequence[Fact], episodes: Sequence[Episode],
         scope: Scope, limit: int | None = None) -> list[Hit]:
    """The best ``limit`` (or all) of what ``scope`` lets in: matched messages, and every fact and episode."""
    corpus = _Corpus(shards, scope)
    others = _others(facts, episodes, corpus, scope)
    other_terms = [Counter(tokens.terms(d.text)) for d in others]
    lengths = [n for n, ok in zip(corpus.columns["length"], corpus.live, strict=True) if ok]
    lengths += [sum(c.values()) for c in other_terms]
    if not lengths:
        return []
    asked = tokens.query_terms(question, corpus.languages)
    relevance, sessions = _relevance(asked, corpus, other_terms, max(1.0, sum(lengths) / len(lengths)), len(lengths))
    messages = _with_neighbours({i: v for i, v in relevance.items() if i < corpus.size}, corpus)
    sids = corpus.columns["session_id"]
    cues = _cues(question, scope)
    scored = [(*_message_score(corpus, i, rel + SESSION_SHARE * sessions.get(sids[i], 0.0), cues, scope), i)
              for i, rel in messages.items()]
    scored += [(*_other_score(doc, relevance.get(corpus.size + j, 0.0), cues, scope), corpus.size + j)
               for j, doc in enumerate(others)]
    at = corpus.columns["at"]
    scored.sort(key=lambda s: (-s[0], at[s[2]] if s[2] < corpus.size else others[s[2] - corpus.size].at))
    return [Hit(_doc(corpus, i) if i < corpus.size else others[i - corpus.size], score, rel)
            for score, rel, i in scored[:limit]]


def _relevance(words: Sequence[frozenset[str]], corpus: _Corpus, other_terms: Sequence[Counter[str]],
               mean: float, documents: int) -> tuple[dict[int, float], dict[str, float]]:
    """BM25 of every document holding a word (a word counts once, at its best stem), and of every session."""
    relevance: dict[int, float] = {}
    sessions: dict[str, float] = {}
    session_lengths = _session_lengths(corpus)
    session_mean = max(1.0, sum(session_lengths.values()) / max(1, len(session_lengths)))
    lengths, sids = corpus.columns["length"], corpus.columns["session_id"]
    for variants in words:
        found = _matches(variants, corpus, other_terms)
        idf = _idf(documents, len(found))
        per_session: dict[str, float] = {}
        for i, tf in found.items():
            own = lengths[i] if i < corpus.size else sum(other_terms[i - corpus.size].values())
            relevance[i] = relevance.get(i, 0.0) + idf * _bm25(tf, own, mean)
            if i < corpus.size:
                per_session[sids[i]] = per_session.get(sids[i], 0.0) + tf
        idf = _idf(len(session_lengths), len(per_session))
        for sid, tf in per_session.items():
            sessions[sid] = sessions.get(sid, 0.0) + idf * _bm25(tf, session_lengths[sid], session_mean)
    return relevance, sessions


def _idf(count: int, df: int) -> float:
    return math.log(1 + (count - df + 0.5) / (df + 0.5))


def _bm25(tf: float, length: float, mean: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / mean))


def _session_lengths(corpus: _Corpus) -> dict[str, int]:
    lengths: dict[str, int] = {}
    for sid, length, ok in zip(corpus.columns["session_id"], corpus.columns["length"], corpus.live, strict=True):
        if ok:
            lengths[sid] = lengths.get(sid, 0) + length
    return lengths


def _matches(variants: frozenset[str], corpus: _Corpus, other_terms: Sequence[Counter[str]]) -> dict[int, float]:
    """Every document holding one of ``variants`` of a word, with the word's weight there (its best stem)."""
    found: dict[int, float] = {}
    live = corpus.live
    for term in variants:
        for i, weight in corpus.postings(term):
            if live[i] and found.get(i, 0.0) < weight:
                found[i] = weight
    for j, counts in enumerate(other_terms):
        weight = max((counts[t] for t in variants if t in counts), default=0)
        if weight:
            found[corpus.size + j] = float(weight)
    return found


def _with_neighbours(relevance: dict[int, float], corpus: _Corpus) -> dict[int, float]:
    """Each matched turn lends `NEIGHBOUR_SHARE` of its relevance to the turns just before and after it."""
    sids, seqs, live = corpus.columns["session_id"], corpus.columns["seq"], corpus.live
    lent: dict[int, float] = {}
    for i, rel in relevance.items():
        for step in (-1, 1):
            j = i + step
            if 0 <= j < corpus.size and live[j] and sids[j] == sids[i] and seqs[j] == seqs[i] + step:
                lent[j] = max(lent.get(j, 0.0), rel * NEIGHBOUR_SHARE)
    return {i: relevance.get(i, 0.0) + lent.get(i, 0.0) for i in {*relevance, *lent}}


class _Cues(NamedTuple):
    role: str | None
    year: int | None
    month: int | None
    day: int | None = None


def _cues(question: str, scope: Scope) -> _Cues:
    """The one speaker the question names, and the date it names (a month, maybe its day, and a year).

    A question that names no speaker is taken to be about the user: what is asked of a companion's
    memory is mostly what the user told it (a name it does not know is the user's, or someone the user
    spoke of). One that names both favours neither.
    """
    found = [w for w, cjk in tokens.words(question) if not cjk]
    roles = {scope.speakers[w] for w in found if w in scope.speakers} or {"user"}
    years = [int(w) for w in found if _YEAR.match(w)]
    months = [(i, _MONTHS[w]) for i, w in enumerate(found) if w in _MONTHS and (w != "may" or _dated(found))]
    days = [int(found[j]) for i, _ in months[:1] for j in (i - 1, i + 1)
            if 0 <= j < len(found) and found[j].isdigit() and 1 <= int(found[j]) <= 31]
    return _Cues(roles.pop() if len(roles) == 1 else None, years[0] if years else None,
                 months[0][1] if months else None, days[0] if days else None)


def _dated(words: Sequence[str]) -> bool:
    """"may" names the month only beside a number ("May 3", "in May 2023"), not as "may I"."""
    return any(w.isdigit() for w in words)


def _boost(role: str, at: str, cues: _Cues) -> float:
    factor = 1.0
    if cues.role and role == cues.role:
        factor += SPEAKER_BOOST
    if cues.year or cues.month:
        year, month, day = _date(at)
        if (cues.year in (None, year)) and (cues.month in (None, month)):
            factor += DATE_BOOST * (2 if cues.day == day else 1)
    return factor


def _date(stamp: str) -> tuple[int, int, int]:
    try:
        return int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10])
    except ValueError:
        return 0, 0, 0


def _message_score(corpus: _Corpus, i: int, rel: float, cues: _Cues, scope: Scope) -> tuple[float, float]:
    cols = corpus.columns
    rel *= _boost(cols["role"][i], cols["at"][i], cues)
    hours = max(0.0, scope.now.timestamp() - cols["t"][i]) / 3600
    return _score(rel, cols["importance"][i], RECENCY_PER_HOUR**hours), rel


def _other_score(doc: Doc, rel: float, cues: _Cues, scope: Scope) -> tuple[float, float]:
    rel *= _boost(doc.role, doc.at, cues)
    return _score(rel, doc.importance, recency(doc.at, scope.now)), rel


def _score(rel: float, importance: float, fresh: float) -> float:
    return rel * (1 + IMPORTANCE_WEIGHT * importance) + RECENCY_WEIGHT * fresh + PRIOR_IMPORTANCE * importance


def _doc(corpus: _Corpus, i: int) -> Doc:
    entry = corpus.entry(i)
    return Doc(kind="message", text=entry.text, at=entry.at, session_id=entry.session_id, role=entry.role,
               importance=entry.importance, sources=((entry.message_id, entry.external_id),), ref=entry)


def recency(stamp: str, now: datetime) -> float:
    """1 now, decaying by `RECENCY_PER_HOUR` for every hour since ``stamp``."""
    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return float(RECENCY_PER_HOUR ** max(0.0, (now - then).total_seconds() / 3600))


def _others(facts: Sequence[Fact], episodes: Sequence[Episode], corpus: _Corpus, scope: Scope) -> list[Doc]:
    """Facts and episodes as documents, each naming the messages it came from when the index knows them."""
    cols = corpus.columns
    by_id = {mid: (ext, sid) for mid, ext, sid in zip(cols["message_id"], cols["external_id"], cols["session_id"],
                                                      strict=True)}
    by_episode: dict[str, list[int]] = {}
    for i, episode_id in enumerate(cols["episode_id"]):
        if episode_id:
            by_episode.setdefault(episode_id, []).append(i)
    docs = []
    for fact in facts:
        external, session = by_id.get(fact.source_message_id, ("", ""))
        told: tuple[tuple[str, str], ...] = ((fact.source_message_id, external),) if fact.source_message_id else ()
        text = f"{fact.category} {fact.key.replace('_', ' ')}: {fact.value}"
        docs.append(Doc(kind="fact", text=text, at=fact.last_seen, session_id=session, role="user",
                        importance=fact.confidence, sources=told, ref=fact))
    wanted = scope.personality.casefold() if scope.personality else None
    for episode in episodes:
        if wanted is not None and episode.personality.casefold() != wanted:
            continue
        said = by_episode.get(episode.episode_id, [])
        sources = tuple((cols["message_id"][i], cols["external_id"][i]) for i in said)
        docs.append(Doc(kind="episode", text=episode.summary, at=episode.occurred_at,
                        session_id=cols["session_id"][said[0]] if said else "", role="user",
                        importance=episode.importance / 10, sources=sources, ref=episode))
    return docs


def speakers(facts: Iterable[Fact], personalities: Iterable[str]) -> dict[str, str]:
    """Who speaks under which name: the user's known name, and each personality's first name."""
    found = {tokens.normalize(p).split()[0]: "assistant" for p in personalities if p.strip()}
    for fact in facts:
        if (fact.category, fact.key) == ("personal_info", "name") and fact.value.strip():
            found[tokens.normalize(fact.value).split()[0]] = "user"
    return found
