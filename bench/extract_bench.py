"""Extraction benchmark: warm milliseconds per document, read vs extract stages, one core.

    .venv/bin/python bench/extract_bench.py [--runs 50] [FILE.docx ...]

For each file (the seed by default): start-up cost (first read + extract in this process:
imports, gazetteer, spaCy vocabulary and matchers), then `runs` warm runs of each stage
(minimum and median): reading the file, `extract_document` as a whole, and within it the
counts alone. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "tests" / "data" / "seed" / "tu-mo-rong-2024-h1-summary.docx"


def _ms(fn, runs: int) -> tuple[float, float]:
    """Return (minimum, median) milliseconds of `runs` calls of fn.

    The minimum is the figure to compare: on a shared machine the median also measures the
    neighbours."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[SEED])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    start = time.perf_counter()
    from extractors.facts.candidates import Context
    from extractors.facts.counts import extract_counts
    from extractors.reader import read_document
    from pipeline.extract import extract_document

    first = read_document(args.files[0])
    record = extract_document(first)
    startup = 1000 * (time.perf_counter() - start)

    print(f"Extraction benchmark: Python {platform.python_version()}, {platform.machine()}, "
          f"1 process, {args.runs} warm runs per stage (min / median, ms). Start-up in this "
          f"process (imports, gazetteer, matchers, first document): {startup:.0f} ms.\n")
    print("| document | blocks | counts | read | extract (all) | of which counts |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in args.files:
        doc = read_document(path)
        record = extract_document(doc)
        ctx = Context(kind=record.kind.value, level=record.level.value if record.level else None,
                      unit=record.unit, district=record.district, province=record.province)
        read = _ms(lambda path=path: read_document(path), args.runs)
        whole = _ms(lambda doc=doc: extract_document(doc), args.runs)
        counts = _ms(lambda doc=doc, ctx=ctx: extract_counts(doc, ctx), args.runs)
        print(f"| {path.name} | {len(doc.blocks)} | {len(record.counts)} | "
              f"{read[0]:.1f} / {read[1]:.1f} | {whole[0]:.1f} / {whole[1]:.1f} | "
              f"{counts[0]:.1f} / {counts[1]:.1f} |")


if __name__ == "__main__":
    main()
