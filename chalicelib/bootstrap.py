"""Wiring: builds Luminora's services from settings, with production defaults."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from chalicelib.clock import SYSTEM_CLOCK, Clock
from chalicelib.config import Settings
from chalicelib.engine.personality.domain import BuiltinPersonalities
from chalicelib.models import Extraction, Fact, MemoryPolicy, MemoryUpdate, Message, TurnRecord
from chalicelib.ports import (
    ApiKeyStore,
    ChatModel,
    ConversationStore,
    FactExtractor,
    MemoryStore,
    PersonalityCatalog,
    RecallStore,
    SafetyStore,
)
from chalicelib.usecases.access import Access, parse_static_keys
from chalicelib.usecases.catalog import Personalities
from chalicelib.usecases.conversation import Conversation, TurnLimits
from chalicelib.usecases.followups import FollowUpLimits
from chalicelib.usecases.importing import Importer
from chalicelib.usecases.limits import Limiter, Quota
from chalicelib.usecases.memory import Memory, MemoryLimits
from chalicelib.usecases.oversight import Oversight, meter_protocols
from chalicelib.usecases.recall import RecallSearch
from chalicelib.usecases.safety import Safeguards

if TYPE_CHECKING:
    from chalicelib.aws.telemetry import Telemetry
    from chalicelib.deepseek.parameters import SSMKey
    from chalicelib.dynamodb.usage import DynamoUsageStore
    from chalicelib.usecases.maintenance import Maintenance


@contextmanager
def collector_paused() -> Iterator[None]:
    """Runs a container's start-up without the cyclic garbage collector, then freezes what it built.

    Building the services imports boto3 and creates its client: a few hundred thousand objects that live
    as long as the container, and next to no garbage. With the collector on, that costs about 130
    collections, a full one among them, for 50-70 ms of a cold start that free nothing. Afterwards
    `gc.freeze` moves everything start-up built out of the collector's sight, so that the collections
    of every later request skip it too.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class Services(NamedTuple):
    """Everything the routes call."""

    settings: Settings
    store: ConversationStore
    chat_model: ChatModel
    catalog: PersonalityCatalog
    conversation: Conversation
    memory: Memory
    clock: Clock
    access: Access
    dynamodb_client: Any = None  # shared with the nightly job's store when one was built here
    usage: DynamoUsageStore | None = None  # the day counters, where the store is DynamoDB
    webhooks: Any = None  # `Webhooks`, when the table is DynamoDB
    oversight: Oversight | None = None  # profiles, safety settings and the safety report
    importer: Importer | None = None
    recall: RecallSearch | None = None


