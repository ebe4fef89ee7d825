"""`soumnet-agent collect | run`: measure this machine, and the service loop."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from types import FrameType

from agent.collectors.health import HealthCollector
from agent.config import AgentConfig
from agent.delivery.enroll import enrol, key_path
from agent.messages import T
from agent.service.loop import Agent, health_report
from foundation.commands import Command


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _collect_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the report as indented JSON")


def _collect(args: argparse.Namespace, config: AgentConfig) -> int:
    report = health_report(config, HealthCollector())
    indent = 2 if args.json else None
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=indent))
    return 0


def _run_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="one cycle, then exit")


def _run(args: argparse.Namespace, config: AgentConfig) -> int:
    agent = Agent(config, log=log, lang=args.lang)

    def _stop(signum: int, frame: FrameType | None) -> None:
        agent.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    return agent.run(once=args.once)


def _enroll_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub", required=True, help="the hub's SSH login: USER@HOST[:PORT]")
    parser.add_argument(
        "--host-key", required=True, help="the hub's host key line: 'ssh-ed25519 AAAA…'"
    )
    parser.add_argument("--out", type=Path, help="where to write the request file")


def _enroll(args: argparse.Namespace, config: AgentConfig) -> int:
    # measured: the SSH stack (paramiko) nearly doubles every soumnet-agent command's start-up
    from agent.delivery.sshkeys import load_key

    target = enrol(config, args.hub, args.host_key, args.out)
    key = load_key(key_path(config))
    print(T(args.lang, "agent.enroll.written", fingerprint=key.fingerprint, file=target))
    return 0


COMMANDS = (
    Command("collect", "print one health snapshot of this machine", _collect_args, _collect),
    Command("run", "the service loop", _run_args, _run),
    Command("enroll", "create this agent's key and a request for the hub", _enroll_args, _enroll),
)
