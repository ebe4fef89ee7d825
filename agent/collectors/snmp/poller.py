"""Poll many SNMP devices at once with pysnmp's asyncio API.

One `SnmpEngine` is created per event loop, inside the running loop, and shared by every
request of that loop (an engine reused across loops hangs). OIDs are numeric and MIB lookup
is off: no MIB is compiled or loaded while polling. A semaphore bounds how many devices are
polled at the same time; each device has its own time budget, so a dead or slow device
never delays the others' results. pysnmp is imported inside the functions, when a poll starts:
it costs +110 ms and +23 MiB RSS, which the agent commands that do not poll and a service that
only probes never pay.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agent.collectors.snmp import oids
from agent.collectors.snmp.parse import Value
from agent.collectors.snmp.plan import DEFAULT_LIMITS, PollLimits, Target
from foundation.wire import utcnow

AUTH_PROTOCOLS = {
    "MD5": "USM_AUTH_HMAC96_MD5",
    "SHA": "USM_AUTH_HMAC96_SHA",
    "SHA224": "USM_AUTH_HMAC128_SHA224",
    "SHA256": "USM_AUTH_HMAC192_SHA256",
    "SHA384": "USM_AUTH_HMAC256_SHA384",
    "SHA512": "USM_AUTH_HMAC384_SHA512",
}
PRIV_PROTOCOLS = {
    "DES": "USM_PRIV_CBC56_DES",
    "AES": "USM_PRIV_CFB128_AES",
    "AES192": "USM_PRIV_CFB192_AES",
    "AES256": "USM_PRIV_CFB256_AES",
}


@dataclass
class PollResult:
    target: Target
    up: bool
    error: str | None = None
    """Why the device did not answer or stopped answering (English, for the log)."""
    error_kind: str | None = None
    """`timeout`, `auth`, `budget` or `snmp`: what went wrong, for translated messages."""
    values: dict[str, Value] = field(default_factory=dict)
    ts: datetime = field(default_factory=utcnow)
    monotonic: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0
    partial: list[str] = field(default_factory=list)
    """Subtrees whose walk failed after the device had answered."""


class SnmpFailure(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def convert(value: Any) -> Value | None:
    """A pysnmp value as int / bytes / dotted str; None for noSuch* and endOfMibView."""
    # Imported here, as pysnmp is below: see the module's docstring.
    from pyasn1.type import univ  # type: ignore[import-untyped]
    from pysnmp.proto import rfc1902, rfc1905

    if isinstance(value, rfc1905.NoSuchObject | rfc1905.NoSuchInstance | rfc1905.EndOfMibView):
        return None
    if isinstance(value, univ.Null):
        return None
    if isinstance(value, rfc1902.IpAddress):
        return ".".join(str(b) for b in value.asOctets())
    if isinstance(value, univ.ObjectIdentifier):
        return ".".join(str(n) for n in value)
    if isinstance(value, univ.OctetString):
        return bytes(value.asOctets())
    if isinstance(value, univ.Integer):
        return int(value)
    return str(value)


def _auth(target: Target) -> Any:
    from pysnmp.hlapi.v3arch import asyncio as hl  # pysnmp only when polling

    if target.version == "3":
        return hl.UsmUserData(
            target.user,
            authKey=target.auth_key,
            privKey=target.priv_key,
            authProtocol=getattr(hl, AUTH_PROTOCOLS[target.auth_protocol]),
            privProtocol=getattr(hl, PRIV_PROTOCOLS[target.priv_protocol]),
        )
    return hl.CommunityData(target.community, mpModel=0 if target.version == "1" else 1)


def _failure(indication: Any, target: Target) -> SnmpFailure:
    text = str(indication)
    lowered = text.lower()
    if "timed out" in lowered or "timeout" in lowered:
        waited = target.timeout * (target.retries + 1)
        return SnmpFailure("timeout", f"no answer within {waited:g} s")
    if any(w in lowered for w in ("digest", "usm", "user", "decrypt", "security", "auth")):
        return SnmpFailure("auth", text)
    return SnmpFailure("snmp", text)


class Session:
    """Requests to one device on the loop's shared engine."""

    def __init__(self, engine: Any, target: Target, transport: Any, max_repetitions: int) -> None:
        from pysnmp.hlapi.v3arch import asyncio as hl  # pysnmp only when polling

        self.hl = hl
        self.engine = engine
        self.target = target
        self.transport = transport
        self.auth = _auth(target)
        self.context = hl.ContextData()
        self.max_repetitions = max_repetitions

    async def get(self, names: Sequence[str]) -> dict[str, Value]:
        hl = self.hl
        kinds = [hl.ObjectType(hl.ObjectIdentity(n)) for n in names]
        error, status, index, binds = await hl.get_cmd(
            self.engine, self.auth, self.transport, self.context, *kinds, lookupMib=False
        )
        if error:
            raise _failure(error, self.target)
        if status:
            raise SnmpFailure("snmp", f"{status.prettyPrint()} at {index}")
        out: dict[str, Value] = {}
        for name, value in binds:
            converted = convert(value)
            if converted is not None:
                out[str(name)] = converted
        return out

    async def walk(self, root: str) -> dict[str, Value]:
        """Every OID under `root` (GETBULK for v2c/v3, GETNEXT for v1)."""
        hl = self.hl
        prefix = root + "."
        out: dict[str, Value] = {}
        kind = hl.ObjectType(hl.ObjectIdentity(root))
        if self.target.version == "1":
            walker = hl.walk_cmd(
                self.engine, self.auth, self.transport, self.context, kind,
                lexicographicMode=False, lookupMib=False,
            )  # fmt: skip
        else:
            walker = hl.bulk_walk_cmd(
                self.engine, self.auth, self.transport, self.context, 0, self.max_repetitions,
                kind, lexicographicMode=False, lookupMib=False,
            )  # fmt: skip
        try:
            async for error, status, index, binds in walker:
                if error:
                    raise _failure(error, self.target)
                if status:
                    raise SnmpFailure("snmp", f"{status.prettyPrint()} at {index}")
                for name, value in binds:
                    oid = str(name)
                    if not oid.startswith(prefix):
                        return out
                    converted = convert(value)
                    if converted is not None:
                        out[oid] = converted
        finally:
            await walker.aclose()
        return out


