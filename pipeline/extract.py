"""Extract: one read document → its Record (contract.md), and how to print it.

Safe in worker processes: the gazetteer, spaCy vocabulary and matchers load lazily, once per
process, on the first document.
"""
from __future__ import annotations

import functools
import hashlib
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pipeline.reconcile.messages import period as period_words
from schemas.record import Count, Level, Placement, Record
from schemas.source import Document


@dataclass(frozen=True)
class PlaceHint:
    """Where the batch or the user places a commune report whose text names no district:
    `by` is "batch" (its folder's other reports say it) or "option" (`run --district`),
    `sources` what said it (files, or the option as typed)."""

    district: str
    province: str | None
    by: str
    sources: tuple[str, ...] = ()


@functools.cache
def extraction_version() -> str:
    """Return a short hash of everything that decides a record: the extractors' code and
    rules, the schemas, this module, and the versions of underthesea (tokens, gazetteer) and
    spaCy. `baocao run` reads a document again when it was stored under another one, so an
    upgraded baocao never leaves records made by the old one behind."""
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("extractors/**/*.py"), *root.glob("extractors/rules/*.jsonl"),
             *root.glob("schemas/*.py"), Path(__file__).resolve()]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for package in ("underthesea", "spacy"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def extract_document(doc: Document, timings: dict[str, float] | None = None, *,
                     hint: PlaceHint | None = None) -> Record:
    """Return the record of a read document: metadata, counts, references, units, the
    numbers left unread.

    timings: when given, receives the CPU seconds this thread spent per stage (metadata;
    segment: syllables and numbers; rules: matching and the counts built from it; facts;
    readings). hint: the district of a commune report whose text names none (its
    `placement` then says how it was placed, or that it could not be)."""
    from extractors import load
    from extractors.facts.candidates import Context
    from extractors.facts.maps import (
        Places,
        canonical_name,
        former_mentions,
        former_name,
        place_counts,
    )

    clock = _Clock(timings)
    gaz = load("gazetteer")()
    meta = load("metadata")(doc, gaz)
    placement = None
    # a district to find: on the map of the period, before 1 July 2025 (then none exists)
    if meta.level == Level.commune and meta.district is None \
            and not gaz.for_period(meta.period.year, meta.period.half).two_level:
        meta, placement = _place(doc, gaz, meta, hint)
    clock.lap("metadata")
    gaz = gaz.for_period(meta.period.year, meta.period.half)  # the map of the period
    district, province = meta.district, meta.province
    places = Places(gaz, district, province, meta.unit, meta.code,
                    meta.level.value if meta.level else None)
    names: dict[str, str | None] = {}

    def canonical(name: str) -> str | None:
        # A list names the same communes again and again: look each up once. The lookup
        # tells communes apart whose names fold alike ("Ba Tô", "Ba Tơ"); from 1 July 2025
        # the communes are the province's
        if name not in names:
            names[name] = canonical_name(places, name)
        return names[name]

    others: dict[str, bool] = {}

    def elsewhere(name: str) -> bool:
        # a commune of the province outside the district (from 1 July 2025: a commune of
        # another province, or a former commune of this one): kept as written in a list
        if name not in others:
            others[name] = bool(province) and (bool(
                gaz.lookup(name, level="commune", province=None if gaz.two_level
                           else province)) or former_name(places, name))
        return others[name]

    ctx = Context(kind=meta.kind.value, level=meta.level.value if meta.level else None,
                  unit=meta.unit, district=district, province=province, canonical=canonical,
                  elsewhere=elsewhere, year=meta.period.year,
                  half=meta.period.half)
    bare = "commune" if meta.level == Level.commune else "district"
    from extractors.language.nlp import segmenting_seconds

    segmented = segmenting_seconds()
    counts = load("counts")(doc, ctx)
    clock.lap("rules", taken=("segment", segmenting_seconds() - segmented))
    summary = meta.kind.value != "commune_report" and meta.level != Level.commune
    units = load("units")(doc, district, province, bare=bare, gaz=gaz)
    if gaz.two_level:
        units = former_mentions(doc, units, places)
    counts = place_counts(doc, counts, places, summary=summary)
    references = load("references")(doc)
    dates = load("dates")(doc, meta.period)
    clock.lap("facts")
    unread, readings = load("readings")(doc, counts, units)
    clock.lap("readings")
    return Record(
        file=doc.file, sha256=doc.sha256, kind=meta.kind, level=meta.level, unit=meta.unit,
        code=meta.code, district=district, province=province, period=meta.period,
        term=meta.term, number=meta.number, date=meta.date,
        counts=counts, references=references, units=units, sections=meta.sections,
        dates=dates, unread=unread, readings=readings, placement=placement,
    )


def _place(doc: Document, gaz, meta, hint: PlaceHint | None):
    """Return the metadata and placement of a commune report whose text names no district:
    placed in the hint's district when its head names a commune of it, else not placed;
    either way with the names its head holds and the districts having such a commune."""
    from extractors import load
    from extractors.facts.metadata import named_communes

    names = named_communes(doc, gaz)
    candidates = sorted({f"{u.district}, {u.province}" for _, units in names for u in units})
    if hint is not None:
        meta = load("metadata")(doc, gaz, district=hint.district, province=hint.province)
    placed = hint is not None and meta.district is not None
    return meta, Placement(by=hint.by if placed else "none", names=[n for n, _ in names],
                           candidates=candidates, sources=list(hint.sources) if placed else [])


class _Clock:
    """Adds the seconds since the previous lap to `timings[stage]` (no-op without timings)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.mark = timings, time.thread_time()

    def lap(self, stage: str, taken: tuple[str, float] | None = None) -> None:
        """Close a lap; `taken` = (stage, seconds) of the lap that belong to another stage."""
        if self.timings is not None:
            now = time.thread_time()
            spent = now - self.mark
            if taken is not None:
                other, seconds = taken
                self.timings[other] = self.timings.get(other, 0.0) + seconds
                spent -= seconds
            self.timings[stage] = self.timings.get(stage, 0.0) + spent
            self.mark = now


def extract_file(path: str | Path, hint: PlaceHint | None = None) -> Record:
    """Return the record of the .docx/.doc at `path`; raises InputError when unreadable."""
    from extractors import load

    return extract_document(load("reader")(Path(path)), hint=hint)


# A few lines of a report, enough to go through every stage and rules file once.
_WARM_LINES = (
    "HỘI ĐỒNG NHÂN DÂN XÃ ĐẮK HÀ", "Số: 12/BC-HĐND", "Đắk Hà, ngày 05 tháng 7 năm 2024",
    "BÁO CÁO Kết quả hoạt động của HĐND xã 6 tháng đầu năm 2024",
    "I. Kết quả hoạt động",
    "Thường trực HĐND tổ chức 02 (hai) kỳ họp, giám sát 3 chuyên đề, tiếp 15 lượt công dân "
    "tại thôn 1, thôn 2 theo Nghị quyết số 05/NQ-HĐND ngày 10/01/2024 của HĐND huyện Đắk Hà.",
)


def warm() -> Record:
    """Load what extraction loads on its first document (spaCy, underthesea's tokenizer, the
    gazetteer index, the rule matchers) by extracting a few lines; return their record. Run
    once in the process that forks the workers, so each starts warm and they share those
    pages."""
    from schemas.source import Block, Document, Part

    blocks, start = [], 0
    for i, line in enumerate(_WARM_LINES):
        blocks.append(Block(id=i, part=Part.body, text=line, start=start,
                            end=start + len(line)))
        start += len(line) + 1
    import extractors.reader  # noqa: F401  (the reader's modules: lxml, zip parts)

    return extract_document(Document(file="warm.docx", sha256="0" * 64, size=0,
                                     source_format="docx", text="\n".join(_WARM_LINES),
                                     blocks=tuple(blocks)))


def _qualifiers(c: Count) -> dict:
    return {k: v for k, v in c.qualifiers.model_dump(mode="json").items() if v is not None}


def record_json(record: Record) -> dict:
    """Return the record as the JSON object of contract.md (with a few extra fields)."""
    out = record.model_dump(mode="json")
    out["counts"] = []
    for c in record.counts:
        d = c.model_dump(mode="json")
        d["qualifiers"] = _qualifiers(c)
        out["counts"].append(d)
    return out


def _where(c: Count) -> str:
    ev = c.evidence
    if ev.footnote is not None:
        return f"fn{ev.footnote}"
    if ev.row is not None:
        return f"b{ev.block} r{ev.row}c{ev.col}"
    return f"b{ev.block}"


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def format_record(record: Record) -> str:
    """Return a readable summary of the record: metadata, then one line per count."""
    period = record.period
    when = period_words(period.year, period.half)[0] if period.year else "?"
    lines = [
        f"{record.file}",
        f"  loại / kind: {record.kind.value}   cấp / level: "
        f"{record.level.value if record.level else '-'}   đơn vị / unit: {record.unit or '-'}",
        f"  huyện / district: {record.district or '-'}   tỉnh / province: "
        f"{record.province or '-'}",
        f"  kỳ / period: {when}   nhiệm kỳ / term: {record.term or '-'}"
        f"   số / number: {record.number or '-'}   ngày / date: {record.date or '-'}",
        "",
    ]
    ids = {c.id: n for n, c in enumerate(record.counts, 1)}
    rows = [["#", "indicator", "value", "level", "unit", "scope", "body", "qualifiers",
             "part of", "list", "where", "text"]]
    for n, c in enumerate(record.counts, 1):
        q = ",".join(f"{k}={v}" for k, v in _qualifiers(c).items())
        rows.append([str(n), c.indicator.value, str(c.value), c.level.value, c.unit,
                     c.scope.value, c.body.value if c.body else "", q,
                     f"#{ids[c.total_id]}" if c.total_id in ids else "", c.list_id or "",
                     _where(c), c.evidence.text if len(c.evidence.text) <= 60
                     else c.evidence.text[:57] + "..."])
    lines.append(f"Số liệu / counts: {len(record.counts)}")
    lines.extend("  " + line for line in _table(rows))
    lines.append("")
    lines.append(f"Văn bản dẫn chiếu / references: {len(record.references)}")
    for r in record.references:
        lines.append(f"  {r.type} {r.number}/{r.issuer}  {r.date or '-'}")
    lines.append(f"Đơn vị hành chính / units named: {len(record.units)} mentions of "
                 f"{len({u.name for u in record.units})} units")
    lines.append("")
    lines += _format_readings(record)
    return "\n".join(lines)


def _format_readings(record: Record) -> list[str]:
    """Return the lines telling how the numbers were read, then the unread ones."""
    total: dict[str, int] = {}
    for readings in record.readings.values():
        for reading, n in readings.items():
            total[reading] = total.get(reading, 0) + n
    unread = total.pop("unread", 0)
    shown = ", ".join(f"{k} {v}" for k, v in sorted(total.items(), key=lambda kv: -kv[1]))
    lines = [f"Số trong văn bản / numbers: {sum(total.values()) + unread}"
             + (f" ({shown})" if shown else "")]
    lines.append(f"Số chưa đọc được / unread numbers: {len(record.unread)}")
    rows = [["where", "text", "reason"]]
    for u in record.unread:
        ev = u.evidence
        where = f"fn{ev.footnote}" if ev.footnote is not None else f"b{ev.block}"
        rows.append([where, u.text, u.reason])
    if record.unread:
        lines.extend("  " + line for line in _table(rows))
    return lines
