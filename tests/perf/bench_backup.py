"""Benchmark: `soumnet-backup create`, `verify --identity` and `restore` over two data sets,
against the stock pipeline `tar -c | zstd -3 -T0 | age -r …` (and its reverse, `age -d | zstd
-d | tar -t` and `tar -x`) and against `restic backup` (first full backup), `restic check
--read-data` and `restic restore`, in the same run.

The two data sets, the same bytes in every run:

- `mixed` (default 1 GiB, `--size`): few, large files: text documents (compressible
  Cyrillic text), spreadsheets (CSV) and already-compressed images (seeded random bytes);
- `personnel` (default 50,000 files, `--files`): a staff archive, a folder per employee
  with scanned orders, contracts and office documents (zip, so incompressible),
  questionnaires, pay sheets, certificates and photographs, Cyrillic names throughout;
  most files a few KB, a long tail to 40 MB, about 1.2 GB in all.

Every program runs in its own process tree; peak memory is the largest sum of the resident
sets of the whole tree (sampled every 20 ms), so a pipeline's three programs count
together, as do soumnet's threads and its two children (age and the process that writes and
hashes the archive).

Each program runs `--runs` times (default 3), the contenders taking turns within a round so
that a slow minute of the machine falls on all of them; the median wall time of each is
compared, the spread is printed beside it, and peak memory is the largest of its runs. One
run of a few seconds on a shared or virtual machine varies by 10-20%, enough to flip a ratio.
`--quick` runs a smaller version (256 MiB, 10,000 files, 2 runs).

Targets: create, verify and restore throughput each at least 0.9x the stock tools', create
at least 2x restic's; peak memory at most 200 MB for every command on both data sets.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import psutil

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
WORDS: tuple[str, ...] = ("ажилтан", "цалин", "албан", "тушаал", "хэлтэс", "сум")
WORDS += ("аймаг", "тайлан", "гэрээ", "огноо", "нэр", "овог")


def make_data(root: Path, total: int, seed: int = 6) -> int:
    """Text 40%, spreadsheets 30%, images 30% of `total` bytes; returns the bytes written."""
    rng = random.Random(seed)
    written = 0
    parts = (("Баримт", 0.4, "txt"), ("Хүснэгт", 0.3, "csv"), ("Зураг", 0.3, "jpg"))
    for folder, share, ext in parts:
        target = int(total * share)
        (root / folder).mkdir(parents=True)
        i = 0
        while target > 0:
            size = min(target, rng.randint(64 * 1024, 8 * 1024 * 1024))
            path = root / folder / f"файл-{i:05d}.{ext}"
            if ext == "jpg":
                data = rng.randbytes(size)
            elif ext == "csv":
                line = ",".join(rng.choice(WORDS) for _ in range(6)) + f",{rng.randint(0, 10**7)}\n"
                data = (line * (size // len(line.encode()) + 1)).encode()[:size]
                data = bytes(data)
            else:
                sentence = " ".join(rng.choice(WORDS) for _ in range(2000)) + ".\n"
                block = sentence.encode()
                data = (block * (size // len(block) + 1))[:size]
            path.write_bytes(data)
            target -= size
            written += size
            i += 1
    return written


SURNAMES = ("Батын", "Доржийн", "Цэрэнгийн", "Гантулгын", "Мөнхийн", "Сүхийн", "Болдын")
NAMES = ("Болормаа", "Ганбаатар", "Оюунчимэг", "Тэмүүлэн", "Сарангэрэл", "Бат-Эрдэнэ", "Нарантуяа")
KINDS = (  # folder, extension, weight, median bytes, spread (sigma of the log), compressible
    ("Тушаал", "pdf", 16, 30_000, 0.8, False),  # scanned orders
    ("Гэрээ", "docx", 14, 14_000, 0.7, False),  # contracts: office files are zip
    ("Анкет", "txt", 26, 2_500, 0.8, True),
    ("Цалин", "csv", 16, 4_000, 1.0, True),
    ("Тодорхойлолт", "xml", 16, 2_000, 0.6, True),
    ("Зураг", "jpg", 12, 50_000, 0.9, False),  # photographs
)
LARGE = 0.0004
"""Share of files drawn from the long tail: 1 to 40 MB, evenly on a log scale (scanned
books, videos of an event)."""


def make_many(root: Path, files: int, seed: int = 18) -> int:
    """`files` files in a folder per employee (8 to 32 each); returns the bytes written.

    Contents are slices of two pools made once (seeded random bytes, Cyrillic text), at
    seeded offsets: making a data set costs little more than the file system's work."""
    rng = random.Random(seed)
    half = 8 * 2**20
    noise = memoryview(rng.randbytes(half) * 2)
    numbered = (f"{rng.choice(WORDS)} {rng.randint(0, 10**6)}" for _ in range(250_000))
    text = " ".join(numbered).encode()[:half]
    prose = memoryview(text * 2)
    weights = [kind[2] for kind in KINDS]
    written = count = person = 0
    while count < files:
        person += 1
        folder = root / "Ажилтнууд" / f"{person:05d} {rng.choice(SURNAMES)} {rng.choice(NAMES)}"
        for i in range(min(rng.randint(8, 32), files - count)):
            name, ext, _weight, median, sigma, compressible = rng.choices(KINDS, weights)[0]
            size = int(min(rng.lognormvariate(math.log(median), sigma), 40 * 2**20))
            if rng.random() < LARGE:
                size = int(math.exp(rng.uniform(math.log(2**20), math.log(40 * 2**20))))
            pool = prose if compressible else noise
            (folder / name).mkdir(parents=True, exist_ok=True)
            with open(folder / name / f"{name.lower()}-{i:03d}.{ext}", "wb") as handle:
                left = size
                while left:
                    start = rng.randrange(half)
                    piece = min(left, half)
                    handle.write(pool[start : start + piece])
                    left -= piece
            written += size
            count += 1
    return written


