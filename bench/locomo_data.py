"""LoCoMo's development conversations as the recall bench reads them, how recall is scored, and plain BM25."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


def _data() -> Path:
    """``shared/data/locomo`` beside the checkout (``../shared``), or beside a folder above it (a worktree)."""
    for folder in Path(__file__).resolve().parents[1:]:
        if (folder.parent / "shared" / "data" / "locomo").is_dir():
            return folder.parent / "shared" / "data" / "locomo"
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "locomo"


DATA = _data()
CATEGORIES = (1, 2, 3, 4)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Turn:
    session: int
    dia_id: str
    role: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Question:
    text: str
    category: int
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Conversation:
    name: str
    speaker_a: str
    speaker_b: str
    turns: tuple[Turn, ...]
    questions: tuple[Question, ...]


def conversations(folder: Path = DATA) -> list[Conversation]:
    """The conversations of ``folder``, oldest session first ([] when the data is absent)."""
    return [_conversation(path) for path in sorted(folder.glob("*.json"))] if folder.is_dir() else []


def _conversation(path: Path) -> Conversation:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    numbers = sorted(int(k.split("_")[1]) for k in raw if re.fullmatch(r"session_\d+", k))
    turns = []
    for number in numbers:
        start = datetime.strptime(raw[f"session_{number}_date_time"], "%I:%M %p on %d %B, %Y").replace(tzinfo=UTC)
        for offset, turn in enumerate(raw[f"session_{number}"]):
            caption = f" [photo: {turn['blip_caption']}]" if turn.get("blip_caption") else ""
            role = "user" if turn["speaker"] == raw["speaker_a"] else "assistant"
            turns.append(Turn(number, turn["dia_id"], role, turn["text"] + caption,
                              start + timedelta(seconds=30 * offset)))
    questions = tuple(Question(q["question"], int(q["category"]), tuple(_evidence(q["evidence"])))
                      for q in raw["qa"] if int(q["category"]) in CATEGORIES)
    return Conversation(path.stem, raw["speaker_a"], raw["speaker_b"], tuple(turns), questions)


def _evidence(ids: Sequence[str]) -> Iterator[str]:
    for entry in ids:  # a few entries hold two ids in one string
        yield from (part.strip() for part in re.split(r"[;,]", entry) if part.strip())


def session_of(dia_id: str) -> str:
    return dia_id.split(":")[0]


# -- scoring ---------------------------------------------------------------------------------------


def turn_recall(evidence: Sequence[str], results: Sequence[Sequence[str]], k: int) -> float:
    """The share of ``evidence`` among the first three sources of each of the first ``k`` results."""
    found = {source for sources in results[:k] for source in sources[:3]}
    return len(set(evidence) & found) / len(set(evidence)) if evidence else 0.0


def session_recall(evidence: Sequence[str], results: Sequence[Sequence[str]], k: int) -> float:
    """The share of the evidence's sessions among the first ``k`` distinct sessions of the ranking."""
    ranked: list[str] = []
    for sources in results:
        for source in sources[:3]:
            if session_of(source) not in ranked:
                ranked.append(session_of(source))
    wanted = {session_of(e) for e in evidence}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def score(questions: Sequence[Question], ranked: Sequence[Sequence[Sequence[str]]]) -> dict[str, Any]:
    """Recall@5 and @10 at turn and session level, overall and per category."""
    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    rows: dict[str, Any] = {}
    groups: list[tuple[str, tuple[int, ...]]] = [("all", CATEGORIES), *((f"category {c}", (c,)) for c in CATEGORIES)]
    for name, wanted in groups:
        chosen = [(q, r) for q, r in zip(questions, ranked, strict=True) if q.category in wanted]
        rows[name] = {"questions": len(chosen), **{
            f"{level}@{k}": mean([measure(q.evidence, r, k) for q, r in chosen])
            for level, measure in (("turn", turn_recall), ("session", session_recall)) for k in (5, 10)}}
    return rows


class BM25Baseline:
    """Plain BM25 (k1 1.2, b 0.75) over the raw turns: lowercased ASCII words, no stemming, no stop words."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self._turns = turns
        self._docs = [Counter(_WORD.findall(t.text.lower())) for t in turns]
        self._lengths = [sum(d.values()) for d in self._docs]
        self._df = Counter(w for d in self._docs for w in d)
        self._mean = sum(self._lengths) / len(self._lengths)

    def search(self, question: str, limit: int) -> list[list[str]]:
        words = set(_WORD.findall(question.lower()))
        count = len(self._docs)
        scored = []
        for i, doc in enumerate(self._docs):
            total = 0.0
            for w in words & doc.keys():
                idf = math.log(1 + (count - self._df[w] + 0.5) / (self._df[w] + 0.5))
                tf = doc[w]
                total += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self._lengths[i] / self._mean))
            if total:
                scored.append((-total, i))
        return [[self._turns[i].dia_id] for _, i in sorted(scored)[:limit]]


def replayed(convs: Sequence[Conversation]) -> Iterator[Turn]:
    """The conversations' turns over and over, as later sessions, dated after each other."""
    offset, lap = timedelta(), 0
    while True:
        for conv in convs:
            first, last = conv.turns[0].at, conv.turns[-1].at
            for t in conv.turns:
                yield Turn(t.session + 1000 * lap, t.dia_id, t.role, t.text, t.at - first + offset + _EPOCH)
            offset += last - first + timedelta(days=7)
            lap += 1


_EPOCH = datetime(2021, 1, 1, tzinfo=UTC)


