"""Vietnam's administrative units on the map of each period, matched in text.

Two maps: before 1 July 2025 ("old": 63 provinces, their districts, ~10,000 communes) and from
then on ("new": 34 provinces and ~3,300 communes, no district). `gazetteer("old")` and
`gazetteer("new")` hold one each; `map_of(year, half)` says which a period uses and
`Gazetteer.for_period` picks it. The old->new mapping is in `extractors.places.transition`.

The data is `underthesea/address/data/mapping.json` (from vietnamadminunits), read from the
installed package without importing underthesea (its import costs ~0.5 s). Names are
compared through `extractors.places.normalize` fold keys, so Đăk / Đắk / Đak / Dak, Ngọk / Ngọc,
case, NFC / NFD and old tone placement all meet; "Kontum" written as one word also meets
"Kon Tum". Units of one district whose names fold alike (xã Ba Tô and thị trấn Ba Tơ, in
huyện Ba Tơ) are then told apart by `normalize.closest`: the spelling decides.

`gazetteer()` is the process-wide instance. `Gazetteer.find` names units in a text for one
document's district and province; `Gazetteer.unmatched` gives the names after "xã" that
are no unit in scope (for unknown-unit checks); both are `extractors.places.names`' (kind
words and fold keys: `extractors.places.keys`). `lookup` / `district` / `communes_of` answer
by name. Codes: the official code for provinces (both maps); in the old map
"<province key>/<district key>/<ward key>" for a commune and "<province key>/<district key>"
for a district, in the new map "<province code>/<ward key>" for a commune ("51/xamangri"):
keys of mapping.json, stable, not GSO codes.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from extractors.places.keys import (
    PROVINCE_ALIASES,
    fold_name,
    name_heads,
    name_keys,
    narrow,
    split_kind,
)

# UnitMatch and NameMention are what `find` / `unmatched` return, Capitals what `find` and
# `district_mentions` may share: importable from here too
from extractors.places.names import NameMention, PlaceMatcher, UnitMatch
from extractors.places.scan import Capitals

__all__ = ["MAPS", "MAP_CHANGE", "AmbiguousName", "Capitals", "Gazetteer", "NameMention",
           "Unit", "UnitMatch", "gazetteer", "map_of", "mapping_path"]

# The day districts were abolished: periods ending before it use the old map, the others
# the new one (2025 H2, the whole year 2025 and every later period).
MAP_CHANGE = dt.date(2025, 7, 1)
MAPS = ("old", "new")


def map_of(year: int | None, half: int | None) -> str:
    """Return the map in force for a reporting period: "old" (three levels) for periods
    ending before 1 July 2025, "new" (province and communes) for the others; "old" when
    the year is unknown."""
    if year is None:
        return "old"
    last = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    return "new" if last >= MAP_CHANGE else "old"


@dataclass(frozen=True)
class Unit:
    """One administrative unit of one map (before or from 2025-07-01)."""

    name: str  # canonical name without prefix, NFC ("Đăk Sao")
    level: str  # "province" | "district" | "commune" (the new map has no district)
    kind: str  # prefix word: "xã", "phường", "thị trấn", "đặc khu", "huyện", "thị xã", ...
    district: str | None  # communes: their district; districts: itself; provinces and the
    # new map's communes: None
    province: str  # province name without prefix ("Kon Tum")
    code: str  # see the module's docstring
    successor: str | None  # old map: the 2025 unit(s) it became ("xã Đăk Sao, tỉnh Quảng
    # Ngãi"), "; "-joined; new map: None

    @property
    def key(self) -> str:
        """Return the fold key of the name."""
        return fold_name(self.name)


class AmbiguousName(LookupError):
    """A name that fits several units; `candidates` lists them."""

    def __init__(self, name: str, candidates: list[Unit]):
        self.name = name
        self.candidates = candidates
        where = ", ".join(f"{u.kind} {u.name} ({u.province})" for u in candidates)
        super().__init__(f"'{name}' có nhiều đơn vị / is ambiguous: {where}; give the province")


def mapping_path() -> Path:
    """Return the path of underthesea's mapping.json, without importing underthesea."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("underthesea is not installed: the gazetteer needs its data")
    return Path(spec.origin).parent / "address" / "data" / "mapping.json"


