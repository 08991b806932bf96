"""The reconciler: the discrepancies among stored records, one small function per rule.

`reconcile` is pure: records in, flags out, no I/O, and bad data is skipped, never raised.
Each flag's id hashes what the conflict is about (rule, fact, unit, documents), never the
figures, so a reviewer's decision stays attached while the figures are re-typed.

The rules on one document are here; the rules across one district's documents are in
`reconcile_district`, how a flag is built in `reconcile_flags`, and how the communes of a
district are told apart and named in `reconcile_units`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import chain

from pipeline.reconcile import messages as msg
from pipeline.reconcile.district import (
    cross_document_mismatch,
    duplicate_submission,
    missing_unit,
    unassigned_document,
    unknown_unit,
)
from pipeline.reconcile.flags import (
    count_evidence,
    enum_value,
    fact_of,
    file_name,
    flag,
    unique_ids,
    what,
    who,
)
from pipeline.reconcile.numbering import gaps
from pipeline.reconcile.units import Communes, CommunesOf, fold_key, gazetteer_communes
from schemas.flags import Flag, FlagEvidence, Rule, Severity
from schemas.record import Count, DateMention, Record, Reference
from schemas.run import UnreadableReport

_INF = float("inf")


def reconcile(records: Sequence[Record], *, communes_of: CommunesOf | None = None,
              unreadable: Sequence[UnreadableReport] = ()) -> list[Flag]:
    """Return every flag the rules raise on `records`, sorted by (rule, id).

    `unreadable`: the reports that could not be read, each put beside the unit its file or
    folder name most likely means (a commune with only such a report is "report unreadable").

    `communes_of(district, province)` gives the canonical commune names of a district
    (default: the gazetteer's), a name two communes share with its kind word ("xã Long
    Phú", "thị trấn Long Phú"); a commune name is the district's commune
    `normalize.closest` picks alone, else it is compared by its folded key."""
    ordered = [_stated(r) for r in sorted(records, key=lambda r: (r.file, r.sha256))]
    communes = Communes(communes_of or gazetteer_communes, Communes.district_kinds(ordered))
    flags = chain(
        _total_mismatch(ordered, communes), _repeated_mismatch(ordered, communes),
        cross_document_mismatch(ordered, communes), missing_unit(ordered, communes, unreadable),
        unknown_unit(ordered, communes), duplicate_submission(ordered, communes),
        _reference_conflict(ordered), _date_out_of_period(ordered), _section_gap(ordered),
        unassigned_document(ordered),
    )
    placed = _placed(flags, {r.file: r for r in ordered})
    return sorted(unique_ids(placed), key=lambda f: (f.rule.value, f.id))


def _placed(flags: Iterable[Flag], records: dict[str, Record]) -> Iterator[Flag]:
    """Give each flag the district and period of the first of its documents that has them
    (a flag that knows its own keeps them)."""
    for f in flags:
        if f.district is None and f.period is None:
            r = next((records[d] for d in f.documents if d in records
                      and (records[d].district or records[d].period.year)), None)
            if r is not None:
                f = f.model_copy(update={"district": r.district, "period": r.period})
        yield f


def _stated(r: Record) -> Record:
    """Return the record without its implied counts ("tổ chức kỳ họp thứ 13": one session,
    no figure stated), which are kept apart and compared with nothing."""
    if not any(c.qualifiers.implied for c in r.counts):
        return r
    return r.model_copy(update={"counts": [c for c in r.counts if not c.qualifiers.implied]})


# --- rules on one document -----------------------------------------------------------------

def _total_mismatch(records: Iterable[Record], communes: Communes) -> Iterator[Flag]:
    """A total against its parts: >= 2 parts must add up to it, 1 part must not exceed it.

    A plan's total and parts are checked too (its sum is a slip whatever the period), but
    a planned part of a total of the period, or the reverse, is no part of it."""
    for r in records:
        by_id = {c.id: c for c in r.counts}
        parts: dict[str, list[Count]] = defaultdict(list)
        for c in r.counts:
            if (c.total_id in by_id and c.total_id != c.id
                    and c.qualifiers.planned == by_id[c.total_id].qualifiers.planned):
                parts[c.total_id].append(c)
        for total_id, members in parts.items():
            total = by_id[total_id]
            t_lo, t_hi = _range(total)
            lo = sum(_range(p)[0] for p in members)
            hi = sum(_range(p)[1] for p in members)
            clash = lo > t_hi if len(members) == 1 else (lo > t_hi or hi < t_lo)
            if not clash:
                continue
            figures = [p.value for p in members]
            yield flag(
                Rule.total_mismatch, (file_name(r.file), *fact_of(total, communes.unit(r, total))),
                Severity.error,
                msg.total_mismatch(what(total), who(r, total, communes), total.value,
                                   figures),
                count=total, values=[total.value, sum(figures)], documents=[r.file],
                evidence=[count_evidence(r, c) for c in (total, *members)])


def _repeated_mismatch(records: Iterable[Record], communes: Communes) -> Iterator[Flag]:
    """One fact stated more than once in one document with different figures; a target
    for the next period ("Tổ chức 01 kỳ họp" under "PHƯƠNG HƯỚNG, NHIỆM VỤ") is no
    statement of the period's figure."""
    for r in records:
        groups: dict[tuple, list[Count]] = defaultdict(list)
        for c in r.counts:
            # a unit name with no letters names nothing to compare; "Long Phú" without its
            # kind word may be xã or thị trấn Long Phú
            if fold_key(c.unit) and not c.qualifiers.planned and not communes.ambiguous(r, c):
                groups[fact_of(c, communes.unit(r, c))].append(c)
        for fact, stated in groups.items():
            ids = {c.id for c in stated}
            # a part that shares its total's key (no distinguishing qualifier) is no restatement
            stated = [c for c in stated if c.total_id not in ids]
            if len(stated) < 2 or not _disagree(stated):
                continue
            values = sorted({c.value for c in stated})
            yield flag(
                Rule.repeated_mismatch, (file_name(r.file), *fact), Severity.warning,
                msg.repeated_mismatch(what(stated[0]), who(r, stated[0], communes), values,
                                      r.file),
                count=stated[0], values=values, documents=[r.file],
                evidence=[count_evidence(r, c) for c in stated])


def _reference_conflict(records: Iterable[Record]) -> Iterator[Flag]:
    """One document number of one year cited with different dates (numbers restart yearly).

    When one date is cited by more documents than any other, it is taken as the right one
    and each document citing another date gets its own flag; otherwise one flag for all."""
    cited: dict[tuple, list[tuple[Record, Reference]]] = defaultdict(list)
    for r in records:
        for ref in r.references:
            year = _year(ref.date) or ref.year
            if ref.date and year:
                cited[(ref.type.upper(), ref.number, fold_key(ref.issuer), year)].append((r, ref))
    for identity, refs in cited.items():
        files: dict[str, set[str]] = defaultdict(set)  # date -> documents citing it
        for r, ref in refs:
            files[ref.date].add(r.file)
        if len(files) < 2:
            continue
        ranked = sorted(files, key=lambda d: (-len(files[d]), d))
        if len(files[ranked[0]]) == len(files[ranked[1]]):
            yield _reference_flag(identity, refs)
            continue
        main = ranked[0]
        for odd in sorted({f for d in ranked[1:] for f in files[d]}):
            yield _reference_flag((*identity, file_name(odd)), [
                (r, ref) for r, ref in refs if r.file == odd or ref.date == main])


def _reference_flag(identity: tuple, refs: list[tuple[Record, Reference]]) -> Flag:
    kind, number, _, year = identity[:4]
    dates = sorted({ref.date for _, ref in refs})
    documents = sorted({r.file for r, _ in refs})
    name = f"{number:02d}/{kind}-{refs[0][1].issuer}"
    # whose documents cite it: named when they are all one unit's
    owners = {(enum_value(r.level), r.unit) for r, _ in refs}
    level, unit = owners.pop() if len(owners) == 1 else (None, None)
    return flag(
        Rule.reference_conflict, identity, Severity.error,
        msg.reference_conflict(name, year, dates, documents),
        level=level, unit=unit, values=dates, documents=documents,
        evidence=[FlagEvidence(document=r.file, value=ref.date, evidence=ref.evidence)
                  for r, ref in refs])


def _date_out_of_period(records: Iterable[Record]) -> Iterator[Flag]:
    """A date the text places inside the reporting period that falls outside it (one flag
    per date and document, with every place it is stated)."""
    for r in records:
        bounds = _period_bounds(r.period.year, r.period.half)
        if bounds is None:
            continue
        outside: dict[str, list[DateMention]] = defaultdict(list)
        for d in r.dates:
            day = _parse_date(d.date)
            if d.claimed_in_period and day is not None and not bounds[0] <= day <= bounds[1]:
                outside[d.date].append(d)
        for day, mentions in outside.items():
            yield flag(
                Rule.date_out_of_period, (file_name(r.file), day), Severity.warning,
                msg.date_out_of_period(day, msg.period(r.period.year, r.period.half), r.file),
                level=enum_value(r.level), unit=r.unit, values=[day], documents=[r.file],
                evidence=[FlagEvidence(document=r.file, value=day, evidence=d.evidence)
                          for d in mentions])


def _section_gap(records: Iterable[Record]) -> Iterator[Flag]:
    """Section labels that skip within one sibling sequence (I, II, IV; 1, 2, 4; a, b, d)."""
    for r in records:
        for path, previous, label, missing in gaps([s.label for s in r.sections]):
            yield flag(
                Rule.section_gap, (file_name(r.file), *path, previous, label), Severity.warning,
                msg.section_gap(previous, label, missing, r.file),
                level=enum_value(r.level), unit=r.unit, values=[previous, label],
                documents=[r.file])


# --- helpers -------------------------------------------------------------------------------

def _range(c: Count) -> tuple[float, float]:
    """Return the (lowest, highest) value a count allows: a bound opens one side."""
    if c.qualifiers.bound == "lower":
        return c.value, _INF
    if c.qualifiers.bound == "upper":
        return 0, c.value
    return c.value, c.value


def _disagree(counts: Sequence[Count]) -> bool:
    lo = max(_range(c)[0] for c in counts)
    hi = min(_range(c)[1] for c in counts)
    exact = {c.value for c in counts if not c.qualifiers.bound}
    return len(exact) > 1 or lo > hi


def _year(iso: str | None) -> int | None:
    day = _parse_date(iso)
    return day.year if day else None


def _parse_date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _period_bounds(year: int | None, half: int | None) -> tuple[date, date] | None:
    if year is None:
        return None
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)
