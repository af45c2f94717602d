"""Clients that send no `user` (`llm`, LangChain's `ChatOpenAI`, the SDK) need only a base URL, a key and a model."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openai
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from scripts.stack import LocalStack
from tests.e2e.conftest import LOCAL_KEY, call

LLM = Path(sys.executable).with_name("llm")  # installed beside pytest by requirements-dev.txt


def _key_user(key: str) -> str:
    """The end user docs/api.md documents for a request that names none."""
    return "apikey." + hashlib.sha256(b"luminora end user\0" + key.encode()).hexdigest()[:20]


def _facts(stack: LocalStack, user: str) -> list[str]:
    status, body = call(stack, "GET", f"/users/{user}/facts")
    assert status == 200, body
    return [str(fact["value"]) for fact in body["facts"]]


def test_the_sdk_without_user_or_with_safety_identifier_is_answered(stack: LocalStack) -> None:
    with openai.OpenAI(base_url=f"{stack.url}/v1", api_key=LOCAL_KEY, max_retries=0, timeout=30) as sdk:
        plain = sdk.chat.completions.create(model="Rook", messages=[{"role": "user", "content": "Hello there"}])
        assert plain.choices[0].message.content
        named = sdk.chat.completions.create(model="Rook", safety_identifier="sdk-safety-cleo",
                                            messages=[{"role": "user", "content": "Hi! My name is Cleo."}])
        assert named.choices[0].message.content
    status, relationship = call(stack, "GET", "/users/sdk-safety-cleo/relationships/Rook")
    assert status == 200 and relationship["total_interactions"] == 1


def test_langchain_chat_openai_talks_to_v1_with_a_base_url_a_key_and_a_model(stack: LocalStack) -> None:
    chat = ChatOpenAI(base_url=f"{stack.url}/v1", api_key=SecretStr(LOCAL_KEY), model="Assistant",
                      max_retries=0, timeout=30)
    first = chat.invoke("Hi! My name is Dana and I live in Lyon.")
    assert isinstance(first.content, str) and first.content
    later = chat.invoke("Do you remember me?")  # nothing resent: Luminora's memory knows her
    assert "Dana" in str(later.content)
    streamed = "".join(str(chunk.content) for chunk in chat.stream("Tell me something calm."))
    assert streamed.strip()
    assert "Dana" in _facts(stack, _key_user(LOCAL_KEY))


def test_the_llm_tool_talks_to_v1_as_a_configured_openai_compatible_model(stack: LocalStack, tmp_path: Path) -> None:
    (tmp_path / "extra-openai-models.yaml").write_text(
        f"- model_id: luminora-spark\n  model_name: Spark\n  api_base: {stack.url}/v1\n  api_key_name: luminora\n",
        encoding="utf-8",
    )
    env = {**os.environ, "LLM_USER_PATH": str(tmp_path)}
    env.pop("OPENAI_API_KEY", None)
    subprocess.run([str(LLM), "keys", "set", "luminora", "--value", LOCAL_KEY], env=env, check=True, timeout=60)

    def prompt(text: str, *options: str) -> str:
        done = subprocess.run([str(LLM), "-m", "luminora-spark", *options, text], env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert prompt("Hi! My name is Eli and I just ran a marathon.").strip()
    assert "Eli" in prompt("Do you remember my name?", "--no-stream")
    assert "Eli" in _facts(stack, _key_user(LOCAL_KEY))
