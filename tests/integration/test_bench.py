"""Smoke tests of the benchmarks' instruments on moto (never their timings)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from bench import turn_cost
from bench.meter import DynamoMeter
from bench.motofast import one_snapshot_per_transaction
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
