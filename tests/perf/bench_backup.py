"""Benchmark: `soumnet-backup create` and `verify --identity` over a mixed data set, against
the stock pipeline `tar -c | zstd -3 -T0 | age -r …` (and its reverse) and against
`restic backup` (first full backup) and `restic check --read-data`, in the same run.

The data set (default 1 GiB, `--size 256M` for a quicker run) mixes text documents
(compressible Cyrillic text), spreadsheets (CSV) and already-compressed images (bytes from a
seeded generator), the same bytes in every run. Every program runs in its own process tree;
peak memory is the largest sum of the resident sets of the whole tree (sampled every 20 ms),
so a pipeline's three programs count together, as do soumnet's threads and its two
children (age and the process that writes and hashes the archive).

Targets: create throughput at least 0.9x the stock pipeline and at least 2x restic; peak
memory at most 200 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
WORDS = ("ажилтан", "цалин", "албан", "тушаал", "хэлтэс", "сум")
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
    the previous run's output), so that no run pays for another's writes."""
    os.sync()
    started = time.perf_counter()
    shell = subprocess.Popen(command, shell=True, stdout=subprocess.DEVNULL)
    root = psutil.Process(shell.pid)
    peak = 0
    while shell.poll() is None:
        total = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                total += proc.memory_info().rss
        except psutil.Error:
            pass  # a process ended while being sampled
        peak = max(peak, total)
        time.sleep(0.02)
    wall = time.perf_counter() - started
    if shell.returncode != 0:
        raise SystemExit(f"failed: {command}")
    return {"wall": wall, "rss_kb": peak / 1024}


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
        (base / "sk").write_bytes(sshsig.SigningKey.generate().private_openssh())
        os.chmod(base / "sk", 0o600)
        q = f"'{base}'"
        ours = measure(
            f"{BIN}/soumnet-backup create --source {q}/данные --label bench --out {q}/ours "
            f"--recipient {recipient} --signing-key {q}/sk --no-progress"
        )
        archive = next((base / "ours").glob("*.tar.zst.age"))
        stock = measure(
            f"tar -C {q} -cf - данные | zstd -q -3 -T0 | age -r {recipient} > {q}/stock.tar.zst.age"
        )
        env = f"RESTIC_PASSWORD=bench RESTIC_REPOSITORY={q}/restic"
        subprocess.run(f"{env} restic init -q", shell=True, check=True, capture_output=True)
        restic = measure(f"{env} restic backup -q {q}/данные")
        ours_v = measure(f"{BIN}/soumnet-backup verify '{archive}' --identity {q}/key.txt")
        stock_v = measure(
            f"age -d -i {q}/key.txt {q}/stock.tar.zst.age | zstd -q -d | tar -t > /dev/null"
        )
        restic_v = measure(f"{env} restic check -q --read-data")

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
    for name, r in rows:
        speed = mb / r["wall"]
        print(f"{name:34s} {r['wall']:7.2f} s {speed:8.1f} MB/s  peak {r['rss_kb'] / 1024:6.1f} MB")
    print(
        f"create throughput vs stock pipeline: {stock['wall'] / ours['wall']:.2f}x (target >= 0.9x)"
    )
    print(
        f"create throughput vs restic:         {restic['wall'] / ours['wall']:.2f}x (target >= 2x)"
    )
    print(f"verify throughput vs stock pipeline: {stock_v['wall'] / ours_v['wall']:.2f}x")
    print(f"verify throughput vs restic check:   {restic_v['wall'] / ours_v['wall']:.2f}x")
    print(
        f"peak memory create: {ours['rss_kb'] / 1024:.1f} MB (target <= 200 MB), "
        f"{ours['rss_kb'] / restic['rss_kb']:.2f}x restic's"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
