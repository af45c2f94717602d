"""Settings: the one reader of the process environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything Luminora reads from its environment, parsed once."""

    table_name: str = "luminora-local"
    region: str = "us-east-1"
    demo_mode: bool = False
    deepseek_api_key: str | None = field(default=None, repr=False)
    deepseek_api_key_parameter: str | None = None
    deepseek_key_max_age_seconds: int = 300  # how long a key read from SSM is trusted before it is read again
    deepseek_base_url: str = "https://api.deepseek.com"
    deepseek_model: str = "deepseek-flash"
    deepseek_connect_timeout: float = 3.05
    deepseek_read_timeout: float = 20.0
    deepseek_max_tokens: int = 512
    deepseek_max_retries: int = 2
    deepseek_backoff_seconds: float = 0.5
    deepseek_min_attempt_seconds: float = 1.0
    turn_budget_seconds: float = 25.0
    max_message_chars: int = 4000
    history_messages: int = 32
    page_size: int = 50
    export_page_bytes: int = 512_000  # an export page's stored size, well under Lambda's 6 MB response limit
    session_ttl_days: int = 90
    stage: str = ""
    # Plain `key=tenant` pairs (LUMINORA_API_KEYS); hashed when the services are built.
    api_keys: str = field(default="", repr=False)
    log_level: str = "INFO"
    # Powertools: the `service` dimension and log field, and the metrics' CloudWatch namespace.
    service_name: str = "luminora-local"
    metrics_namespace: str = "Luminora"
    # Memory: deep analysis, caps, retrieval and the prompt's budget.
    # inline: in-process right after the turn (local stage, tests); stream: the table's stream triggers
    # the `analyze` function (the AWS stages), so the turn does nothing more; off: only the nightly catch-up.
    analysis_mode: str = "inline"
    # boto3's clients (DynamoDB, SSM): every attempt bounded, and few enough of them that a hung or throttled
    # service costs a turn seconds, not its whole budget (boto3's defaults are 60 s reads and, for
    # DynamoDB, 10 attempts).
    aws_connect_timeout: float = 1.0
    aws_read_timeout: float = 3.0
    aws_max_attempts: int = 3
    analysis_batch_messages: int = 40
    max_facts: int = 60
    max_episodes: int = 30
    fact_history: int = 5
    prompt_token_budget: int = 4000
    memory_token_budget: int = 400
    mood_half_life_hours: float = 6.0
    recall_days: int = 365  # what a user said stays recallable this long after its session ends
    # Follow-ups: how long one is kept after it falls due, and the zone dates are read in when a user
    # has none: per tenant (LUMINORA_TENANT_TIMEZONES, `tenant=Zone` pairs), else this one.
    followup_ttl_days: int = 30
    default_timezone: str = "UTC"
    tenant_timezones: str = ""
    # Webhooks: the key endpoint secrets are derived from, and the SQS queue events wait in (none: a
    # worker thread in the process delivers them, as on the local stage).
    webhook_signing_key: str = field(default="", repr=False)
    webhook_queue: str = ""  # the SQS queue's name or URL

    def timezone_for(self, tenant: str) -> str:
        """The tenant's default IANA time zone, else `default_timezone`."""
        for pair in self.tenant_timezones.split(","):
            name, _, zone = pair.partition("=")
            if name.strip() == tenant and zone.strip():
                return zone.strip()
        return self.default_timezone
    # Limits (0 = none): turns per UTC minute per end user and per tenant, tokens per UTC day per tenant,
    # turns of a tenant waiting for DeepSeek at once; a tenant's counters are read from the table at most
    # every `limit_refresh_seconds` per container.
    limit_user_turns_per_minute: int = 20
    limit_tenant_turns_per_minute: int = 600
    limit_tenant_tokens_per_day: int = 2_000_000
    limit_tenant_turns_in_flight: int = 16
    limit_refresh_seconds: float = 5.0
    # Tenants whose every session starts with the AI disclosure: names, comma-separated, or "*" for all.
    disclose_at_session_start: str = ""

    @property
    def offline(self) -> bool:
        """True when the offline responder answers instead of DeepSeek."""
        return self.demo_mode or not (self.deepseek_api_key or self.deepseek_api_key_parameter)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build `Settings` from the environment (``os.environ`` unless given)."""
    env = os.environ if environ is None else environ
    defaults = Settings()
    return Settings(
        table_name=env.get("DYNAMODB_TABLE_NAME", defaults.table_name),
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or defaults.region,
        demo_mode=env.get("LUMINORA_DEMO_MODE", "false").strip().lower() in _TRUE,
        deepseek_api_key=env.get("DEEPSEEK_API_KEY", "").strip() or None,
        deepseek_api_key_parameter=env.get("DEEPSEEK_API_KEY_PARAMETER") or None,
        deepseek_key_max_age_seconds=_int(env, "DEEPSEEK_KEY_MAX_AGE_SECONDS", defaults.deepseek_key_max_age_seconds),
        deepseek_base_url=env.get("DEEPSEEK_BASE_URL", defaults.deepseek_base_url).rstrip("/"),
        deepseek_model=env.get("DEEPSEEK_MODEL", defaults.deepseek_model),
        deepseek_connect_timeout=_float(env, "DEEPSEEK_CONNECT_TIMEOUT", defaults.deepseek_connect_timeout),
        deepseek_read_timeout=_float(env, "DEEPSEEK_READ_TIMEOUT", defaults.deepseek_read_timeout),
        deepseek_max_tokens=_int(env, "DEEPSEEK_MAX_TOKENS", defaults.deepseek_max_tokens),
        deepseek_max_retries=_int(env, "DEEPSEEK_MAX_RETRIES", defaults.deepseek_max_retries),
        deepseek_backoff_seconds=_float(env, "DEEPSEEK_BACKOFF_SECONDS", defaults.deepseek_backoff_seconds),
        deepseek_min_attempt_seconds=_float(
            env, "DEEPSEEK_MIN_ATTEMPT_SECONDS", defaults.deepseek_min_attempt_seconds
        ),
        turn_budget_seconds=_float(env, "LUMINORA_TURN_BUDGET_SECONDS", defaults.turn_budget_seconds),
        max_message_chars=_int(env, "LUMINORA_MAX_MESSAGE_CHARS", defaults.max_message_chars),
        history_messages=_int(env, "LUMINORA_HISTORY_MESSAGES", defaults.history_messages),
        page_size=_int(env, "LUMINORA_PAGE_SIZE", defaults.page_size),
        export_page_bytes=_int(env, "LUMINORA_EXPORT_PAGE_BYTES", defaults.export_page_bytes),
        session_ttl_days=_int(env, "LUMINORA_SESSION_TTL_DAYS", defaults.session_ttl_days),
        stage=env.get("LUMINORA_STAGE", "").strip().lower(),
        api_keys=_api_keys(env),
        log_level=env.get("LUMINORA_LOG_LEVEL", defaults.log_level).upper(),
        service_name=env.get("POWERTOOLS_SERVICE_NAME") or defaults.service_name,
        metrics_namespace=env.get("POWERTOOLS_METRICS_NAMESPACE") or defaults.metrics_namespace,
        analysis_mode=_choice(env, "LUMINORA_ANALYSIS_MODE", defaults.analysis_mode, _ANALYSIS_MODES),
        aws_connect_timeout=_float(env, "LUMINORA_AWS_CONNECT_TIMEOUT", defaults.aws_connect_timeout),
        aws_read_timeout=_float(env, "LUMINORA_AWS_READ_TIMEOUT", defaults.aws_read_timeout),
        aws_max_attempts=_int(env, "LUMINORA_AWS_MAX_ATTEMPTS", defaults.aws_max_attempts),
        analysis_batch_messages=_int(env, "LUMINORA_ANALYSIS_BATCH_MESSAGES", defaults.analysis_batch_messages),
        max_facts=_int(env, "LUMINORA_MAX_FACTS", defaults.max_facts),
        max_episodes=_int(env, "LUMINORA_MAX_EPISODES", defaults.max_episodes),
        fact_history=_int(env, "LUMINORA_FACT_HISTORY", defaults.fact_history),
        prompt_token_budget=_int(env, "LUMINORA_PROMPT_TOKEN_BUDGET", defaults.prompt_token_budget),
        memory_token_budget=_int(env, "LUMINORA_MEMORY_TOKEN_BUDGET", defaults.memory_token_budget),
        mood_half_life_hours=_float(env, "LUMINORA_MOOD_HALF_LIFE_HOURS", defaults.mood_half_life_hours),
        recall_days=_int(env, "LUMINORA_RECALL_DAYS", defaults.recall_days),
        followup_ttl_days=_int(env, "LUMINORA_FOLLOWUP_TTL_DAYS", defaults.followup_ttl_days),
        default_timezone=env.get("LUMINORA_DEFAULT_TIMEZONE", "").strip() or defaults.default_timezone,
        tenant_timezones=env.get("LUMINORA_TENANT_TIMEZONES", "").strip(),
        webhook_signing_key=env.get("LUMINORA_WEBHOOK_SIGNING_KEY", "").strip(),
        webhook_queue=env.get("LUMINORA_WEBHOOK_QUEUE", "").strip(),
        limit_user_turns_per_minute=_int(env, "LUMINORA_LIMIT_USER_TURNS_PER_MINUTE",
                                         defaults.limit_user_turns_per_minute),
        limit_tenant_turns_per_minute=_int(env, "LUMINORA_LIMIT_TENANT_TURNS_PER_MINUTE",
                                           defaults.limit_tenant_turns_per_minute),
        limit_tenant_tokens_per_day=_int(env, "LUMINORA_LIMIT_TENANT_TOKENS_PER_DAY",
                                         defaults.limit_tenant_tokens_per_day),
        limit_tenant_turns_in_flight=_int(env, "LUMINORA_LIMIT_TENANT_TURNS_IN_FLIGHT",
                                          defaults.limit_tenant_turns_in_flight),
        limit_refresh_seconds=_float(env, "LUMINORA_LIMIT_REFRESH_SECONDS", defaults.limit_refresh_seconds),
        disclose_at_session_start=env.get("LUMINORA_DISCLOSE_AT_SESSION_START", "").strip(),
    )


_ANALYSIS_MODES = ("inline", "stream", "off")
# What `chalice deploy` subscribes the analysis to unless LUMINORA_ANALYSIS_STREAM_ARN names the table's
# stream; the packaged template replaces it with the stack's own table (infra/operations.json).
UNSET_STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/set-LUMINORA_ANALYSIS_STREAM_ARN/stream/unset"


def analysis_stream_arn(environ: Mapping[str, str] | None = None) -> str:
    """The table stream the `analyze` function reads, as Chalice needs it when it loads the app."""
    env = os.environ if environ is None else environ
    return env.get("LUMINORA_ANALYSIS_STREAM_ARN", "").strip() or UNSET_STREAM_ARN


def webhook_queue_name(environ: Mapping[str, str] | None = None) -> str:
    """The webhook queue the `webhooks` function reads, as Chalice needs it when it loads the app (the
    packaged template points the function at the stack's own queue)."""
    env = os.environ if environ is None else environ
    return env.get("LUMINORA_WEBHOOK_QUEUE", "").strip() or "luminora-local-webhooks"


# What the local stage accepts when LUMINORA_API_KEYS is not set, so `make run` and the README's curl
# lines work at once. Setting the variable (even to "") replaces it.
LOCAL_API_KEYS = "local-dev-key=local"


def _api_keys(env: Mapping[str, str]) -> str:
    if "LUMINORA_API_KEYS" in env:
        return env["LUMINORA_API_KEYS"]
    return LOCAL_API_KEYS if env.get("LUMINORA_STAGE", "").strip().lower() == "local" else ""


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = (env.get(name) or default).strip().lower()
    if raw not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


class Prices(NamedTuple):
    """Unit prices in US dollars behind the cost figures of ``make bench``, as published on ``as_of``.

    Sources: DeepSeek's "Models & Pricing" page for ``deepseek-flash`` (DeepSeek-V4.1-Flash), at its peak
    rates (01:00-04:00 and 06:00-10:00 UTC; off-peak is half); AWS's pricing pages for DynamoDB
    on-demand, Lambda (x86, first tier) and API Gateway REST APIs (first tier), region us-east-1.
    """

    as_of: str = "2026-12-02"
    deepseek_cache_hit_per_million_tokens: float = 0.006
    deepseek_cache_miss_per_million_tokens: float = 0.30
    deepseek_output_per_million_tokens: float = 1.20
    dynamodb_per_million_read_request_units: float = 0.125
    dynamodb_per_million_write_request_units: float = 0.625
    lambda_per_gb_second: float = 0.0000166667
    lambda_per_million_requests: float = 0.20
    api_gateway_per_million_requests: float = 3.50


PRICES = Prices()
