"""The review side at scale: a store of 100,000 counts with decisions, and a flag citing
50,000 evidence items; how long the export, the effective-value views and the pages take.

    python bench/review_bench.py build DB      # 1,000 documents x 100 counts, 2,000 flags
    python bench/review_bench.py views DB      # counts_effective, facts, aggregates (seconds)
    python bench/review_bench.py page DB       # the big flag's page 1 and last page, the list
    farm-bench -- .venv/bin/baocao export --db DB --format csv --out /tmp/x

Figures go to bench/results.md by hand, with the machine; never asserted by a test.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.store import open_store, prepare_document  # noqa: E402
from schemas.flags import Decision, Flag, FlagEvidence  # noqa: E402
from schemas.record import Count, Evidence, Period, Record  # noqa: E402
from schemas.source import Block, Part  # noqa: E402

DOCUMENTS, COUNTS, BIG = 1_000, 100, 50_000
INDICATORS = ("sessions", "resolutions", "voter_petitions", "questions", "complaints")
BIG_FLAG = "b16b16b16b16b16b"


def build(db: Path) -> None:
    db.unlink(missing_ok=True)
    text = "Xã Đăk Sao tổ chức 06 kỳ họp; tiếp 12 lượt công dân."
    ev = Evidence(part="body", block=0, start=19, end=28, text=text[19:28], doc_start=19,
                  doc_end=28)
    blocks = [Block(id=0, part=Part.body, text=text, start=0, end=len(text))]
    flags, big = [], []
    with open_store(db) as store:
        run = store.start_run(DOCUMENTS)
        for d in range(DOCUMENTS):
            file = f"xa-{d:04d}.docx"
            unit = f"Xã {d % 50}"
            counts = [Count(id=f"c{d}-{i}", indicator=INDICATORS[i % 5], value=i % 17,
                            level="commune", unit=unit, evidence=ev, rule="bench",
                            qualifiers={"session": i // 5})
                      for i in range(COUNTS)]
            record = Record(file=file, sha256=f"{d:064x}", kind="commune_report",
                            level="commune", unit=unit, district=f"Huyện {d // 50}",
                            province="Kon Tum", period=Period(year=2024, half=1), term=None,
                            counts=counts)
            store.write_prepared(run, prepare_document(f"/b/{file}", record, blocks, size=1,
                                                       mtime=1.0, source_format="docx"))
            for i in range(0, COUNTS, 50):  # two flags per document, each on one count
                c = counts[i]
                flags.append(Flag(
                    id=f"{d:08x}{i:08x}", rule="repeated_mismatch", severity="warning",
                    indicator=c.indicator.value, level="commune", unit=unit,
                    values=[c.value, c.value + 1], documents=[file], message="m",
                    message_en="m", evidence=[FlagEvidence(document=file, value=c.value,
                                                           count_id=c.id, evidence=ev)]))
            if len(big) < BIG:
                big += [FlagEvidence(document=file, value=c.value + (d % 2), count_id=c.id,
                                     evidence=ev) for c in counts[:BIG // DOCUMENTS]]
        flags.append(Flag(id=BIG_FLAG, rule="cross_document_mismatch", severity="error",
                          indicator="sessions", level="commune", unit="Xã 0", values=[0, 1],
                          documents=[f"xa-{d:04d}.docx" for d in range(DOCUMENTS)],
                          message="m", message_en="m", evidence=big))
        store.save_flags(run, flags)
        for f in flags[:1000:2]:  # every other flag of the first 500 decided
            store.add_decision(Decision(target_id=f.id, action="correct", value=9,
                                        reviewer="Lan", note="bench",
                                        created="2026-01-01T00:00:00+00:00"))
        store.finish_run(run, read=DOCUMENTS)
    print(f"{db}: {DOCUMENTS * COUNTS} counts, {len(flags)} flags, "
          f"{len(big)} evidence items on {BIG_FLAG}")


def views(db: Path) -> None:
    with open_store(db, create=False) as store:
        for view in ("counts_effective", "facts", "aggregates", "flag_status"):
            started = time.perf_counter()
            n = len(store.db.execute(f"SELECT * FROM {view}").fetchall())
            print(f"{view}: {n} rows in {time.perf_counter() - started:.2f} s")


def page(db: Path) -> None:
    import io
    from wsgiref.util import setup_testing_defaults

    from pipeline.web.server import ReviewApp

    app = ReviewApp(db)

    def get(path, query=""):
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "QUERY_STRING": query,
                   "wsgi.input": io.BytesIO()}
        setup_testing_defaults(environ)
        started = time.perf_counter()
        status = []
        body = b"".join(app(environ, lambda s, h: status.append(s)))
        return status[0], len(body), time.perf_counter() - started

    for path, query in ((f"/flags/{BIG_FLAG}", ""), (f"/flags/{BIG_FLAG}", "page=1000"),
                        ("/", "status=all"), ("/documents", "")):
        status, size, seconds = get(path, query)
        print(f"{path}?{query}: {status}, {size // 1024} KiB in {seconds:.2f} s")


if __name__ == "__main__":
    {"build": build, "views": views, "page": page}[sys.argv[1]](Path(sys.argv[2]))
