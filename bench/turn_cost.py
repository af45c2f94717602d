"""Turn cost: one user's scripted conversation on moto, every DynamoDB request and LLM call counted.

    python -m bench.turn_cost [--turns 500]

The turns go through the real services (`build_services` with a moto-backed DynamoDB client and a
counting chat model), `Conversation.take_turn`, and whatever `after_turn` hook the wiring installs
(the deep analysis runs there, in-process, right after the turn: one analysis per turn, as the
table's stream gives it when a session's turns are further apart than its batching window; see
`bench.batching` for closer ones). Requests made inside that hook are counted apart from the request path.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

from bench import cost, report
from bench.baseline import LuminoraCoreWay
from bench.chat import Completion, CountingChatModel, ExtractionEcho
from bench.meter import Call, DynamoMeter
from bench.script import messages

TABLE = "luminora-bench"
CHECKPOINTS = (5, 50, 500)
PLATEAU_FROM = 50  # the read budget compares the last turn with this one: the window is full by then
BUDGET_PREFIX_SHARE = 0.8


def run(turns: int = 500, checkpoints: Sequence[int] = CHECKPOINTS) -> dict[str, Any]:
    """Play ``turns`` turns and return the figures."""
    report.offline_aws()
    import boto3
    from moto import mock_aws

    from bench.motofast import one_snapshot_per_transaction, partition_queries, plain_json_results

    one_snapshot_per_transaction()
    with mock_aws(), partition_queries(), plain_json_results():
        return _play(boto3, turns, checkpoints)


def _play(boto3: Any, turns: int, checkpoints: Sequence[int]) -> dict[str, Any]:
    from bench.motofast import DirectReads
    from chalicelib.bootstrap import build_services
    from chalicelib.config import Settings
    from chalicelib.engine.memory.llm_extraction import LLMExtractor
    from chalicelib.engine.offline import OfflineChatModel
    from chalicelib.models import DEFAULT_PERSONALITY, TurnInput
    from scripts.table import create_table

    shadow = boto3.session.Session(region_name="us-east-1").client("dynamodb")
    meter = DynamoMeter(shadow=DirectReads(shadow))
    client = boto3.session.Session(region_name="us-east-1").client("dynamodb")
    meter.attach(client.meta.events)
    create_table(client, TABLE)
    # The deep analysis sends the real LLM extractor's request, answered with what the rules find.
    chat = CountingChatModel(ExtractionEcho(OfflineChatModel()), phase=lambda: meter.phase)
    settings = report.unrefused(Settings(table_name=TABLE, demo_mode=True))
    services = build_services(settings, dynamodb_client=client, chat_model=chat, extractor=LLMExtractor(chat))
    hooked = _watch_after_turn(services.conversation, meter)
    contexts = _watch_contexts(services.store)
    personality = services.catalog.get("bench", DEFAULT_PERSONALITY)
    core = LuminoraCoreWay(settings.history_messages)
    meter.drain()
    records, ours, theirs = [], [], []
    for number, text in enumerate(messages(turns), start=1):
        turn = TurnInput(tenant="bench", user_id="user-1", session_id="session-1", message=text)
        started = time.perf_counter()
        with meter.phase_of("request"):
            result = services.conversation.take_turn(turn)
        elapsed = (time.perf_counter() - started) * 1000
        calls, completions = meter.drain(), chat.drain()
        records.append(_turn(number, elapsed, calls, completions))
        ours.append(_use(records[-1], completions))
        theirs.append(_their_use(ours[-1], core.turn(personality, contexts[-1], text, result.mood, result.response,
                                                     _exchange(result, text))))
        if number % 50 == 0:
            report.progress(f"turn cost: {number}/{turns} turns, last {elapsed:.0f} ms")
    figures = _figures(records, checkpoints, hooked, _prompt_budget(settings))
    figures["cost"] = cost.compare(ours, theirs)
    figures["item_sizes"] = _item_sizes(shadow, "T#bench#U#user-1")
    figures["usage_counters"] = _usage_counters(shadow)
    figures["limit_counters"] = _limit_counters(shadow, records)
    figures["cache_hit_tokens_reported"] = sum(c.cached_tokens for u in ours for c in u.llm)
    figures["prompt_tokens_total"] = sum(c.prompt_tokens for u in ours for c in u.llm)
    return figures


def _item_sizes(client: Any, pk: str) -> dict[str, dict[str, int]]:
    """Count, total and largest size of the user's items, by kind, at the end of the run."""
    from bench.itemsize import item_size

    sizes: dict[str, list[int]] = {}
    query: dict[str, Any] = {"TableName": TABLE, "KeyConditionExpression": "PK = :pk",
                             "ExpressionAttributeValues": {":pk": {"S": pk}}}
    while True:
        page = client.query(**query)
        for item in page.get("Items", []):
            sizes.setdefault(item.get("entity_type", {}).get("S", "other"), []).append(item_size(item))
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return {kind: {"items": len(s), "bytes": sum(s), "largest": max(s)} for kind, s in sorted(sizes.items())}


