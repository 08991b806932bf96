"""Legacy .doc benchmark: the native reader against LibreOffice's conversion, file by file.

    .venv/bin/python bench/doc_bench.py [--generated 24] [--runs 5] [--details] [PATH ...]

Needs LibreOffice (`soffice`) to convert. The .doc files are: the seed's, the samples' one,
every DOCX of samples/ saved as .doc by LibreOffice, `--generated` reports made by
`baocao samples generate` saved as .doc likewise, and any .doc files or folders given as PATH.
For each file it times the native read (`read_document`, median of `--runs` after a warm-up)
and LibreOffice's way (a fresh `soffice --convert-to docx` and reading the DOCX, once), then
compares the blocks both give: the same blocks (text, part, label, table cell, note, anchor,
references), or the same text only, or different. A .doc made from a DOCX is also compared
with that DOCX. Prints Markdown.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.reader import legacy, msdoc, read_document  # noqa: E402
from extractors.reader.docx import read_docx  # noqa: E402
from extractors.reader.package import DocxProblem  # noqa: E402
from schemas.errors import InputError  # noqa: E402

SEED_DOC = ROOT / "tests" / "data" / "seed" / "tu-mo-rong-2024-h1-summary.doc"
KEYS = ("part", "text", "label", "table", "row", "col", "note", "anchor_block",
        "anchor_offset", "refs")
BAOCAO = ROOT / ".venv" / "bin" / "baocao"


def _blocks(raw: list[dict]) -> list[tuple]:
    return [tuple(str(b.get(k)) if k == "part" else b.get(k) for k in KEYS) for b in raw]


def _compare(a: list[tuple], b: list[tuple]) -> str:
    """Return how two readings of a file compare, from the closest: "same blocks"; "same
    text" (part and text of every block, not labels, cells or notes); "same words" (the text
    but for spaces); "same words, other parts" (body or table cell, header or footer);
    "same words, other order"; or "different"."""
    if a == b:
        return "same blocks"
    if [x[:2] for x in a] == [x[:2] for x in b]:
        return "same text"

    def words(blocks, part=True):
        return [(x[0] if part else "", " ".join(x[1].split())) for x in blocks if x[1].strip()]

    if words(a) == words(b):
        return "same words"
    if words(a, False) == words(b, False):
        return "same words, other parts"
    if sorted(words(a, False)) == sorted(words(b, False)):
        return "same words, other order"
    return "different"


def _soffice_batch(sources: list[Path], fmt: str, outdir: Path) -> None:
    """Convert `sources` to `fmt` ("doc") into `outdir` with one LibreOffice process."""
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
                       check=True, capture_output=True, timeout=1800)


def corpus(work: Path, generated: int, extra: list[Path]) -> list[tuple[Path, Path | None]]:
    """Return (.doc file, the DOCX it was made from or None) for every file to measure."""
    files: list[tuple[Path, Path | None]] = [(SEED_DOC, SEED_DOC.with_suffix(".docx")),
                                             (ROOT / "samples" / "te-xang-2024-h1.doc", None)]
    origins = sorted(p for p in (ROOT / "samples").glob("*.docx") if "email" not in p.name)
    if generated:
        gen = work / "generated"
        subprocess.run([str(BAOCAO), "samples", "generate", str(gen), "--district", "Đăk Hà",
                        "--province", "Kon Tum", "--seed", "7", "--copies", "3"],
                       check=True, capture_output=True)
        origins += sorted(gen.glob("*.docx"))[:generated]
    converted = work / "doc"
    _soffice_batch(origins, "doc", converted)
    for origin in origins:
        doc = converted / (origin.stem + ".doc")
        if doc.exists():
            files.append((doc, origin))
    for path in extra:
        files += [(p, None) for p in (sorted(path.glob("*.doc")) if path.is_dir() else [path])]
    return files


def measure(doc: Path, origin: Path | None, runs: int) -> dict:
    row: dict = {"file": doc.name}
    data = doc.read_bytes()
    try:
        native = _blocks(msdoc.read_doc(data)[0])
    except (msdoc.DocUnsupported, msdoc.DocProblem) as e:
        row["native"] = f"refused: {str(e).split(' / ')[-1]}"
        native = None
    if native is not None:
        times = []
        for _ in range(runs + 1):  # the first is a warm-up
            start = time.perf_counter()
            try:
                read_document(doc)
            except InputError:  # an empty document: read all the same
                pass
            times.append(time.perf_counter() - start)
        times = times[1:]
        row["native_ms"] = 1000 * statistics.median(times)
        row["blocks"] = len(native)
    start = time.perf_counter()
    try:
        converted = legacy._convert(data, ".doc")
        lo = _blocks(read_docx(converted)[0])
        row["lo_ms"] = 1000 * (time.perf_counter() - start)
    except (legacy.ConversionError, DocxProblem, InputError) as e:
        row["lo"] = f"failed: {str(e).split(' / ')[-1]}"
        lo = None
    if native is not None and lo is not None:
        row["vs_lo"] = _compare(native, lo)
    if native is not None and origin is not None:
        row["vs_docx"] = _compare(native, _blocks(read_docx(str(origin))[0]))
    return row


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown CPU")
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()},"
            f" Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--generated", type=int, default=24)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--details", action="store_true", help="a row per file")
    args = parser.parse_args()
    if not legacy.soffice_available():
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="doc-bench-") as work:
        rows = [measure(doc, origin, args.runs)
                for doc, origin in corpus(Path(work), args.generated, args.paths)]
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end; LibreOffice "
          f"{subprocess.run(['soffice', '--version'], capture_output=True, text=True).stdout.split()[1]}.")
    print()
    both = [r for r in rows if "native_ms" in r and "lo_ms" in r]
    if both:
        native = statistics.median(r["native_ms"] for r in both)
        lo = statistics.median(r["lo_ms"] for r in both)
        print(f"{len(rows)} .doc files; {len(both)} read both ways: median native read"
              f" {native:.1f} ms, median LibreOffice conversion and DOCX read {lo:.0f} ms"
              f" ({lo / native:.0f}x).")
    for key, what in (("vs_lo", "native against LibreOffice's conversion"),
                      ("vs_docx", "native against the DOCX the .doc was made from")):
        counts: dict[str, int] = {}
        for r in rows:
            if key in r:
                counts[r[key]] = counts.get(r[key], 0) + 1
        if counts:
            print(f"- {what}: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    refused = [r for r in rows if "native" in r]
    if refused:
        print(f"- refused by the native reader: {len(refused)} ("
              + "; ".join(sorted({r['native'] for r in refused})) + ")")
    failed = [r for r in rows if "lo" in r]
    if failed:
        print(f"- LibreOffice failed: {len(failed)}")
    if args.details:
        print()
        print("| file | blocks | native ms | LibreOffice ms | vs LibreOffice | vs its DOCX |")
        print("|---|---:|---:|---:|---|---|")
        for r in rows:
            print(f"| {r['file']} | {r.get('blocks', '–')} | "
                  f"{r['native_ms']:.1f} | " if "native_ms" in r else f"| {r['file']} | – | – | ",
                  end="")
            print(f"{r['lo_ms']:.0f} | " if "lo_ms" in r else f"{r.get('lo', '–')} | ", end="")
            print(f"{r.get('vs_lo', r.get('native', '–'))} | {r.get('vs_docx', '–')} |")


if __name__ == "__main__":
    main()
