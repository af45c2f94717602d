"""Import a conversation, search it, and see a past session's turn reach the prompt (moto, the real app)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from tests.fakes import FakeClock, ScriptedChatModel
from tests.integration.conftest import TENANT, make_client

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def chat() -> ScriptedChatModel:
    return ScriptedChatModel("Nice to hear from you again.")


@pytest.fixture
def api(dynamodb: Any, clock: FakeClock, chat: ScriptedChatModel) -> Iterator[Client]:
    from chalicelib.bootstrap import build_services
    from chalicelib.config import Settings
    from tests.conftest import TABLE
    from tests.integration.conftest import KEY, KeyedClient

    settings = Settings(table_name=TABLE, demo_mode=True, api_keys=f"{KEY}={TENANT}")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, chat_model=chat, clock=clock))
    with KeyedClient(app_module.app) as client:
        yield client
    app_module.set_services(None)


def _post(client: Client, path: str, body: dict[str, Any], **headers: str) -> Any:
    return client.http.post(path, headers={**JSON, **headers}, body=json.dumps(body))


def _history(clock: FakeClock) -> list[dict[str, str]]:
    start = clock.now() - timedelta(days=30)
    lines = [
        ("user", "We finally adopted a puppy from the shelter, his name is Biscuit!"),
        ("assistant", "Biscuit is a perfect name. How is he settling in?"),
        ("user", "He chewed my running shoes, but I forgive him."),
        ("assistant", "Puppies do that. Have you tried chew toys?"),
    ]
    return [{"role": r, "content": c, "created_at": (start + timedelta(minutes=i)).isoformat(),
             "external_id": f"app-{i}"} for i, (r, c) in enumerate(lines)]


def test_an_imported_conversation_can_be_searched_with_its_own_ids(api: Client, clock: FakeClock) -> None:
    done = _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)})
    assert done.status_code == 200, done.body
    assert done.json_body["imported"] == 4 and len(done.json_body["message_ids"]) == 4
    found = _post(api, "/users/ana/memories/search", {"query": "What is the name of my dog?"})
    assert found.status_code == 200, found.body
    results = found.json_body["results"]
    best = next(r for r in results if r["kind"] == "message")
    assert "Biscuit" in best["text"] and best["session_id"] == "old-chat"
    assert best["sources"][0]["external_id"] in {"app-0", "app-1"}
    assert best["at"] < clock.iso()
    listed = api.http.get("/users/ana/sessions/old-chat/messages").json_body["messages"]
    assert [m["content"] for m in listed] == [m["content"] for m in _history(clock)]


def test_a_past_sessions_turn_reaches_the_prompt_of_a_new_session(api: Client, clock: FakeClock,
                                                                   chat: ScriptedChatModel) -> None:
    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)}).status_code == 200
    said = "Biscuit chewed my shoes again"
    top = _post(api, "/users/ana/memories/search", {"query": said}).json_body["results"]
    turn = _post(api, "/message", {"user_id": "ana", "session_id": "today", "message": said})
    assert turn.status_code == 200, turn.body
    memory = [m for m in chat.requests[-1].messages if m.role == "system"][-1].content
    assert "He chewed my running shoes, but I forgive him." in memory
    assert memory.index(top[0]["text"][:30]) < memory.index(top[1]["text"][:30]), "the top of the search ranking"
    assert chat.requests[-1].messages[-1].content == said, "the memory block comes before the new message"


def test_an_import_repeated_with_its_idempotency_key_stores_nothing_twice(api: Client, clock: FakeClock) -> None:
    body = {"messages": _history(clock)}
    first = _post(api, "/users/ana/sessions/old-chat/import", body, **{"Idempotency-Key": "imp-1"})
    again = _post(api, "/users/ana/sessions/old-chat/import", body, **{"Idempotency-Key": "imp-1"})
    assert again.status_code == 200 and again.json_body == first.json_body
    assert len(api.http.get("/users/ana/sessions/old-chat/messages").json_body["messages"]) == 4
    other = _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)[:1]},
                  **{"Idempotency-Key": "imp-1"})
    assert other.status_code == 422


@pytest.mark.parametrize(("change", "field"), [
    (lambda m: m[1].update(created_at=m[0]["created_at"].replace("+00:00", "+05:00")), "messages.1.created_at"),
    (lambda m: m[0].update(created_at="2020-01-01T10:00:00"), "messages.0.created_at"),
    (lambda m: m[2].update(role="system"), "messages.2.role"),
    (lambda m: m[3].update(external_id="has#hash"), "messages.3.external_id"),
    (lambda m: m[1].update(content="\u200b "), "messages.1.content"),
])
def test_a_bad_message_is_refused_by_its_field_and_nothing_is_stored(api: Client, clock: FakeClock, change: Any,
                                                                      field: str) -> None:
    messages = _history(clock)
    change(messages)
    refused = _post(api, "/users/ana/sessions/old-chat/import", {"messages": messages})
    assert refused.status_code == 400 and refused.json_body["Message"].startswith(field), refused.body
    assert api.http.get("/users/ana/sessions/old-chat/messages").json_body["messages"] == []


def test_future_dates_and_dates_before_the_sessions_last_message_are_refused(api: Client, clock: FakeClock) -> None:
    future = [{"role": "user", "content": "hi", "created_at": clock.iso(timedelta(minutes=5))}]
    refused = _post(api, "/users/ana/sessions/s/import", {"messages": future})
    assert refused.status_code == 400 and "future" in refused.json_body["Message"]
    assert _post(api, "/users/ana/sessions/s/import", {"messages": _history(clock)[2:]}).status_code == 200
    earlier = _post(api, "/users/ana/sessions/s/import", {"messages": _history(clock)[:1]})
    assert earlier.status_code == 400 and earlier.json_body["Message"].startswith("messages.0.created_at")


def test_an_import_moves_affinity_only_when_asked(api: Client, clock: FakeClock) -> None:
    happy = [{"role": "user", "content": "I love talking with you, you are wonderful!",
              "created_at": clock.iso(timedelta(minutes=-10 + i))} for i in range(3)]
    assert _post(api, "/users/ana/sessions/a/import", {"messages": happy}).status_code == 200
    assert api.http.get("/users/ana/relationships/Assistant").status_code == 404
    assert _post(api, "/users/bo/sessions/a/import", {"messages": happy, "count_interactions": True}).status_code == 200
    rel = api.http.get("/users/bo/relationships/Assistant").json_body
    assert rel["total_interactions"] == 3 and rel["affinity_points"] > 0


def test_search_sees_one_tenant_and_one_personality_and_erase_removes_the_index(api: Client, clock: FakeClock,
                                                                                dynamodb: Any) -> None:
    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)}).status_code == 200
    assert _post(api, "/users/bo/memories/search", {"query": "Biscuit"}).json_body["results"] == []
    rook = _post(api, "/users/ana/memories/search", {"query": "Biscuit", "personality_name": "Rook"})
    assert rook.status_code == 200 and rook.json_body["results"] == []
    exported = api.http.get("/users/ana/export").json_body
    assert {r["external_id"] for r in exported["recall"]} == {"app-0", "app-1", "app-2", "app-3"}
    assert api.http.delete("/users/ana").status_code == 200
    assert _post(api, "/users/ana/memories/search", {"query": "Biscuit"}).json_body["results"] == []


def test_what_was_said_expires_recall_days_after_its_session(api: Client, clock: FakeClock) -> None:
    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)}).status_code == 200
    clock.advance(timedelta(days=90 + 364))
    assert _post(api, "/users/ana/memories/search", {"query": "Biscuit"}).json_body["results"]
    clock.advance(timedelta(days=2))
    assert _post(api, "/users/ana/memories/search", {"query": "Biscuit"}).json_body["results"] == []


def test_search_limits_and_bodies_are_checked(api: Client) -> None:
    for body, field in (({"query": ""}, "query"), ({"query": "x", "limit": 51}, "limit"),
                        ({"query": "x", "extra": 1}, "extra"), ({"query": "x", "personality_name": "Nobody"}, None)):
        answer = _post(api, "/users/ana/memories/search", body)
        if field is None:
            assert answer.status_code == 404
        else:
            assert answer.status_code == 400 and answer.json_body["Message"].startswith(field), answer.body


def test_make_client_wires_import_and_search(dynamodb: Any) -> None:
    with make_client(dynamodb) as client:
        assert _post(client, "/users/u/memories/search", {"query": "anything"}).json_body == {"results": []}
    app_module.set_services(None)


def test_two_hundred_messages_are_imported_in_one_call_and_analysed(api: Client, clock: FakeClock) -> None:
    start = clock.now() - timedelta(days=2)
    messages = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"Note {i}: the heron came back",
                 "created_at": (start + timedelta(minutes=i)).isoformat(), "external_id": f"n{i}"} for i in range(200)]
    messages[150]["content"] = "I finally finished knitting the blue scarf"
    done = _post(api, "/users/ana/sessions/long/import", {"messages": messages})
    assert done.status_code == 200 and done.json_body["imported"] == 200
    page = api.http.get("/users/ana/sessions/long/messages?limit=200").json_body["messages"]
    assert len(page) == 200 and page[150]["content"].startswith("I finally finished knitting")
    found = _post(api, "/users/ana/memories/search", {"query": "knitting scarf", "limit": 1}).json_body["results"]
    assert found[0]["sources"] == [{"message_id": done.json_body["message_ids"][150], "external_id": "n150"}]
    later = [{"role": "user", "content": "And now a hat", "created_at": clock.iso(timedelta(minutes=-1))}]
    assert _post(api, "/users/ana/sessions/long/import", {"messages": later}).status_code == 200
    assert len(api.http.get("/users/ana/sessions/long/messages?limit=200").json_body["messages"]) == 200
    assert api.http.get("/users/ana/sessions/long/messages?after=199").json_body["messages"][0]["content"] == (
        "And now a hat")


def test_another_tenant_with_the_same_user_id_finds_nothing(api: Client, clock: FakeClock, dynamodb: Any) -> None:
    from chalicelib.bootstrap import build_services
    from chalicelib.config import Settings
    from tests.conftest import TABLE
    from tests.integration.conftest import KeyedClient

    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)}).status_code == 200
    settings = Settings(table_name=TABLE, demo_mode=True, api_keys="other-key=other")
    app_module.set_services(build_services(settings, dynamodb_client=dynamodb, clock=clock))
    with KeyedClient(app_module.app, key="other-key") as other:
        assert _post(other, "/users/ana/memories/search", {"query": "Biscuit"}).json_body["results"] == []


def test_an_import_into_an_expired_session_starts_a_clean_life(api: Client, clock: FakeClock, dynamodb: Any) -> None:
    from tests.conftest import TABLE

    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)}).status_code == 200
    dynamodb.update_item(TableName=TABLE, Key={"PK": {"S": f"T#{TENANT}#U#ana"}, "SK": {"S": "S#old-chat#~META"}},
                         UpdateExpression="SET summary = :s", ExpressionAttributeValues={":s": {"S": "about Biscuit"}})
    clock.advance(timedelta(days=91))
    again = [{"role": "user", "content": "Hello after a long while", "created_at": clock.iso(timedelta(minutes=-1))}]
    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": again}).status_code == 200
    sessions = api.http.get("/users/ana/export").json_body["sessions"]
    assert [(s["summary"], s["message_count"]) for s in sessions] == [("", 5)]
    listed = api.http.get("/users/ana/sessions/old-chat/messages").json_body["messages"]
    assert [m["content"] for m in listed] == ["Hello after a long while"]
    assert _post(api, "/users/ana/memories/search", {"query": "Biscuit"}).json_body["results"], "still recallable"


def test_a_turn_reads_the_recall_index_in_one_query_once_the_user_has_one(api: Client, clock: FakeClock,
                                                                           dynamodb: Any) -> None:
    calls: list[str] = []
    dynamodb.meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(model.name))

    def turn_requests(user: str, session: str) -> list[str]:
        calls.clear()
        assert _post(api, "/message", {"user_id": user, "session_id": session, "message": "hi"}).status_code == 200
        return [c for c in calls if c != "BatchGetItem"]  # the tenant's limits, read at most every few seconds

    # The knowledge Query, the slot among the tenant's turns in flight, the session's tail, the write.
    assert turn_requests("new", "s1")[:4] == ["Query", "UpdateItem", "Query", "TransactWriteItems"], "nothing indexed"
    assert _post(api, "/users/ana/sessions/old-chat/import", {"messages": _history(clock)}).status_code == 200
    assert turn_requests("ana", "today")[:5] == ["Query", "UpdateItem", "Query", "Query", "TransactWriteItems"]
