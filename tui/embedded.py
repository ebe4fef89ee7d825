"""`make run`: the hub's `serve` and this machine's agent in the background, the TUI in front.

The two background processes log to `<hub data>/logs/` and are stopped when the TUI exits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from foundation.cli import load_config, main_wrapper
from inventory.store.layout import Layout
from tui import cli
from tui.config import TuiConfig


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", *args], stdout=out, stderr=subprocess.STDOUT, env=os.environ
        )


def run(argv: list[str] | None) -> int:
    config = load_config(None, TuiConfig)
    logs = Layout(config.hub_dir).logs
    logs.mkdir(parents=True, exist_ok=True)
    children = [
        _start(["inventory.cli", "serve"], logs / "serve.log"),
        _start(["agent.cli", "run"], logs / "agent.log"),
    ]
    try:
        return cli.run(argv or [])
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def main() -> int:
    return main_wrapper("soumnet", lambda argv: run(list(argv or [])), sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