def measure(command: str) -> dict[str, float]:
    """Wall time and peak resident memory of the whole process tree of a shell command.

    Every run starts with nothing waiting to be written to disk (the data set just made,
    the previous run's output), so that no run pays for another's writes. Memory is read
    every 20 ms; the tree itself (a scan of every process on the machine) is looked up
    again every 20 ms for the first half second, when the programs start, then every
    200 ms: scanning at 50 Hz took about a tenth of a core from the programs measured."""
    os.sync()
    started = time.perf_counter()
    shell = subprocess.Popen(command, shell=True, stdout=subprocess.DEVNULL)
    root = psutil.Process(shell.pid)
    tree = [root]
    peak = 0
    samples = 0
    while shell.poll() is None:
        if samples < 25 or samples % 10 == 0:
            with contextlib.suppress(psutil.Error):
                tree = [root, *root.children(recursive=True)]
        samples += 1
        total = 0
        for proc in tree:
            with contextlib.suppress(psutil.Error):  # a process ended while being sampled
                total += proc.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.02)
    wall = time.perf_counter() - started
    if shell.returncode != 0:
        raise SystemExit(f"failed: {command}")
    return {"wall": wall, "rss_kb": peak / 1024}


def _turn(commands: dict[str, str], n: int) -> list[tuple[str, str]]:
    """Round n starts with the n-th contender: none always runs first, on a cooler machine."""
    items = list(commands.items())
    shift = n % len(items)
    return items[shift:] + items[:shift]


class Summary(NamedTuple):
    wall: float
    """median, seconds"""
    rss_mb: float
    """largest of the runs"""
    spread: str


def _summary(values: list[dict[str, float]]) -> Summary:
    walls = [v["wall"] for v in values]
    rss_mb = max(v["rss_kb"] for v in values) / 1024
    return Summary(statistics.median(walls), rss_mb, " ".join(f"{w:.2f}" for w in walls))


def parse_size(text: str) -> int:
    """`1G`, `256M`, `512K` or a number of bytes."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


class Keys(NamedTuple):
    recipient: str
    env: str
    """restic's repository and password, as shell words"""
    q: str
    """the bench folder, quoted for the shell"""


def _round(base: Path, keys: Keys, source: str, n: int) -> dict[str, dict[str, float]]:
    """One round over `source` (a folder in `base`): create, verify, restore, each program in
    its turn. Outputs of the round before are removed first, outside the measurements."""
    q, env = keys.q, keys.env
    for folder in ("ours", "restic", "ours-r", "stock-r", "restic-r"):
        shutil.rmtree(base / folder, ignore_errors=True)
    (base / "stock-r").mkdir()
    subprocess.run(f"{env} restic init -q", shell=True, check=True, capture_output=True)
    out: dict[str, dict[str, float]] = {}
    creates = {
        "create ours": f"{BIN}/soumnet-backup create --source {q}/{source} --label bench "
        f"--out {q}/ours --recipient {keys.recipient} --signing-key {q}/sk --no-progress",
        "create stock": f"tar -C {q} -cf - {source} | zstd -q -3 -T0 | age -r {keys.recipient} "
        f"> {q}/stock.tar.zst.age",
        "create restic": f"{env} restic backup -q {q}/{source}",
    }
    for name, command in _turn(creates, n):
        out[name] = measure(command)
    archive = next((base / "ours").glob("*.tar.zst.age"))
    stock_d = f"age -d -i {q}/key.txt {q}/stock.tar.zst.age | zstd -q -d"
    verifies = {
        "verify ours": f"{BIN}/soumnet-backup verify '{archive}' --identity {q}/key.txt "
        f"--trusted-key {q}/sk.pub",
        "verify stock": f"{stock_d} | tar -t > /dev/null",
        "verify restic": f"{env} restic check -q --read-data",
    }
    for name, command in _turn(verifies, n):
        out[name] = measure(command)
    restores = {
        "restore ours": f"{BIN}/soumnet-backup restore '{archive}' --identity {q}/key.txt "
        f"--to {q}/ours-r",
        "restore stock": f"{stock_d} | tar -x -p -C {q}/stock-r -f -",
        "restore restic": f"{env} restic restore -q latest --target {q}/restic-r",
    }
    for name, command in _turn(restores, n):
        out[name] = measure(command)
    return out