def gazetteer(map_name: str = "old") -> Gazetteer:
    """Return the process-wide gazetteer of one map ("old" or "new"), loaded on first use."""
    if map_name not in MAPS:
        raise ValueError(f"no map {map_name!r}: {MAPS}")
    return _loaded(map_name)


@functools.cache
def _loaded(map_name: str) -> Gazetteer:
    if map_name == "new":
        return Gazetteer.load_new(mapping_path())
    return Gazetteer.load(mapping_path())


@functools.lru_cache(maxsize=8192)
def _successor(kind: str, name: str, province: str) -> str:
    return f"{kind} {name}, {province[0].lower()}{province[1:]}"


class Gazetteer(PlaceMatcher):
    """Indexes of provinces, districts and communes by fold key."""

    def __init__(self, units: list[Unit], *, two_level: bool = False):
        # two_level: the map from 1 July 2025, whose communes belong to their province
        self.two_level = two_level
        self.map_name = "new" if two_level else "old"
        order = {"province": 0, "district": 1, "commune": 2}
        self._units = sorted(units, key=lambda u: order[u.level])  # _scope relies on it
        self._upper: dict[str, list[Unit]] = {}  # provinces and districts by fold key
        self._communes: dict[str, list[Unit]] = {}  # district code -> communes
        for u in units:
            if u.level == "commune":
                self._communes.setdefault(u.code.rsplit("/", 1)[0], []).append(u)
            else:
                for name in (u.name, *(PROVINCE_ALIASES.get(u.name, ())
                                       if u.level == "province" else ())):
                    for k in name_keys(name):
                        self._upper.setdefault(k, []).append(u)
        self._upper_heads = name_heads(self._upper)
        self._province_heads = name_heads({k: units for k, units in self._upper.items()
                                           if any(u.level == "province" for u in units)})
        self._district_codes = {u.code: u for u in units if u.level == "district"}
        self._scopes = {}  # matching scopes (see PlaceMatcher._scope) by folded arguments
        self._scopes_written = {}  # the same by the arguments as given
        self._commune_keys: dict[str, list[Unit]] | None = None  # built on first need
        self._by_district: dict[str, dict[str, list[Unit]]] = {}

    def _district_index(self, code: str) -> dict[str, list[Unit]]:
        """Return the communes of one district by fold key (built once per district)."""
        index = self._by_district.get(code)
        if index is None:
            index = {}
            for u in self._communes.get(code, []):
                for k in name_keys(u.name):
                    index.setdefault(k, []).append(u)
            self._by_district[code] = index
        return index

    def _commune_index(self) -> dict[str, list[Unit]]:
        """Return every commune by fold key (built once; only country-wide lookups need it)."""
        if self._commune_keys is None:
            index: dict[str, list[Unit]] = {}
            for communes in self._communes.values():
                for u in communes:
                    for k in name_keys(u.name):
                        index.setdefault(k, []).append(u)
            self._commune_keys = index
        return self._commune_keys

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """Return the gazetteer built from a mapping.json file."""
        data = json.loads(path.read_text(encoding="utf-8"))
        provinces: dict[str, Unit] = {}
        succ_prov = {k: v["name"] for k, v in data["province_names"].items()}
        for key, p in data["old_province_names"].items():
            kind, _ = split_kind(p["name"])
            new = succ_prov.get(data["province_mapping"].get(key, ""))
            provinces[key] = Unit(
                name=p["short"], level="province", kind=kind, district=None,
                province=p["short"], code=p["code"],
                successor=_succ_text(new) if new else None,
            )
        districts: dict[str, Unit] = {}
        wards: dict[str, tuple[str, str, str, str, list[str]]] = {}
        for row in data["ward_mapping"]:
            prov = provinces[row["old_province_key"]]
            dcode = f"{row['old_province_key']}/{row['old_district_key']}"
            if dcode not in districts:
                kind, name = split_kind(row["old_district"])
                districts[dcode] = Unit(name=name, level="district", kind=kind.lower(),
                                        district=name, province=prov.name, code=dcode,
                                        successor=None)
            if not row["old_ward"].strip():
                continue  # 49 rows without a name (Hoàng Sa; keys only): nothing to match
            wcode = f"{dcode}/{row['old_ward_key']}"
            kind, name = split_kind(row["old_ward"])
            nkind, nname = split_kind(row["new_ward"])
            entry = wards.setdefault(wcode, (kind.lower(), name, districts[dcode].name,
                                             prov.name, []))
            succ = _successor(nkind.lower(), nname, _succ_text(row["new_province"]))
            if succ not in entry[4]:
                entry[4].append(succ)  # "divided" units have several successors
        units = list(provinces.values()) + list(districts.values())
        for wcode, (kind, name, dist, prov, succ) in wards.items():
            units.append(Unit(name=name, level="commune", kind=kind, district=dist,
                              province=prov, code=wcode, successor="; ".join(succ) or None))
        return cls(units)

    @classmethod
    def load_new(cls, path: Path) -> Gazetteer:
        """Return the gazetteer of the map from 1 July 2025 built from a mapping.json file:
        the 34 provinces and their communes, no district."""
        data = json.loads(path.read_text(encoding="utf-8"))
        provinces: dict[str, Unit] = {}
        for key, p in data["province_names"].items():
            kind, _ = split_kind(p["name"])
            provinces[key] = Unit(name=p["short"], level="province", kind=kind, district=None,
                                  province=p["short"], code=p["code"], successor=None)
        communes: dict[str, Unit] = {}
        spell = _Spelling(data["ward_mapping"])
        for row in data["ward_mapping"]:
            prov = provinces[row["new_province_key"]]
            code = f"{prov.code}/{row['new_ward_key']}"
            if code not in communes:
                kind, name = spell.new_ward(row)
                communes[code] = Unit(name=name, level="commune", kind=kind, district=None,
                                      province=prov.name, code=code, successor=None)
        return cls(list(provinces.values()) + list(communes.values()), two_level=True)

    def for_period(self, year: int | None, half: int | None) -> Gazetteer:
        """Return the process-wide gazetteer of the map in force for a period (`map_of`)."""
        name = map_of(year, half)
        return self if name == self.map_name else gazetteer(name)

    # ---- lookups -------------------------------------------------------------------

    def provinces(self) -> list[Unit]:
        """Return the provinces: 63 in the old map, 34 in the new."""
        return [u for u in self._units if u.level == "province"]

    def districts(self, province: str | None = None) -> list[Unit]:
        """Return the districts of `province` (any spelling), or all when None."""
        names = self._names(province, "province") if province else None
        return [u for u in self._units if u.level == "district"
                and (names is None or u.province in names)]

    def province(self, name: str) -> Unit | None:
        """Return the province called `name` ("tỉnh Kon Tum", "Kontum"), or None."""
        found = self.lookup(name, level="province")
        return found[0] if found else None

    def district(self, name: str, province: str | None = None) -> Unit | None:
        """Return the district called `name` ("Tu Mơ Rông" or "huyện Tu Mơ Rông").

        None when no district has that name; raises AmbiguousName when several do (in
        several provinces, or "huyện"/"thị xã" of one name) and `province` or the kind
        word does not decide.
        """
        found = self.lookup(name, level="district", province=province)
        if len(found) > 1:
            raise AmbiguousName(name, found)
        return found[0] if found else None

    def communes_of(self, district: str | Unit, province: str | None = None) -> list[Unit]:
        """Return the communes of a district (a name or a Unit) in mapping order; [] for an
        unknown district. Raises AmbiguousName like `district`.
        """
        d = district if isinstance(district, Unit) else self.district(district, province)
        return list(self._communes.get(d.code, [])) if d else []

    def communes_in(self, province: str) -> list[Unit]:
        """Return the communes of a province (any spelling) in mapping order: in the old map
        those of its districts, in the new map its own; [] for an unknown province."""
        names = self._names(province, "province")
        groups = [u.code for u in self._units if u.province in names
                  and u.level == ("province" if self.two_level else "district")]
        return [c for g in groups for c in self._communes.get(g, [])]

    def district_of(self, unit: Unit) -> Unit | None:
        """Return the district of a commune (a district itself; None for a province)."""
        if unit.level == "province":
            return None
        code = unit.code if unit.level == "district" else unit.code.rsplit("/", 1)[0]
        return self._district_codes.get(code)

    def names_in_district(self, district: str, province: str | None = None) -> set[str]:
        """Return the fold keys of the district's communes (for unknown-unit checks)."""
        return {u.key for u in self.communes_of(district, province)}

    def lookup(self, name: str, *, level: str | None = None, district: str | None = None,
               province: str | None = None) -> list[Unit]:
        """Return every unit whose name folds like `name`, narrowed by the filters.

        `name` may carry its kind word ("xã Đăk Sao", "Thị trấn Đăk Tô"), which then also
        filters. `district` / `province` compare by fold key too. Of units of one district
        that fold alike, only those closest to the spelling are kept (`_narrow`).
        """
        kind, bare = split_kind(name)
        key = fold_name(bare)
        found = self._upper.get(key, [])
        if level in (None, "commune"):
            if district:  # the district's own index: no need for the country-wide one
                dkind, dname = split_kind(district)
                codes = [d.code for d in self._upper.get(fold_name(dname), [])
                         if d.level == "district" and (not dkind or d.kind == dkind)]
                found = found + [u for c in codes for u in self._district_index(c).get(key, [])]
            else:
                found = found + self._commune_index().get(key, [])
        if kind:
            found = [u for u in found if u.kind == kind or  # Huế: tỉnh, then thành phố
                     (u.level == "province" and kind in ("tỉnh", "thành phố"))]
        if level:
            found = [u for u in found if u.level == level]
        if district:
            names = self._names(district, "district")
            found = [u for u in found if u.district in names]
        if province:
            names = self._names(province, "province")
            found = [u for u in found if u.province in names]
        return narrow(bare, list(dict.fromkeys(found)))

    def _names(self, written: str, level: str) -> set[str]:
        """Return the canonical names of the districts / provinces `written` may denote."""
        kind, bare = split_kind(written)
        return {u.name for u in self._upper.get(fold_name(bare), [])
                if u.level == level and (not kind or u.kind == kind)}


