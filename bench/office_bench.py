"""Time what the district office hands on: the export (CSV, JSON, XLSX), the district table
and the drafted summary, on a store of many counts and on a generated corpus.

    .venv/bin/python bench/office_bench.py store [--counts 100000]   # a synthetic store
    .venv/bin/python bench/office_bench.py corpus DB                 # a store `baocao run` made

`store` builds a store of commune reports with --counts figures in all (40 a report, over the
communes of real districts, four periods each) straight through the store's API, then times
reading `counts_effective` (the view, another stage's) and each export (everything after
that read is this stage's). `corpus` times `baocao export` in each format and `baocao draft`
of one district on an existing store. Figures, not assertions.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BAOCAO = str(Path(sys.executable).parent / "baocao")

from extractors.places import gazetteer  # noqa: E402
from pipeline.aggregate import arrange  # noqa: E402
from pipeline.export import export_dataset  # noqa: E402
from pipeline.store import open_store  # noqa: E402
from schemas.record import Count, Evidence, Indicator, Period, Qualifiers, Record  # noqa: E402

DISTRICTS = (("Tu Mơ Rông", "Kon Tum"), ("Sa Pa", "Lào Cai"), ("Đăk Glei", "Kon Tum"),
             ("Bắc Hà", "Lào Cai"), ("Kon Plông", "Kon Tum"), ("Bát Xát", "Lào Cai"))
PER_REPORT = 40


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo")
               .read_text().splitlines() if line.startswith("MemTotal"))
    return (f"{cpu}, {os.cpu_count()} cores, {mem} GiB, Linux {platform.release()}, "
            f"Python {platform.python_version()}")


def _report(district: str, province: str, commune: str, year: int, half: int,
            n: int) -> Record:
    indicators = list(Indicator)
    counts = []
    for i in range(n):
        text = f"tổ chức {i % 50 + 1:02d} lần"
        ev = Evidence(part="body", block=i, start=8, end=10, text=text[8:10], doc_start=8,
                      doc_end=10)
        kind = "thematic" if indicators[i % len(indicators)] == Indicator.sessions and i % 3 \
            else None
        counts.append(Count(id=f"{commune}-{year}-{half}-{i}", indicator=indicators[i % len(
            indicators)], value=i % 50 + 1, level="commune", unit=commune, evidence=ev,
            qualifiers=Qualifiers(kind=kind, session=i // len(indicators) or None),
            rule="bench"))
    return Record(file=f"{district}/{commune}-{year}h{half}.docx", sha256=f"{hash(commune)}",
                  kind="commune_report", level="commune", unit=commune, district=district,
                  province=province, period=Period(year=year, half=half), term="2021-2026",
                  counts=counts)


def build_store(path: Path, total: int) -> int:
    """Write commune reports of PER_REPORT counts, period after period going back from
    2024H1, until `total` counts; return how many reports."""
    communes = [(d, p, u.name) for d, p in DISTRICTS for u in gazetteer().communes_of(d, p)]
    reports, year, half = 0, 2024, 1
    with open_store(path) as store:
        while reports * PER_REPORT < total:
            for district, province, commune in communes:
                if reports * PER_REPORT >= total:
                    break
                rec = _report(district, province, commune, year, half, PER_REPORT)
                store.write_document(1, f"/bench/{rec.file}", size=1, mtime=1.0,
                                     source_format="docx", blocks=[], record=rec)
                reports += 1
            year, half = (year, 1) if half == 2 else (year - 1, 2)
    return reports


def _timed(label: str, fn) -> float:
    """Run fn; print its wall time and the CPU time of this process and its children (the
    CPU time barely moves with the machine's load; the wall time does). Return the CPU."""
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"  {label}: {cpu:.2f} s CPU ({wall:.2f} s wall)", flush=True)
    return cpu


def _cpu() -> float:
    own, children = os.times(), None
    children = own.children_user + own.children_system
    return own.user + own.system + children


def bench_store(total: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        reports = build_store(db, total)
        print(f"store of {reports * PER_REPORT:,} counts in {reports:,} commune reports built "
              f"in {time.perf_counter() - started:.1f} s (wall); load {os.getloadavg()[0]:.1f}")
        with open_store(db, create=False) as store:
            rows: list = []
            view = _timed("read counts_effective (the view)",
                          lambda: rows.extend(store.rows("counts_effective")))
            _timed("district tables and coverage grids from those rows",
                   lambda: arrange(store, rows))
        for fmt in ("csv", "json", "xlsx"):
            seconds = _timed(f"export --format {fmt} (whole)",
                             lambda fmt=fmt: export_dataset(db, fmt, Path(tmp) / fmt))
            print(f"    of which this stage, after the view: {seconds - view:.2f} s")


def bench_corpus(db: Path) -> None:
    with open_store(db, create=False) as store:
        docs = store.rows("documents")
    districts = sorted({(d["district"], d["period_year"], d["period_half"]) for d in docs
                        if d["district"] and d["period_year"]})
    print(f"{db}: {len(docs):,} documents, {len(districts)} district-periods")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("csv", "json", "xlsx"):
            _timed(f"baocao export --format {fmt}", lambda fmt=fmt: subprocess.run(
                [BAOCAO, "export", "--db", str(db), "--format", fmt, "--out", f"{tmp}/{fmt}"],
                check=True, capture_output=True))
        district, year, half = districts[0]
        period = f"{year}H{half}" if half else str(year)
        _timed(f"baocao draft --district {district} --period {period}", lambda: subprocess.run(
            [BAOCAO, "draft", "--db", str(db), "--district", district, "--period", period,
             "--out", f"{tmp}/draft.docx"], check=True, capture_output=True))
        _timed("baocao aggregate (every district and period)", lambda: subprocess.run(
            [BAOCAO, "aggregate", "--db", str(db)], check=True, capture_output=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("store")
    s.add_argument("--counts", type=int, default=100_000)
    c = sub.add_parser("corpus")
    c.add_argument("db", type=Path)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    if args.what == "store":
        bench_store(args.counts)
    else:
        bench_corpus(args.db)


if __name__ == "__main__":
    main()
