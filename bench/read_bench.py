"""Reader benchmark: documents per second and peak memory reading copies of the seed.

    .venv/bin/python bench/read_bench.py [--copies 200] [--doc-copies 3] [SEED.docx]

Prints a Markdown table: the seed's DOCX and its .doc twin (read natively), and, when
LibreOffice is installed, the .doc converted by it (the fallback for what the native reader
refuses). Copies are distinct files in a temporary directory, so the figures include reading
each file from disk and hashing it. Timing and memory are measured in separate passes:
tracemalloc slows Python down.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.reader import (
    legacy,  # noqa: E402
    read_document,  # noqa: E402
)
from extractors.reader.docx import read_docx  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed" / "tu-mo-rong-2024-h1-summary.docx"


def _copies(seed: Path, n: int, folder: Path) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"copy-{i:04d}{seed.suffix}"
        shutil.copyfile(seed, path)
        paths.append(path)
    return paths


def _timed(paths: list[Path]) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds) to read every path, one document at a time.

    CPU time is the steadier figure on a busy machine."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        read_document(path)
    return time.perf_counter() - start, time.process_time() - cpu


def _peak_python_bytes(paths: list[Path], keep: bool) -> int:
    """Return the peak bytes Python allocated reading `paths` (keeping each Document or not)."""
    kept = []
    tracemalloc.start()
    for path in paths:
        doc = read_document(path)
        if keep:
            kept.append(doc)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=SEED)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--doc-copies", type=int, default=3,
                        help="copies of the .doc twin to convert with LibreOffice (0: none)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
        paths = _copies(args.seed, args.copies, Path(tmp))
        read_document(paths[0])  # warm imports and caches
        seconds, cpu = min(_timed(paths) for _ in range(3))
        doc = read_document(paths[0])
        rows.append((f"{args.seed.name} × {args.copies}", args.copies / seconds,
                     1000 * seconds / args.copies, 1000 * cpu / args.copies,
                     _peak_python_bytes(paths, keep=False), _peak_python_bytes(paths, keep=True)))
        twin = args.seed.with_suffix(".doc")
        if twin.exists():
            doc_paths = _copies(twin, args.copies, Path(tmp))
            read_document(doc_paths[0])
            seconds, cpu = min(_timed(doc_paths) for _ in range(3))
            rows.append((f"{twin.name} × {args.copies}", args.copies / seconds,
                         1000 * seconds / args.copies, 1000 * cpu / args.copies,
                         _peak_python_bytes(doc_paths, keep=False),
                         _peak_python_bytes(doc_paths, keep=True)))
        if args.doc_copies and twin.exists() and shutil.which("soffice"):
            legacy.doc_to_docx(twin.read_bytes())  # the first start creates its profile
            start = time.perf_counter()
            for _ in range(args.doc_copies):
                legacy.forget_conversions()
                read_docx(legacy.doc_to_docx(twin.read_bytes()))
            seconds = time.perf_counter() - start
            # LibreOffice works in a child process: its CPU time is not ours, so not shown.
            rows.append((f"{twin.name} × {args.doc_copies} (LibreOffice's DOCX, the fallback)",
                         args.doc_copies / seconds, 1000 * seconds / args.doc_copies, None,
                         None, None))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Reader benchmark: {args.seed.name} has {len(doc.blocks)} blocks,"
          f" {len(doc.text)} characters; Python {platform.python_version()},"
          f" {platform.machine()}, 1 process.")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n")
    print("| input | documents/s | wall ms/document | CPU ms/document |"
          " peak Python memory, one at a time | peak Python memory, all kept |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, per_s, ms, cpu_ms, peak_one, peak_all in rows:
        one = f"{peak_one / 2**20:.1f} MB" if peak_one is not None else "–"
        kept = f"{peak_all / 2**20:.1f} MB" if peak_all is not None else "–"
        rate = f"{per_s:.1f}" if per_s < 10 else f"{per_s:.0f}"
        cpu_text = f"{cpu_ms:.1f}" if cpu_ms is not None else "–"
        print(f"| {name} | {rate} | {ms:.1f} | {cpu_text} | {one} | {kept} |")
    print(f"\nPeak resident memory of the whole process: {rss_mb:.0f} MB.")


if __name__ == "__main__":
    main()
