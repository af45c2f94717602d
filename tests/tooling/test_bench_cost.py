"""The cost arithmetic of the benchmarks: one function prices every way from one price table."""

from __future__ import annotations

import pytest

from bench.cost import LLMCall, Timing, TurnUse, Way, analysis_cost, bill
from chalicelib.config import Prices

PRICES = Prices(
    deepseek_cache_hit_per_million_tokens=1.0,
    deepseek_cache_miss_per_million_tokens=10.0,
    deepseek_output_per_million_tokens=100.0,
    dynamodb_per_million_read_request_units=1.0,
    dynamodb_per_million_write_request_units=2.0,
    lambda_per_gb_second=0.5,
    lambda_per_million_requests=3.0,
    api_gateway_per_million_requests=4.0,
)
TIMING = Timing(overhead_s=0.5, dynamodb_request_s=0.25, llm_first_token_s=1.0, llm_tokens_per_s=10.0)


def test_cache_hits_misses_and_output_are_priced_apart_and_scaled_to_a_thousand_turns():
    turn = TurnUse(llm=(LLMCall(prompt_tokens=1000, cached_tokens=800, completion_tokens=10),), rru=0, wru=0,
                   dynamodb_requests=0)
    priced = bill([turn, turn], Way("w", 1024), PRICES, TIMING)
    per_turn = (800 * 1.0 + 200 * 10.0 + 10 * 100.0) / 1e6
    assert priced.lines["DeepSeek, request path"] == pytest.approx(per_turn * 1000)


def test_lambda_time_follows_the_calls_in_a_row_and_the_configured_memory():
    turn = TurnUse(llm=(LLMCall(1, 0, 20), LLMCall(1, 0, 20)), rru=0, wru=0, dynamodb_requests=2)
    seconds = 0.5 + 2 * 0.25 + 2 * (1.0 + 20 / 10.0)
    priced = bill([turn], Way("w", 512), PRICES, TIMING)
    assert priced.usage["lambda_gb_seconds"] == pytest.approx(seconds * 0.5 * 1000)
    assert priced.lines["Lambda GB-seconds"] == pytest.approx(seconds * 0.5 * 0.5 * 1000)


def test_an_asynchronous_analysis_adds_a_lambda_request_and_its_own_units():
    turn = TurnUse(llm=(), rru=1.5, wru=10, dynamodb_requests=3, analysis_llm=(LLMCall(100, 0, 0),),
                   analysis_rru=2.5, analysis_wru=4, analysis_dynamodb_requests=3, analysis_invocations=1)
    priced = bill([turn], Way("w", 1024, analysis_memory_mb=1024), PRICES, TIMING)
    assert priced.usage["lambda_invocations"] == 2000
    assert priced.lines["DynamoDB reads"] == pytest.approx(4.0 * 1.0 / 1e6 * 1000)
    assert priced.lines["DynamoDB writes"] == pytest.approx(14 * 2.0 / 1e6 * 1000)
    assert priced.lines["DeepSeek, deep analysis"] == pytest.approx(100 * 10.0 / 1e6 * 1000)
    assert priced.lines["API Gateway requests"] == pytest.approx(4.0 / 1e6 * 1000)


def test_the_analysis_cost_is_what_the_analysis_adds_to_the_bill():
    analysed = TurnUse(llm=(LLMCall(10, 0, 1),), rru=1, wru=1, dynamodb_requests=1,
                       analysis_llm=(LLMCall(100, 0, 5),), analysis_rru=2, analysis_wru=4,
                       analysis_dynamodb_requests=2, analysis_invocations=1)
    plain = TurnUse(llm=(LLMCall(10, 0, 1),), rru=1, wru=1, dynamodb_requests=1)
    way = Way("w", 1024, analysis_memory_mb=1024)
    seconds = 0.5 + 2 * 0.25 + (1.0 + 5 / 10.0)
    per_batch = ((100 * 10.0 + 5 * 100.0) + 2 * 1.0 + 4 * 2.0 + 3.0) / 1e6 + seconds * 0.5  # GB-seconds at 1 GB
    # Two turns, one analysis between them: half the batches of one analysis per turn.
    assert analysis_cost([plain, analysed], way, PRICES, TIMING) == pytest.approx(per_batch * 500)
    assert analysis_cost([analysed, analysed], way, PRICES, TIMING) == pytest.approx(per_batch * 1000)
    assert analysis_cost([plain], way, PRICES, TIMING) == 0
