"""The container's services: built on first use, kept for the container's life, replaced by tests."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from chalicelib.aws.telemetry import Telemetry
from chalicelib.bootstrap import Services, build_maintenance, build_services, collector_paused
from chalicelib.config import load_settings

if TYPE_CHECKING:  # the nightly job's module is imported by the container that runs it, not by the API's
    from chalicelib.usecases.maintenance import Maintenance

_services: Services | None = None
_BUILDING = threading.Lock()
_maintenance: Maintenance | None = None
_telemetry: Telemetry | None = None


def get_services() -> Services:
    """Build the services on first use and keep them for the container's life.

    Lambda serves one request at a time per container; `chalice local` serves many on threads, so the
    first requests of a burst wait for one build instead of each building its own clients.
    """
    global _services
    if _services is None:
        with _BUILDING:
            if _services is None:
                with collector_paused():
                    telemetry = get_telemetry()
                    telemetry.prepare()  # Powertools, imported as part of start-up rather than by the first log line
                    _services = build_services(load_settings(), telemetry=telemetry)
    return _services


def set_services(services: Services | None) -> None:
    """Replace the services (tests wire fakes or moto-backed adapters here)."""
    global _services
    _services = services


def get_telemetry() -> Telemetry:
    """The container's log line and metrics writer (Powertools is imported when the services are built)."""
    global _telemetry
    if _telemetry is None:
        settings = load_settings()
        _telemetry = Telemetry(service=settings.service_name, namespace=settings.metrics_namespace,
                               level=settings.log_level)
    return _telemetry


def set_telemetry(telemetry: Telemetry | None) -> None:
    global _telemetry
    _telemetry = telemetry


def get_maintenance() -> Maintenance:
    """The nightly job's service, built on first use from the same clients as the routes' services."""
    global _maintenance
    if _maintenance is None:
        services = get_services()  # the nightly run needs them too, for pending analyses
        _maintenance = build_maintenance(services.settings, dynamodb_client=services.dynamodb_client,
                                         chat_model=services.chat_model, clock=services.clock)
    return _maintenance


def set_maintenance(maintenance: Maintenance | None) -> None:
    global _maintenance
    _maintenance = maintenance
