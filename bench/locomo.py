"""Recall on LoCoMo: evidence recall of search, its latency, and what recall costs a turn: ``python -m bench.locomo``.

Each conversation of ``../shared/data/locomo/`` (CC BY-NC 4.0: read here, never copied) is imported
through the API's use cases on moto, session by session at its own date: ``speaker_a`` is the user,
``speaker_b`` the assistant (a personality of that name), each turn's ``dia_id`` its ``external_id``,
a shared photo's caption appended as ``[photo: ...]``. The import is analysed as turns are (offline
extractor, in-process). Every question of categories 1-4 then goes through search:

- turn level, recall@k: the share of a question's evidence turns among the sources of the first k
  results (a result counts at most its first three sources), with ``limit`` k;
- session level, recall@k: the share of its evidence sessions among the first k distinct sessions of
  the ranking (read from a search with ``limit`` 50), as session retrieval is scored in the field.

Plain BM25 over the raw turns is scored the same way beside it. Then one user is given 500, then
5,000 stored messages (the conversations again, as further sessions), and at each size one turn is
metered (DynamoDB requests and read units on its request path) and every question is searched again
for latency.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import report

def _data() -> Path:
    """``shared/data/locomo`` beside the checkout (``../shared``), or beside a folder above it (a worktree)."""
    for folder in Path(__file__).resolve().parents[1:]:
        if (folder.parent / "shared" / "data" / "locomo").is_dir():
            return folder.parent / "shared" / "data" / "locomo"
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "locomo"


DATA = _data()
TENANT = "locomo"
TABLE = "luminora-locomo"
CATEGORIES = (1, 2, 3, 4)
DEPTH = 50  # the search limit the session ranking is read from
SIZES = (500, 5000)
BUDGET_TURN_RECALL = 0.70
BUDGET_SESSION_RECALL = 0.95
BUDGET_SEARCH_P95_MS = 100.0
BUDGET_REQUESTS = 4
BUDGET_RCU_RATIO = 2.0
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


class BenchClock:
    """The bench's settable clock: each session is imported at its own date."""

    def __init__(self) -> None:
        self.moment = datetime(2000, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return time.monotonic()


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
    for name, pick in (("all", lambda q: True), *((f"category {c}", lambda q, c=c: q.category == c)
                                                   for c in CATEGORIES)):
        chosen = [(q, r) for q, r in zip(questions, ranked, strict=True) if pick(q)]
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


# -- the API's use cases on moto ------------------------------------------------------------------


class Stack:
    """Luminora's services on moto, with a meter on the DynamoDB client and a settable clock."""

    def __init__(self, boto3: Any, table: str = TABLE, batch: int | None = None) -> None:
        from bench.meter import DynamoMeter
        from bench.motofast import DirectReads
        from chalicelib.bootstrap import build_services
        from chalicelib.config import Settings
        from scripts.table import create_table

        shadow = boto3.session.Session(region_name="us-east-1").client("dynamodb")
        self.meter = DynamoMeter(shadow=DirectReads(shadow))
        client = boto3.session.Session(region_name="us-east-1").client("dynamodb")
        create_table(client, table)
        self.meter.attach(client.meta.events)
        self.clock = BenchClock()
        self.settings = Settings(table_name=table, demo_mode=True)
        if batch:
            self.settings = replace(self.settings, analysis_batch_messages=batch)
        self.services = build_services(self.settings, dynamodb_client=client, clock=self.clock)

    def personality(self, name: str) -> str:
        """A tenant personality called ``name`` (the assistant speaker), made from the built-in Assistant."""
        definition = self.services.catalog.get(TENANT, "Assistant").definition.as_json()
        definition["persona"] = {**definition["persona"], "name": name}
        return self.services.catalog.save(TENANT, name, json.dumps(definition)).name

    def load(self, user_id: str, turns: Sequence[Turn], personality: str, prefix: str = "s") -> None:
        """Import ``turns`` session by session, each at its own date (in parts of at most 200)."""
        from chalicelib.models import ImportedMessage, ImportInput, iso

        assert self.services.importer is not None
        for number in sorted({t.session for t in turns}):
            said = [t for t in turns if t.session == number]
            self.clock.moment = said[-1].at + timedelta(minutes=1)
            for start in range(0, len(said), 200):
                part = said[start : start + 200]
                messages = tuple(ImportedMessage(t.role, t.text, iso(t.at), t.dia_id) for t in part)
                self.services.importer.import_session(ImportInput(TENANT, user_id, f"{prefix}{number}", messages,
                                                                  personality))

    @contextlib.contextmanager
    def unmetered(self) -> Iterator[None]:
        """Without the meter's hooks: its own look-ups are measurement, not part of a search's time."""
        events = self.services.dynamodb_client.meta.events
        events.unregister("before-call.dynamodb", self.meter._before)
        events.unregister("after-call.dynamodb", self.meter._after)
        try:
            yield
        finally:
            self.meter.attach(events)

    def search(self, user_id: str, question: str, limit: int) -> list[list[str]]:
        assert self.services.recall is not None
        hits = self.services.recall.search(TENANT, user_id, question, None, limit)
        return [[external for _, external in h.doc.sources] for h in hits]


def _p(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2) if ordered else 0.0


def _timed_searches(stack: Stack, user_id: str, questions: Sequence[Question]) -> tuple[list[Any], list[float]]:
    ranked, times = [], []
    with stack.unmetered():
        for question in questions:
            started = time.perf_counter()
            ranked.append(stack.search(user_id, question.text, DEPTH))
            times.append((time.perf_counter() - started) * 1000)
    return ranked, times


def _memory_tokens(stack: Stack, user_id: str, personality: str, questions: Sequence[Question]) -> dict[str, float]:
    """Tokens of the memory block a turn would carry for each question (a new session, nothing in its window)."""
    from chalicelib.engine import retrieval
    from chalicelib.engine.recall import index, rank

    context = stack.services.store.load_context(TENANT, user_id, personality, "bench-new", 1)
    shards = index.unpack_all(s.blob for s in context.recall)
    budget = stack.settings.memory_token_budget // 2
    speakers = rank.speakers(context.facts, [personality])
    sizes = [len(retrieval.recall(context.facts, context.episodes, q.text, stack.clock.now(), budget,
                                  shards=shards, speakers=speakers).block) // 4 + 4 for q in questions]
    return {"mean": round(statistics.mean(sizes), 1), "max": max(sizes), "budget": budget}


def evaluate(stack: Stack, conversation: Conversation) -> dict[str, Any]:
    """Import one conversation, then score search and the baseline on its questions."""
    user_id = f"user-{conversation.name}"
    personality = stack.personality(conversation.speaker_b)
    started = time.perf_counter()
    stack.load(user_id, conversation.turns, personality)
    loaded = time.perf_counter() - started
    stack.clock.moment = conversation.turns[-1].at + timedelta(days=1)
    ranked, times = _timed_searches(stack, user_id, conversation.questions)
    baseline = BM25Baseline(conversation.turns)
    return {
        "turns": len(conversation.turns), "sessions": len({t.session for t in conversation.turns}),
        "import_seconds": round(loaded, 1), "ours": score(conversation.questions, ranked),
        "bm25": score(conversation.questions, [baseline.search(q.text, DEPTH) for q in conversation.questions]),
        "search_ms": {"p50": _p(times, 0.5), "p95": _p(times, 0.95)},
        "memory_tokens": _memory_tokens(stack, user_id, personality, conversation.questions),
    }


def at_scale(boto3: Any, convs: Sequence[Conversation]) -> dict[str, Any]:
    """One user at 500, then 5,000 stored messages: a metered turn and every question's search at each.

    The history is loaded in batches of 200 for the deep analysis (moto's Queries cost grows with the
    partition, and the index it builds is the same); the metered turn is a live one, analysed as usual.
    """
    from bench.turn_cost import _watch_after_turn
    from chalicelib.models import TurnInput

    stack = Stack(boto3, f"{TABLE}-scale", batch=200)
    _watch_after_turn(stack.services.conversation, stack.meter)
    user_id, personality = "user-scale", stack.personality("Scale")
    questions = [q for c in convs for q in c.questions]
    figures: dict[str, Any] = {}
    stored, lap = 0, 0
    stream = _replayed(convs)
    for size in SIZES:
        batch: list[Turn] = []
        while stored + len(batch) < size - 2:  # the metered turn adds two
            batch.append(next(stream))
        with stack.unmetered():
            stack.load(user_id, batch, personality, prefix=f"x{lap}-")
        stored, lap = stored + len(batch), lap + 1
        stack.clock.moment = batch[-1].at + timedelta(minutes=5)
        stack.meter.drain()
        with stack.meter.phase_of("request"):
            stack.services.conversation.take_turn(TurnInput(TENANT, user_id, f"now-{size}", questions[0].text,
                                                            personality))
        calls = stack.meter.drain()
        path = [c for c in calls if c.phase == "request"]
        stored += 2
        _, times = _timed_searches(stack, user_id, questions)
        figures[str(size)] = {"stored_messages": stored, "requests": len(path),
                              "operations": [c.operation for c in path], "rcu": sum(c.rcu for c in path),
                              "bytes_read": sum(c.read_bytes for c in path),
                              "analysis_requests": sum(1 for c in calls if c.phase == "after_turn"),
                              "search_ms": {"p50": _p(times, 0.5), "p95": _p(times, 0.95)}}
        report.progress(f"locomo: {stored} stored messages, turn {figures[str(size)]['rcu']} RCU, "
                        f"search p95 {figures[str(size)]['search_ms']['p95']} ms")
    return figures


def _replayed(convs: Sequence[Conversation]) -> Iterator[Turn]:
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


def run(folder: Path = DATA, scale: bool = True) -> dict[str, Any]:
    convs = conversations(folder)
    if not convs:
        return {"skipped": f"no LoCoMo conversations in {folder} (see its README.md): nothing measured"}
    report.offline_aws()
    import boto3
    from moto import mock_aws

    from bench.motofast import one_snapshot_per_transaction, partition_queries, plain_json_results

    one_snapshot_per_transaction()
    with mock_aws(), partition_queries(), plain_json_results():
        stack = Stack(boto3)
        per = {}
        for conv in convs:
            per[conv.name] = evaluate(stack, conv)
            report.progress(f"locomo: conversation {conv.name}: turn@10 {per[conv.name]['ours']['all']['turn@10']}")
        figures: dict[str, Any] = {"conversations": per, "overall": _overall(per, "ours"),
                                   "bm25_overall": _overall(per, "bm25")}
        if scale:
            figures["scale"] = at_scale(boto3, convs)
    figures["budgets"] = budgets(figures)
    return figures


def _overall(per: dict[str, Any], which: str) -> dict[str, float]:
    """Each figure over all questions of all conversations (weighted by their number)."""
    total = sum(c[which]["all"]["questions"] for c in per.values())
    keys = [k for k in next(iter(per.values()))[which]["all"] if k != "questions"]
    return {k: round(sum(c[which]["all"][k] * c[which]["all"]["questions"] for c in per.values()) / total, 4)
            for k in keys}


def budgets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The recall rows of DESIGN.md's budgets, with what was measured."""
    ours = figures["overall"]
    rows = [
        _row("LoCoMo turn-level evidence recall@10 (dev)", f">= {BUDGET_TURN_RECALL}", ours["turn@10"],
             ours["turn@10"] >= BUDGET_TURN_RECALL, f"BM25 {figures['bm25_overall']['turn@10']}"),
        _row("LoCoMo session-level evidence recall@10 (dev)", f">= {BUDGET_SESSION_RECALL}", ours["session@10"],
             ours["session@10"] >= BUDGET_SESSION_RECALL, f"BM25 {figures['bm25_overall']['session@10']}"),
    ]
    scale = figures.get("scale")
    if scale:
        small, large = scale[str(SIZES[0])], scale[str(SIZES[-1])]
        ratio = round(large["rcu"] / small["rcu"], 3) if small["rcu"] else None
        rows += [
            _row(f"search p95 in-process, {large['stored_messages']:,} stored messages", f"<= {BUDGET_SEARCH_P95_MS:g} ms",
                 large["search_ms"]["p95"], large["search_ms"]["p95"] <= BUDGET_SEARCH_P95_MS, "moto"),
            _row("DynamoDB requests per turn with recall", f"<= {BUDGET_REQUESTS}, same at 500 and 5,000",
                 f"{small['requests']} / {large['requests']}",
                 large["requests"] <= BUDGET_REQUESTS and small["requests"] == large["requests"], ""),
            _row("read units per turn, 5,000 vs 500 stored messages", f"<= {BUDGET_RCU_RATIO:g}x",
                 f"{large['rcu']:g} vs {small['rcu']:g} RCU ({ratio}x)",
                 ratio is not None and ratio <= BUDGET_RCU_RATIO, ""),
        ]
    return rows


def _row(what: str, budget: str, measured: Any, met: bool, note: str) -> dict[str, Any]:
    return {"what": what, "budget": budget, "measured": f"{measured}" + (f" ({note})" if note else ""),
            "verdict": "met" if met else "MISSED"}


def render(figures: dict[str, Any]) -> str:
    if "skipped" in figures:
        return figures["skipped"]
    head = ["conversation", "turns", "questions", "turn@5", "turn@10", "session@5", "session@10", "BM25 turn@10",
            "BM25 session@10", "search p50/p95 ms", "memory tokens mean/max"]
    rows = [[name, c["turns"], c["ours"]["all"]["questions"], c["ours"]["all"]["turn@5"], c["ours"]["all"]["turn@10"],
             c["ours"]["all"]["session@5"], c["ours"]["all"]["session@10"], c["bm25"]["all"]["turn@10"],
             c["bm25"]["all"]["session@10"], f"{c['search_ms']['p50']}/{c['search_ms']['p95']}",
             f"{c['memory_tokens']['mean']}/{c['memory_tokens']['max']}"]
            for name, c in figures["conversations"].items()]
    o, b = figures["overall"], figures["bm25_overall"]
    rows.append(["all", "", "", o["turn@5"], o["turn@10"], o["session@5"], o["session@10"], b["turn@10"],
                 b["session@10"], "", ""])
    cats = [[c, *(_cat(figures, c, k) for k in ("turn@10", "session@10"))] for c in CATEGORIES]
    text = report.table(head, rows) + "\n\n" + report.table(["category", "turn@10", "session@10"], cats)
    if "scale" in figures:
        scale = [[f"{s['stored_messages']:,}", s["requests"], "+".join(s["operations"]), s["rcu"], s["bytes_read"],
                  f"{s['search_ms']['p50']}/{s['search_ms']['p95']}"] for s in figures["scale"].values()]
        text += "\n\n" + report.table(["stored messages", "turn requests", "operations", "turn RCU", "bytes read",
                                       "search p50/p95 ms"], scale)
    rows = [[r["what"], r["budget"], r["measured"], r["verdict"]] for r in figures["budgets"]]
    return text + "\n\n" + report.table(["what", "budget", "measured", "verdict"], rows)


def _cat(figures: dict[str, Any], category: int, key: str) -> float:
    per = figures["conversations"].values()
    chosen = [(c["ours"][f"category {category}"][key], c["ours"][f"category {category}"]["questions"]) for c in per]
    total = sum(n for _, n in chosen)
    return round(sum(v * n for v, n in chosen) / total, 4) if total else 0.0


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-scale", action="store_true", help="skip the 500 / 5,000 message measurements")
    args = parser.parse_args(argv)
    figures = run(args.data, scale=not args.no_scale)
    report.emit("LoCoMo recall (development conversations, categories 1-4)", render(figures), figures)
    return figures


def missed(figures: dict[str, Any]) -> list[str]:
    return [b["what"] for b in figures.get("budgets", []) if b["verdict"] == "MISSED"]


if __name__ == "__main__":
    import sys

    failed = missed(main())
    if failed:
        print("budgets missed: " + "; ".join(failed), file=sys.stderr)
    sys.exit(1 if failed else 0)
