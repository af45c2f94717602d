"""Luminora's services on moto for the recall bench: a settable clock, a meter, imports and searches."""

from __future__ import annotations

import contextlib
import json
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from bench.locomo_data import Question, Turn

TENANT = "locomo"
TABLE = "luminora-locomo"
DEPTH = 50  # the search limit the session ranking is read from


class BenchClock:
    """The bench's settable clock: each session is imported at its own date."""

    def __init__(self) -> None:
        self.moment = datetime(2000, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return time.monotonic()


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


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2) if ordered else 0.0


class Timed(NamedTuple):
    """Each search's results, and its time in ms: on the CPU (this thread) and on the wall clock."""

    ranked: list[list[list[str]]]
    cpu_ms: list[float]
    wall_ms: list[float]

    def figures(self) -> dict[str, float]:
        return {"p50": percentile(self.cpu_ms, 0.5), "p95": percentile(self.cpu_ms, 0.95),
                "wall_p50": percentile(self.wall_ms, 0.5), "wall_p95": percentile(self.wall_ms, 0.95)}


def timed_searches(stack: Stack, user_id: str, questions: Sequence[Question]) -> Timed:
    """Every question searched with ``limit`` `DEPTH`, without the meter's hooks.

    In-process a search waits on nothing but the CPU (moto answers in the same thread), so its CPU time
    is what it costs; the wall clock adds whatever else the machine runs meanwhile, and is shown beside it.
    """
    timed = Timed([], [], [])
    with stack.unmetered():
        for question in questions:
            wall, cpu = time.perf_counter(), time.thread_time()
            timed.ranked.append(stack.search(user_id, question.text, DEPTH))
            timed.cpu_ms.append((time.thread_time() - cpu) * 1000)
            timed.wall_ms.append((time.perf_counter() - wall) * 1000)
    return timed


def memory_tokens(stack: Stack, user_id: str, personality: str, questions: Sequence[Question]) -> dict[str, float]:
    """Tokens of the memory block a turn would carry for each question (a new session, nothing in its window)."""
    from chalicelib.engine.memory import retrieval
    from chalicelib.engine.recall import index
    from chalicelib.usecases.conversation import recall_budget

    context = stack.services.store.load_context(TENANT, user_id, personality, "bench-new", 1)
    shards = index.unpack_all(s.blob for s in context.recall)
    budget = recall_budget(stack.settings.memory_token_budget)
    sizes = [len(retrieval.recall(context.facts, context.episodes, q.text, stack.clock.now(), budget,
                                  shards=shards, voices=(personality,)).block) // 4 + 4 for q in questions]
    return {"mean": round(statistics.mean(sizes), 1), "max": max(sizes), "budget": budget}


