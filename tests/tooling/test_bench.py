"""Smoke tests of the benchmarks' instruments on moto (never their timings)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import boto3
import pytest

from bench import turn_cost
from bench.meter import DynamoMeter
from bench.motofast import one_snapshot_per_transaction, partition_queries, plain_json_results
from tests.conftest import TABLE


@pytest.fixture
def metered(dynamodb: Any) -> tuple[Any, DynamoMeter]:
    meter = DynamoMeter(shadow=dynamodb)
    client = boto3.session.Session(region_name="us-east-1").client("dynamodb")
    meter.attach(client.meta.events)
    return client, meter


def test_the_meter_prices_every_request_by_item_size(metered):
    client, meter = metered
    item = {"PK": {"S": "u"}, "SK": {"S": "a"}, "text": {"S": "x" * 5000}}
    with meter.phase_of("request"):
        client.put_item(TableName=TABLE, Item=item)
        client.get_item(TableName=TABLE, Key={"PK": {"S": "u"}, "SK": {"S": "a"}}, ProjectionExpression="PK")
        client.query(TableName=TABLE, KeyConditionExpression="PK = :pk", ExpressionAttributeValues={":pk": {"S": "u"}})
    put, get, query = meter.drain()
    size = 2 + 1 + 2 + 1 + 4 + 5000
    assert (put.operation, put.phase, put.wcu, put.written_bytes) == ("PutItem", "request", 5.0, size)
    assert (get.rcu, get.read_bytes) == (1.0, size)  # the projection does not make the read cheaper
    assert (query.rcu, query.read_bytes) == (1.0, size)
    assert put.sent_bytes > 5000 and query.received_bytes > 5000


def test_the_meter_doubles_transactions_and_charges_a_failed_condition(metered):
    client, meter = metered
    put = {"Put": {"TableName": TABLE, "Item": {"PK": {"S": "u"}, "SK": {"S": "b"}},
                   "ConditionExpression": "attribute_not_exists(SK)"}}
    client.transact_write_items(TransactItems=[put])
    with pytest.raises(client.exceptions.TransactionCanceledException):
        client.transact_write_items(TransactItems=[put])
    done, failed = meter.drain()
    assert (done.wcu, done.status) == (2.0, 200)
    assert (failed.wcu, failed.written_bytes, failed.status) == (2.0, 0, 400)


def test_one_snapshot_per_transaction_still_rolls_a_failed_transaction_back(dynamodb):
    one_snapshot_per_transaction()
    key = {"PK": {"S": "u"}, "SK": {"S": "c"}}
    dynamodb.put_item(TableName=TABLE, Item={**key, "n": {"N": "1"}})
    actions = [
        {"Update": {"TableName": TABLE, "Key": key, "UpdateExpression": "SET n = :two",
                    "ExpressionAttributeValues": {":two": {"N": "2"}}}},
        {"Put": {"TableName": TABLE, "Item": {"PK": {"S": "u"}, "SK": {"S": "c2"}},
                 "ConditionExpression": "attribute_exists(SK)"}},
    ]
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=actions)
    assert dynamodb.get_item(TableName=TABLE, Key=key)["Item"]["n"] == {"N": "1"}


def test_the_turn_cost_bench_reports_its_figures_for_a_few_turns():
    figures = turn_cost.run(turns=6, checkpoints=(1, 5))
    first, fifth = figures["at_turn"]["1"], figures["at_turn"]["5"]
    assert set(figures["at_turn"]) == {"1", "5", "6"}
    for turn in (first, fifth):
        path = turn["request_path"]
        assert path["requests"] == len(path["operations"]) >= 1
        assert path["rcu"] > 0 and path["wcu"] > 0 and path["item_bytes_written"] > 0
        assert turn["llm_calls_request_path"] == 1 and turn["prompt_tokens"] > 0
    assert first["prefix_share"] is None
    assert 0 < fifth["prefix_share"] <= 1
    assert figures["llm_calls_request_path_seen"] == [1]


def test_the_turn_cost_bench_prices_both_ways_of_the_conversation():
    figures = turn_cost.run(turns=4, checkpoints=(1,))
    bills = figures["cost"]
    for way in ("luminora", "luminoracore"):
        assert bills[way]["total"] == pytest.approx(sum(bills[way]["lines"].values()))
        assert bills[way]["usage"]["prompt_tokens"] > 0
    assert bills["luminora"]["usage"]["llm_calls"] == 2000  # one reply and one analysis a turn, per 1,000
    assert bills["luminoracore"]["usage"]["llm_calls"] == 3000
    assert bills["share"] == pytest.approx(bills["luminora"]["total"] / bills["luminoracore"]["total"], abs=1e-3)


def _requests(client: Any) -> list[Callable[[], Any]]:
    """A partition of messages beside another, and the reads and writes the benchmarks send."""
    typed = {"m": {"M": {"n": {"N": "1.50"}, "l": {"L": [{"BOOL": True}, {"NULL": True}, {"S": "é\"ü"}]}}},
             "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}}
    for user in ("u1", "u2"):
        for seq in range(60):
            item = {"PK": {"S": user}, "SK": {"S": f"S#s1#M#{seq:08d}"}, "content": {"S": "x" * seq}}
            client.put_item(TableName=TABLE, Item={**item, **(typed if seq % 7 == 0 else {})})
        client.put_item(TableName=TABLE, Item={"PK": {"S": user}, "SK": {"S": "K#F#a#b"}, "v": {"N": "3"},
                                               "GSI1PK": {"S": "P"}, "GSI1SK": {"S": user}})
    client.put_item(TableName=TABLE, Item={"PK": {"S": "u3"}, "SK": {"S": "bin"}, "b": {"B": b"\x00\x01"},
                                           "bs": {"BS": [b"\xff", b"zz"]}, "m": {"M": {"B": {"B": b"\x02"}}}})

    def query(**kwargs: Any) -> Callable[[], Any]:
        values = {":pk": {"S": "u1"}, **kwargs.pop("values", {})}
        condition = kwargs.pop("condition", "PK = :pk")
        return lambda: client.query(TableName=TABLE, KeyConditionExpression=condition,
                                    ExpressionAttributeValues=values, **kwargs)

    key = {"PK": {"S": "u1"}, "SK": {"S": "K#F#a#b"}}
    return [
        query(condition="PK = :pk AND begins_with(SK, :p)", values={":p": {"S": "S#s1#"}}, ScanIndexForward=False,
              Limit=33),
        query(condition="PK = :pk AND begins_with(SK, :p)", values={":p": {"S": "K#"}}),
        query(condition="PK = :pk AND SK BETWEEN :a AND :b",
              values={":a": {"S": "S#s1#M#00000010"}, ":b": {"S": "S#s1#M#00000030"}}, Limit=7),
        query(Limit=25, ExclusiveStartKey={"PK": {"S": "u1"}, "SK": {"S": "S#s1#M#00000020"}}),
        query(ProjectionExpression="PK, SK, m"),
        query(FilterExpression="attribute_exists(ss)", ConsistentRead=True),
        query(condition="GSI1PK = :pk", values={":pk": {"S": "P"}}, IndexName="GSI1"),
        query(values={":pk": {"S": "nobody"}}),
        lambda: client.get_item(TableName=TABLE, Key={"PK": {"S": "u1"}, "SK": {"S": "S#s1#M#00000007"}}),
        lambda: client.get_item(TableName=TABLE, Key={"PK": {"S": "u3"}, "SK": {"S": "bin"}}),
        query(values={":pk": {"S": "u3"}}),
        lambda: client.update_item(TableName=TABLE, Key=key, UpdateExpression="ADD v :one",
                                   ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW"),
        lambda: client.transact_write_items(TransactItems=[{"Update": {
            "TableName": TABLE, "Key": key, "UpdateExpression": "SET w = :w",
            "ExpressionAttributeValues": {":w": {"S": "ü"}}}}]),
        lambda: client.delete_item(TableName=TABLE, Key={"PK": {"S": "u2"}, "SK": {"S": "S#s1#M#00000014"}},
                                   ReturnValues="ALL_OLD"),
    ]


def _bodies(shortcut: Callable[[], AbstractContextManager[None]]) -> list[bytes]:
    """The raw body of each response to `_requests`, on a fresh moto, inside ``shortcut``."""
    from moto import mock_aws

    from scripts.table import create_table

    bodies: list[bytes] = []
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_table(client, TABLE)
        requests = _requests(client)
        client.meta.events.register("after-call.dynamodb", lambda http_response, **_: bodies.append(
            http_response.content))
        with shortcut():
            for request in requests:
                request()
    return bodies


@pytest.mark.parametrize("shortcut", [partition_queries, plain_json_results])
def test_each_moto_shortcut_answers_every_request_with_the_bytes_moto_sends(
    shortcut: Callable[[], AbstractContextManager[None]]
) -> None:
    expected = _bodies(nullcontext)
    assert len(expected) == 14 and all(expected)
    assert _bodies(shortcut) == expected