def new_engine() -> Any:
    """An SNMP engine for the running event loop (create it inside the loop)."""
    from pysnmp.hlapi.v3arch import asyncio as hl  # pysnmp only when polling

    return hl.SnmpEngine()


def close_engine(engine: Any) -> None:
    engine.close_dispatcher()


async def open_session(engine: Any, target: Target, max_repetitions: int = 25) -> Session:
    from pysnmp.hlapi.v3arch import asyncio as hl  # pysnmp only when polling

    transport = await hl.UdpTransportTarget.create(
        (target.address, target.port), timeout=target.timeout, retries=target.retries
    )
    return Session(engine, target, transport, max_repetitions)


async def poll_target(
    engine: Any,
    target: Target,
    sections: Iterable[str] = oids.ALL_SECTIONS,
    max_repetitions: int = 25,
) -> PollResult:
    """One device: the system group first (a dead device fails here, after
    timeout × (retries + 1)); then every other section's subtrees, concurrently."""
    started = time.monotonic()
    result = PollResult(target=target, up=False)
    try:
        session = await open_session(engine, target, max_repetitions)
        result.values.update(await session.get(oids.SYSTEM_SCALARS))
        result.up = True
        roots = [root for s in sections for root in oids.SECTIONS.get(s, ())]
        walks = await asyncio.gather(*(session.walk(r) for r in roots), return_exceptions=True)
        for root, found in zip(roots, walks, strict=True):
            if isinstance(found, BaseException):
                if not isinstance(found, SnmpFailure):
                    raise found
                result.partial.append(root)
                result.error, result.error_kind = str(found), found.kind
            else:
                result.values.update(found)
    except SnmpFailure as exc:
        result.error, result.error_kind = str(exc), exc.kind
    except OSError as exc:  # name resolution, no route
        result.error, result.error_kind = exc.strerror or str(exc), "snmp"
    except Exception as exc:  # pysnmp reports resolution problems as its own error types
        result.error, result.error_kind = str(exc) or type(exc).__name__, "snmp"
    result.elapsed = time.monotonic() - started
    return result


