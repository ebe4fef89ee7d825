"""The tar stream (POSIX.1-2001 pax, names in UTF-8) made and read by hand.

tarfile builds a TarInfo object per member, looks up owner names anew for each one and
parses every header field through several layers of helpers: about 100 microseconds a
member either way, more than reading, hashing and compressing a file of a few KB. Here a
header is one join of its fields, and reading parses the same fields straight from the
blocks, so that tens of thousands of small files cost what their bytes cost.

Written as tarfile wrote it for soumnet (FORMAT.md): a member whose name, link, owner or
group name is not ASCII or too long for its ustar field, or whose size, ids or time do
not fit (or whose time has a fraction of a second), is preceded by a pax extended header
(`x`) naming the exact values; its ustar header holds the ASCII fallback. The reader also
accepts what other tar programs write: global pax headers, GNU long names, old types.
"""

from __future__ import annotations

import functools
import queue
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType

BLOCK = 512
RECORD = 20 * BLOCK
"""The end of an archive is padded to a whole record, as tar writes it."""
REGULAR, HARDLINK, SYMLINK, DIRECTORY = b"0", b"1", b"2", b"5"
PAX, GLOBAL_PAX, GNU_NAME, GNU_LINK = b"x", b"g", b"L", b"K"
REGULAR_TYPES = (REGULAR, b"\0", b"7")
PLAIN_KINDS = (HARDLINK, SYMLINK, DIRECTORY)
"""The other members soumnet writes and restores: no devices, FIFOs or others."""
"""Old tar's "\\0" and contiguous files are regular files too."""
MAGIC = b"ustar\x0000"
ZERO_DEVICE = b"0000000\0" * 2
ZERO_BLOCK = bytes(BLOCK)


def _pax_record(key: bytes, value: bytes) -> bytes:
    """`LEN key=value\\n`, LEN counting itself."""
    body = b" " + key + b"=" + value + b"\n"
    size = len(body) + 1
    while len(record := b"%d" % size + body) != size:
        size = len(record)
    return record


def _text(value: str) -> tuple[bytes, bool]:
    """UTF-8, or (a name that is no valid UTF-8 on disk) its raw bytes, flagged."""
    try:
        return value.encode("utf-8"), False
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape"), True


def _byte_sum(block: bytes) -> int:
    """The sum of a block's 512 bytes, as the header checksum wants it. Adler-32's first
    half is one plus the byte sum modulo 65521, which 256 bytes cannot reach (at most
    65280): two calls into zlib instead of a Python loop over 512 numbers."""
    return (zlib.adler32(block[:256]) & 0xFFFF) + (zlib.adler32(block[256:]) & 0xFFFF) - 2


def _block(fields: tuple[bytes, int, int, int, int, int, bytes, bytes, bytes, bytes]) -> bytes:
    name, mode, uid, gid, size, mtime, kind, link, uname, gname = fields
    block = b"".join(
        (
            name[:100].ljust(100, b"\0"),
            b"%07o\0%07o\0%07o\0%011o\0%011o\0" % (mode, uid, gid, size, mtime),
            b"        ",
            kind,
            link[:100].ljust(100, b"\0"),
            MAGIC,
            uname[:32].ljust(32, b"\0"),
            gname[:32].ljust(32, b"\0"),
            ZERO_DEVICE,
            bytes(167),
        )
    )
    return b"%s%06o\0 %s" % (block[:148], _byte_sum(block), block[156:])


def header(
    name: str,
    kind: bytes,
    mode: int,
    uid: int,
    gid: int,
    size: int,
    mtime_ns: int,
    link: str = "",
    uname: str = "",
    gname: str = "",
) -> bytes:
    """The header block(s) of one member; a folder's name gets its trailing slash here."""
    if kind == DIRECTORY and not name.endswith("/"):
        name += "/"
    records: list[bytes] = []
    binary = False
    texts = []
    for key, value, length in ((b"path", name, 100), (b"linkpath", link, 100)):
        if value.isascii() and len(value) <= length:
            texts.append(value.encode("ascii"))
            continue
        raw, undecodable = _text(value)
        records.append(_pax_record(key, raw))
        binary = binary or undecodable
        texts.append(value.encode("ascii", "replace"))
    for key, value in ((b"uname", uname), (b"gname", gname)):
        if value.isascii() and len(value) <= 32:
            texts.append(value.encode("ascii"))
            continue
        raw, undecodable = _text(value)
        records.append(_pax_record(key, raw))
        binary = binary or undecodable
        texts.append(value.encode("ascii", "replace"))
    seconds, fraction = divmod(mtime_ns, 10**9)
    numbers = [uid, gid, size, seconds]
    if not (0 <= uid < 8**7 and 0 <= gid < 8**7 and 0 <= size < 8**11 and 0 <= seconds < 8**11):
        for place, (key, limit) in enumerate(
            ((b"uid", 8**7), (b"gid", 8**7), (b"size", 8**11), (b"mtime", 8**11))
        ):
            if not 0 <= numbers[place] < limit:
                records.append(_pax_record(key, b"%d" % numbers[place]))
                numbers[place] = 0
                fraction = fraction if key != b"mtime" else 0
    if fraction:
        exact = (b"%d.%09d" % (seconds, fraction)).rstrip(b"0")
        records.append(_pax_record(b"mtime", exact))
    path, linkpath, user, group = texts
    fields = (path, mode & 0o7777, *numbers, kind, linkpath, user, group)
    if not records:
        return _block(fields)  # type: ignore[arg-type]
    data = (b"21 hdrcharset=BINARY\n" if binary else b"") + b"".join(records)
    extended = (b"././@PaxHeader", 0, 0, 0, len(data), 0, PAX, b"", b"", b"")
    return _block(extended) + data + bytes(-len(data) % BLOCK) + _block(fields)  # type: ignore[arg-type]


