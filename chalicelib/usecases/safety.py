"""The safety protocols of a turn: crisis referral, AI disclosure, and minors' breaks and content."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from chalicelib.clock import Clock
from chalicelib.engine import safety
from chalicelib.engine.personality.domain import Personality
from chalicelib.engine.safety import minors, replies
from chalicelib.engine.safety.resources import countries_for, parse_locale, resources_for
from chalicelib.errors import UpstreamError
from chalicelib.models import (
    ChatMessage,
    ChatReply,
    ChatRequest,
    Context,
    CrisisResource,
    SafetyConfig,
    SafetyWrite,
    TurnInput,
    UserProfile,
    iso,
)
from chalicelib.ports import ChatModel, SafetyStore

CRISIS_REFERRAL = safety.CRISIS_REFERRAL
AI_DISCLOSURE = safety.AI_DISCLOSURE
BREAK_REMINDER = "break_reminder"
MINOR_CONTENT = "minor_content"
PROTOCOLS = (CRISIS_REFERRAL, AI_DISCLOSURE, BREAK_REMINDER, MINOR_CONTENT)
# A protocol's reply is never cut short: a crisis answer that stops mid-sentence would fail the user.
PROTOCOL_MAX_TOKENS = 400


class SafetyLimits(NamedTuple):
    """How long a tenant's settings are trusted, and what ends a minor's continuing interaction."""

    config_cache_seconds: float = 60.0
    pause_minutes: float = 30.0  # a longer silence starts a new stretch (and its three hours) afresh


DEFAULT_LIMITS = SafetyLimits()


class Safeguards:
    """Decides each turn's protocol from the message, the user's profile and the tenant's settings."""

    def __init__(self, store: SafetyStore, *, clock: Clock, limits: SafetyLimits = DEFAULT_LIMITS,
                 disclose_at_session_start: str = "") -> None:
        self._store = store
        self._clock = clock
        self._limits = limits
        self._configs: dict[str, tuple[float, SafetyConfig]] = {}
        self._disclosing = frozenset(name.strip() for name in disclose_at_session_start.split(",") if name.strip())

    def assess(self, turn: TurnInput, personality: Personality, context: Context) -> Guard | None:
        """This turn's guard; None when no protocol applies and the user is not a minor (the common case)."""
        profile = context.profile or UserProfile()
        spoken = parse_locale(profile.locale)[0] or parse_locale(turn.locale)[0]
        hint = spoken or personality.definition.persona.language
        signal = safety.check(turn.message, hint)
        disclose = context.session is None and (profile.minor or self._discloses(turn.tenant))
        if signal is None and not profile.minor and not disclose:
            return None
        # Read only on the rare turns that need it: a protocol's lines, a minor's break interval.
        config = self.config(turn.tenant) if signal is not None or profile.minor else SafetyConfig()
        now = self._clock.now()
        stamps, break_due = _stamps(profile, now, config, self._limits) if profile.minor else (None, False)
        language = signal.language if signal else safety.language_of(turn.message, hint)
        protocol = _protocol(signal, profile.minor, break_due, disclose, turn.message, hint)
        if protocol is None and stamps is None:
            return None
        countries = countries_for([profile.locale, turn.locale], language)
        lines = resources_for(countries, dict(config.resources)) if protocol == CRISIS_REFERRAL else ()
        return Guard(protocol, language, profile.minor, personality.name, lines, stamps, iso(now)[:10],
                     asked=signal is not None and signal.protocol == AI_DISCLOSURE)

    def config(self, tenant: str) -> SafetyConfig:
        """The tenant's settings, read at most once a minute per container (and only when a turn needs them)."""
        cached = self._configs.get(tenant)
        now = self._clock.monotonic()
        if cached is not None and now - cached[0] < self._limits.config_cache_seconds:
            return cached[1]
        found = self._store.get_safety_config(tenant) or SafetyConfig()
        self._configs[tenant] = (now, found)
        return found

    def _discloses(self, tenant: str) -> bool:
        return "*" in self._disclosing or tenant in self._disclosing

    def forget(self, tenant: str) -> None:
        """Drop the cached settings of ``tenant`` (after this container stored new ones)."""
        self._configs.pop(tenant, None)


def _protocol(signal: safety.SafetySignal | None, minor: bool, break_due: bool, disclose: bool, message: str,
              hint: str) -> str | None:
    """One protocol per turn, the most serious first."""
    if signal is not None and signal.protocol == CRISIS_REFERRAL:
        return CRISIS_REFERRAL
    if minor and safety.sexual_request(message, hint):
        return MINOR_CONTENT
    if signal is not None:
        return AI_DISCLOSURE
    if break_due:
        return BREAK_REMINDER
    if disclose:
        return AI_DISCLOSURE
    return None