@functools.lru_cache(maxsize=256)
def _succ_text(written: str) -> str:
    kind, name = split_kind(written)
    return f"{kind.lower()} {name}" if kind else name


_KEY_KINDS = (("đặckhu", "đặc khu"), ("phường", "phường"), ("xã", "xã"))
_SYLLABLE = re.compile(r"\w+")


class _Spelling:
    """The name of a new commune from its mapping row. 43 rows of mapping.json give only
    the key of their new commune, with diacritics and no spaces ("xãbatơ"): the name is
    then the one written elsewhere in the data whose letters are those ("Ba Tơ"), else the
    key cut into syllables the data writes (the longest first) and capitalised."""

    def __init__(self, rows: list[dict]):
        self._names: dict[str, str] = {}
        self._syllables: set[str] = set()
        for row in rows:
            for field in ("old_ward", "old_district", "new_ward"):
                _, name = split_kind(row[field])
                if name:
                    self._names.setdefault(_squash(name), name)
                    self._syllables.update(w.lower() for w in _SYLLABLE.findall(name))

    def new_ward(self, row: dict) -> tuple[str, str]:
        """Return (kind, name) of the row's new commune."""
        if row["new_ward"].strip():
            kind, name = split_kind(row["new_ward"])
            return kind.lower(), name
        key = unicodedata.normalize("NFC", row["new_ward_key"])
        kind, rest = next(((k, key[len(p):]) for p, k in _KEY_KINDS if key.startswith(p)),
                          ("xã", key))
        return kind, self._names.get(rest) or self._cut(rest) or rest

    def _cut(self, letters: str) -> str | None:
        """Return `letters` cut into known syllables, each capitalised; None if they are not."""
        if not letters:
            return ""
        for n in range(min(len(letters), 7), 0, -1):
            head = letters[:n]
            if head in self._syllables:
                rest = self._cut(letters[n:])
                if rest is not None:
                    return f"{head.capitalize()} {rest}".strip()
        return None


def _squash(name: str) -> str:
    return unicodedata.normalize("NFC", name.lower().replace(" ", ""))
