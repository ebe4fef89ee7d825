"""Headers made by hand read back the same by tarfile, GNU tar and our own reader."""

from __future__ import annotations

import io
import subprocess
import tarfile

import pytest

from backups import tarformat
from backups.tarformat import Chunks, Reader
from tests.conftest import require_program

MEMBERS = [  # name, kind, mode, uid, gid, mtime_ns, link, uname, gname, content
    ("кадр", tarformat.DIRECTORY, 0o2775, 0, 0, 1_764_813_918 * 10**9, "", "root", "root", b""),
    (
        "кадр/тушаал.pdf",
        tarformat.REGULAR,
        0o640,
        1000,
        1000,
        1_764_813_918_5 * 10**8,
        "",
        "",
        "",
        b"pdf",
    ),
    (
        "a" * 99 + "/" + "б" * 120,
        tarformat.REGULAR,
        0o4755,
        2**22,
        7,
        5,
        "",
        "хэрэглэгч",
        "g" * 40,
        b"x" * 1000,
    ),
    ("кадр/l", tarformat.SYMLINK, 0o777, 0, 0, 10**9, "../" + "ц" * 80, "root", "root", b""),
    ("кадр/h", tarformat.HARDLINK, 0o640, 0, 0, 10**9, "кадр/тушаал.pdf", "root", "root", b""),
    ("bad-\udcff.txt", tarformat.REGULAR, 0o600, 0, 0, -(10**9), "", "root", "root", b"raw"),
]


def _archive() -> bytes:
    out = io.BytesIO()
    for name, kind, mode, uid, gid, mtime, link, uname, gname, content in MEMBERS:
        out.write(
            tarformat.header(name, kind, mode, uid, gid, len(content), mtime, link, uname, gname)
        )
        out.write(content + bytes(-len(content) % 512))
    out.write(tarformat.end_of_archive(out.tell()))
    return out.getvalue()


def test_tarfile_reads_every_field() -> None:
    data = _archive()
    assert len(data) % tarformat.RECORD == 0
    with tarfile.open(fileobj=io.BytesIO(data), encoding="utf-8", errors="surrogateescape") as tar:
        got = [
            (m.name, m.type, m.mode, m.uid, m.gid, m.mtime, m.linkname, m.uname, m.gname)
            for m in tar
        ]
    want = [
        (name.rstrip("/"), kind, mode, uid, gid, mtime / 1e9, link, uname, gname)
        for name, kind, mode, uid, gid, mtime, link, uname, gname, _ in MEMBERS
    ]
    assert [g[:5] + g[6:] for g in got] == [w[:5] + w[6:] for w in want]
    assert [g[5] for g in got] == pytest.approx([w[5] for w in want])


def test_our_reader_reads_every_field_and_the_contents() -> None:
    source = io.BytesIO(_archive())
    with Chunks(source.readinto, 700, 3) as chunks:  # headers and contents across chunks
        reader = Reader(chunks)
        got = []
        while (member := reader.next()) is not None:
            content = b"".join(bytes(piece) for piece in reader.content())
            got.append(
                (
                    member.name,
                    member.kind,
                    member.mode,
                    member.uid,
                    member.gid,
                    member.mtime_ns,
                    member.link,
                    member.uname,
                    member.gname,
                    content,
                )
            )
    assert got == MEMBERS


def test_gnu_tar_lists_the_names() -> None:
    tar = require_program("tar")
    listing = subprocess.run(
        [tar, "-t", "--quoting-style=literal"], input=_archive(), capture_output=True, check=True
    )
    names = listing.stdout.decode("utf-8", "surrogateescape").splitlines()
    assert names == [m[0] + ("/" if m[1] == tarformat.DIRECTORY else "") for m in MEMBERS]


def test_a_damaged_header_is_an_error_not_the_end() -> None:
    data = bytearray(_archive())
    data[2 * 512 + 5] ^= 1  # the first member: pax header, its records, then its ustar header
    with Chunks(io.BytesIO(bytes(data)).readinto, 4096, 2) as chunks:
        reader = Reader(chunks)
        with pytest.raises(tarformat.TarError):
            while reader.next() is not None:
                pass
