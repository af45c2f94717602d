"""The benchmarks' pricing rules: DynamoDB item sizes and capacity units, prompt prefixes."""

from __future__ import annotations

from typing import Any

from bench.capacity import IndexSpec, TableSpec, index_write_units, item_read_units, query_read_units, write_units
from bench.chat import cached_prefix_tokens, common_prefix, estimate_tokens
from bench.itemsize import item_size, number_size
from chalicelib.models import ChatMessage

KEYS_ONLY = TableSpec(keys=("PK", "SK"), indexes=(IndexSpec("GSI1", ("GSI1PK", "GSI1SK"), "KEYS_ONLY"),))


def test_string_attributes_count_name_and_utf8_bytes():
    assert item_size({"PK": {"S": "ab"}, "é": {"S": "ü"}}) == 2 + 2 + 2 + 2


def test_numbers_count_one_byte_per_two_significant_digits_plus_one():
    assert number_size("12345") == 4
    assert number_size("1.50") == 2
    assert number_size("-0.0012") == 2
    assert item_size({"n": {"N": "1000"}}) == 1 + 2


def test_lists_and_maps_cost_three_bytes_plus_one_per_element():
    item: dict[str, Any] = {"m": {"M": {"a": {"S": "xy"}, "b": {"BOOL": True}}}, "l": {"L": [{"NULL": True}]}}
    assert item_size(item) == (1 + 3 + (1 + 1 + 2) + (1 + 1 + 1)) + (1 + 3 + (1 + 1))


def test_binary_values_count_their_raw_bytes_not_base64():
    assert item_size({"b": {"B": "AAEC"}}) == 1 + 3


def test_query_rounds_the_total_once_and_get_rounds_each_item():
    assert query_read_units([3000, 3000], factor=0.5) == 1.0
    assert item_read_units([3000, 3000], factor=0.5) == 1.0 * 2 * 0.5
    assert query_read_units([], factor=0.5) == 0.5
    assert item_read_units([0], factor=1.0) == 1.0


def test_a_transactional_write_costs_twice_the_larger_image_in_kilobytes():
    small = {"PK": {"S": "a"}}
    large = {"PK": {"S": "a"}, "x": {"S": "y" * 1500}}
    assert write_units(small, large, transactional=True) == 4.0
    assert write_units(large, small, transactional=False) == 2.0
    assert write_units(None, small, transactional=False) == 1.0


def test_a_keys_only_index_costs_a_write_only_when_its_keys_appear_or_change():
    base = {"PK": {"S": "u"}, "SK": {"S": "r"}, "points": {"N": "1"}}
    indexed = {**base, "GSI1PK": {"S": "p"}, "GSI1SK": {"S": "u"}}
    assert index_write_units(KEYS_ONLY, None, base) == 0
    assert index_write_units(KEYS_ONLY, None, indexed) == 1
    assert index_write_units(KEYS_ONLY, indexed, {**indexed, "points": {"N": "2"}}) == 0
    assert index_write_units(KEYS_ONLY, indexed, {**indexed, "GSI1PK": {"S": "q"}}) == 2


def test_common_prefix_is_the_length_of_the_shared_start():
    assert common_prefix("abcdef", "abcxyz") == 3
    assert common_prefix("abc", "abc") == 3
    assert common_prefix("", "abc") == 0


def test_cached_tokens_are_whole_shared_messages_then_the_shared_start_of_the_next_content():
    system, said = ChatMessage("system", "s" * 40), ChatMessage("user", "hello there")
    before = (system, said, ChatMessage("system", "memory: Ana likes tea"), ChatMessage("user", "hi"))
    after = (system, said, ChatMessage("system", "memory: Ana likes chess"), ChatMessage("user", "yo"))
    shared = len("memory: Ana likes ")
    assert cached_prefix_tokens(before, after) == estimate_tokens((system, said)) + shared // 4
    # JSON escaping of the wire format is no part of a token count: quotes cost nothing extra.
    quoted = (ChatMessage("user", '{"a": "b", "c": "d"}' * 4),)
    assert cached_prefix_tokens(quoted, quoted) == estimate_tokens(quoted)
    assert cached_prefix_tokens((system,), (ChatMessage("user", system.content),)) == 0
