"""Placing reports in a batch: a commune report whose text names no district ("HỘI ĐỒNG
NHÂN DÂN XÃ ĐĂK HÀ" and nothing more) gets it from the other reports of its folder or from
`run --district --province`; a file that cannot be read is put beside the unit its file or
folder name most likely means ("dak-ha-2024-h1.docx", a folder named after a commune).

Pure decisions over records and paths; `pipeline.run` reads, re-extracts and stores.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from extractors.places import AmbiguousName, fold, gazetteer, split_kind
from pipeline.extract import PlaceHint
from schemas.errors import InputError
from schemas.record import Kind, Level, Period, Record

OPTION = "option"
BATCH = "batch"
UNPLACED = "none"
# words of a file name saying it is a district's summary, not a commune's report (none
# that a unit's name may hold: "huyen" is also "Huyền")
_SUMMARY_WORDS = ({"summary"}, {"tonghop"}, {"tong", "hop"}, {"district"})
_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_HALF = re.compile(r"h([12])|6t([12])?")


def option_hint(district: str, province: str | None) -> PlaceHint:
    """Return the hint of `run --district NAME --province NAME` with the gazetteer's names;
    raises InputError naming the option when no district has that name, or several do and
    the province does not say which."""
    typed = f"--district {district}" + (f" --province {province}" if province else "")
    gaz = gazetteer()
    try:
        found = gaz.district(district, province)
    except AmbiguousName as e:
        kinds = sorted({u.kind for u in e.candidates})
        hint = (f"ghi rõ loại / name its kind: {', '.join(f'{k} {e.name}' for k in kinds)}"
                if province or len({u.province for u in e.candidates}) == 1
                else "thêm / give --province")
        where = ", ".join(f"{u.kind} {u.name} ({u.province})" for u in e.candidates)
        raise InputError("--district", f"“{district}” có nhiều đơn vị / is ambiguous: "
                                       f"{where}; {hint}") from e
    if found is None:
        where = f" (tỉnh / province {province})" if province else ""
        raise InputError("--district", f"không có huyện {district}{where} trong danh mục "
                                       f"đơn vị hành chính / no such district in the gazetteer")
    # a name a huyện and a thị xã of one province share keeps its kind word
    shared = len(gaz.lookup(found.name, level="district", province=found.province)) > 1
    name = f"{found.kind} {found.name}" if shared else found.name
    return PlaceHint(name, found.province, OPTION, (typed,))


def unplaced(record: Record) -> bool:
    """Return True for a report whose text names no district and that nothing placed."""
    return record.placement is not None and record.placement.by == UNPLACED


def batch_hints(records: dict[str, Record], option: PlaceHint | None = None
                ) -> dict[str, PlaceHint]:
    """Return path -> where to place each unplaced report of `records` (by path).

    A district of the report's candidates (the districts with a commune of the name its
    head holds) is taken when `--district` names it, else when it is the one district of
    the candidates that a district summary of the report's folder is about, else the one
    that the folder's placed reports are of. Reports left out stay unplaced."""
    folders: dict[PurePath, list[Record]] = {}
    for path, r in records.items():
        if r.district and not unplaced(r):
            folders.setdefault(PurePath(path).parent, []).append(r)
    out = {}
    for path, r in records.items():
        if not unplaced(r):
            continue
        candidates = _candidates(r.placement.candidates)
        if option is not None and _key(option.district, option.province) in candidates:
            out[path] = option
            continue
        mates = folders.get(PurePath(path).parent, [])
        for group in ([m for m in mates if m.kind == Kind.district_summary], mates):
            named: dict[tuple, list[str]] = {}
            for m in group:
                key = _key(m.district, m.province)
                if key in candidates:
                    named.setdefault(key, []).append(m.file)
            if len(named) == 1:
                [(key, files)] = named.items()
                district, province = candidates[key]
                out[path] = PlaceHint(district, province, BATCH, tuple(sorted(files)))
                break
    return out


