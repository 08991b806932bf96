"""How the reconciler's rules build a flag: its id, its evidence, the fact a count is about
and the words that say whose figure it is."""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import PurePath

from pipeline.reconcile import messages as msg
from pipeline.reconcile.units import (
    Communes,
    district_codes,
    district_of,
    group_of,
    map_name,
    upper_kind,
)
from schemas.flags import Flag, FlagEvidence, Rule, Severity
from schemas.record import Count, Level, Record, Scope


def fact_of(c: Count, unit: str) -> tuple:
    """Return what a count is about: (indicator, level, unit key, scope, body, kind, phase,
    session, status), and "former" for a figure of the units before 1 July 2025; the bound
    is left out, it qualifies the figure, not the fact."""
    q = c.qualifiers
    return (c.indicator, c.level, unit, c.scope, c.body, q.kind, q.phase, q.session,
            *_pending(c), *_former(c))


def about(c: Count) -> tuple:
    """Return what a count is about, whoever it is about: (indicator, body, kind, phase,
    session, status), and "former" for a figure of the units before 1 July 2025; petitions
    still pending are another fact than those received."""
    q = c.qualifiers
    return (c.indicator, c.body, q.kind, q.phase, q.session, *_pending(c), *_former(c))


def _pending(c: Count) -> tuple:
    """Return (status,) for petitions still pending, else (): flag ids hash these tuples, and
    the ids of flags about other counts stay what they were before statuses were read."""
    return (c.qualifiers.status,) if c.qualifiers.status else ()


def _former(c: Count) -> tuple:
    """Return ("former",) for a figure of the units before 1 July 2025, else (): the same
    for flag ids as `_pending`."""
    return ("former",) if c.qualifiers.former else ()


def what(c: Count) -> msg.Text:
    q = c.qualifiers
    return msg.fact(c.indicator.value, enum_value(c.body), q.kind, q.phase, q.session,
                    bool(q.planned))


def who(r: Record, c: Count, communes: Communes) -> msg.Text:
    """Return whose a count of record `r` is, with its kind word ("phường 7", "toàn quận 3";
    from 1 July 2025 "toàn tỉnh Quảng Ngãi"); a figure of the former units says so ("xã
    Ngọk Yêu (cũ)", "các đơn vị cũ của xã Măng Ri")."""
    kind = None
    new = map_name(r) == "new"
    if c.qualifiers.former and c.level == Level.commune:
        if c.scope == Scope.unit:  # a former commune: the old map's kind word
            vi, en = msg.named(upper_kind("commune", c.unit, None, frozenset(
                [c.code or ""])) or "xã", c.unit)
            return f"{vi} (cũ)", f"former {en}"
        vi, en = msg.named(communes.kind(r, communes.report(r)), c.unit)
        return f"các đơn vị cũ của {vi}", f"the former units of {en}"
    if c.level == Level.commune and c.scope == Scope.unit:
        kind = communes.kind(r, communes.unit(r, c))
    elif c.unit:  # a sum is about a district (the new map: a province): "toàn quận 3"
        level = "province" if (c.level == Level.province and c.scope == Scope.unit) or new \
            else "district"
        codes = district_codes(r) if level == "district" else _codes(r, level)
        kind = upper_kind(level, c.unit, r.province, codes, map_name(r))
    return msg.place(c.level.value, c.unit, c.scope.value, kind)


def district_named(r: Record) -> msg.Text:
    """Return r's district with its kind word ("quận 3", "thị xã Sa Pa"); "huyện" when the
    gazetteer does not say. From 1 July 2025 the province ("tỉnh Quảng Ngãi")."""
    district, province = group_of(r) or (district_of(r), r.province)
    if district is None and province:
        kind = upper_kind("province", province, None, _codes(r, "province"), "new")
        return msg.named(kind or "tỉnh", province)
    district = district or ""
    kind = upper_kind("district", district, r.province, district_codes(r))
    return msg.named(kind or "huyện", district)


def _codes(r: Record, level: str) -> frozenset[str]:
    """Return the gazetteer codes of the units of `level` a record names."""
    return frozenset(u.code for u in r.units if u.code and u.level.value == level)


def enum_value(item):
    """Return an enum member's value; anything else as it is."""
    return item.value if isinstance(item, Enum) else item


def count_evidence(r: Record, c: Count, value: bool = True) -> FlagEvidence:
    return FlagEvidence(document=r.file, value=c.value if value else None, count_id=c.id,
                        evidence=c.evidence)


def file_name(file: str) -> str:
    """Return the file name that identifies a document in flag ids: the same document given
    as "samples/a.docx" or by its absolute path keeps its flags (and their decisions)."""
    return PurePath(file).name


def file_names(files: Iterable[str]) -> list[str]:
    return sorted(file_name(f) for f in files)


def _digest(*parts) -> str:
    text = "\x1f".join("\x00" if p is None else str(enum_value(p)) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def flag(rule: Rule, identity: Iterable, severity: Severity, text: msg.Text, *,
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


def unique_ids(flags: Iterable[Flag]) -> Iterator[Flag]:
    """Give the n-th flag with an already used id a derived id (same conflict stated twice)."""
    seen: Counter[str] = Counter()
    for f in flags:
        n = seen[f.id]
        seen[f.id] += 1
        yield f.model_copy(update={"id": _digest(f.id, n)}) if n else f
