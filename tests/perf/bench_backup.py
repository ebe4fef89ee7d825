"""Benchmark: `soumnet-backup create` and `verify --identity` over a mixed data set, against
the stock pipeline `tar -c | zstd -3 -T0 | age -r …` (and its reverse) and against
`restic backup` (first full backup) and `restic check --read-data`, in the same run.

The data set (default 1 GiB, `--size 256M` for a quicker run) mixes text documents
(compressible Cyrillic text), spreadsheets (CSV) and already-compressed images (bytes from a
seeded generator), the same bytes in every run. Every program runs in its own process tree;
peak memory is the largest sum of the resident sets of the whole tree (sampled every 20 ms),
so a pipeline's three programs count together, as do soumnet's threads and its two
children (age and the process that writes and hashes the archive).

Each program runs `--runs` times (default 5), the contenders taking turns within a round so
that a slow minute of the machine falls on all of them; the median wall time of each is
compared, the spread is printed beside it, and peak memory is the largest of its runs. One
run of a few seconds on a shared or virtual machine varies by 10-20%, enough to flip a ratio.

Targets: create throughput at least 0.9x the stock pipeline and at least 2x restic; peak
memory at most 200 MB.
"""

from __future__ import annotations

import argparse
import contextlib
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=parse_size, default=2**30, help="e.g. 1G, 256M")
    parser.add_argument("--runs", type=int, default=5, help="runs of each program")
    args = parser.parse_args()
    for program in ("tar", "zstd", "age", "age-keygen", "restic"):
        if not shutil.which(program):
            print(f"{program} is not installed", file=sys.stderr)
            return 1
    sys.path.insert(0, str(ROOT))
    from backups import sshsig

    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        base = Path(tmp)
        data = base / "данные"
        total = make_data(data, args.size)
        subprocess.run(["age-keygen", "-o", str(base / "key.txt")], check=True, capture_output=True)
        recipient = subprocess.run(
            ["age-keygen", "-y", str(base / "key.txt")], check=True, capture_output=True, text=True
        ).stdout.strip()
        signing = sshsig.SigningKey.generate()
        (base / "sk").write_bytes(signing.private_openssh())
        os.chmod(base / "sk", 0o600)
        (base / "sk.pub").write_text(sshsig.public_line(signing.public) + "\n")
        q = f"'{base}'"
        env = f"RESTIC_PASSWORD=bench RESTIC_REPOSITORY={q}/restic"
        runs: dict[str, list[dict[str, float]]] = {}
        for n in range(args.runs):
            for folder in ("ours", "restic"):
                shutil.rmtree(base / folder, ignore_errors=True)
            subprocess.run(f"{env} restic init -q", shell=True, check=True, capture_output=True)
            creates = {
                "ours": f"{BIN}/soumnet-backup create --source {q}/данные --label bench "
                f"--out {q}/ours --recipient {recipient} --signing-key {q}/sk --no-progress",
                "stock": f"tar -C {q} -cf - данные | zstd -q -3 -T0 | age -r {recipient} "
                f"> {q}/stock.tar.zst.age",
                "restic": f"{env} restic backup -q {q}/данные",
            }
            for name, command in _turn(creates, n):
                runs.setdefault(name, []).append(measure(command))
            archive = next((base / "ours").glob("*.tar.zst.age"))
            verifies = {
                "ours_v": f"{BIN}/soumnet-backup verify '{archive}' --identity {q}/key.txt "
                f"--trusted-key {q}/sk.pub",
                "stock_v": f"age -d -i {q}/key.txt {q}/stock.tar.zst.age | zstd -q -d "
                "| tar -t > /dev/null",
                "restic_v": f"{env} restic check -q --read-data",
            }
            for name, command in _turn(verifies, n):
                runs.setdefault(name, []).append(measure(command))
    med = {name: _summary(values) for name, values in runs.items()}
    ours, stock, restic = med["ours"], med["stock"], med["restic"]
    ours_v, stock_v, restic_v = med["ours_v"], med["stock_v"], med["restic_v"]

    mb = total / 1e6
    print(f"data set: {mb:.0f} MB (text 40%, CSV 30%, random 'images' 30%)")
    rows = [
        ("create soumnet", ours),
        ("create tar|zstd -3 -T0|age", stock),
        ("create restic backup", restic),
        ("verify soumnet --identity", ours_v),
        ("verify age -d|zstd -d|tar -t", stock_v),
        ("verify restic check --read-data", restic_v),
    ]
    print(f"median of {args.runs} runs each; wall times of every run in brackets")
    for name, r in rows:
        print(
            f"{name:34s} {r.wall:7.2f} s {mb / r.wall:8.1f} MB/s  peak {r.rss_mb:6.1f} MB"
            f"  [{r.spread}]"
        )
    print(f"create throughput vs stock pipeline: {stock.wall / ours.wall:.2f}x (target >= 0.9x)")
    print(f"create throughput vs restic:         {restic.wall / ours.wall:.2f}x (target >= 2x)")
    print(f"verify throughput vs stock pipeline: {stock_v.wall / ours_v.wall:.2f}x")
    print(f"verify throughput vs restic check:   {restic_v.wall / ours_v.wall:.2f}x")
    print(
        f"peak memory create: {ours.rss_mb:.1f} MB (target <= 200 MB), "
        f"{ours.rss_mb / restic.rss_mb:.2f}x restic's"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