LABELS = {
    "ours": "soumnet",
    "create stock": "tar | zstd -3 -T0 | age",
    "verify stock": "age -d | zstd -d | tar -t",
    "restore stock": "age -d | zstd -d | tar -x",
    "create restic": "restic backup",
    "verify restic": "restic check --read-data",
    "restore restic": "restic restore",
}


def _print(
    name: str, title: str, megabytes: float, runs: dict[str, list[dict[str, float]]]
) -> list[str]:
    """The table of one data set; returns the targets it missed."""
    med = {name: _summary(values) for name, values in runs.items()}
    print(f"\n{title}")
    print(f"median of {len(runs['create ours'])} runs each; wall times of every run in brackets")
    missed = []
    for command in ("create", "verify", "restore"):
        ours, stock, restic = (med[f"{command} {who}"] for who in ("ours", "stock", "restic"))
        for who, r in (("ours", ours), ("stock", stock), ("restic", restic)):
            label = LABELS.get(f"{command} {who}", "soumnet")
            print(
                f"  {command:7s} {label:27s} {r.wall:7.2f} s {megabytes / r.wall:7.1f} MB/s"
                f"  peak {r.rss_mb:6.1f} MB  [{r.spread}]"
            )
        vs_stock, vs_restic = stock.wall / ours.wall, restic.wall / ours.wall
        print(
            f"  {command:7s} soumnet throughput: {vs_stock:.2f}x stock (target >= 0.9x), "
            f"{vs_restic:.2f}x restic"
            + (" (target >= 2x)" if command == "create" else "")
            + f"; peak {ours.rss_mb:.0f} MB (target <= 200 MB)"
        )
        if vs_stock < 0.9:
            missed.append(f"{name}: {command} {vs_stock:.2f}x stock")
        if command == "create" and vs_restic < 2:
            missed.append(f"{name}: create {vs_restic:.2f}x restic")
        if ours.rss_mb > 200:
            missed.append(f"{name}: {command} peak {ours.rss_mb:.0f} MB")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=parse_size, default=2**30, help="mixed set, e.g. 1G, 256M")
    parser.add_argument("--files", type=int, default=50_000, help="files of the personnel set")
    parser.add_argument("--runs", type=int, default=3, help="runs of each program")
    parser.add_argument("--quick", action="store_true", help="256M, 10,000 files, 2 runs")
    parser.add_argument("--only", choices=("mixed", "personnel"), help="one data set")
    args = parser.parse_args()
    if args.quick:
        args.size, args.files, args.runs = 2**28, 10_000, 2
    for program in ("tar", "zstd", "age", "age-keygen", "restic"):
        if not shutil.which(program):
            print(f"{program} is not installed", file=sys.stderr)
            return 1
    sys.path.insert(0, str(ROOT))
    from backups import sshsig

    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        base = Path(tmp)
        subprocess.run(["age-keygen", "-o", str(base / "key.txt")], check=True, capture_output=True)
        recipient = subprocess.run(
            ["age-keygen", "-y", str(base / "key.txt")], check=True, capture_output=True, text=True
        ).stdout.strip()
        signing = sshsig.SigningKey.generate()
        (base / "sk").write_bytes(signing.private_openssh())
        os.chmod(base / "sk", 0o600)
        (base / "sk.pub").write_text(sshsig.public_line(signing.public) + "\n")
        q = f"'{base}'"
        keys = Keys(recipient, f"RESTIC_PASSWORD=bench RESTIC_REPOSITORY={q}/restic", q)
        sets = (
            ("mixed", lambda root: make_data(root, args.size)),
            ("personnel", lambda root: make_many(root, args.files)),
        )
        for name, make in sets:
            if args.only not in (None, name):
                continue
            source = "данные" if name == "mixed" else "кадр"
            started = time.perf_counter()
            total = make(base / source)
            count = sum(len(files) for _, _, files in os.walk(base / source))
            made = time.perf_counter() - started
            runs: dict[str, list[dict[str, float]]] = {}
            for n in range(args.runs):
                for command, value in _round(base, keys, source, n).items():
                    runs.setdefault(command, []).append(value)
            title = f"data set {name}: {count:,} files, {total / 1e6:.0f} MB (made in {made:.1f} s)"
            missed += _print(name, title, total / 1e6, runs)
            shutil.rmtree(base / source)
    print("\nall targets met" if not missed else "\nmissed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