def _stamps(profile: UserProfile, now: datetime, config: SafetyConfig,
            limits: SafetyLimits) -> tuple[UserProfile, bool]:
    """A minor's new bookkeeping, and whether a break reminder is due (at least every configured interval)."""
    stamp = iso(now)
    paused = not profile.last_turn_at or now - _at(profile.last_turn_at) > timedelta(minutes=limits.pause_minutes)
    since = stamp if paused else (profile.active_since or stamp)
    reminded = "" if paused else profile.reminded_at
    due = now - _at(max(since, reminded)) >= timedelta(minutes=config.break_reminder_minutes)
    return profile._replace(active_since=since, last_turn_at=stamp, reminded_at=stamp if due else reminded), due


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


class Guard:
    """One turn's safety: how it changes the prompt and the reply, and what it adds to the turn's write."""

    def __init__(self, protocol: str | None, language: str, minor: bool, name: str,
                 resources: tuple[CrisisResource, ...], stamps: UserProfile | None, day: str, *, asked: bool) -> None:
        self.protocol = protocol
        self.language = language
        self.minor = minor
        self._name = name
        self.resources = resources
        self._stamps = stamps
        self._day = day
        self._asked = asked

    def level(self, personality: Personality, level: str) -> str:
        """The level the prompt speaks at: below any romantic one for a minor."""
        return minors.platonic_level(personality, level) if self.minor else level

    def request(self, request: ChatRequest) -> ChatRequest:
        """The chat request for this turn: a crisis or a minor's sexual request replaces the persona."""
        message = request.messages[-1]
        if self.protocol == CRISIS_REFERRAL:
            prompt = replies.crisis_prompt(self.language, self.resources)
            return self._alone(request, prompt, replies.crisis_reply(self.language, self.resources))
        if self.protocol == MINOR_CONTENT:
            prompt = replies.minor_content_prompt(self.language)
            return self._alone(request, prompt, replies.text(replies.MINOR_REFUSAL, self.language))
        notes = [note for note, on in ((replies.DISCLOSURE_NOTE, self._asked), (replies.MINOR_NOTE, self.minor)) if on]
        if not notes:
            return request
        messages = (*request.messages[:-1], ChatMessage("system", "\n".join(notes)), message)
        offline = self._disclosure() if self._asked else ""
        return request._replace(messages=messages, offline_reply=offline)

    def _alone(self, request: ChatRequest, prompt: str, offline: str) -> ChatRequest:
        """Only the protocol's prompt and the user's message: no persona, memory or earlier replies."""
        return request._replace(messages=(ChatMessage("system", prompt), request.messages[-1]), voice=None,
                                temperature=min(request.temperature, 0.3), stop=(), offline_reply=offline,
                                max_tokens=max(request.max_tokens, PROTOCOL_MAX_TOKENS))

    def complete(self, chat: ChatModel, request: ChatRequest, deadline: float | None) -> ChatReply:
        """The one model call, and the protocol's part of the reply; a crisis is answered even if the model fails."""
        try:
            reply = chat.complete(request, deadline=deadline)
        except UpstreamError:
            if self.protocol not in (CRISIS_REFERRAL, MINOR_CONTENT):
                raise
            reply = ChatReply(text=request.offline_reply, model="safety-protocol")
        return reply._replace(text=self._finish(reply.text or request.offline_reply))

    def _finish(self, text: str) -> str:
        if self.protocol == CRISIS_REFERRAL:
            return replies.with_lines(text, self.language, self.resources)
        if self.protocol == AI_DISCLOSURE:
            return replies.disclosed(text, self.language, self._name, asked=self._asked)
        if self.protocol == BREAK_REMINDER:
            return f"{text.rstrip()}\n\n{replies.text(replies.BREAK, self.language)}"
        return text

    def _disclosure(self) -> str:
        return replies.text(replies.DISCLOSURE, self.language).format(name=self._name)

    def view(self) -> dict[str, object] | None:
        """The response's ``safety`` field: the protocol and, for a crisis, the lines to show."""
        if self.protocol is None:
            return None
        found: dict[str, object] = {"protocol": self.protocol, "language": self.language}
        if self.protocol == CRISIS_REFERRAL:
            found["resources"] = [r.as_dict() for r in self.resources]
        return found

    def write(self) -> SafetyWrite:
        return SafetyWrite(self.protocol, self._day, self._stamps, self.view())


def counts_view(counts: Mapping[str, Mapping[str, int]], first: str, last: str) -> dict[str, object]:
    """`GET /safety/report`: firings by day and protocol, and their totals (no message text is ever kept)."""
    totals = dict.fromkeys(PROTOCOLS, 0)
    days = []
    for day in sorted(counts):
        per = {p: int(counts[day].get(p, 0)) for p in PROTOCOLS}
        for p, n in per.items():
            totals[p] += n
        days.append({"date": day, "counts": per})
    return {"from": first, "to": last, "days": days, "totals": totals, "crisis_referrals": totals[CRISIS_REFERRAL]}