class Engines:
    """The SNMP engines of one event loop: one shared by every request, plus one per extra
    SNMPv3 key set (an engine holds one key set per user name, so the same name with other
    keys, or a deliberately wrong key when testing, needs an engine of its own).

    Create and use it inside the running loop it belongs to.
    """

    def __init__(self) -> None:
        self.shared = new_engine()
        self.extra: dict[tuple[str, ...], Any] = {}
        self.users: dict[str, tuple[str, ...]] = {}

    def for_target(self, target: Target) -> Any:
        if target.version != "3":
            return self.shared
        keys: tuple[str, ...] = (target.user, target.auth_protocol, target.auth_key)
        keys += (target.priv_protocol, target.priv_key)
        if self.users.setdefault(target.user, keys) == keys:
            return self.shared
        if keys not in self.extra:
            self.extra[keys] = new_engine()
        return self.extra[keys]

    def close(self) -> None:
        for engine in (self.shared, *self.extra.values()):
            close_engine(engine)


async def poll_async(
    targets: Sequence[Target],
    sections: Iterable[str] = oids.ALL_SECTIONS,
    limits: PollLimits = DEFAULT_LIMITS,
    engines: Engines | None = None,
) -> list[PollResult]:
    """Poll `targets` concurrently (at most `limits.concurrency` at a time); results in input
    order. Without `engines`, engines are made for this call and closed after it (none for no
    targets)."""
    if not targets:
        return []
    own = engines is None
    pool = Engines() if engines is None else engines
    gate = asyncio.Semaphore(max(1, limits.concurrency))
    chosen = tuple(sections)
    budget_seconds = limits.budget_seconds

    async def one(target: Target) -> PollResult:
        async with gate:
            started = time.monotonic()
            try:
                return await asyncio.wait_for(
                    poll_target(pool.for_target(target), target, chosen, limits.max_repetitions),
                    budget_seconds,
                )
            except TimeoutError:
                return PollResult(
                    target=target,
                    up=False,
                    error=f"the poll took longer than {budget_seconds:g} s",
                    error_kind="budget",
                    elapsed=time.monotonic() - started,
                )

    try:
        return list(await asyncio.gather(*(one(t) for t in targets)))
    finally:
        if own:
            pool.close()


def poll(
    targets: Sequence[Target],
    sections: Iterable[str] = oids.ALL_SECTIONS,
    limits: PollLimits = DEFAULT_LIMITS,
) -> list[PollResult]:
    """One-shot synchronous poll: a fresh event loop (and engines) for this call."""
    return asyncio.run(poll_async(targets, sections, limits))


class SnmpRuntime:
    """A long-lived event loop on its own thread with its engines, for repeated polls.

    Setting up an engine (loading its MIB modules) costs far more than a poll of one device;
    the agent service polls every few minutes for weeks, so it keeps one runtime and pays
    that once. The engines never leave the loop they were made in.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="snmp", daemon=True)
        self.thread.start()
        self.engines: Engines | None = None

    async def _engines(self) -> Engines:
        if self.engines is None:
            self.engines = Engines()
        return self.engines

    def poll(
        self,
        targets: Sequence[Target],
        sections: Iterable[str] = oids.ALL_SECTIONS,
        limits: PollLimits = DEFAULT_LIMITS,
    ) -> list[PollResult]:
        """As `poll`, on this runtime's loop and engines."""

        async def run() -> list[PollResult]:
            engines = await self._engines() if targets else None  # none set up for nothing
            return await poll_async(targets, sections, limits, engines)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result()

    def close(self) -> None:
        async def shutdown() -> None:
            if self.engines is not None:
                self.engines.close()

        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=10)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
        self.loop.close()