def build_services(
    settings: Settings,
    *,
    store: ConversationStore | None = None,
    chat_model: ChatModel | None = None,
    catalog: PersonalityCatalog | None = None,
    dynamodb_client: Any = None,
    extractor: FactExtractor | None = None,
    ssm_client: Any = None,
    clock: Clock = SYSTEM_CLOCK,
    telemetry: Telemetry | None = None,
) -> Services:
    """Production adapters unless overridden; tests pass fakes here.

    Called once per container (`app.get_services` keeps the result), so the HTTP connection pool is
    reused by every warm invocation and the DeepSeek key read from SSM is cached (see
    `chalicelib.deepseek.parameters`); the SSM client is made on the key's first read, so a container
    that never calls DeepSeek never builds one. A given ``store`` must also be a `MemoryStore` (the
    DynamoDB one and the test fake are both). With ``telemetry``, chat calls, retries and level changes
    are metered.
    """
    if store is None or catalog is None:
        dynamodb_client = dynamodb_client or _dynamodb_client(settings)
    store = store or _dynamo_store(settings, dynamodb_client, clock)
    if not isinstance(store, MemoryStore):
        raise TypeError("the store must implement MemoryStore as well as ConversationStore")
    chat_model = chat_model or _chat_model(settings, ssm_client, clock, telemetry)
    if telemetry is not None:
        from chalicelib.aws.telemetry import MeteredChatModel

        chat_model = MeteredChatModel(chat_model, telemetry)
    catalog = catalog or _catalog(settings, dynamodb_client, clock)
    # Offline extraction costs no call; a model's needs at least one attempt's worth of the turn's time.
    min_inline = 0.0 if settings.offline else settings.deepseek_min_attempt_seconds
    webhooks = _webhooks(settings, dynamodb_client, clock) if dynamodb_client is not None else None
    memory = Memory(
        store, extractor or _extractor(settings, chat_model), _memory_limits(settings), clock=clock,
        min_inline_seconds=min_inline, catalog=catalog, zone_for=lambda tenant, _user: settings.timezone_for(tenant),
        followup_limits=FollowUpLimits(days_after_due=settings.followup_ttl_days),
        on_saved=_fact_events(webhooks),
    )
    limits = TurnLimits(
        history_messages=settings.history_messages,
        max_tokens=settings.deepseek_max_tokens,
        session_ttl_days=settings.session_ttl_days,
        prompt_token_budget=settings.prompt_token_budget,
        memory_token_budget=settings.memory_token_budget,
        mood_half_life_hours=settings.mood_half_life_hours,
    )
    # In the AWS stages ("stream") a turn's write reaches the `analyze` function through the table's stream.
    after_turn: Callable[[TurnRecord, float | None], None] | None = (
        memory.after_turn if settings.analysis_mode == "inline" else None
    )
    if webhooks is not None:
        from chalicelib.usecases.events import with_events

        after_turn = with_events(after_turn, webhooks)
    if telemetry is not None:
        from chalicelib.aws.telemetry import meter_turns

        after_turn = meter_turns(telemetry, meter_protocols(telemetry.count, after_turn))
    safety_store = store if isinstance(store, SafetyStore) else _safety_store(settings, dynamodb_client)
    safeguards = Safeguards(safety_store, clock=clock, disclose_at_session_start=settings.disclose_at_session_start)
    conversation = Conversation(store, chat_model, catalog, limits, clock=clock, after_turn=after_turn,
                                zone_for=lambda tenant, _user: settings.timezone_for(tenant), safeguards=safeguards,
                                limiter=_limiter(settings, store, dynamodb_client, clock))
    access = Access(_key_store(settings, dynamodb_client), parse_static_keys(settings.api_keys), clock=clock)
    usage = _usage_store(settings, dynamodb_client, clock) if dynamodb_client else None
    importer, recall = _recall(settings, store, catalog, memory, clock)
    return Services(settings=settings, store=store, chat_model=chat_model, catalog=catalog,
                    conversation=conversation, memory=memory, clock=clock, access=access,
                    dynamodb_client=dynamodb_client, usage=usage, webhooks=webhooks,
                    oversight=Oversight(safety_store, safeguards, clock=clock), importer=importer, recall=recall)


def _recall(settings: Settings, store: ConversationStore, catalog: PersonalityCatalog, memory: Memory,
            clock: Clock) -> tuple[Importer | None, RecallSearch | None]:
    """Import and search, where the store keeps a recall index; an import is analysed in-process when turns are."""
    if not isinstance(store, RecallStore) or not isinstance(store, MemoryStore):
        return None, None
    analyze = memory.analyze_session if settings.analysis_mode == "inline" else None
    importer = Importer(store, catalog, clock=clock, session_ttl_days=settings.session_ttl_days, analyze=analyze)
    return importer, RecallSearch(store, store, catalog, clock=clock)


def _memory_limits(settings: Settings) -> MemoryLimits:
    return MemoryLimits(
        max_facts=settings.max_facts,
        max_episodes=settings.max_episodes,
        fact_history=settings.fact_history,
        batch_messages=settings.analysis_batch_messages,
        recall_days=settings.recall_days,
        session_ttl_days=settings.session_ttl_days,
    )


