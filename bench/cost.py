"""What 1,000 turns cost: DeepSeek, DynamoDB, Lambda and API Gateway, Luminora beside LuminoraCore's way.

`bill` prices a list of `TurnUse` (what each turn of `bench.turn_cost`'s conversation used) with the
one price table, `chalicelib.config.PRICES`, and scales it to 1,000 turns. Both ways go through the
same function; only what they use differs:

- DeepSeek: prompt tokens split into cache hits and misses (the prefix shared with the previous call
  of the same kind), and completion tokens, per call.
- DynamoDB: read and write request units (on-demand) as `bench.meter` prices them from item sizes,
  index writes included. LuminoraCore's way is charged Luminora's own units: its layout is not
  modelled, which can only flatter it.
- Lambda: one request per invocation and GB-seconds at the configured memory. Its duration is modelled,
  not measured (the bench's chat model and moto answer at their own speed): `Timing` below.
- API Gateway: one REST request per turn.
- Deep analysis: in AWS an invocation of the ``analyze`` function by the table's stream (its own Lambda
  request and GB-seconds) that makes one JSON-mode DeepSeek call and its DynamoDB requests per session
  of the batch. `bench.turn_cost` analyses after every turn (one turn per batch); `bench.batching`
  measures bursts of turns that share one batch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bench import report
from chalicelib.config import PRICES, Prices

CHALICE_CONFIG = Path(__file__).resolve().parent.parent / ".chalice" / "config.json"
TURNS = 1000
BUDGET_SHARE = 1 / 3  # DESIGN.md: under a third of LuminoraCore's way
# LuminoraCore's serverless guide gives its function 1,024 MB ("minimum for LuminoraCore").
LUMINORACORE_MEMORY_MB = 1024


@dataclass(frozen=True)
class Timing:
    """How long a Lambda invocation runs: assumptions, not measurements (they weigh on the Lambda line only)."""

    overhead_s: float = 0.02  # the handler's own work: parsing, prompt, validation
    dynamodb_request_s: float = 0.01  # one DynamoDB round trip inside the region
    llm_first_token_s: float = 0.8  # DeepSeek's wait before the first token of a non-streamed call
    llm_tokens_per_s: float = 50.0  # completion tokens a second


TIMING = Timing()


@dataclass(frozen=True)
class LLMCall:
    """One DeepSeek call's tokens."""

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class TurnUse:
    """What one turn used, on its request path and in its deep analysis."""

    llm: tuple[LLMCall, ...]
    rru: float
    wru: float
    dynamodb_requests: int
    analysis_llm: tuple[LLMCall, ...] = ()
    analysis_rru: float = 0.0
    analysis_wru: float = 0.0
    analysis_dynamodb_requests: int = 0
    analysis_invocations: int = 0


@dataclass(frozen=True)
class Way:
    """How a deployment runs: its functions' memory."""

    name: str
    memory_mb: int
    analysis_memory_mb: int = 0


@dataclass
class Bill:
    """Dollars per 1,000 turns, line by line."""

    way: str
    lines: dict[str, float] = field(default_factory=dict)
    usage: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.lines.values())


def bill(turns: Sequence[TurnUse], way: Way, prices: Prices = PRICES, timing: Timing = TIMING) -> Bill:
    """Price ``turns`` the same way for any deployment, scaled to 1,000 turns."""
    scale = TURNS / max(len(turns), 1)
    request = [c for t in turns for c in t.llm]
    analysis = [c for t in turns for c in t.analysis_llm]
    request_gbs = sum(_seconds(t.llm, t.dynamodb_requests, timing) for t in turns) * way.memory_mb / 1024
    analysis_gbs = sum(_seconds(t.analysis_llm, t.analysis_dynamodb_requests, timing)
                       for t in turns if t.analysis_invocations) * way.analysis_memory_mb / 1024
    invocations = len(turns) + sum(t.analysis_invocations for t in turns)
    result = Bill(way.name)
    result.lines = {
        "DeepSeek, request path": _deepseek(request, prices) * scale,
        "DeepSeek, deep analysis": _deepseek(analysis, prices) * scale,
        "DynamoDB reads": sum(t.rru + t.analysis_rru for t in turns) * prices.dynamodb_per_million_read_request_units
        / 1e6 * scale,
        "DynamoDB writes": sum(t.wru + t.analysis_wru for t in turns)
        * prices.dynamodb_per_million_write_request_units / 1e6 * scale,
        "Lambda GB-seconds": (request_gbs + analysis_gbs) * prices.lambda_per_gb_second * scale,
        "Lambda requests": invocations * prices.lambda_per_million_requests / 1e6 * scale,
        "API Gateway requests": len(turns) * prices.api_gateway_per_million_requests / 1e6 * scale,
    }
    result.usage = {
        "llm_calls": (len(request) + len(analysis)) * scale,
        "prompt_tokens": sum(c.prompt_tokens for c in (*request, *analysis)) * scale,
        "cache_hit_tokens": sum(c.cached_tokens for c in (*request, *analysis)) * scale,
        "completion_tokens": sum(c.completion_tokens for c in (*request, *analysis)) * scale,
        "read_request_units": sum(t.rru + t.analysis_rru for t in turns) * scale,
        "write_request_units": sum(t.wru + t.analysis_wru for t in turns) * scale,
        "lambda_gb_seconds": (request_gbs + analysis_gbs) * scale,
        "lambda_invocations": invocations * scale,
    }
    return result


