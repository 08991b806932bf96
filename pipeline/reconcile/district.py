"""The reconciler's rules across one district's documents: the summary against its communes'
own reports, communes its per-commune lists leave out or do not know, communes without a
report, and communes that reported twice.

From 1 July 2025 the same rules hold for a province: its summary (`province_summary`)
against the reports of its communes on the new map (`units.group_of`). Figures a report
gives for the former units (`qualifiers.former`) are no figures of any unit of the period:
they are compared with none of them, listed by no per-commune list and reported by no one."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

from extractors.places import split_kind
from pipeline.reconcile import messages as msg
from pipeline.reconcile.flags import (
    about,
    count_evidence,
    district_named,
    enum_value,
    fact_of,
    file_name,
    file_names,
    flag,
    what,
    who,
)
from pipeline.reconcile.units import Communes, district_of, fold_key, group_key, group_of
from schemas.flags import Flag, Rule, Severity
from schemas.record import Count, Kind, Level, Period, Record, Scope
from schemas.run import UnreadableReport

UNPLACED = "none"  # Placement.by of a report nothing placed

# the summaries of a district's (before July 2025) or a province's communes' reports
SUMMARIES = (Kind.district_summary, Kind.province_summary)


def cross_document_mismatch(records: Sequence[Record], communes: Communes) -> Iterator[Flag]:
    """A district summary's figure about a commune that none of the commune's own reports
    for the period states (two differing submissions are duplicate_submission's business)."""
    reports = _commune_reports(records, communes)
    own: dict[int, dict[tuple, list[Count]]] = {}
    for s in records:
        group = group_key(s)
        if s.kind not in SUMMARIES or not group or s.period.year is None:
            continue
        stated: dict[tuple, list[Count]] = defaultdict(list)
        for c in s.counts:
            if (c.level == Level.commune and c.scope == Scope.unit and not c.qualifiers.bound
                    and not c.qualifiers.planned and not c.qualifiers.former
                    and not communes.ambiguous(s, c)):
                stated[(communes.unit(s, c), *about(c))].append(c)
        for (unit, *fact), cs in stated.items():
            theirs: list[tuple[Record, Count]] = []
            for rep in reports.get((group, unit, s.period.year, s.period.half), []):
                if id(rep) not in own:
                    own[id(rep)] = _own_figures(rep, communes)
                theirs += [(rep, c) for c in own[id(rep)].get(tuple(fact), [])]
            summary_values = sorted({c.value for c in cs})
            report_values = sorted({c.value for _, c in theirs})
            if not theirs or set(summary_values) & set(report_values):
                continue
            report_files = sorted({rep.file for rep, _ in theirs})
            documents = sorted({s.file, *report_files})
            yield flag(
                Rule.cross_document_mismatch, (*file_names(documents), unit, *fact),
                Severity.error,
                msg.cross_document_mismatch(what(cs[0]), who(s, cs[0], communes),
                                            summary_values, s.file, report_values,
                                            report_files, communes.kind(s, unit),
                                            _summary_of(s)),
                count=cs[0], values=summary_values + report_values, documents=documents,
                evidence=[count_evidence(s, c) for c in cs]
                + [count_evidence(r, c) for r, c in theirs])


def missing_unit(records: Sequence[Record], communes: Communes,
                 unreadable: Sequence[UnreadableReport] = ()) -> Iterator[Flag]:
    """A commune absent from a summary's per-commune list, or with no report for the period
    (or only one that could not be read)."""
    for s in records:
        group = group_of(s)
        if s.kind not in SUMMARIES or not group:
            continue
        names = communes(*group)
        for items in _lists(s, planned=False).values():
            listed = {k for c in items if c.level == Level.commune for k in communes.keys(s, c)}
            known = len(listed & names.keys())
            # a per-commune breakdown names most communes; "the communes that held ..."
            # may name a few of twenty: only the first kind says who is missing
            if known < min(3, len(names)) or 2 * known < len(names):
                continue
            first = items[0]
            source = msg.where(s.file, first.evidence.footnote)
            whose = district_named(s)
            for key in sorted(names.keys() - listed):
                kind = communes.kind(s, key)
                yield flag(
                    Rule.missing_unit, (file_name(s.file), *about(first), key),
                    Severity.warning,
                    msg.missing_from_list(what(first), msg.named(kind, names[key]), whose,
                                          source, kind, msg.kinds(communes.kinds(s))),
                    indicator=first.indicator.value, level=Level.commune.value, unit=names[key],
                    documents=[s.file], evidence=[count_evidence(s, first, value=False)])
    yield from _missing_reports(records, communes, unreadable)


def _missing_reports(records: Sequence[Record], communes: Communes,
                     unreadable: Sequence[UnreadableReport] = ()) -> Iterator[Flag]:
    """Each commune of a district with no report for a period some commune reported on:
    "report unreadable" when a file that could not be read is put beside it; none when a
    report whose district is unknown may be its (unassigned_document says so)."""
    summaries: dict[tuple, list[str]] = defaultdict(list)
    for s in records:
        if s.kind in SUMMARIES and group_key(s) and s.period.year is not None:
            summaries[(group_key(s), s.period.year, s.period.half)].append(s.file)
    present: dict[tuple, set[str]] = defaultdict(set)
    reports: dict[tuple, list[Record]] = defaultdict(list)
    for (district_key, unit, year, half), reps in _commune_reports(records, communes).items():
        present[(district_key, year, half)].update(communes.twins(reps[0]).get(unit, [unit]))
        reports[(district_key, year, half)] += reps
    for group, units in present.items():
        # a report whose district the gazetteer knows: one that could not tell the province
        # (thị trấn Vĩnh Thạnh: Bình Định and Cần Thơ both have one) lists no communes
        rep = next((r for r in reports[group] if communes(*group_of(r))),
                   reports[group][0])
        names = communes(*group_of(rep))
        documents = sorted(set(summaries.get(group, [])))
        whose = district_named(rep)
        broken = {communes.key(*group_of(rep), u.unit): u for u in unreadable
                  if u.level == Level.commune and (fold_key(u.district), u.period.year,
                                                   u.period.half) == group}
        maybe = _unplaced_names(records, rep, group, communes)
        for key in sorted(names.keys() - units - maybe):
            kind = communes.kind(rep, key)
            named, period = msg.named(kind, names[key]), msg.period(*group[1:])
            text = msg.unreadable_report(named, whose, period, broken[key].file, kind) \
                if key in broken else msg.missing_report(named, whose, period, kind)
            yield flag(
                Rule.missing_unit, ("no_report", *group, key), Severity.warning, text,
                level=Level.commune.value, unit=names[key],
                documents=documents + ([broken[key].file] if key in broken else []),
            ).model_copy(update={"district": district_of(rep),
                                 "period": Period(year=group[1], half=group[2])})


def _unplaced_names(records: Sequence[Record], rep: Record, group: tuple,
                    communes: Communes) -> set[str]:
    """Return the keys of the district's communes that a report of the period whose
    district is unknown may be (a candidate district is this one, its head the name)."""
    out = set()
    for r in records:
        p = r.placement
        if p is None or p.by != UNPLACED or r.period.year not in (None, group[1]):
            continue
        if not any(fold_key(c.partition(", ")[0]) == group[0] for c in p.candidates):
            continue
        out.update(communes.key(*group_of(rep), split_kind(n)[1]) for n in p.names)
    return out


def unassigned_document(records: Iterable[Record]) -> Iterator[Flag]:
    """A commune report whose text names no district and that nothing placed: its counts
    belong to no commune until a reviewer or `run --district` says whose it is."""
    for r in records:
        p = r.placement
        if p is None or p.by != UNPLACED:
            continue
        unit = split_kind(p.names[0])[1] if p.names else None
        yield flag(
            Rule.unassigned_document, (file_name(r.file),), Severity.error,
            msg.unassigned_document(r.file, p.names, p.candidates),
            level=enum_value(r.level), unit=unit.title() if unit and unit.isupper() else unit,
            values=p.candidates, documents=[r.file])


def unknown_unit(records: Iterable[Record], communes: Communes) -> Iterator[Flag]:
    """An item of a per-commune list naming no commune of the record's district."""
    for r in records:
        group = group_of(r)
        if not group:
            continue
        names = communes(*group)
        if not names:
            continue
        for items in _lists(r).values():
            # a list of villages may share a name with a commune: judge per-commune lists only
            known = [communes.knows(*group, c.unit) for c in items]
            if 2 * sum(known) < len(items):
                continue
            for c, is_known in zip(items, known):
                if c.level != Level.commune or is_known:
                    continue
                yield flag(
                    Rule.unknown_unit, (file_name(r.file), *fact_of(c, communes.unit(r, c))),
                    Severity.error,
                    msg.unknown_unit(what(c), c.unit, district_named(r), c.value,
                                     msg.where(r.file, c.evidence.footnote),
                                     msg.kinds(communes.kinds(r))),
                    count=c, values=[c.value], documents=[r.file], evidence=[count_evidence(r, c)])


def duplicate_submission(records: Sequence[Record], communes: Communes) -> Iterator[Flag]:
    """Two different reports of one commune for one period whose common figures differ."""
    for (district, unit, year, half), reps in _commune_reports(records, communes).items():
        distinct = list({r.sha256: r for r in reps}.values())
        for a, b in combinations(distinct, 2):
            fa, fb = _own_figures(a, communes), _own_figures(b, communes)
            differing = [f for f in fa if f in fb
                         and {c.value for c in fa[f]} != {c.value for c in fb[f]}]
            if not differing:
                continue
            documents = sorted({a.file, b.file})
            indicators = {f[0] for f in differing}
            counts = [c for f in differing for c in fa[f]] + [c for f in differing for c in fb[f]]
            text = msg.duplicate_submission(
                a.unit, msg.period(year, half),
                [(what(fa[f][0]), sorted({c.value for c in fa[f]}),
                  sorted({c.value for c in fb[f]})) for f in differing],
                [a.file, b.file], communes.kind(a, unit))
            yield flag(
                Rule.duplicate_submission, (district, unit, year, half, *file_names(documents)),
                Severity.error, text,
                indicator=enum_value(indicators.pop()) if len(indicators) == 1 else None,
                level=Level.commune.value, unit=a.unit,
                values=sorted({c.value for c in counts}), documents=documents,
                evidence=[count_evidence(a, c) for f in differing for c in fa[f]]
                + [count_evidence(b, c) for f in differing for c in fb[f]])


def _commune_reports(records: Iterable[Record], communes: Communes) -> dict[tuple, list[Record]]:
    """Return commune reports keyed by (district key, commune key, year, half); from 1 July
    2025 the province's key stands for the district's (`units.group_key`)."""
    out: dict[tuple, list[Record]] = defaultdict(list)
    for r in records:
        if (r.kind == Kind.commune_report and r.unit and group_key(r)
                and r.period.year is not None):
            out[(group_key(r), communes.report(r), r.period.year, r.period.half)].append(r)
    return out


def _own_figures(report: Record, communes: Communes) -> dict[tuple, list[Count]]:
    """Return a commune report's exact figures about its own council for the period (no
    bound, no plan), by fact."""
    # by name: a report of xã Long Phú calls itself "Long Phú", as thị trấn Long Phú does
    district, province = group_of(report) or (report.district, report.province)
    own = communes.key(district, province, report.unit or "")
    out: dict[tuple, list[Count]] = defaultdict(list)
    for c in report.counts:
        if (c.level == Level.commune and c.scope == Scope.unit and not c.qualifiers.bound
                and not c.qualifiers.planned and not c.qualifiers.former
                and communes.key(district, province, c.unit) == own):
            out[about(c)].append(c)
    return out


def _lists(r: Record, planned: bool = True) -> dict[str, list[Count]]:
    """Return the per-unit lists of `r` by place and indicator; without the planned ones
    when `planned` is False (a plan that leaves a commune out misses no figure of the
    period).

    A list written in groups ("các xã A, B mỗi xã 01 kỳ họp; các xã C, D mỗi xã 02 kỳ
    họp; xã E 03 kỳ họp") has an id per group, "fn1:sessions:<group>": its groups are
    one list of the communes, as a list of one item per commune is."""
    out: dict[str, list[Count]] = defaultdict(list)
    for c in r.counts:
        # the former units' items list no commune of the period
        if c.list_id and (planned or not c.qualifiers.planned) and not c.qualifiers.former:
            out[":".join(c.list_id.split(":")[:2])].append(c)
    return out


def _summary_of(s: Record) -> str:
    return "province" if s.kind == Kind.province_summary else "district"