class _OnFirstUse:
    """A `FactExtractor` built when first asked: a turn whose analysis runs elsewhere never pays for it."""

    def __init__(self, build: Callable[[], FactExtractor]) -> None:
        self._build = build
        self._built: FactExtractor | None = None

    def extract(
        self,
        messages: Sequence[Message],
        known: Sequence[Fact],
        *,
        end_user: str = "",
        deadline: float | None = None,
        policy: MemoryPolicy | None = None,
    ) -> Extraction:
        if self._built is None:
            self._built = self._build()
        return self._built.extract(messages, known, end_user=end_user, deadline=deadline, policy=policy)


def _extractor(settings: Settings, chat_model: ChatModel) -> FactExtractor:
    return _OnFirstUse(lambda: _build_extractor(settings, chat_model))


def _build_extractor(settings: Settings, chat_model: ChatModel) -> FactExtractor:
    if settings.offline:
        from chalicelib.engine.memory.extraction import RuleBasedExtractor

        return RuleBasedExtractor()
    from chalicelib.engine.memory.llm_extraction import LLMExtractor

    return LLMExtractor(chat_model)


def aws_client(service: str, settings: Settings) -> Any:
    """A boto3 client with explicit timeouts and boto3's standard retries (jittered backoff, throttling
    included) over at most ``settings.aws_max_attempts`` attempts.

    With the defaults a call gives up within about 15 s (3 attempts of at most 1 s to connect and 3 s
    between bytes, and their backoff), inside a turn's 25 s budget. boto3 finds the credentials, the
    region's endpoint (partition, FIPS and ``AWS_ENDPOINT_URL_<SERVICE>`` included) and any proxy itself.
    """
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=settings.aws_connect_timeout,
        read_timeout=settings.aws_read_timeout,
        retries={"mode": "standard", "total_max_attempts": settings.aws_max_attempts},
    )
    return boto3.client(service, region_name=settings.region, config=config)


def _fact_events(webhooks: Any) -> Callable[[MemoryUpdate], None] | None:
    from chalicelib.usecases.events import on_saved

    return on_saved(webhooks) if webhooks is not None else None


def _webhooks(settings: Settings, dynamodb_client: Any, clock: Clock) -> Any:
    """Webhooks on the table; events go through SQS when a queue is configured, else a worker thread."""
    from chalicelib.aws.queue import HttpPoster, SqsEventQueue, resolve
    from chalicelib.dynamodb.webhooks import DynamoWebhookStore
    from chalicelib.usecases.webhooks import InProcessQueue, Webhooks

    local = settings.stage == "local"
    key = settings.webhook_signing_key or ("local-webhook-signing-key" if local else "")
    events: Any = InProcessQueue()
    if settings.webhook_queue:
        events = SqsEventQueue(aws_client("sqs", settings), settings.webhook_queue)
    hooks = Webhooks(DynamoWebhookStore(dynamodb_client, settings.table_name), events, HttpPoster(), resolve,
                     signing_key=key, clock=clock, local=local)
    if isinstance(events, InProcessQueue):
        events.deliver = hooks.deliver
    return hooks


def _dynamodb_client(settings: Settings) -> Any:
    return aws_client("dynamodb", settings)


def _dynamo_store(settings: Settings, client: Any, clock: Clock) -> ConversationStore:
    from chalicelib.dynamodb.memory import DynamoMemoryStore

    return DynamoMemoryStore(client, settings.table_name, clock=clock)


def _limiter(settings: Settings, store: ConversationStore, client: Any, clock: Clock) -> Limiter:
    """The turn limits; a tenant's counters are read from the table the turns are written to."""
    from chalicelib.dynamodb.conversation import DynamoConversationStore
    from chalicelib.dynamodb.limits import DynamoLimitStore

    counter = DynamoLimitStore(client, settings.table_name) if isinstance(store, DynamoConversationStore) else None
    return Limiter(quota_of(settings), counter, clock=clock, refresh_seconds=settings.limit_refresh_seconds)


def quota_of(settings: Settings) -> Quota:
    """The stage's limits, which a tenant's own values replace."""
    return Quota(user_turns_per_minute=settings.limit_user_turns_per_minute,
                 tenant_turns_per_minute=settings.limit_tenant_turns_per_minute,
                 tenant_tokens_per_day=settings.limit_tenant_tokens_per_day,
                 tenant_turns_in_flight=settings.limit_tenant_turns_in_flight)


