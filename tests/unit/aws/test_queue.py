from __future__ import annotations

from typing import Any

import boto3
from moto import mock_aws

from chalicelib.aws.queue import SqsEventQueue


def test_events_sent_by_queue_name_arrive_on_that_queue(monkeypatch: Any) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="luminora-webhooks")["QueueUrl"]
        SqsEventQueue(sqs, "luminora-webhooks").send('{"a": 1}')
        SqsEventQueue(sqs, url).send('{"b": 2}')
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        assert sorted(m["Body"] for m in got) == ['{"a": 1}', '{"b": 2}']
