"""Package a stage as one CloudFormation stack and deploy it, printing the API's URL.

    python -m scripts.deploy --stage dev [--alarm-email ops@example.com] [--bucket NAME] [--package-only]

`chalice package --merge-template` builds the functions, roles and API from `.chalice/config.json`; the
template it merges is `infra/table.json` (the table and its stream) plus `infra/operations.json` (function
names, log groups, the Powertools layer, the analysis's stream mapping and failure queue, throttling,
alarms), with the stage's names written in as parameter defaults. The zip gets the compiled bytecode of
its modules (`scripts.bytecode`), so that a cold start does not compile them. Then `aws cloudformation
package` uploads the zip to an S3 bucket (created once per account and region unless given) and `aws
cloudformation deploy` creates or updates the stack `luminora-<stage>`. Needs the AWS CLI and
credentials; `--package-only` needs neither.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from scripts.bytecode import add_bytecode

ROOT = Path(__file__).resolve().parent.parent
INFRA = ROOT / "infra"
BUILD = ROOT / "build" / "deploy"
# What `chalice package` needs so that it never looks for credentials on the machine or its metadata address.
OFFLINE_AWS = {
    "AWS_ACCESS_KEY_ID": "package",
    "AWS_SECRET_ACCESS_KEY": "package",
    "AWS_SESSION_TOKEN": "package",
    "AWS_EC2_METADATA_DISABLED": "true",
}

Run = Callable[[Sequence[str]], str]


def stage_environment(stage: str) -> dict[str, str]:
    """The environment variables `.chalice/config.json` gives the stage's functions."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
    if stage not in config["stages"]:
        raise SystemExit(f"unknown stage {stage!r}: .chalice/config.json has {', '.join(config['stages'])}")
    return {**config.get("environment_variables", {}), **config["stages"][stage].get("environment_variables", {})}


def merge_template(stage: str) -> dict[str, Any]:
    """The template merged into Chalice's: the table and the operations, defaults set for ``stage``."""
    table = json.loads((INFRA / "table.json").read_text(encoding="utf-8"))
    operations = json.loads((INFRA / "operations.json").read_text(encoding="utf-8"))
    merged: dict[str, Any] = {**operations, "Description": f"Luminora, stage {stage}"}
    for section in ("Parameters", "Resources", "Outputs"):
        overlap = set(table.get(section, {})) & set(operations.get(section, {}))
        if overlap:
            raise ValueError(f"infra/table.json and infra/operations.json both define {section} {sorted(overlap)}")
        merged[section] = {**table.get(section, {}), **operations.get(section, {})}
    params = merged["Parameters"]
    params["Stage"] = {**params["Stage"], "Default": stage}
    params["TableName"] = {**params["TableName"], "Default": stage_environment(stage)["DYNAMODB_TABLE_NAME"]}
    return merged


def package(stage: str, out: Path, *, region: str | None = None) -> Path:
    """Run `chalice package --merge-template` for ``stage`` into ``out``; returns the template's path.

    With ``region`` the run is offline: dummy credentials and that region, as in the tests.
    """
    out.mkdir(parents=True, exist_ok=True)
    merge = out.parent / f"{out.name}-merge.json"
    merge.write_text(json.dumps(merge_template(stage), indent=2), encoding="utf-8")
    env = dict(os.environ)
    if region is not None:
        env.update(OFFLINE_AWS, AWS_DEFAULT_REGION=region, AWS_REGION=region)
        env.pop("AWS_PROFILE", None)
    command = [sys.executable, "-c", "from chalice.cli import main; main()", "package", "--stage", stage,
               "--merge-template", str(merge), str(out)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chalice package failed: {(done.stderr or done.stdout).strip()[-2000:]}")
    add_bytecode(out / "deployment.zip")
    return out / "sam.json"


def _aws(args: Sequence[str]) -> str:
    done = subprocess.run(["aws", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"aws {' '.join(args[:2])} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout.strip()


def artifact_bucket(run: Run, region: str) -> str:
    """The account's Luminora artifact bucket in ``region``, created (private, encrypted) when missing."""
    account = run(["sts", "get-caller-identity", "--query", "Account", "--output", "text"])
    bucket = f"luminora-artifacts-{account}-{region}"
    try:
        run(["s3api", "head-bucket", "--bucket", bucket])
    except RuntimeError:
        run(["s3", "mb", f"s3://{bucket}", "--region", region])
        run(["s3api", "put-public-access-block", "--bucket", bucket, "--public-access-block-configuration",
             "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"])
    return bucket


def deploy(
    stage: str,
    template: Path,
    *,
    region: str,
    bucket: str | None = None,
    overrides: Mapping[str, str] | None = None,
    run: Run = _aws,
) -> str:
    """Upload the package, create or update the stack ``luminora-<stage>``; returns the API's URL."""
    stack = f"luminora-{stage}"
    bucket = bucket or artifact_bucket(run, region)
    packaged = template.parent / "packaged.yaml"
    run(["cloudformation", "package", "--template-file", str(template), "--s3-bucket", bucket,
         "--s3-prefix", stack, "--output-template-file", str(packaged), "--region", region])
    command = ["cloudformation", "deploy", "--template-file", str(packaged), "--stack-name", stack,
               "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND", "--no-fail-on-empty-changeset",
               "--region", region]
    if overrides:
        command += ["--parameter-overrides", *(f"{key}={value}" for key, value in overrides.items())]
    run(command)
    return run(["cloudformation", "describe-stacks", "--stack-name", stack, "--region", region, "--query",
                "Stacks[0].Outputs[?OutputKey=='EndpointURL'].OutputValue", "--output", "text"])


def main(argv: list[str] | None = None, *, run: Run = _aws) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, help="dev or prod (a stage of .chalice/config.json)")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    parser.add_argument("--alarm-email", default=None, help="where alarms are e-mailed (kept on later deploys)")
    parser.add_argument("--bucket", default=None, help="S3 bucket for the code (default: luminora-artifacts-...)")
    parser.add_argument("--package-only", action="store_true", help="build build/deploy/<stage>/ and stop")
    args = parser.parse_args(argv)
    if not args.region:
        parser.error("set --region or AWS_REGION")
    out = BUILD / args.stage
    template = package(args.stage, out, region=args.region if args.package_only else None)
    print(f"packaged {template} and {out / 'deployment.zip'}")
    if args.package_only:
        return 0
    overrides = {"AlarmEmail": args.alarm_email} if args.alarm_email is not None else None
    url = deploy(args.stage, template, region=args.region, bucket=args.bucket, overrides=overrides, run=run)
    print(f"stack luminora-{args.stage} is up: {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
