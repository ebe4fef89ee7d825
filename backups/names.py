"""The file names of an archive and its companions (FORMAT.md): `LABEL-STAMP.tar.zst.age`
beside `LABEL-STAMP.manifest.json`, `LABEL-STAMP.report.json` and their `.sig` files. Here,
apart from the signing code, so that listing archives loads no cryptography."""

from __future__ import annotations

from pathlib import Path

ARCHIVE_SUFFIX = ".tar.zst.age"
REPORT_SUFFIX = ".report.json"


def base_of(archive: Path) -> Path:
    name = archive.name
    stem = name[: -len(ARCHIVE_SUFFIX)] if name.endswith(ARCHIVE_SUFFIX) else name
    return archive.with_name(stem)


def manifest_path(archive: Path) -> Path:
    return base_of(archive).with_name(base_of(archive).name + ".manifest.json")


def report_path(archive: Path) -> Path:
    return base_of(archive).with_name(base_of(archive).name + REPORT_SUFFIX)


def sig_path(path: Path) -> Path:
    return path.with_name(path.name + ".sig")