def _usage_store(settings: Settings, client: Any, clock: Clock) -> DynamoUsageStore:
    from chalicelib.dynamodb.usage import DynamoUsageStore

    return DynamoUsageStore(client, settings.table_name, clock=clock)


def _safety_store(settings: Settings, client: Any) -> SafetyStore:
    from chalicelib.dynamodb.safety import DynamoSafetyStore

    return DynamoSafetyStore(client or _dynamodb_client(settings), settings.table_name)


def _key_store(settings: Settings, client: Any) -> ApiKeyStore | None:
    if client is None:
        return None
    from chalicelib.dynamodb.apikeys import DynamoApiKeyStore

    return DynamoApiKeyStore(client, settings.table_name)


def _catalog(settings: Settings, client: Any, clock: Clock) -> PersonalityCatalog:
    from chalicelib.dynamodb.personalities import DynamoPersonalityStore

    store = DynamoPersonalityStore(client, settings.table_name, clock=clock)
    return Personalities(BuiltinPersonalities(), store, clock=clock.monotonic)


def _chat_model(settings: Settings, ssm_client: Any, clock: Clock, telemetry: Telemetry | None = None) -> ChatModel:
    if settings.offline:
        from chalicelib.engine.offline import OfflineChatModel

        return OfflineChatModel()
    from chalicelib.deepseek.client import DeepSeekChatModel
    from chalicelib.deepseek.retry import retrying_session

    session = retrying_session(
        retries=settings.deepseek_max_retries,
        backoff=settings.deepseek_backoff_seconds,
        min_attempt=settings.deepseek_min_attempt_seconds,
        clock=clock.monotonic,
        wall_clock=clock.now,
    )
    if telemetry is not None:
        from chalicelib.aws.telemetry import count_retries

        session.hooks["response"].append(count_retries(telemetry))
    return DeepSeekChatModel(
        session,
        api_key=settings.deepseek_api_key or _api_key_from_ssm(settings, ssm_client),
        base_url=settings.deepseek_base_url,
        model=settings.deepseek_model,
        connect_timeout=settings.deepseek_connect_timeout,
        read_timeout=settings.deepseek_read_timeout,
        min_attempt_seconds=settings.deepseek_min_attempt_seconds,
        clock=clock,
    )


def _api_key_from_ssm(settings: Settings, client: Any) -> SSMKey:
    """The key's parameter, read (and the SSM client made) when the first DeepSeek call needs it."""
    from chalicelib.deepseek.parameters import SSMKey

    assert settings.deepseek_api_key_parameter, "offline unless a key or its parameter is configured"
    ssm = (lambda: client) if client is not None else (lambda: aws_client("ssm", settings))
    return SSMKey(ssm, settings.deepseek_api_key_parameter, max_age=settings.deepseek_key_max_age_seconds)


def build_maintenance(
    settings: Settings,
    *,
    dynamodb_client: Any = None,
    chat_model: ChatModel | None = None,
    ssm_client: Any = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Maintenance:
    """The nightly job's service; `app` passes the services' client and chat model so the nightly
    container opens one DynamoDB client and reads the DeepSeek key once."""
    from chalicelib.dynamodb.maintenance import DynamoMaintenanceStore
    from chalicelib.engine.memory.summary import ChatSummarizer, ExtractiveSummarizer
    from chalicelib.usecases.maintenance import Maintenance

    dynamodb_client = dynamodb_client or _dynamodb_client(settings)
    chat_model = chat_model or _chat_model(settings, ssm_client, clock)
    summarizer = ExtractiveSummarizer() if settings.offline else ChatSummarizer(chat_model)
    store = DynamoMaintenanceStore(dynamodb_client, settings.table_name)
    return Maintenance(store, summarizer, session_ttl_days=settings.session_ttl_days, clock=clock)
