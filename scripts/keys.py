"""Manage Luminora's API keys in a stage's table. A tenant is a name; its keys come and go.

    python -m scripts.keys create --tenant acme [--name web] --stage dev   # prints the key once
    python -m scripts.keys list --stage dev                                 # ids, never keys
    python -m scripts.keys rotate --id 3f9a1c0b2d4e --stage dev             # a new key, same tenant
    python -m scripts.keys revoke --id 3f9a1c0b2d4e --stage dev             # within a minute, everywhere
    python -m scripts.keys usage --tenant acme [--from 2030-06-01] [--to 2030-06-30] --stage dev
    python -m scripts.keys limits --tenant acme [--user-turns-per-minute 30] [--tenant-turns-per-minute 900]
        [--tenant-tokens-per-day 5000000] --stage dev      # 0 = no limit; with no value, prints the tenant's own

`--stage` reads the table name from .chalice/config.json; `--table` names it directly. For the local
stack, pass the DynamoDB address that `make run` prints: `--stage local --endpoint-url http://127.0.0.1:PORT`
(or set AWS_ENDPOINT_URL_DYNAMODB). The local stage also accepts `local-dev-key` from LUMINORA_API_KEYS.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from chalicelib.clock import SYSTEM_CLOCK
from chalicelib.dynamodb.apikeys import DynamoApiKeyStore
from chalicelib.errors import LuminoraError
from chalicelib.models import ApiKey
from chalicelib.usecases.access import Access
from chalicelib.usecases.limits import NAMES

CONFIG = Path(__file__).resolve().parent.parent / ".chalice" / "config.json"


def stage_table(stage: str) -> str:
    """The table a stage's functions use, from `.chalice/config.json`."""
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    stages = config.get("stages", {})
    if stage not in stages:
        raise SystemExit(f"unknown stage {stage!r}; .chalice/config.json has {', '.join(stages)}")
    table = stages[stage].get("environment_variables", {}).get("DYNAMODB_TABLE_NAME")
    if not table:
        raise SystemExit(f"stage {stage!r} sets no DYNAMODB_TABLE_NAME")
    return str(table)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in [("create", "create a key for a tenant"), ("list", "list keys (never shown again)"),
                       ("rotate", "create a new key for the tenant of --id"), ("revoke", "revoke the key --id"),
                       ("usage", "print a tenant's usage by UTC day"),
                       ("limits", "set or print a tenant's own limits (others keep the stage's defaults)")]:
        command = commands.add_parser(name, help=text)
        where = command.add_mutually_exclusive_group(required=True)
        where.add_argument("--stage", help="a stage of .chalice/config.json (local, dev, prod)")
        where.add_argument("--table", help="the table name")
        command.add_argument("--region", default=None, help="AWS region (default: the environment's)")
        command.add_argument("--endpoint-url", default=None, help="a local DynamoDB, e.g. http://127.0.0.1:PORT")
        if name == "limits":
            for limit in NAMES:
                command.add_argument("--" + limit.replace("_", "-"), dest=limit, type=int, default=None,
                                     help="0 means no limit")
        if name in ("create", "usage", "limits"):
            command.add_argument("--tenant", required=True, help="the client application, e.g. acme")
        if name == "usage":
            command.add_argument("--from", dest="first", default=None, help="first UTC day, YYYY-MM-DD")
            command.add_argument("--to", dest="last", default=None, help="last UTC day (default: today)")
        if name in ("create", "rotate"):
            command.add_argument("--name", default=None, help="a label for the key, e.g. web or ci")
        if name in ("rotate", "revoke"):
            command.add_argument("--id", required=True, help="the key id that `list` shows")
    return parser


def _row(key: ApiKey) -> str:
    state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
    return f"{key.key_id}  {key.tenant:<20} {key.name or '-':<12} created {key.created_at}  {state}"


def run(args: argparse.Namespace, client: Any) -> int:
    table = args.table or stage_table(args.stage)
    if args.command == "usage":
        return _print_usage(args, client, table)
    if args.command == "limits":
        return _limits(args, client, table)
    access = Access(DynamoApiKeyStore(client, table), {}, clock=SYSTEM_CLOCK)
    if args.command == "list":
        for key in access.list():
            print(_row(key))
        return 0
    if args.command == "revoke":
        print("revoked " + _row(access.revoke(args.id)) + "  (effective everywhere within a minute)")
        return 0
    plain, stored = (access.create(args.tenant, args.name or "default") if args.command == "create"
                     else access.rotate(args.id, args.name))
    print(_row(stored))
    print(f"API key (shown once; store it now): {plain}")
    if args.command == "rotate":
        print(f"The old key {args.id} stays valid until you revoke it.")
    return 0


def _print_usage(args: argparse.Namespace, client: Any, table: str) -> int:
    from chalicelib.dynamodb.usage import DynamoUsageStore
    from chalicelib.usecases import usage

    query = {k: v for k, v in (("from", args.first), ("to", args.last)) if v}
    first, last = usage.period(query, SYSTEM_CLOCK)
    body = usage.report(DynamoUsageStore(client, table, clock=SYSTEM_CLOCK), args.tenant, first, last, None)
    columns = ("turns", "analyses", "prompt_tokens", "prompt_cache_hit_tokens", "completion_tokens")
    print(f"{'day':<10} " + " ".join(f"{c.split('_')[-2] if c.endswith('tokens') else c:>10}" for c in columns)
          + f" {'cost USD':>12}")
    found: list[Any] = list(body["days"])  # type: ignore[call-overload]
    total: dict[str, Any] = dict(body["total"])  # type: ignore[call-overload]
    days = [*found, {**total, "day": "total"}]
    for day in days:
        print(f"{day['day']:<10} " + " ".join(f"{day.get(c, 0):>10}" for c in columns)
              + f" {day.get('cost_usd', 0):>12.6f}")
    return 0


def _limits(args: argparse.Namespace, client: Any, table: str) -> int:
    from chalicelib.dynamodb.limits import DynamoLimitStore

    store = DynamoLimitStore(client, table)
    wanted = {name: getattr(args, name) for name in NAMES if getattr(args, name) is not None}
    if any(value < 0 for value in wanted.values()):
        raise SystemExit("a limit is a whole number of 0 (none) or more")
    if wanted:
        store.set_limits(args.tenant, wanted)
    own = store.get_limits(args.tenant)
    print(f"{args.tenant}: " + (", ".join(f"{n}={v}" for n, v in own.items()) or "the stage's defaults")
          + "  (containers apply a change within seconds)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    import boto3

    client = boto3.client("dynamodb", region_name=args.region, endpoint_url=args.endpoint_url)
    try:
        return run(args, client)
    except LuminoraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
