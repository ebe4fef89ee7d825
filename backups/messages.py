"""English and Mongolian texts of the backup engine."""

from __future__ import annotations

from agent.i18n import Catalog, Problem

T = Catalog(
    {
        "disk_full": (
            "the disk is full while writing {file}: no archive was kept",
            "{file} бичих үед диск дүүрсэн: архив үлдээгээгүй",
        ),
        "write_failed": (
            "cannot write the archive {file}: {reason}; no archive was kept",
            "{file} архивыг бичиж чадсангүй: {reason}; архив үлдээгээгүй",
        ),
        "source_missing": ("source {path} does not exist", "{path} эх сурвалж байхгүй"),
        "bad_recipient": ("not an age recipient: {value}", "age хүлээн авагч биш: {value}"),
        "bad_identity": (
            "{file}: not an age identity file",
            "{file}: age нууц түлхүүрийн файл биш",
        ),
        "need_two_recipients": (
            "give at least one --recipient",
            "дор хаяж нэг --recipient өгнө үү",
        ),
        "decrypt_failed": (
            "cannot decrypt {file}: wrong key or damaged archive",
            "{file}-г тайлж чадсангүй: буруу түлхүүр эсвэл гэмтсэн архив",
        ),
        "corrupt_archive": (
            "{file} is damaged: {reason}",
            "{file} гэмтсэн байна: {reason}",
        ),
        "unsafe_member": (
            "refused {member}: {reason}; nothing was written outside {target}",
            "{member}-г татгалзсан: {reason}; {target}-оос гадна юу ч бичээгүй",
        ),
        "target_not_empty": (
            "{target} is not empty: restore only into a new or empty folder",
            "{target} хоосон биш: зөвхөн шинэ эсвэл хоосон хавтас руу сэргээнэ",
        ),
        "companion_missing": (
            "{file} is missing (it belongs beside the archive)",
            "{file} байхгүй (архивын хажууд байх ёстой)",
        ),
        "unreadable_json": ("{file}: not a valid {what}", "{file}: буруу {what}"),
        "verify_mismatch": ("{file}: {reason}", "{file}: {reason}"),
        "verify_ok": (
            "{file}: valid, signed by {fingerprint}",
            "{file}: хүчинтэй, {fingerprint} гарын үсэгтэй",
        ),
        "verify_ok_restore": (
            "{file}: valid, signed by {fingerprint}; restore test passed ({files} files)",
            "{file}: хүчинтэй, {fingerprint} гарын үсэгтэй; сэргээх шалгалт амжилттай"
            " ({files} файл)",
        ),
        "created": (
            "{file}: {status}, {files} files, {bytes} bytes, archive SHA-256 {sha256}",
            "{file}: {status}, {files} файл, {bytes} байт, архивын SHA-256 {sha256}",
        ),
        "changed_file": (
            "WARNING: {path} changed while it was read",
            "АНХААР: {path} уншиж байх үед өөрчлөгдсөн",
        ),
        "unreadable_file": (
            "WARNING: {path} could not be read: {reason}",
            "АНХААР: {path}-г уншиж чадсангүй: {reason}",
        ),
        "restored": ("restored {files} entries into {target}", "{target} руу {files} зүйл сэргээв"),
        "no_signing_key": (
            "{file}: signing key not found",
            "{file}: гарын үсгийн түлхүүр олдсонгүй",
        ),
        "font_missing": (
            "{file} is missing: install the fonts-dejavu-core package to make PDF reports",
            "{file} байхгүй: PDF тайланд fonts-dejavu-core багцыг суулгана уу",
        ),
        # report labels
        "report.title": ("Archive report", "Архивын тайлан"),
        "report.field": ("Field", "Талбар"),
        "report.value": ("Value", "Утга"),
    }
)


class BackupProblem(Problem):
    """A backup failure shown to the user as one translated line."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)
