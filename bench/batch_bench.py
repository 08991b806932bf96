"""Time `baocao run` on a folder of reports: wall time, CPU time of the whole process tree
(workers included), peak memory of the tree, and a second run with nothing changed.

    .venv/bin/python bench/batch_bench.py FOLDER [--workers N]

CPU seconds per document do not depend on what else the machine is doing; wall-clock
documents per second do. Figures, not assertions.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BAOCAO = str(Path(sys.executable).parent / "baocao")


def _tree(pid: int) -> dict[int, int]:
    """Return pid -> CPU ticks for a process and all its descendants (from /proc/*/stat,
    cheap to read)."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        # fields[11], fields[12]: utime and stime (stat fields 14 and 15)
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        if p in ticks:
            out[p] = ticks[p]
        todo.extend(children.get(p, []))
    return out


def _memory(pids) -> tuple[int, int]:
    """Return the summed resident and proportional bytes of `pids`. Proportional (PSS)
    counts a page shared by n processes as 1/n in each, so its sum is what the tree really
    holds; summed resident memory counts shared libraries once per process. Reading
    smaps_rollup walks a process's page tables (a few ms for a worker): done only for the
    tree, and less often than the CPU ticks, so the measuring does not slow the run."""
    resident = proportional = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key == "Rss":
                        resident += int(value.split()[0]) * 1024
                    elif key == "Pss":
                        proportional += int(value.split()[0]) * 1024
        except (OSError, IndexError, ValueError):
            continue
    return resident, proportional


def timed(cmd: list[str]) -> dict:
    """Run `cmd`; return wall seconds, CPU seconds of the whole tree (sampled every 50 ms,
    so worker processes count although nobody reaps them for us) and the tree's peak memory
    in MiB (sampled every 200 ms), as summed resident (`peak_mb`) and summed proportional
    (`peak_pss_mb`) sizes."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak, peak_pss, ticks, done = 0, 0, {}, threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        n = 0
        while not done.is_set():
            tree = _tree(proc.pid)
            if n % 4 == 0:
                resident, proportional = _memory(tree)
                peak, peak_pss = max(peak, resident), max(peak_pss, proportional)
            for p, t in tree.items():
                ticks[p] = max(ticks.get(p, 0), t)
            n += 1
            done.wait(0.05)

    sampler = threading.Thread(target=sample)
    start = time.perf_counter()
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    ticks.pop(proc.pid, None)  # the main process: exact figure from wait4 instead
    cpu = usage.ru_utime + usage.ru_stime + sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": peak / 2**20,
            "peak_pss_mb": peak_pss / 2**20, "summary": out.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    docs = sum(1 for p in args.folder.rglob("*") if p.suffix.lower() in {".docx", ".doc"})
    extra = ["--workers", str(args.workers)] if args.workers else []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [BAOCAO, "run", str(args.folder), "--db", f"{tmp}/b.db", "--lang", "en",
               "--no-progress", *extra]
        first, second = timed(cmd), timed(cmd)
    cores = args.workers or os.cpu_count()
    print(f"documents: {docs}")
    print(f"first run: {first['wall_s']:.2f} s wall, {docs / first['wall_s']:.0f} docs/s; "
          f"CPU {first['cpu_s']:.1f} s = {first['cpu_s'] / docs * 1000:.1f} ms/doc "
          f"(≈ {cores / (first['cpu_s'] / docs):.0f} docs/s on {cores} idle cores); "
          f"peak {first['peak_mb']:.0f} MiB resident, {first['peak_pss_mb']:.0f} MiB "
          f"proportional (all processes)")
    print(f"second run (nothing changed): {second['wall_s']:.2f} s, "
          f"peak {second['peak_mb']:.0f} MiB")
    print(f"load average now: {os.getloadavg()[0]:.1f}")
    print(first["summary"])


if __name__ == "__main__":
    main()
