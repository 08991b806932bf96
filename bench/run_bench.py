"""Benchmark baocao end to end (make bench): writes bench/results.md.

Generates corpora with `baocao samples generate`, runs `baocao run` into a fresh database,
runs it again with nothing changed, reads the same corpus with docx2python as a baseline,
and times the seed's extraction and `baocao --help`. Figures, not assertions.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from batch_bench import timed  # noqa: E402  (bench/ is this script's own folder)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BAOCAO = str(BIN / "baocao")
SEED = ROOT / "tests" / "data" / "seed" / "tu-mo-rong-2024-h1-summary.docx"
WORK = ROOT / "bench" / "corpus"
DOC_SECTION = "## Legacy .doc files"  # written by hand from bench/doc_bench.py; kept here

# Real districts of three provinces; each contributes its communes' reports + a summary.
DISTRICTS = [("Tu Mơ Rông", "Kon Tum"), ("Đăk Hà", "Kon Tum"), ("Đăk Glei", "Kon Tum"),
             ("Sa Thầy", "Kon Tum"), ("Ngọc Hồi", "Kon Tum")]


def make_corpus(target: int) -> tuple[Path, int, int]:
    """Generate at least `target` commune reports; return dir, commune and summary counts."""
    out = WORK / f"c{target}"
    if out.exists():
        shutil.rmtree(out)
    communes = summaries = 0
    copies = 1
    while communes < target:
        communes = summaries = 0
        shutil.rmtree(out, ignore_errors=True)
        for i, (district, province) in enumerate(DISTRICTS):
            d = out / f"d{i}"
            subprocess.run([BAOCAO, "samples", "generate", str(d), "--district", district,
                            "--province", province, "--seed", str(i), "--copies", str(copies)],
                           check=True, capture_output=True)
            truth = json.loads((d / "truth.json").read_text(encoding="utf-8"))
            for doc in truth["documents"]:
                if doc["record"]["kind"] == "commune_report":
                    communes += 1
                else:
                    summaries += 1
            if communes >= target:
                break
        copies *= 2
    return out, communes, summaries


def docx2python_rate(corpus: Path) -> float:
    """Documents per second reading every .docx of `corpus` with docx2python, one process."""
    from docx2python import docx2python

    files = sorted(corpus.rglob("*.docx"))
    start = time.perf_counter()
    for f in files:
        with docx2python(f) as d:
            _ = d.text  # reading the property parses the document
    return len(files) / (time.perf_counter() - start)


def seed_extraction_ms(n: int = 30) -> dict[str, float]:
    """Median warm milliseconds to read and to extract the seed, one core."""
    from extractors.reader import read_document
    from pipeline.extract import extract_document

    doc = read_document(SEED)
    extract_document(doc)
    reads, extracts = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        doc = read_document(SEED)
        t1 = time.perf_counter()
        extract_document(doc)
        t2 = time.perf_counter()
        reads.append((t1 - t0) * 1000)
        extracts.append((t2 - t1) * 1000)
    return {"read_ms": statistics.median(reads), "extract_ms": statistics.median(extracts)}


def help_seconds(n: int = 5) -> float:
    runs = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([BAOCAO, "--help"], check=True, capture_output=True)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    rows = []
    for size in sizes:
        corpus, communes, summaries = make_corpus(size)
        ndocs = communes + summaries
        db = WORK / f"c{size}.db"
        db.unlink(missing_ok=True)
        cmd = [BAOCAO, "run", str(corpus), "--db", str(db), "--lang", "en", "--no-progress"]
        first = timed(cmd)
        second = timed(cmd)
        baseline = docx2python_rate(corpus)
        rows.append({"size": size, "communes": communes, "summaries": summaries, "docs": ndocs,
                     "first_s": first["wall_s"], "docs_per_s": ndocs / first["wall_s"],
                     "cpu_ms_per_doc": first["cpu_s"] / ndocs * 1000,
                     "peak_mb": first["peak_mb"], "peak_pss_mb": first["peak_pss_mb"],
                     "second_s": second["wall_s"], "docx2python_docs_per_s": baseline,
                     "ratio": (ndocs / first["wall_s"]) / baseline,
                     "summary": first["summary"]})
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "summary"}), flush=True)
    seed = seed_extraction_ms()
    start_up = help_seconds()
    lines = [
        "# Benchmark results", "",
        f"Machine: {machine()}.", f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "Produced by `make bench` (bench/run_bench.py); figures, not assertions.", "",
        "## `baocao run` on generated corpora (both cores)", "",
        "| commune reports | summaries | first run s | docs/s | CPU ms/doc (all processes) | "
        "peak MiB, proportional (resident) | second run s (nothing changed) | "
        "docx2python read-only docs/s (1 core) | ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['communes']} | {r['summaries']} | {r['first_s']:.2f} | "
                     f"{r['docs_per_s']:.0f} | {r['cpu_ms_per_doc']:.1f} | "
                     f"{r['peak_pss_mb']:.0f} ({r['peak_mb']:.0f}) | {r['second_s']:.2f} | "
                     f"{r['docx2python_docs_per_s']:.0f} | {r['ratio']:.2f} |")
    lines += ["", "Peak memory is the whole process tree (parent, forkserver, workers): the "
              "proportional size counts a page shared by n processes as 1/n in each (what "
              "the machine must hold); the resident size counts shared libraries once per "
              "process. docs/s depends on the machine's load; CPU ms/doc less, "
              "though a shared machine still moves it by a fifth between runs.", "",
              "Stage times of the largest first run (from its summary):", "", "```",
              rows[-1]["summary"], "```", "",
              "## One document", "",
              f"- Seed (32 KB of text, 10 footnotes), warm, one core: read "
              f"{seed['read_ms']:.1f} ms, extract {seed['extract_ms']:.1f} ms, total "
              f"{seed['read_ms'] + seed['extract_ms']:.1f} ms (median of 30).",
              f"- `baocao --help` start-up: {start_up:.2f} s (median of 5).", ""]
    results = ROOT / "bench" / "results.md"
    kept = results.read_text(encoding="utf-8") if results.exists() else ""
    if DOC_SECTION in kept:  # bench/doc_bench.py's section: measured separately, kept
        lines += ["", kept[kept.index(DOC_SECTION):].rstrip(), ""]
    results.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