def _key(district: str | None, province: str | None) -> tuple[str, str]:
    return fold(split_kind(district or "")[1]), fold(province or "")


def _candidates(written: Iterable[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """Return the candidate districts ("Tu Mơ Rông, Kon Tum") by fold key."""
    out = {}
    for text in written:
        district, _, province = text.partition(", ")
        out[_key(district, province)] = (district, province)
    return out


@dataclass(frozen=True)
class Guess:
    """The unit an unreadable file most likely belongs to, and what says so."""

    level: Level
    unit: str
    district: str
    province: str
    period: Period
    by: str  # "file_name" or "folder_name"
    words: str  # the words of the name that named the unit, folded ("mang ri")


def guess_unit(path: str, records: dict[str, Record]) -> Guess | None:
    """Return the unit the file at `path` (which could not be read) most likely belongs to:
    a commune (or, for a summary's name, the district) of the districts the readable
    reports of its folder are of (else of its parent folder's tree), named by its file name
    or, failing that, its folder's name (when the folder holds no other unit's report).
    None when no name or several fit."""
    file = PurePath(path)
    near = _near(file, records)
    districts = {(r.district, r.province) for r in near}
    if not districts:
        return None
    stem, folder = _words(file.stem), _words(file.parent.name)
    # a folder holding reports of several units is named after none of them
    mates = {fold(r.unit or "") for path, r in records.items()
             if PurePath(path).parent == file.parent}
    for words, by in ((stem, "file_name"), (folder, "folder_name")):
        if not words:
            continue
        found = _named_units(words, districts,
                             summary=any(w <= set(words) for w in _SUMMARY_WORDS))
        if by == "folder_name" and mates - {fold(f[1]) for f in found}:
            continue
        if len(found) == 1:
            (level, unit, district, province, key), = found
            return Guess(level, unit, district, province, _period(stem, near), by,
                         " ".join(key))
    return None


def _words(name: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(name)]


def _near(file: PurePath, records: dict[str, Record]) -> list[Record]:
    """Return the readable reports with a district in the file's folder, else in its parent
    folder's tree (a folder named after a commune sits beside its district's others)."""
    for scope in (file.parent, file.parent.parent):
        found = [r for path, r in records.items()
                 if r.district and r.province and PurePath(path).is_relative_to(scope)
                 and (scope != file.parent or PurePath(path).parent == scope)]
        if found:
            return found
    return []


def _named_units(words: list[str], districts: set[tuple[str, str]], summary: bool) -> set:
    """Return the units whose folded name the words hold as a run, longest names only:
    (level, unit, district, province, words of the name)."""
    gaz = gazetteer()
    found = []
    for district, province in sorted(districts):
        units = [(Level.district, district)] if summary else [
            (Level.commune, u.name) for u in gaz.communes_of(district, province)]
        for level, name in units:
            key = fold(name).split()
            if key and any(words[i:i + len(key)] == key for i in range(len(words))):
                found.append((level, name, district, province, tuple(key)))
    longest = max((len(f[4]) for f in found), default=0)
    return {f for f in found if len(f[4]) == longest}


def _period(stem: list[str], near: list[Record]) -> Period:
    """Return the period a file name states ("2024-h1"), else that of most of the reports
    near it (of the year it states, if any)."""
    year = next((int(w) for w in stem if _YEAR.fullmatch(w)), None)
    half = next((int(m.group(1) or m.group(2) or 0) or None for w in stem
                 if (m := _HALF.fullmatch(w))), None)
    if year is not None and half is not None:
        return Period(year=year, half=half)
    periods = Counter((r.period.year, r.period.half) for r in near
                      if r.period.year is not None and (year is None or r.period.year == year))
    if periods:
        (y, h), _ = periods.most_common(1)[0]
        return Period(year=y, half=h)
    return Period(year=year)