def end_of_archive(offset: int) -> bytes:
    """Two zero blocks, then zeros to the end of the record, for a stream at `offset`."""
    end = offset + 2 * BLOCK
    return bytes(2 * BLOCK + -end % RECORD)


class Owners:
    """User and group names of ids, each looked up once a run (tar records both)."""

    def __init__(self) -> None:
        self._users: dict[int, str] = {}
        self._groups: dict[int, str] = {}

    def user(self, uid: int) -> str:
        name = self._users.get(uid)
        if name is None:
            name = self._users[uid] = _lookup("pwd", "getpwuid", uid)
        return name

    def group(self, gid: int) -> str:
        name = self._groups.get(gid)
        if name is None:
            name = self._groups[gid] = _lookup("grp", "getgrgid", gid)
        return name


def _lookup(module: str, function: str, number: int) -> str:
    """The name of an id, or "" where it has none (or the system has no such database)."""
    try:
        found = getattr(__import__(module), function)(number)
    except (ImportError, KeyError, OverflowError):
        return ""
    return str(found[0])


class TarError(ValueError):
    """The stream is not a valid tar stream: damaged, cut short or not tar at all."""


@dataclass(slots=True)
class Member:
    """One member as its headers describe it."""

    name: str
    kind: bytes
    mode: int
    uid: int
    gid: int
    size: int
    mtime_ns: int
    link: str
    uname: str
    gname: str

    def is_file(self) -> bool:
        return self.kind in REGULAR_TYPES

    def is_dir(self) -> bool:
        return self.kind == DIRECTORY


def _number(field: bytes) -> int:
    """An octal field (digits, then NUL or spaces), or GNU's base-256 one (first byte 0x80
    or 0xff)."""
    try:
        return int(field.rstrip(b"\0") or b"0", 8)  # int() allows the spaces around
    except ValueError:
        pass
    if field[:1] in (b"\x80", b"\xff"):
        value = int.from_bytes(field[1:], "big")
        return value - (1 << (8 * len(field) - 8)) if field[0] == 0xFF else value
    text = field.split(b"\0", 1)[0].strip()
    try:
        return int(text, 8) if text else 0
    except ValueError:
        raise TarError("invalid number in a header") from None


def _string(field: bytes) -> str:
    return field.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _mtime_ns(text: str) -> int:
    seconds, _, fraction = text.partition(".")
    sign = -1 if seconds.startswith("-") else 1
    whole = int(seconds or "0") * 10**9
    return whole + sign * int((fraction + "000000000")[:9] or "0")


