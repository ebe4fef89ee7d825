"""`soumnet-backup verify | verify-report`: an archive's hash, signatures and chain (and, with
a key, a restore test), or one report file; who signed is checked against trusted keys."""

from __future__ import annotations

import argparse
from pathlib import Path

from backups import sshsig
from backups.messages import T
from backups.restore import load_identities
from backups.trust import check_trusted, load_trusted
from backups.verify import verify_archive, verify_report
from foundation.commands import Command
from foundation.i18n import Lang

UNCHECKED = 5
"""Exit status of a valid signature whose key was not checked against a trusted key."""
TRUST_EPILOG = (
    "exit status: 0 valid and signed by a trusted key; 5 the signature is valid but no"
    " trusted key was given, so who signed was not checked; 1 invalid or signed by another key"
)


def trust_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trusted-key",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.pub",
        help="the office's signing public key (OpenSSH format); may be repeated",
    )
    parser.add_argument(
        "--allowed-signers",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="an ssh-keygen allowed-signers file, e.g. from 'soumnet-hub archives export-signers'",
    )


def _trusted(args: argparse.Namespace, path: Path, fingerprint: str) -> bool:
    """Whether the signer was checked; refuses (BackupProblem) a key not trusted."""
    trusted = load_trusted([*args.trusted_key, *args.allowed_signers])
    if trusted is None:
        return False
    check_trusted(path, fingerprint, trusted)
    return True


def _verify_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path)
    trust_options(parser)
    parser.add_argument("--identity", type=Path)
    parser.add_argument(
        "--signing-key",
        type=Path,
        help="with --identity: record a restore-test entry signed with this Ed25519 key",
    )


def _verify(args: argparse.Namespace, config: None) -> int:
    lang: Lang = args.lang
    load_trusted([*args.trusted_key, *args.allowed_signers])  # a bad file: before any work
    identities = load_identities(args.identity) if args.identity else []
    key = None
    if args.signing_key is not None and identities:
        key = sshsig.SigningKey.load(args.signing_key)
    result = verify_archive(args.archive, identities, key)
    checked = _trusted(args, args.archive, result.fingerprint)
    if not checked:
        print(T(lang, "verify_unchecked", file=str(args.archive), fingerprint=result.fingerprint))
    elif result.files_tested is None:
        print(T(lang, "verify_ok", file=str(args.archive), fingerprint=result.fingerprint))
    else:
        print(
            T(
                lang,
                "verify_ok_restore",
                file=str(args.archive),
                fingerprint=result.fingerprint,
                files=result.files_tested,
            )
        )
    if result.entry is not None:
        print(T(lang, "restore_test_recorded", file=str(result.entry)))
    return 0 if checked else UNCHECKED


def _verify_report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", type=Path)
    trust_options(parser)


def _verify_report(args: argparse.Namespace, config: None) -> int:
    lang: Lang = args.lang
    _report_data, fingerprint = verify_report(args.report)
    if not _trusted(args, args.report, fingerprint):
        print(T(lang, "verify_unchecked", file=str(args.report), fingerprint=fingerprint))
        return UNCHECKED
    print(T(lang, "verify_ok", file=str(args.report), fingerprint=fingerprint))
    return 0


COMMANDS = (
    Command(
        "verify",
        "check hash, signatures and chain; restore test with a key",
        _verify_args,
        _verify,
        needs_config=False,
        epilog=TRUST_EPILOG,
    ),
    Command(
        "verify-report",
        "check one report file; prints one line",
        _verify_report_args,
        _verify_report,
        needs_config=False,
        epilog=TRUST_EPILOG,
    ),
)
