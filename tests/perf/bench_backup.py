"""Benchmark: `soumnet-backup create` and `verify --identity` over a mixed data set, against
the stock pipeline `tar -c | zstd -3 -T0 | age -r …` (and its reverse) and against
`restic backup` (first full backup) and `restic check --read-data`, in the same run.

The data set (default 1 GiB) mixes text documents (compressible Cyrillic text),
spreadsheets (CSV) and already-compressed images (random bytes). Every program runs in its
own child process; peak memory is that process tree's largest resident set (RUSAGE_CHILDREN
of a fresh wrapper per measurement).

Targets: create throughput at least 0.9x the stock pipeline and at least 2x restic; peak
memory at most 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
WRAPPER = """
import resource, subprocess, sys, time, json
t = time.perf_counter()
code = subprocess.run(sys.argv[1], shell=True, stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "wall": wall, "rss_kb": rss}))
"""

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
                data = os.urandom(size)
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
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, command], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"failed: {command}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=1024)
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
        total = make_data(data, args.size_mb * 1024 * 1024)
        subprocess.run(["age-keygen", "-o", str(base / "key.txt")], check=True, capture_output=True)
        recipient = subprocess.run(
            ["age-keygen", "-y", str(base / "key.txt")], check=True, capture_output=True, text=True
        ).stdout.strip()
        (base / "sk").write_bytes(sshsig.SigningKey.generate().private_openssh())
        os.chmod(base / "sk", 0o600)
        q = f"'{base}'"
        ours = measure(
            f"{BIN}/soumnet-backup create --source {q}/данные --label bench --out {q}/ours "
            f"--recipient {recipient} --signing-key {q}/sk"
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
