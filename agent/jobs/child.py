"""Daily scans in a short child process, so that the always-on service never holds them.

The machine scan (facts, SMART, posture, software) reads package databases, walks system
folders and runs programs once a day or when something changed. Run in the service, what it
loads and allocates would stay in the service's memory for its whole life; in a child it is
given back when the child ends. The child is this interpreter, isolated (`-I`) and without
`site` (`-S`), with this process's module path, as the sync child is: it calls
`module:function` with the JSON keyword arguments given and writes the JSON of what it
returned on standard output. A failure is the child's last line of standard error.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from typing import Any

CHILD_MAIN = (
    "import json, os, sys; sys.path[:0] = sys.argv[1].split(os.pathsep); "
    "from agent.jobs.child import main; main(sys.argv[2], sys.argv[3])"
)


class ChildFailed(Exception):
    """The scan failed in the child; the message is its reason, one line."""


def command(target: str, kwargs: dict[str, Any]) -> list[str]:
    project = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.pathsep.join([project, *(p for p in sys.path if p and p != project)])
    return [sys.executable, "-I", "-S", "-c", CHILD_MAIN, path, target, json.dumps(kwargs)]


def in_child(target: str, timeout: float = 900.0, **kwargs: Any) -> Any:
    """What `module:function(**kwargs)` returns, computed in a child process."""
    try:
        done = subprocess.run(command(target, kwargs), capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChildFailed(str(exc)) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChildFailed(lines[-1] if lines else f"exit status {done.returncode}")
    return json.loads(done.stdout)


def main(target: str, kwargs: str) -> None:
    """The child's side: run the function, print its result as JSON, exit without cleanup."""
    module, _, name = target.partition(":")
    try:
        result = getattr(importlib.import_module(module), name)(**json.loads(kwargs))
        out = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    except Exception as exc:  # the parent logs it as the job's one line
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        sys.stderr.flush()
        os._exit(1)
    sys.stdout.write(out)
    sys.stdout.flush()
    os._exit(0)