def _usage_counters(client: Any) -> dict[str, Any]:
    """What metering adds to each turn's transaction: one tenant shard and the user's day, priced by size."""
    from bench.itemsize import item_size

    def sizes(pk: str, prefix: str) -> list[int]:
        page = client.query(TableName=TABLE, KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
                            ExpressionAttributeValues={":pk": {"S": pk}, ":p": {"S": prefix}})
        return [item_size(i) for i in page.get("Items", [])]

    shard, user = max(sizes("T#bench#USAGE", "D#"), default=0), max(sizes("T#bench#U#user-1", "USAGE#"), default=0)
    units = sum(2 * -(-size // 1024) for size in (shard, user))  # transactional: 2 units per KB of each item
    return {"added_requests": 0, "added_updates": 2, "tenant_shard_bytes": shard, "user_day_bytes": user,
            "added_write_units": units}


def _limit_counters(client: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """What the limits add to a turn: the user's window and a tenant minute shard in its transaction, and
    the slot among the tenant's turns in flight (an update before the model, given back in the transaction)."""
    from bench.itemsize import item_size

    def largest(pk: str, prefix: str) -> int:
        page = client.query(TableName=TABLE, KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
                            ExpressionAttributeValues={":pk": {"S": pk}, ":p": {"S": prefix}})
        return max((item_size(i) for i in page.get("Items", [])), default=0)

    window, minute, slot = (largest("T#bench#U#user-1", "K#LIM"), largest("T#bench#USAGE", "M#"),
                            largest("T#bench#USAGE", "F#"))
    updates = sum(r["request_path"]["operations"].count("UpdateItem") for r in records) / max(1, len(records))
    units = sum(2 * -(-size // 1024) for size in (window, minute, slot)) + round(updates) * -(-slot // 1024)
    return {"added_requests": round(updates, 3), "added_updates": 2 + bool(slot), "window_bytes": window,
            "tenant_minute_bytes": minute, "in_flight_bytes": slot, "added_write_units": units}


def _watch_contexts(store: Any) -> list[Any]:
    """Keep each turn's context as the store returns it, for the LuminoraCore-way prompts."""
    seen: list[Any] = []
    load = store.load_context

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(load(*args, **kwargs))
        return seen[-1]

    store.load_context = watched
    return seen


def _exchange(result: Any, text: str) -> list[Any]:
    from chalicelib.models import Message

    user_id = result.message_id[:-1] + "0"
    return [Message(user_id, result.session_id, "user", text, ""),
            Message(result.message_id, result.session_id, "assistant", result.response, "")]


def _use(record: dict[str, Any], completions: Sequence[Completion]) -> cost.TurnUse:
    def calls(phase: str) -> tuple[cost.LLMCall, ...]:
        return tuple(cost.LLMCall(c.prompt_tokens, c.cached_tokens, c.completion_tokens)
                     for c in completions if c.phase == phase)

    path, after = record["request_path"], record["after_turn"]
    return cost.TurnUse(
        llm=calls("request"), rru=path["rcu"], wru=path["wcu"] + path["index_wcu"],
        dynamodb_requests=path["requests"], analysis_llm=calls("after_turn"), analysis_rru=after["rcu"],
        analysis_wru=after["wcu"] + after["index_wcu"], analysis_dynamodb_requests=after["requests"],
        analysis_invocations=1 if after["requests"] else 0,
    )


def _their_use(ours: cost.TurnUse, calls: Sequence[Any]) -> cost.TurnUse:
    """LuminoraCore's three calls on the request path, charged Luminora's own DynamoDB units."""
    return cost.TurnUse(
        llm=tuple(cost.LLMCall(c.prompt_tokens, c.cached_tokens, c.completion_tokens) for c in calls),
        rru=ours.rru + ours.analysis_rru, wru=ours.wru + ours.analysis_wru,
        dynamodb_requests=ours.dynamodb_requests + ours.analysis_dynamodb_requests,
    )


def _watch_after_turn(conversation: Any, meter: DynamoMeter) -> bool:
    """Tag the requests of the `after_turn` hook (the deep analysis), if the wiring installed one."""
    hook = getattr(conversation, "_after_turn", None)
    if hook is None:
        return False

    def watched(record: Any, deadline: float | None = None) -> None:
        with meter.phase_of("after_turn"):
            hook(record, deadline)

    conversation._after_turn = watched
    return True


def _prompt_budget(settings: Any) -> int | None:
    for name in ("prompt_token_budget", "prompt_budget_tokens", "max_prompt_tokens"):
        value = getattr(settings, name, None)
        if isinstance(value, int):
            return value
    return None


def _tally(calls: Sequence[Call]) -> dict[str, Any]:
    return {
        "requests": len(calls),
        "operations": [c.operation for c in calls],
        "item_bytes_read": sum(c.read_bytes for c in calls),
        "item_bytes_read_by_call": [c.read_bytes for c in calls],
        "item_bytes_written": sum(c.written_bytes for c in calls),
        "wire_bytes_sent": sum(c.sent_bytes for c in calls),
        "wire_bytes_received": sum(c.received_bytes for c in calls),
        "rcu": sum(c.rcu for c in calls),
        "wcu": sum(c.wcu for c in calls),
        "index_wcu": sum(c.index_wcu for c in calls),
        "failed": sum(1 for c in calls if c.status != 200),
    }


def _turn(number: int, ms: float, calls: Sequence[Call], completions: Sequence[Completion]) -> dict[str, Any]:
    chat = [c for c in completions if c.phase == "request" and not c.json_mode]
    return {
        "turn": number,
        "ms": round(ms, 2),
        "request_path": _tally([c for c in calls if c.phase == "request"]),
        "after_turn": _tally([c for c in calls if c.phase == "after_turn"]),
        "llm_calls_request_path": sum(1 for c in completions if c.phase == "request"),
        "llm_calls_after_turn": sum(1 for c in completions if c.phase == "after_turn"),
        "prompt_tokens": chat[0].prompt_tokens if chat else None,
        "prompt_messages": chat[0].messages if chat else None,
        "prefix_share": round(chat[0].prefix_share, 4) if chat and chat[0].prefix_share is not None else None,
        "prefix_chars": chat[0].prefix_chars if chat else None,
        "prompt_chars": chat[0].prompt_chars if chat else None,
    }


def _figures(
    records: list[dict[str, Any]], checkpoints: Sequence[int], hooked: bool, budget: int | None
) -> dict[str, Any]:
    at = {str(n): records[n - 1] for n in sorted({*checkpoints, len(records)}) if n <= len(records)}
    shares = [r["prefix_share"] for r in records if r["prefix_share"] is not None]
    tokens = [r["prompt_tokens"] for r in records if r["prompt_tokens"] is not None]
    first, last = at[min(at, key=int)], at[max(at, key=int)]
    plateau = PLATEAU_FROM if str(PLATEAU_FROM) in at else int(min(at, key=int))
    return {
        "turns": len(records),
        "after_turn_hook": hooked,
        "at_turn": at,
        "request_path_requests_seen": sorted({r["request_path"]["requests"] for r in records}),
        # Reads of the tenant's limit counters come every few seconds per container, not every turn.
        "request_path_requests_mean": round(sum(r["request_path"]["requests"] for r in records) / len(records), 3),
        "request_path_operations_seen": sorted({op for r in records for op in r["request_path"]["operations"]}),
        "llm_calls_request_path_seen": sorted({r["llm_calls_request_path"] for r in records}),
        "after_turn_requests_total": sum(r["after_turn"]["requests"] for r in records),
        "failed_requests": sum(r["request_path"]["failed"] + r["after_turn"]["failed"] for r in records),
        "prompt_tokens_max": max(tokens) if tokens else None,
        "prompt_token_budget": budget,
        "prefix_share_mean": round(sum(shares) / len(shares), 4) if shares else None,
        "prefix_share_min": min(shares) if shares else None,
        "prefix_share_p10": sorted(shares)[len(shares) // 10] if shares else None,
        "prefix_share_weighted": _weighted_share(records),
        "turns_below_half_prefix": sum(1 for s in shares if s < 0.5),
        "turns_below_prefix_budget": sum(1 for s in shares if s < BUDGET_PREFIX_SHARE),
        "rcu_ratio_last_to_first": _ratio(last["request_path"]["rcu"], first["request_path"]["rcu"]),
        "rcu_plateau_from": plateau,
        "rcu_ratio_last_to_plateau": _ratio(last["request_path"]["rcu"], at[str(plateau)]["request_path"]["rcu"]),
        "ms_per_turn_mean": round(sum(r["ms"] for r in records) / len(records), 2),
        "method": {
            "store": "DynamoConversationStore on moto (in-process mock_aws)",
            "chat_model": "offline responder lengthened to 120-700 chars, tokens ~ ceil(chars/4) + 4 per message",
            "prefix_share": "common prefix of consecutive prompts, characters of the JSON-serialized messages",
            "capacity": "DynamoDB item-size rules on the items read and written (not moto's ConsumedCapacity)",
            "turn_ms": "includes the meter's own look-ups; use bench.throughput for speed",
        },
    }


def _weighted_share(records: Sequence[dict[str, Any]]) -> float | None:
    """Cached prompt characters over all prompt characters (turns 2 on): what the prefix cache saves."""
    pairs = [(r["prefix_chars"], r["prompt_chars"]) for r in records if r["prefix_chars"] is not None]
    total = sum(chars for _, chars in pairs)
    return round(sum(prefix for prefix, _ in pairs) / total, 4) if total else None


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def render(figures: dict[str, Any]) -> str:
    rows = []
    for number, r in figures["at_turn"].items():
        path, after = r["request_path"], r["after_turn"]
        rows.append([
            number, path["requests"], "+".join(_short(o) for o in path["operations"]),
            path["item_bytes_read"], path["item_bytes_written"], path["rcu"], f"{path['wcu']:g}+{path['index_wcu']:g}",
            after["requests"], after["rcu"], after["wcu"], r["llm_calls_request_path"], r["prompt_tokens"],
            r["prefix_share"],
        ])
    headers = ["turn", "reqs", "ops", "B read", "B written", "RCU", "WCU+idx", "analysis reqs", "analysis RCU",
               "analysis WCU", "LLM", "prompt tok", "prefix"]
    summary = (
        f"prefix share weighted {figures['prefix_share_weighted']}, mean {figures['prefix_share_mean']}, "
        f"p10 {figures['prefix_share_p10']}, min {figures['prefix_share_min']}; DeepSeek usage reports "
        f"{figures['cache_hit_tokens_reported']:,} cache-hit of {figures['prompt_tokens_total']:,} prompt tokens; "
        f"{figures['turns_below_prefix_budget']} turns under "
        f"{BUDGET_PREFIX_SHARE:.0%} ({figures['turns_below_half_prefix']} under 50%); "
        f"max prompt tokens {figures['prompt_tokens_max']} (budget {figures['prompt_token_budget']}); "
        f"request-path requests seen {figures['request_path_requests_seen']} (mean "
        f"{figures['request_path_requests_mean']}, operations {'+'.join(figures['request_path_operations_seen'])}); "
        f"after_turn hook {'wired' if figures['after_turn_hook'] else 'absent'}"
    )
    meter = figures["usage_counters"]
    summary += (f"\nusage metering adds per turn: {meter['added_requests']} requests, {meter['added_updates']} updates"
                f" in the turn's transaction (tenant shard {meter['tenant_shard_bytes']} B, user day"
                f" {meter['user_day_bytes']} B), {meter['added_write_units']} write units")
    limits = figures["limit_counters"]
    summary += (f"\nlimits add per turn: {limits['added_requests']} requests (the slot among the tenant's turns in"
                f" flight), {limits['added_updates']} updates in the turn's transaction (user window"
                f" {limits['window_bytes']} B, tenant minute {limits['tenant_minute_bytes']} B, slot given back"
                f" {limits['in_flight_bytes']} B), {limits['added_write_units']} write units")
    kinds = [[kind, s["items"], s["bytes"], s["largest"]] for kind, s in figures["item_sizes"].items()]
    sizes = report.table([f"items at turn {figures['turns']}", "count", "bytes", "largest"], kinds)
    return (report.table(headers, rows) + "\n" + summary + "\n\n" + sizes + "\n\n"
            + cost.render(figures["cost"]))


def _short(operation: str) -> str:
    return {"TransactWriteItems": "TxWrite", "TransactGetItems": "TxGet", "BatchWriteItem": "BatchW",
            "BatchGetItem": "BatchG"}.get(operation, operation)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=500)
    args = parser.parse_args(argv)
    figures = run(args.turns)
    report.emit(f"turn cost ({figures['turns']} turns, one user, one session, moto in-process)", render(figures),
                figures)
    return figures


if __name__ == "__main__":
    main()