def _pax(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    binary = b"hdrcharset=BINARY" in data
    position = 0
    while position < len(data) and data[position] != 0:
        space = data.find(b" ", position)
        try:
            length = int(data[position:space])
        except ValueError:
            raise TarError("invalid pax header") from None
        record = data[space + 1 : position + length - 1]
        if length < 5 or data[position + length - 1 : position + length] != b"\n":
            raise TarError("invalid pax header")
        key, equals, value = record.partition(b"=")
        if not equals:
            raise TarError("invalid pax header")
        errors = "surrogateescape"
        try:
            out[key.decode()] = value.decode("utf-8", "strict" if not binary else errors)
        except UnicodeDecodeError:
            out[key.decode()] = value.decode("utf-8", errors)
        position += length
    return out


class Chunks:
    """The decompressed stream read ahead on a thread of its own, in a ring of buffers:
    decompressing runs on one core while the caller parses, hashes or writes on the other.
    Memory stays at `count * size` bytes. Use as a context manager."""

    def __init__(
        self,
        readinto: Callable[[memoryview], int],
        size: int,
        count: int,
        release: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self._readinto = readinto
        self._release = release
        """Given how to give a buffer back, calls it once the buffer is no longer used:
        where contents are hashed on other threads, when they are done with it."""
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        for _ in range(count):
            self._free.put(bytearray(size))
        self._full: queue.SimpleQueue[tuple[bytearray, int] | BaseException] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="read-ahead", daemon=True)
        self._current: bytearray | None = None

    def __enter__(self) -> Chunks:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._free.put(bytearray(0))  # a thread waiting for a buffer reads nothing, and ends
        self._thread.join()
        while value is None and not self._full.empty():  # a failure read ahead still counts
            item = self._full.get()
            if isinstance(item, BaseException):
                raise item

    def _run(self) -> None:
        while not self._stop.is_set():
            buffer = self._free.get()
            try:
                count = self._readinto(memoryview(buffer))
            except BaseException as exc:  # raised again in the reading thread
                self._full.put(exc)
                return
            self._full.put((buffer, count))
            if not count:
                return

    def next(self) -> memoryview:
        """The next piece of the stream (empty at its end); the one before is given back."""
        if self._current is not None:
            give_back = functools.partial(self._free.put, self._current)
            if self._release is None:
                give_back()
            else:
                self._release(give_back)
            self._current = None
        item = self._full.get()
        if isinstance(item, BaseException):
            raise item
        buffer, count = item
        if not count:
            self._full.put(item)  # the end stays the end
            return memoryview(b"")
        self._current = buffer
        return memoryview(buffer)[:count]


class Reader:
    """Members one after the other: `next()` gives a member, `content()` its bytes, as views
    into the read-ahead buffers (each valid until the next is asked for). A content not read
    is skipped by the next `next()`."""

    def __init__(self, chunks: Chunks) -> None:
        self._chunks = chunks
        self._view = memoryview(b"")
        self._left = 0
        """Content and padding of the current member not read yet."""
        self._content = 0
        self._global: dict[str, str] = {}

    def _take(self, size: int) -> bytes:
        """Exactly `size` bytes (a header, a pax record), copied out of the buffers."""
        if len(self._view) >= size:
            data = bytes(self._view[:size])
            self._view = self._view[size:]
            return data
        parts = [bytes(self._view)]
        got = len(self._view)
        while got < size:
            self._view = self._chunks.next()
            if not self._view:
                raise TarError("unexpected end of data")
            parts.append(bytes(self._view[: size - got]))
            got += len(parts[-1])
            self._view = self._view[len(parts[-1]) :]
        return b"".join(parts)

    def _skip(self, size: int) -> None:
        while size:
            if not self._view:
                self._view = self._chunks.next()
                if not self._view:
                    raise TarError("unexpected end of data")
            step = min(size, len(self._view))
            self._view = self._view[step:]
            size -= step

    def content(self) -> Iterator[memoryview]:
        """The current member's content, in pieces."""
        while self._content:
            if not self._view:
                self._view = self._chunks.next()
                if not self._view:
                    raise TarError("unexpected end of data")
            step = min(self._content, len(self._view))
            piece = self._view[:step]
            self._view = self._view[step:]
            self._content -= step
            self._left -= step
            yield piece

    def next(self) -> Member | None:
        """The next member, or None at the end of the archive."""
        self._skip(self._left)
        self._left = self._content = 0
        pax: dict[str, str] = {}
        while True:
            block = self._take(BLOCK)
            if block == ZERO_BLOCK:
                return None
            if _number(block[148:156]) != _byte_sum(block) - sum(block[148:156]) + 256:
                raise TarError("bad header checksum")
            kind = block[156:157]
            size = _number(block[124:136])
            if kind in (PAX, GLOBAL_PAX, GNU_NAME, GNU_LINK):
                data = self._take(size)
                self._skip(-size % BLOCK)
                if kind == PAX:
                    pax.update(_pax(data))
                elif kind == GLOBAL_PAX:
                    self._global.update(_pax(data))
                else:
                    key = "path" if kind == GNU_NAME else "linkpath"
                    pax[key] = data.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
                continue
            return self._member(block, kind, size, {**self._global, **pax})

    def _member(self, block: bytes, kind: bytes, size: int, pax: dict[str, str]) -> Member:
        name = _string(block[0:100])
        if block[257:263] == b"ustar\0" and block[345:346] != b"\0":
            name = _string(block[345:500]) + "/" + name
        try:
            member = Member(
                name=pax.get("path", name),
                kind=kind,
                mode=_number(block[100:108]) & 0o7777,
                uid=int(pax["uid"]) if "uid" in pax else _number(block[108:116]),
                gid=int(pax["gid"]) if "gid" in pax else _number(block[116:124]),
                size=int(pax["size"]) if "size" in pax else size,
                mtime_ns=(
                    _mtime_ns(pax["mtime"]) if "mtime" in pax else _number(block[136:148]) * 10**9
                ),
                link=pax.get("linkpath", _string(block[157:257])),
                uname=pax.get("uname", _string(block[265:297])),
                gname=pax.get("gname", _string(block[297:329])),
            )
        except ValueError:
            raise TarError("invalid number in a pax header") from None
        if member.kind == DIRECTORY or member.name.endswith("/"):
            member.name = member.name.rstrip("/") or member.name
        has_content = member.kind not in (HARDLINK, SYMLINK, DIRECTORY, b"3", b"4", b"6")
        self._content = member.size if has_content else 0
        self._left = self._content + -self._content % BLOCK
        return member
