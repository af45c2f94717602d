"""List the sessions the nightly job parked after repeated failures, and retry them.

    python -m scripts.parked list
    python -m scripts.parked retry                         # every parked session
    python -m scripts.parked retry TENANT USER_ID SESSION  # one of them

It reads the same environment as the app (DYNAMODB_TABLE_NAME, AWS credentials and region, the DeepSeek
key or DEEPSEEK_API_KEY_PARAMETER). A retry clears the session's failures, then summarizes it and
analyses its pending turns at once; a session that fails again starts a fresh count and is parked
again after as many failures.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from chalicelib.bootstrap import Services, build_maintenance, build_services
from chalicelib.config import load_settings
from chalicelib.usecases.conversation import deadline_in
from chalicelib.usecases.maintenance import Maintenance, ParkedSession, SessionRef

# Time one retry may take, its model calls included.
RETRY_SECONDS = 120.0


def run(argv: list[str], services: Services, maintenance: Maintenance, out: TextIO) -> int:
    """The command on given services (the tests wire moto and the offline model here)."""
    args = _parser().parse_args(argv)
    parked = maintenance.parked()
    if args.command == "list":
        for session in parked:
            out.write(_line(session) + "\n")
        out.write(f"{len(parked)} parked\n")
        return 0
    wanted = SessionRef(*args.session) if args.session else None
    chosen = [p.ref for p in parked if wanted is None or p.ref == wanted]
    if wanted is not None and not chosen:
        out.write(f"not parked: {'#'.join(args.session)}\n")
        return 1
    failed = sum(not _retry(ref, services, maintenance, out) for ref in chosen)
    out.write(f"{len(chosen) - failed} retried, {failed} failed again\n")
    return 1 if failed else 0


def _retry(ref: SessionRef, services: Services, maintenance: Maintenance, out: TextIO) -> bool:
    deadline = deadline_in(services.clock, RETRY_SECONDS)
    summarized = maintenance.unpark(ref, deadline)
    try:
        services.memory.analyze_session(ref.tenant, ref.user_id, ref.session_id, deadline=deadline)
        analysed = True
    except Exception as exc:  # reported, and left pending for the nightly pass
        out.write(f"analysis failed again: {'#'.join(_owner(ref))}: {type(exc).__name__}: {exc}\n")
        analysed = False
    if not summarized:
        out.write(f"summary failed again: {'#'.join(_owner(ref))}\n")
    return summarized and analysed


def _line(session: ParkedSession) -> str:
    parts = ["#".join(_owner(session.ref))]
    if session.summary_parked_at:
        parts.append(f"summary parked {session.summary_parked_at}: {session.summary_error}")
    if session.analysis_parked_at:
        parts.append(f"analysis parked {session.analysis_parked_at}: {session.analysis_error}")
    return "  ".join(parts)


def _owner(ref: SessionRef) -> tuple[str, str, str]:
    return ref.tenant, ref.user_id, ref.session_id


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.parked", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="show parked sessions and their last errors")
    retry = commands.add_parser("retry", help="clear failures and summarize and analyse now")
    retry.add_argument("session", nargs="*", metavar="TENANT USER_ID SESSION", help="one session (default: all)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["retry"] and len(args) not in (1, 4):
        _parser().error("retry takes no session, or TENANT USER_ID SESSION")
    services = build_services(load_settings())
    maintenance = build_maintenance(
        services.settings, dynamodb_client=services.dynamodb_client, chat_model=services.chat_model,
        clock=services.clock,
    )
    return run(args, services, maintenance, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
