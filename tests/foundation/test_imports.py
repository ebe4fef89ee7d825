"""Imports point one way: no import hides inside a function unless start-up time needs it, and no
module of the project reaches itself through its imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("foundation", "agent", "inventory", "backups", "tui")

# Imports that stay inside a function, grouped by what they save. The figures: what the import
# adds once the module in brackets is loaded, in a fresh interpreter (time: the fastest of 15;
# memory: VmRSS of /proc/self/status before and after).
_KEPT: dict[str, tuple[tuple[str, str], ...]] = {
    "paramiko: +65 ms, +20 MiB [agent.service.loop, inventory.cli]": (
        ("agent.delivery.enroll", "agent.delivery.sshkeys"),
        ("inventory.intake.agents", "agent.delivery.sshkeys"),
        ("agent.commands.collect", "agent.delivery.sshkeys"),
    ),
    "pysnmp: +110 ms, +23 MiB [agent.collectors.snmp.poller], only when polling": (
        ("agent.collectors.snmp.poller", "pyasn1.type"),
        ("agent.collectors.snmp.poller", "pysnmp.proto"),
        ("agent.collectors.snmp.poller", "pysnmp.hlapi.v3arch"),
    ),
    "asyncio: +27 ms, +8 MiB [agent.service.loop], only with network monitoring": (
        ("agent.jobs.network", "agent.collectors.snmp.poller"),
        ("agent.jobs.network", "agent.collectors.probes"),
        ("agent.commands.network", "agent.collectors.snmp.poller"),
        ("agent.commands.network", "agent.collectors.discover"),
    ),
    "cryptography, zstandard: +30 ms, +15 MiB [agent.service.loop], only with an archive": (
        ("agent.jobs.backup", "agent.delivery.offsite"),
        ("agent.jobs.backup", "backups.create"),
        ("agent.jobs.backup", "backups.sshsig"),
    ),
    "cryptography: +15 ms, +9 MiB [inventory.cli], only where a signature is made or read": (
        ("inventory.views.archives", "backups.restore_tests"),
        ("inventory.commands.doctor", "backups.sshsig"),
        ("inventory.intake.agents", "backups.sshsig"),
        ("inventory.intake.archives", "backups.sshsig"),
    ),
    "cryptography, pyrage, zstandard: +23 ms, +12 MiB [inventory.cli], only to check": (
        ("inventory.views.archives", "backups.trust"),
        ("inventory.views.archives", "backups.verify"),
        ("inventory.views.archives", "backups.reportdoc"),
    ),
    "prometheus_client: +17 ms, +4 MiB [inventory.cli], only for serve": (
        ("inventory.commands.hub", "inventory.reports.metrics"),
    ),
    "fpdf2, matplotlib: +800 ms, +83 MiB [foundation.document.render], only for a PDF": (
        ("foundation.document.render", "foundation.document.pdf"),
    ),
    "jinja2, matplotlib: +560 ms, +54 MiB [foundation.document.render], only for HTML": (
        ("foundation.document.render", "foundation.document.html"),
    ),
    "XlsxWriter: +41 ms, +8 MiB [foundation.document.render], only for XLSX": (
        ("foundation.document.render", "foundation.document.xlsx"),
    ),
    "psutil: +11 ms, +2 MiB [backups.cli], only while an archive runs": (
        ("backups.progress", "psutil"),
    ),
    "the sink runs backups/encryptor.py with python -I -S: no site-packages, no pyrage": (
        ("backups.encryptor", "pyrage"),
    ),
    "the report kinds: +0.5 MiB [agent.service.loop], only when the outbox rolls samples up": (
        ("agent.delivery.rollup", "foundation.kinds"),
    ),
    "the SNMP OID tables: +5 ms, +0.7 MiB [agent.service.loop, agent.cli], only when polling": (
        ("agent.jobs.network", "agent.collectors.snmp.parse"),
        ("agent.commands.network", "agent.collectors.snmp.parse"),
    ),
    "importlib.metadata: +14 ms, +1.6 MiB [agent.delivery.sshsession], only when paramiko's "
    "version is not in a .dist-info folder": (("agent.delivery.sshsession", "importlib.metadata"),),
    "uuid: +3 ms, +0.2 MiB [foundation.devicekeys], only where the OS keeps no machine id": (
        ("foundation.devicekeys", "uuid"),
    ),
    "platformdirs: +1.6 ms, +0.2 MiB [agent.service.loop], only when no folder is configured": (
        ("foundation.config", "platformdirs"),
    ),
    "apprise: +75 ms, +15 MiB [inventory.intake.serve], only when a messenger is sent to": (
        ("inventory.notify.channels.apprise_channel", "apprise"),
    ),
    "pyrage, zstandard, cryptography [agent.service.loop], only for a restore_test task": (
        ("agent.jobs.backup", "backups.restore"),
        ("agent.jobs.backup", "backups.verify"),
    ),
    "pyrage [agent.service.loop], only when the hub changes an agent's recipients": (
        ("agent.steer.settings", "backups.archive"),
    ),
    "hashlib's OpenSSL [agent.service.loop], only when the hub offers settings": (
        ("agent.steer.keys", "hashlib"),
    ),
    "textual: +170 ms, +18 MiB [tui.cli], only when the TUI opens, not for --help": (
        ("tui.cli", "tui.app"),
    ),
}
ALLOWED_INSIDE: dict[tuple[str, str], str] = {
    pair: reason for reason, pairs in _KEPT.items() for pair in pairs
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _target(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _target(module, path, node)
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def _inside_functions() -> list[tuple[str, str, int]]:
    found = []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(func):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        name = _imported(module, path, node)[0]
                        found.append((module, name, node.lineno))
    return found


def _graph() -> dict[str, set[str]]:
    """Every import of a project module, at file level or inside a function: an import moved
    into a function still makes a cycle."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skipped or not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in _imported(module, path, node):
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    graph[module].add(name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_imports_inside_functions_are_in_the_allow_list() -> None:
    extra = [
        f"{module}:{line} imports {name}"
        for module, name, line in _inside_functions()
        if (module, name) not in ALLOWED_INSIDE
    ]
    assert not extra, "\n".join(extra)


def test_no_module_reaches_itself_through_its_imports() -> None:
    assert not _cycles(_graph())


def test_every_allowed_import_is_still_made_inside_a_function() -> None:
    """An allow-list entry whose import moved to the top of its module is stale: remove it,
    so that the list keeps saying only what start-up still pays for."""
    made = {(module, name) for module, name, _line in _inside_functions()}
    stale = sorted(
        f"{module} -> {name}" for module, name in ALLOWED_INSIDE if (module, name) not in made
    )
    assert not stale, "\n".join(stale)
