"""LuminoraCore's 12 shipped files (same shapes and names) over real HTTP against the local stack."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from scripts.stack import LocalStack
from tests.e2e.conftest import call
from tests.luminoracore import SHAPES, Shape, document, raw


@pytest.mark.parametrize("shape", SHAPES, ids=[s.file for s in SHAPES])
def test_each_file_stores_under_its_name_reads_back_equal_and_talks(stack: LocalStack, shape: Shape) -> None:
    path = "/personalities/" + quote(shape.name, safe="")
    status, saved = call(stack, "PUT", path, raw=raw(shape))
    assert status == 200, saved
    assert saved["name"] == shape.name
    assert call(stack, "GET", path) == (200, json.loads(json.dumps(document(shape))))
    user = "e2e-lc-" + shape.file.removesuffix(".json").strip("_")
    turn = {"user_id": user, "session_id": user, "message": "Hello!", "personality_name": shape.name}
    status, reply = call(stack, "POST", "/message", turn)
    assert status == 200, reply
    assert shape.name in reply["response"]  # its own greeting, the name unharmed by punctuation styles
    status, relationship = call(stack, "GET", f"/users/{user}/relationships/" + quote(shape.name, safe=""))
    assert status == 200 and relationship["total_interactions"] == 1


def test_a_name_with_an_apostrophe_and_accents_works_in_every_route(stack: LocalStack) -> None:
    name = "Zoë O'Brien"
    doc = document(SHAPES[0])
    doc["persona"]["name"] = name
    path = "/personalities/" + quote(name, safe="")
    assert call(stack, "PUT", path, raw=json.dumps(doc).encode())[0] == 200
    assert call(stack, "GET", path) == (200, doc)
    turn = {"user_id": "e2e-zoe", "session_id": "z1", "message": "Hi there", "personality_name": name}
    assert call(stack, "POST", "/message", turn)[0] == 200
    status, relationship = call(stack, "GET", "/users/e2e-zoe/relationships/" + quote(name, safe=""))
    assert status == 200 and relationship["total_interactions"] == 1
    assert call(stack, "GET", "/users/e2e-zoe/episodes?personality_name=" + quote(name, safe=""))[0] == 200
    assert call(stack, "DELETE", path)[0] == 204
    assert call(stack, "GET", path)[0] == 404


def test_memory_preferences_and_interaction_types_act_over_http(stack: LocalStack) -> None:
    doc = document(next(s for s in SHAPES if s.file == "dr_luna_v1_1.json"))
    doc["persona"]["name"] = "Dr. Nova"
    doc["memory_preferences"]["fact_categories"] = ["personal_info"]  # hobbies are not kept
    assert call(stack, "PUT", "/personalities/Dr.%20Nova", raw=json.dumps(doc).encode())[0] == 200
    first = {"user_id": "e2e-nova", "session_id": "n1", "message": "My name is Ines and I love photography.",
             "personality_name": "Dr. Nova"}
    assert call(stack, "POST", "/message", first)[0] == 200
    status, facts = call(stack, "GET", "/users/e2e-nova/facts")
    assert status == 200 and {f["category"] for f in facts["facts"]} == {"personal_info"}
    status, before = call(stack, "GET", "/users/e2e-nova/relationships/Dr.%20Nova")
    science = {**first, "message": "How does gravity work?"}  # neutral (0) + question_about_science (+2)
    status, reply = call(stack, "POST", "/message", science)
    assert status == 200 and reply["affinity_points"] == before["affinity_points"] + 2
