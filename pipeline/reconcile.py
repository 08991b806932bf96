"""The reconciler: the discrepancies among stored records, one small function per rule.

`reconcile` is pure: records in, flags out, no I/O, and bad data is skipped, never raised.
Each flag's id hashes what the conflict is about (rule, fact, unit, documents), never the
figures, so a reviewer's decision stays attached while the figures are re-typed.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from enum import Enum
from functools import lru_cache
from itertools import chain, combinations
from pathlib import PurePath

from extractors.normalize import closest, exact_key, fold, tone_key
from pipeline import messages as msg
from pipeline.numbering import gaps
from schemas.flags import Flag, FlagEvidence, Rule, Severity
from schemas.record import Count, DateMention, Kind, Level, Record, Reference, Scope

CommunesOf = Callable[[str, str | None], set[str]]

_key = lru_cache(maxsize=65536)(fold)
_INF = float("inf")


def reconcile(records: Sequence[Record], *,
              communes_of: CommunesOf | None = None) -> list[Flag]:
    """Return every flag the rules raise on `records`, sorted by (rule, id).

    `communes_of(district, province)` gives the canonical commune names of a district
    (default: the gazetteer's), a name two communes share with its kind word ("xã Long
    Phú", "thị trấn Long Phú"); a commune name is the district's commune
    `normalize.closest` picks alone, else it is compared by its folded key."""
    ordered = sorted(records, key=lambda r: (r.file, r.sha256))
    communes = _Communes(communes_of or _gazetteer_communes)
    flags = chain(
        _total_mismatch(ordered, communes), _repeated_mismatch(ordered, communes),
        _cross_document_mismatch(ordered, communes), _missing_unit(ordered, communes),
        _unknown_unit(ordered, communes), _duplicate_submission(ordered, communes),
        _reference_conflict(ordered), _date_out_of_period(ordered), _section_gap(ordered),
    )
    return sorted(_unique_ids(flags), key=lambda f: (f.rule.value, f.id))


# --- rules ---------------------------------------------------------------------------------

def _total_mismatch(records: Iterable[Record], communes: _Communes) -> Iterator[Flag]:
    """A total against its parts: >= 2 parts must add up to it, 1 part must not exceed it."""
    for r in records:
        by_id = {c.id: c for c in r.counts}
        parts: dict[str, list[Count]] = defaultdict(list)
        for c in r.counts:
            if c.total_id in by_id and c.total_id != c.id:
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
            yield _flag(
                Rule.total_mismatch, (_name(r.file), *_fact(total, communes.unit(r, total))),
                Severity.error,
                msg.total_mismatch(_what(total), _who(r, total, communes), total.value,
                                   figures),
                count=total, values=[total.value, sum(figures)], documents=[r.file],
                evidence=[_evidence(r, c) for c in (total, *members)])


def _repeated_mismatch(records: Iterable[Record], communes: _Communes) -> Iterator[Flag]:
    """One fact stated more than once in one document with different figures."""
    for r in records:
        groups: dict[tuple, list[Count]] = defaultdict(list)
        for c in r.counts:
            # a unit name with no letters names nothing to compare; "Long Phú" without its
            # kind word may be xã or thị trấn Long Phú
            if _key(c.unit) and not communes.ambiguous(r, c):
                groups[_fact(c, communes.unit(r, c))].append(c)
        for fact, stated in groups.items():
            ids = {c.id for c in stated}
            # a part that shares its total's key (no distinguishing qualifier) is no restatement
            stated = [c for c in stated if c.total_id not in ids]
            if len(stated) < 2 or not _disagree(stated):
                continue
            values = sorted({c.value for c in stated})
            yield _flag(
                Rule.repeated_mismatch, (_name(r.file), *fact), Severity.warning,
                msg.repeated_mismatch(_what(stated[0]), _who(r, stated[0], communes), values,
                                      r.file),
                count=stated[0], values=values, documents=[r.file],
                evidence=[_evidence(r, c) for c in stated])


def _cross_document_mismatch(records: Sequence[Record], communes: _Communes
                             ) -> Iterator[Flag]:
    """A district summary's figure about a commune that none of the commune's own reports
    for the period states (two differing submissions are duplicate_submission's business)."""
    reports = _commune_reports(records, communes)
    own: dict[int, dict[tuple, list[Count]]] = {}
    for s in records:
        district = _district_of(s)
        if s.kind != Kind.district_summary or not district or s.period.year is None:
            continue
        stated: dict[tuple, list[Count]] = defaultdict(list)
        for c in s.counts:
            if (c.level == Level.commune and c.scope == Scope.unit and not c.qualifiers.bound
                    and not communes.ambiguous(s, c)):
                stated[(communes.unit(s, c), *_about(c))].append(c)
        for (unit, *fact), cs in stated.items():
            theirs: list[tuple[Record, Count]] = []
            for rep in reports.get((_key(district), unit, s.period.year, s.period.half), []):
                if id(rep) not in own:
                    own[id(rep)] = _own_figures(rep, communes)
                theirs += [(rep, c) for c in own[id(rep)].get(tuple(fact), [])]
            summary_values = sorted({c.value for c in cs})
            report_values = sorted({c.value for _, c in theirs})
            if not theirs or set(summary_values) & set(report_values):
                continue
            report_files = sorted({rep.file for rep, _ in theirs})
            documents = sorted({s.file, *report_files})
            yield _flag(
                Rule.cross_document_mismatch, (*_names(documents), unit, *fact), Severity.error,
                msg.cross_document_mismatch(_what(cs[0]), _who(s, cs[0], communes),
                                            summary_values, s.file, report_values,
                                            report_files, communes.kind(s, unit)),
                count=cs[0], values=summary_values + report_values, documents=documents,
                evidence=[_evidence(s, c) for c in cs] + [_evidence(r, c) for r, c in theirs])


def _missing_unit(records: Sequence[Record], communes: _Communes) -> Iterator[Flag]:
    """A commune absent from a summary's per-commune list, or with no report for the period."""
    for s in records:
        district = _district_of(s)
        if s.kind != Kind.district_summary or not district:
            continue
        names = communes(district, s.province)
        for items in _lists(s).values():
            listed = {k for c in items if c.level == Level.commune for k in communes.keys(s, c)}
            known = len(listed & names.keys())
            # a per-commune breakdown names most communes; "the communes that held ..."
            # may name a few of twenty: only the first kind says who is missing
            if known < min(3, len(names)) or 2 * known < len(names):
                continue
            first = items[0]
            source = msg.where(s.file, first.evidence.footnote)
            whose = _district_named(s)
            for key in sorted(names.keys() - listed):
                kind = communes.kind(s, key)
                yield _flag(
                    Rule.missing_unit, (_name(s.file), *_about(first), key),
                    Severity.warning,
                    msg.missing_from_list(_what(first), msg.named(kind, names[key]), whose,
                                          source, kind, msg.kinds(communes.kinds(s))),
                    indicator=first.indicator.value, level=Level.commune.value, unit=names[key],
                    documents=[s.file], evidence=[_evidence(s, first, value=False)])
    yield from _missing_reports(records, communes)


def _missing_reports(records: Sequence[Record], communes: _Communes) -> Iterator[Flag]:
    """Each commune of a district with no report for a period some commune reported on."""
    summaries: dict[tuple, list[str]] = defaultdict(list)
    for s in records:
        if s.kind == Kind.district_summary and _district_of(s) and s.period.year is not None:
            summaries[(_key(_district_of(s)), s.period.year, s.period.half)].append(s.file)
    present: dict[tuple, set[str]] = defaultdict(set)
    first: dict[tuple, Record] = {}
    for (district_key, unit, year, half), reps in _commune_reports(records, communes).items():
        present[(district_key, year, half)].update(communes.twins(reps[0]).get(unit, [unit]))
        first.setdefault((district_key, year, half), reps[0])
    for group, units in present.items():
        rep = first[group]
        names = communes(rep.district, rep.province)
        documents = sorted(set(summaries.get(group, [])))
        whose = _district_named(rep)
        for key in sorted(names.keys() - units):
            kind = communes.kind(rep, key)
            yield _flag(
                Rule.missing_unit, ("no_report", *group, key), Severity.warning,
                msg.missing_report(msg.named(kind, names[key]), whose,
                                   msg.period(*group[1:]), kind),
                level=Level.commune.value, unit=names[key], documents=documents)


def _unknown_unit(records: Iterable[Record], communes: _Communes) -> Iterator[Flag]:
    """An item of a per-commune list naming no commune of the record's district."""
    for r in records:
        district = _district_of(r)
        if not district:
            continue
        names = communes(district, r.province)
        if not names:
            continue
        for items in _lists(r).values():
            # a list of villages may share a name with a commune: judge per-commune lists only
            known = [communes.knows(district, r.province, c.unit) for c in items]
            if 2 * sum(known) < len(items):
                continue
            for c, is_known in zip(items, known):
                if c.level != Level.commune or is_known:
                    continue
                yield _flag(
                    Rule.unknown_unit, (_name(r.file), *_fact(c, communes.unit(r, c))),
                    Severity.error,
                    msg.unknown_unit(_what(c), c.unit, _district_named(r), c.value,
                                     msg.where(r.file, c.evidence.footnote),
                                     msg.kinds(communes.kinds(r))),
                    count=c, values=[c.value], documents=[r.file], evidence=[_evidence(r, c)])


def _duplicate_submission(records: Sequence[Record], communes: _Communes
                          ) -> Iterator[Flag]:
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
                [(_what(fa[f][0]), sorted({c.value for c in fa[f]}),
                  sorted({c.value for c in fb[f]})) for f in differing],
                [a.file, b.file], communes.kind(a, unit))
            yield _flag(
                Rule.duplicate_submission, (district, unit, year, half, *_names(documents)),
                Severity.error, text,
                indicator=_value(indicators.pop()) if len(indicators) == 1 else None,
                level=Level.commune.value, unit=a.unit,
                values=sorted({c.value for c in counts}), documents=documents,
                evidence=[_evidence(a, c) for f in differing for c in fa[f]]
                + [_evidence(b, c) for f in differing for c in fb[f]])


def _reference_conflict(records: Iterable[Record]) -> Iterator[Flag]:
    """One document number of one year cited with different dates (numbers restart yearly).

    When one date is cited by more documents than any other, it is taken as the right one
    and each document citing another date gets its own flag; otherwise one flag for all."""
    cited: dict[tuple, list[tuple[Record, Reference]]] = defaultdict(list)
    for r in records:
        for ref in r.references:
            year = _year(ref.date) or ref.year
            if ref.date and year:
                cited[(ref.type.upper(), ref.number, _key(ref.issuer), year)].append((r, ref))
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
            yield _reference_flag((*identity, _name(odd)), [
                (r, ref) for r, ref in refs if r.file == odd or ref.date == main])


def _reference_flag(identity: tuple, refs: list[tuple[Record, Reference]]) -> Flag:
    kind, number, _, year = identity[:4]
    dates = sorted({ref.date for _, ref in refs})
    documents = sorted({r.file for r, _ in refs})
    name = f"{number:02d}/{kind}-{refs[0][1].issuer}"
    # whose documents cite it: named when they are all one unit's
    owners = {(_value(r.level), r.unit) for r, _ in refs}
    level, unit = owners.pop() if len(owners) == 1 else (None, None)
    return _flag(
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
            yield _flag(
                Rule.date_out_of_period, (_name(r.file), day), Severity.warning,
                msg.date_out_of_period(day, msg.period(r.period.year, r.period.half), r.file),
                level=_value(r.level), unit=r.unit, values=[day], documents=[r.file],
                evidence=[FlagEvidence(document=r.file, value=day, evidence=d.evidence)
                          for d in mentions])


def _section_gap(records: Iterable[Record]) -> Iterator[Flag]:
    """Section labels that skip within one sibling sequence (I, II, IV; 1, 2, 4; a, b, d)."""
    for r in records:
        for path, previous, label, missing in gaps([s.label for s in r.sections]):
            yield _flag(
                Rule.section_gap, (_name(r.file), *path, previous, label), Severity.warning,
                msg.section_gap(previous, label, missing, r.file),
                level=_value(r.level), unit=r.unit, values=[previous, label],
                documents=[r.file])


# --- helpers -------------------------------------------------------------------------------

class _Communes:
    """The communes of each district (from `communes_of`, cached) and the keys that tell
    them apart.

    A commune's key is its folded name, so flag ids stay those of fold keys, unless another
    commune of the district folds alike (xã Ba Tô and thị trấn Ba Tơ, in huyện Ba Tơ): then
    its tone key ("ba tô", "ba tơ"), or its exact name when even that is shared. Two
    communes of one name (xã and thị trấn Long Phú) come from `communes_of` with their
    kind word ("xã Long Phú"), and a figure is theirs when its evidence starts with it;
    without it the name is ambiguous.
    """

    def __init__(self, communes_of: CommunesOf):
        self._of = communes_of
        self._cache: dict[tuple, dict[str, str]] = {}
        self._keys: dict[tuple, str] = {}
        self._twins: dict[tuple, dict[str, list[str]]] = {}
        self._written_names: dict[tuple, dict[str, str]] = {}  # shared names with kind words
        self._kinds: dict[tuple, dict[str, str]] = {}  # key -> kind word ("phường")

    def __call__(self, district: str | None, province: str | None) -> dict[str, str]:
        """Return {key: canonical name} of the district's communes; {} when unknown (a
        name two communes share without its kind word: `twins`)."""
        if not district:
            return {}
        key = self._district_key(district, province)
        if key not in self._cache:
            try:
                found = self._of(district, province) or set()
            except (LookupError, ValueError):
                found = set()
            self._written_names[key] = _commune_keys(found)
            self._cache[key] = {k: _bare(n) for k, n in self._written_names[key].items()}
            twins: dict[str, list[str]] = defaultdict(list)
            for k, n in self._written_names[key].items():
                if _bare(n) != n:
                    twins[_key(_bare(n))].append(k)
            self._twins[key] = dict(twins)
            self._kinds[key] = _commune_kinds(self._written_names[key], district, province)
        return self._cache[key]

    def key(self, district: str | None, province: str | None, name: str) -> str:
        """Return the key of a commune name written in a document of `district`: that of
        the one commune `normalize.closest` picks, else the name's fold key."""
        cache_key = (district, province, name)
        if cache_key not in self._keys:
            names = self._written_names[self._district_key(district, province)] \
                if self(district, province) else {}
            found = closest(name, names.items(), lambda item: item[1])
            self._keys[cache_key] = found[0][0] if len(found) == 1 else _key(name)
        return self._keys[cache_key]

    @staticmethod
    def _district_key(district: str, province: str | None) -> tuple:
        return _key(district), _key(province) if province else None

    def unit(self, r: Record, c: Count) -> str:
        """Return the key of the unit a count of record `r` is about."""
        if c.level == Level.commune and c.scope == Scope.unit:
            return self._written(r, c.unit, c.evidence.text)
        return _key(c.unit)

    def report(self, r: Record) -> str:
        """Return the key of a commune report's own commune (the letterhead names its kind)."""
        heads = [u.evidence.text for u in r.units if u.level == Level.commune
                 and _key(u.name) == _key(r.unit or "")]
        return self._written(r, r.unit or "", heads[0] if heads else "")

    def _written(self, r: Record, name: str, evidence: str) -> str:
        district = _district_of(r)
        if self.twins(r).get(_key(name)):
            kind = _kind_before(evidence, name)
            if kind is not None:
                return self.key(district, r.province, f"{kind} {name}")
        return self.key(district, r.province, name)

    def twins(self, r: Record) -> dict[str, list[str]]:
        """Return {fold key of a name two communes share: their keys} in r's district."""
        district = _district_of(r)
        if not district:
            return {}
        self(district, r.province)
        return self._twins[self._district_key(district, r.province)]

    def ambiguous(self, r: Record, c: Count) -> bool:
        """Return True when a commune figure names two communes' shared name, no kind; in
        a commune's own report that name is the reporting commune (its letterhead says which
        of xã and thị trấn Trạm Tấu it is)."""
        if r.kind == Kind.commune_report and _key(c.unit) == _key(r.unit or ""):
            return False
        return (c.level == Level.commune and c.scope == Scope.unit
                and self.unit(r, c) in self.twins(r))

    def keys(self, r: Record, c: Count) -> list[str]:
        """Return the keys a commune figure may be about: one, or both of a shared name."""
        key = self.unit(r, c)
        return self.twins(r).get(key, [key])

    def kind(self, r: Record, key: str) -> str:
        """Return the kind word of the commune of `key` in r's district ("phường", "thị
        trấn"); "xã" when the gazetteer does not say."""
        district = _district_of(r)
        self(district, r.province)
        return self._kinds.get(self._district_key(district or "", r.province), {}).get(key, "xã")

    def kinds(self, r: Record) -> list[str]:
        """Return the kind words of the communes of r's district, once each."""
        district = _district_of(r)
        self(district, r.province)
        return sorted(set(self._kinds.get(self._district_key(district or "", r.province),
                                          {}).values()))

    def knows(self, district: str | None, province: str | None, name: str) -> bool:
        """Return True when `name` folds like a commune of the district."""
        return any(_key(n) == _key(name) for n in self(district, province).values())


def _commune_keys(names: Iterable[str]) -> dict[str, str]:
    """Return {key: name} of one district's communes (keys as `_Communes` says)."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for n in sorted(set(names)):
        by_fold[_key(n)].append(n)
    out: dict[str, str] = {}
    for folded, group in by_fold.items():
        if len(group) == 1:
            out[folded] = group[0]
            continue
        tones = Counter(tone_key(n) for n in group)
        for n in group:
            out[tone_key(n) if tones[tone_key(n)] == 1 else exact_key(n)] = n
    return out


def _gazetteer_communes(district: str, province: str | None) -> set[str]:
    """Return the canonical commune names of a district from the gazetteer; a name two
    communes share with its kind word ("xã Long Phú", "thị trấn Long Phú")."""
    from extractors.gazetteer import gazetteer

    communes = gazetteer().communes_of(district, province)
    shared = {n for n, k in Counter(u.name for u in communes).items() if k > 1}
    return {f"{u.kind} {u.name}" if u.name in shared else u.name for u in communes}


def _commune_kinds(written: dict[str, str], district: str, province: str | None
                   ) -> dict[str, str]:
    """Return {key: kind word} of a district's communes, `written` as `_commune_keys` gives
    them: a shared name's from its kind word, the others' from the gazetteer (by name, else
    by fold key when that names one kind); a name it does not know is left out."""
    from extractors.gazetteer import gazetteer

    try:
        known = gazetteer().communes_of(district, province)
    except (LookupError, ValueError):
        known = []
    exact = {u.name: u.kind for u in known}
    folded: dict[str, set[str]] = defaultdict(set)
    for u in known:
        folded[_key(u.name)].add(u.kind)
    out: dict[str, str] = {}
    for key, name in written.items():
        bare = _bare(name)
        kind = name[:-len(bare)].strip() if bare != name else exact.get(name)
        if kind is None and len(folded.get(_key(name), ())) == 1:
            kind = next(iter(folded[_key(name)]))
        if kind:
            out[key] = kind
    return out


@lru_cache(maxsize=4096)
def _upper_kind(level: str, name: str, province: str | None, codes: frozenset[str]
                ) -> str | None:
    """Return the kind word of a district or province ("quận", "thị xã", "thành phố"): the
    gazetteer's, of the unit among `codes` (the record's) when the name has several; None
    when it does not know the name or cannot tell."""
    from extractors.gazetteer import gazetteer

    found = gazetteer().lookup(name, level=level, province=province if level == "district"
                               else None)
    if len({u.kind for u in found}) > 1:
        found = [u for u in found if u.code in codes]
    kinds = {u.kind for u in found}
    return kinds.pop() if len(kinds) == 1 else None


# kind words as `communes_of` writes them before a shared name, by fold key
_KIND_NAMES = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn"}


def _bare(name: str) -> str:
    """Return a commune name without the kind word `communes_of` put before a shared one."""
    for kind in _KIND_NAMES.values():
        if name.startswith(kind + " "):
            return name[len(kind) + 1:]
    return name


def _kind_before(evidence: str, name: str) -> str | None:
    """Return the kind word the evidence of a figure starts with before `name`, if any."""
    text = _key(evidence)
    for folded, kind in _KIND_NAMES.items():
        if text.startswith(f"{folded} {_key(name)}"):
            return kind
    return None


def _commune_reports(records: Iterable[Record], communes: _Communes
                     ) -> dict[tuple, list[Record]]:
    """Return commune reports keyed by (district key, commune key, year, half)."""
    out: dict[tuple, list[Record]] = defaultdict(list)
    for r in records:
        if (r.kind == Kind.commune_report and r.unit and r.district
                and r.period.year is not None):
            out[(_key(r.district), communes.report(r), r.period.year, r.period.half)].append(r)
    return out


def _own_figures(report: Record, communes: _Communes) -> dict[tuple, list[Count]]:
    """Return a commune report's exact figures about its own council, by fact."""
    # by name: a report of xã Long Phú calls itself "Long Phú", as thị trấn Long Phú does
    own = communes.key(report.district, report.province, report.unit or "")
    out: dict[tuple, list[Count]] = defaultdict(list)
    for c in report.counts:
        if (c.level == Level.commune and c.scope == Scope.unit and not c.qualifiers.bound
                and communes.key(report.district, report.province, c.unit) == own):
            out[_about(c)].append(c)
    return out


def _lists(r: Record) -> dict[str, list[Count]]:
    out: dict[str, list[Count]] = defaultdict(list)
    for c in r.counts:
        if c.list_id:
            out[c.list_id].append(c)
    return out


def _fact(c: Count, unit: str) -> tuple:
    """Return what a count is about: (indicator, level, unit key, scope, body, kind, phase,
    session); the bound is left out, it qualifies the figure, not the fact."""
    q = c.qualifiers
    return c.indicator, c.level, unit, c.scope, c.body, q.kind, q.phase, q.session


def _about(c: Count) -> tuple:
    """Return what a count is about, whoever it is about: (indicator, body, kind, phase,
    session)."""
    q = c.qualifiers
    return c.indicator, c.body, q.kind, q.phase, q.session


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


def _what(c: Count) -> msg.Text:
    q = c.qualifiers
    return msg.fact(c.indicator.value, _value(c.body), q.kind, q.phase, q.session)


def _who(r: Record, c: Count, communes: _Communes) -> msg.Text:
    """Return whose a count of record `r` is, with its kind word ("phường 7", "toàn quận 3")."""
    kind = None
    if c.level == Level.commune and c.scope == Scope.unit:
        kind = communes.kind(r, communes.unit(r, c))
    elif c.unit:  # a sum is about a district: "toàn quận 3", "cấp xã của thị xã Sa Pa"
        level = "province" if c.level == Level.province and c.scope == Scope.unit \
            else "district"
        kind = _upper_kind(level, c.unit, r.province, _codes(r, level))
    return msg.place(c.level.value, c.unit, c.scope.value, kind)


def _district_named(r: Record) -> msg.Text:
    """Return r's district with its kind word ("quận 3", "thị xã Sa Pa"); "huyện" when the
    gazetteer does not say."""
    district = _district_of(r) or ""
    kind = _upper_kind("district", district, r.province, _codes(r, "district"))
    return msg.named(kind or "huyện", district)


def _codes(r: Record, level: str) -> frozenset[str]:
    """Return the gazetteer codes of the units of `level` a record names."""
    return frozenset(u.code for u in r.units if u.code and u.level.value == level)


def _district_of(r: Record) -> str | None:
    return r.district or (r.unit if r.level == Level.district else None)


def _value(item):
    """Return an enum member's value; anything else as it is."""
    return item.value if isinstance(item, Enum) else item


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


def _evidence(r: Record, c: Count, value: bool = True) -> FlagEvidence:
    return FlagEvidence(document=r.file, value=c.value if value else None, count_id=c.id,
                        evidence=c.evidence)


def _name(file: str) -> str:
    """Return the file name that identifies a document in flag ids: the same document given
    as "samples/a.docx" or by its absolute path keeps its flags (and their decisions)."""
    return PurePath(file).name


def _names(files: Iterable[str]) -> list[str]:
    return sorted(_name(f) for f in files)


def _digest(*parts) -> str:
    text = "\x1f".join("\x00" if p is None else str(_value(p)) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _flag(rule: Rule, identity: Iterable, severity: Severity, text: msg.Text, *,
          count: Count | None = None, indicator: str | None = None, level: str | None = None,
          unit: str | None = None, values: Iterable[int | str] = (),
          documents: Iterable[str] = (), evidence: Iterable[FlagEvidence] = ()) -> Flag:
    """Build a flag; with `count`, its indicator, level and unit describe the flag."""
    if count is not None:
        indicator, level, unit = count.indicator.value, count.level.value, count.unit
    unique = sorted(set(values), key=lambda v: (isinstance(v, str), v))
    return Flag(id=_digest(rule.value, *identity), rule=rule, severity=severity,
                indicator=indicator, level=level, unit=unit, values=unique,
                documents=sorted(set(documents)), message=text[0], message_en=text[1],
                evidence=list(evidence))


def _unique_ids(flags: Iterable[Flag]) -> Iterator[Flag]:
    """Give the n-th flag with an already used id a derived id (same conflict stated twice)."""
    seen: Counter[str] = Counter()
    for f in flags:
        n = seen[f.id]
        seen[f.id] += 1
        yield f.model_copy(update={"id": _digest(f.id, n)}) if n else f
