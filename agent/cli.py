"""`soumnet-agent`: measure this machine and deliver the reports to the hub."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from agent.cliutil import add_config_option, load_config, main_wrapper
from agent.health import HealthCollector
from agent.service import Agent, health_report
from agent.wire import dumps


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soumnet-agent", description=__doc__)
    add_config_option(parser)
    sub = parser.add_subparsers(dest="command", required=True)
    collect = sub.add_parser("collect", help="print one health snapshot of this machine")
    collect.add_argument("--json", action="store_true", help="print the report as JSON")
    run = sub.add_parser("run", help="the service loop")
    run.add_argument("--once", action="store_true", help="one cycle, then exit")
    return parser


def run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    config = load_config(args.config)
    if args.command == "collect":
        report = health_report(config, HealthCollector())
        if args.json:
            print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            print(dumps(report.to_json()))
        return 0
    if args.command == "run":
        agent = Agent(config, log=_log)

        def _stop(signum: int, frame: FrameType | None) -> None:
            agent.stop.set()

        signal.signal(signal.SIGTERM, _stop)
        return agent.run(once=args.once)
    raise AssertionError(args.command)  # pragma: no cover


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    return main_wrapper("soumnet-agent", run, argv)


if __name__ == "__main__":
    sys.exit(main())