def analysis_cost(turns: Sequence[TurnUse], way: Way, prices: Prices = PRICES, timing: Timing = TIMING) -> float:
    """What the deep analysis adds to the bill of ``turns``: the bill less that of the same turns without it."""
    without = [replace(t, analysis_llm=(), analysis_rru=0.0, analysis_wru=0.0, analysis_dynamodb_requests=0,
                       analysis_invocations=0) for t in turns]
    return bill(turns, way, prices, timing).total - bill(without, way, prices, timing).total


def _deepseek(calls: Sequence[LLMCall], prices: Prices) -> float:
    hits = sum(c.cached_tokens for c in calls)
    misses = sum(c.prompt_tokens - c.cached_tokens for c in calls)
    output = sum(c.completion_tokens for c in calls)
    return (hits * prices.deepseek_cache_hit_per_million_tokens + misses * prices.deepseek_cache_miss_per_million_tokens
            + output * prices.deepseek_output_per_million_tokens) / 1e6


def _seconds(calls: Sequence[LLMCall], requests: int, timing: Timing) -> float:
    """One invocation's modelled duration: its own work, its DynamoDB requests, its LLM calls in a row."""
    waiting = sum(timing.llm_first_token_s + c.completion_tokens / timing.llm_tokens_per_s for c in calls)
    return timing.overhead_s + requests * timing.dynamodb_request_s + waiting


def luminora_way(config_path: Path = CHALICE_CONFIG, stage: str = "dev") -> Way:
    """Luminora's functions at the memory ``.chalice/config.json`` gives ``stage``."""
    config = json.loads(config_path.read_text(encoding="utf-8"))
    stage_config = config.get("stages", {}).get(stage, {})
    memory = int(stage_config.get("lambda_memory_size", config.get("lambda_memory_size", 128)))
    analyze = stage_config.get("lambda_functions", {}).get("analyze", {})
    return Way("Luminora", memory, int(analyze.get("lambda_memory_size", memory)))


def compare(ours: Sequence[TurnUse], theirs: Sequence[TurnUse], stage: str = "dev") -> dict[str, Any]:
    """Both bills and the share Luminora's is of LuminoraCore's."""
    mine = bill(ours, luminora_way(stage=stage))
    core = bill(theirs, Way("LuminoraCore's way", LUMINORACORE_MEMORY_MB))
    share = mine.total / core.total if core.total else math.inf
    return {
        "turns_priced": len(ours),
        "per_turns": TURNS,
        "prices_as_of": PRICES.as_of,
        "luminora": {"lines": mine.lines, "total": mine.total, "usage": mine.usage},
        "luminoracore": {"lines": core.lines, "total": core.total, "usage": core.usage},
        "share": round(share, 3),
        "budget_share": BUDGET_SHARE,
        "met": share < BUDGET_SHARE,
    }


def render(figures: dict[str, Any]) -> str:
    """The two bills side by side, one line per item."""
    ours, theirs = figures["luminora"], figures["luminoracore"]
    rows = [[name, f"{ours['lines'][name]:.5f}", f"{theirs['lines'][name]:.5f}"] for name in ours["lines"]]
    rows.append(["total", f"{ours['total']:.5f}", f"{theirs['total']:.5f}"])
    usage = [[name.replace("_", " "), f"{ours['usage'][name]:,.1f}", f"{theirs['usage'][name]:,.1f}"]
             for name in ours["usage"]]
    text = report.table([f"USD per {figures['per_turns']:,} turns", "Luminora", "LuminoraCore's way"], rows)
    text += "\n\n" + report.table([f"use per {figures['per_turns']:,} turns", "Luminora", "LuminoraCore's way"],
                                  usage)
    return text + (f"\nLuminora costs {figures['share']:.0%} of LuminoraCore's way (budget < "
                   f"{figures['budget_share']:.0%}); prices of {figures['prices_as_of']} "
                   f"(chalicelib/config.py), DeepSeek at peak rates; priced from {figures['turns_priced']} turns")
