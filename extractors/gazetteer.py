"""Vietnam's pre-2025 administrative units and their 2025 successors, matched in text.

The data is `underthesea/address/data/mapping.json` (from vietnamadminunits), read from the
installed package without importing underthesea (its import costs ~0.5 s). Names are
compared through `extractors.normalize` fold keys, so Đăk / Đắk / Đak / Dak, Ngọk / Ngọc,
case, NFC / NFD and old tone placement all meet; "Kontum" written as one word also meets
"Kon Tum". Units of one district whose names fold alike (xã Ba Tô and thị trấn Ba Tơ, in
huyện Ba Tơ) are then told apart by `normalize.closest`: the spelling decides.

`gazetteer()` is the process-wide instance. `Gazetteer.find` names units in a text for one
document's district and province; `Gazetteer.unmatched` gives the names after "xã" that
are no unit in scope (for unknown-unit checks); `lookup` / `district` / `communes_of` answer
by name. Codes: the official code for provinces, else "<province>/<district>/<ward>" keys
of mapping.json (stable, not GSO codes).
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from extractors.normalize import APOSTROPHES, closest, fold_syllable, tone_key

# Kind words, lower-cased with their diacritics, -> the kind in canonical form. Not folded:
# "Quan Hóa", "Tịnh Biên", "Xa Loong" begin with syllables that fold like quận, tỉnh, xã.
_KINDS: dict[tuple[str, ...], str] = {
    ("xã",): "xã",
    ("phường",): "phường",
    ("thị", "trấn"): "thị trấn",
    ("huyện",): "huyện",
    ("quận",): "quận",
    ("thị", "xã"): "thị xã",
    ("thành", "phố"): "thành phố",
    ("tp",): "thành phố",
    ("tx",): "thị xã",
    ("tỉnh",): "tỉnh",
    ("đặc", "khu"): "đặc khu",
}
# the same typed without diacritics, accepted only in lower case ("huyen Tu Mo Rong")
_KINDS.update({tuple(fold_syllable(w) for w in k): v for k, v in list(_KINDS.items())
               if any(not w.isascii() for w in k)})
_ABBREVIATIONS = {("tp",), ("tx",)}  # the only kind words written with a dot: "TP. Kon Tum"
# Every character a kind word may end with as written (any case; a decomposed mark): a name
# after any other character has no kind word before it, so `_kind_before` stops at once.
_KIND_LAST = {words[-1][-1] for words in _KINDS}
_KIND_ENDS = frozenset(c for c in map(chr, range(0x3000))
                       if c.lower() in _KIND_LAST or "\u0300" <= c <= "\u036f")
_KIND_LEVELS: dict[str, tuple[str, ...]] = {
    "xã": ("commune",),
    "phường": ("commune",),
    "thị trấn": ("commune",),
    "đặc khu": ("commune",),
    "huyện": ("district",),
    "quận": ("district",),
    "thị xã": ("district",),
    "thành phố": ("district", "province"),
    "tỉnh": ("province",),
}
_W = r"[\w\u0300-\u036f]"  # a syllable character; decomposed marks stay inside
# a syllable; an apostrophe inside it is part of it ("N'Thol", "M’gar"), as in normalize
_SYL = rf"{_W}+(?:[{APOSTROPHES}]{_W}+)*"
_TOKEN = re.compile(_SYL)
_PARTS = re.compile(_W + "+")
# Syllables inside a name may be joined by spaces, hyphens, dashes or apostrophes
# ("Bà Rịa - Vũng Tàu", "Cư M'gar"), never by punctuation that ends a list item or a line.
_NEXT = re.compile(r"[ \t\u00a0\-\u2013\u2014'\u2019\u2018]{1,3}(" + _SYL + ")")
# a number after a kind word that is a span of time, not a numbered ward: "xã 6 tháng"
_NOT_NUMBER_NAME = re.compile(r"\s+(?i:tháng|năm|ngày|quý|tuần)\b")
_UPPER = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)])
                 if c.isupper())
# where a name may start: a capitalised syllable or a number ("Phường 1")
_CAP = re.compile(rf"(?<!{_W})[{_UPPER}0-9]{_W}*(?:[{APOSTROPHES}]{_W}+)*")
_NEXT_CAP = re.compile(r"[ \t\u00a0]{0,2}")  # between a kind word and its name
# The country's name and motto head every report; Quảng Hòa (Cao Bằng) has communes named
# Độc Lập, Tự Do and Hạnh Phúc, Hưng Hà (Thái Bình) one named Cộng Hòa.
_MOTTO = re.compile(r"(?i:cộng\s+h(?:oà|òa)\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam"
                    r"|độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc)")
_O_DOT = re.compile("[ộỘ]")  # the letter both start with
# Other names of provinces seen in reports: Huế was "tỉnh Thừa Thiên Huế" until 2025,
# Hồ Chí Minh City is mostly written "TP. HCM".
_PROVINCE_ALIASES = {"Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế"), "Hồ Chí Minh": ("HCM",)}
# a list of communes: items separated by , ; "và", possibly with a figure and a noun each
_LIST_GAP = re.compile(r"[^.\n()]{0,60}")
_LIST_HEAD = re.compile(
    r"(?:các|những)\s+(?:xã|phường|thị\s+trấn)(?:\s*,\s*(?:xã|phường|thị\s+trấn))*\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unit:
    """One administrative unit as it was before 2025-07-01."""

    name: str  # canonical name without prefix, NFC ("Đăk Sao")
    level: str  # "province" | "district" | "commune"
    kind: str  # prefix word: "xã", "phường", "thị trấn", "huyện", "thị xã", "thành phố", ...
    district: str | None  # communes: their district; districts: itself; provinces: None
    province: str  # province name without prefix ("Kon Tum")
    code: str  # official code for provinces, else "<province key>/<district key>/<ward key>"
    successor: str | None  # the 2025 unit(s) it became ("xã Đăk Sao, tỉnh Quảng Ngãi"), "; "-joined

    @property
    def key(self) -> str:
        """Return the fold key of the name."""
        return _fold(self.name)


@dataclass(frozen=True)
class UnitMatch:
    """A unit named in a text: `[start, end)` covers the kind word (if any) and the name."""

    start: int
    end: int
    name_start: int  # where the bare name starts
    unit: Unit
    prefix: str | None  # the kind word as written ("xã", "Xã", "huyện"), None when bare
    alternatives: tuple[Unit, ...] = ()  # other units in scope the name could denote


@dataclass(frozen=True)
class NameMention:
    """A capitalised name after a commune kind word that is no unit in scope."""

    start: int
    end: int
    name_start: int
    name: str  # as written
    prefix: str  # the kind word as written


class AmbiguousName(LookupError):
    """A name that fits several units; `candidates` lists them."""

    def __init__(self, name: str, candidates: list[Unit]):
        self.name = name
        self.candidates = candidates
        where = ", ".join(f"{u.kind} {u.name} ({u.province})" for u in candidates)
        super().__init__(f"'{name}' có nhiều đơn vị / is ambiguous: {where}; give the province")


@dataclass
class _Scope:
    bare: dict[str, tuple[Unit, ...]]  # keys matched with or without a kind word
    prefixed: dict[str, tuple[Unit, ...]]  # keys matched only after a kind word
    heads: dict[str, int]  # first syllable -> longest name length (syllables)
    kind_heads: dict[str, int]  # the same over every name a kind word may introduce
    district: Unit | None


def mapping_path() -> Path:
    """Return the path of underthesea's mapping.json, without importing underthesea."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("underthesea is not installed: the gazetteer needs its data")
    return Path(spec.origin).parent / "address" / "data" / "mapping.json"


@functools.cache
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer, loaded on first use."""
    return Gazetteer.load(mapping_path())


@functools.lru_cache(maxsize=65536)
def _fold1(syllable: str) -> str:
    """Return `fold_syllable(syllable)`; a number without its leading zeros ("Phường 03")."""
    if syllable.isdecimal():
        return str(int(syllable))
    return fold_syllable(syllable)


@functools.lru_cache(maxsize=4096)
def _lower(word: str) -> str:
    """Return a word lower-cased in NFC (how kind words are compared).

    A capitalised word without diacritics is kept as written, so it is never taken for
    a kind word typed without its marks ("Quan" of "Quan Hóa" is not "quận")."""
    if word.isascii() and not word.islower() and (word.lower(),) not in _ABBREVIATIONS:
        return word
    return unicodedata.normalize("NFC", word.lower())


@functools.lru_cache(maxsize=65536)
def _plain(syllable: str) -> str:
    """Return the syllable folded like `fold_syllable` but keeping a final k."""
    key = _fold1(syllable)
    return key[:-1] + "k" if key.endswith("c") and syllable[-1] in "kK" else key


def _split_kind(written: str) -> tuple[str, str]:
    """Return (canonical kind, name) of "Huyện Tu Mơ Rông"; kind "" when none leads."""
    words = written.split(None, 2)
    if len(words) == 3 and (_lower(words[0]), _lower(words[1])) in _KINDS:
        return _KINDS[_lower(words[0]), _lower(words[1])], words[2]
    if len(words) >= 2 and (_lower(words[0]),) in _KINDS:
        return _KINDS[_lower(words[0]),], written.split(None, 1)[1].strip()
    return "", written.strip()


def _fold(name: str) -> str:
    """Return `normalize.fold(name)` through the per-syllable cache (same keys, faster)."""
    return " ".join(_fold1(w) for w in _TOKEN.findall(name))


def _keys(name: str) -> list[str]:
    """Return the fold keys a name is found under: syllables, and all joined for 2+."""
    words = _TOKEN.findall(name)
    keys = [" ".join(_fold1(w) for w in words)]
    parts = [p for w in words for p in _PARTS.findall(w)]
    if len(parts) > len(words):  # "N'Thol Hạ" typed "N Thol Hạ": its parts as syllables
        keys.append(" ".join(_fold1(p) for p in parts))
    if len(words) > 1:
        # as fold_syllable would fold the name typed as one word: final k -> c only
        joined = "".join(_plain(w) for w in words)
        keys.append(joined[:-1] + "c" if joined.endswith("k") else joined)
    return keys


@functools.lru_cache(maxsize=8192)
def _successor(kind: str, name: str, province: str) -> str:
    return f"{kind} {name}, {province[0].lower()}{province[1:]}"


class Gazetteer:
    """Indexes of provinces, districts and communes by fold key."""

    def __init__(self, units: list[Unit]):
        order = {"province": 0, "district": 1, "commune": 2}
        self._units = sorted(units, key=lambda u: order[u.level])  # _scope relies on it
        self._upper: dict[str, list[Unit]] = {}  # provinces and districts by fold key
        self._communes: dict[str, list[Unit]] = {}  # district code -> communes
        for u in units:
            if u.level == "commune":
                self._communes.setdefault(u.code.rsplit("/", 1)[0], []).append(u)
            else:
                for name in (u.name, *(_PROVINCE_ALIASES.get(u.name, ())
                                       if u.level == "province" else ())):
                    for k in _keys(name):
                        self._upper.setdefault(k, []).append(u)
        self._upper_heads = _heads(self._upper)
        self._district_codes = {u.code: u for u in units if u.level == "district"}
        self._scopes: dict[tuple[str, str], _Scope] = {}
        self._scopes_written: dict[tuple, _Scope] = {}  # the same by the arguments as given
        self._commune_keys: dict[str, list[Unit]] | None = None  # built on first need
        self._by_district: dict[str, dict[str, list[Unit]]] = {}

    def _district_index(self, code: str) -> dict[str, list[Unit]]:
        """Return the communes of one district by fold key (built once per district)."""
        index = self._by_district.get(code)
        if index is None:
            index = {}
            for u in self._communes.get(code, []):
                for k in _keys(u.name):
                    index.setdefault(k, []).append(u)
            self._by_district[code] = index
        return index

    def _commune_index(self) -> dict[str, list[Unit]]:
        """Return every commune by fold key (built once; only country-wide lookups need it)."""
        if self._commune_keys is None:
            index: dict[str, list[Unit]] = {}
            for communes in self._communes.values():
                for u in communes:
                    for k in _keys(u.name):
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
            kind, _ = _split_kind(p["name"])
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
                kind, name = _split_kind(row["old_district"])
                districts[dcode] = Unit(name=name, level="district", kind=kind.lower(),
                                        district=name, province=prov.name, code=dcode,
                                        successor=None)
            if not row["old_ward"].strip():
                continue  # 49 rows without a name (Hoàng Sa; keys only): nothing to match
            wcode = f"{dcode}/{row['old_ward_key']}"
            kind, name = _split_kind(row["old_ward"])
            nkind, nname = _split_kind(row["new_ward"])
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

    # ---- lookups -------------------------------------------------------------------

    def provinces(self) -> list[Unit]:
        """Return the 63 pre-2025 provinces."""
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
        kind, bare = _split_kind(name)
        key = _fold(bare)
        found = self._upper.get(key, [])
        if level in (None, "commune"):
            if district:  # the district's own index: no need for the country-wide one
                dkind, dname = _split_kind(district)
                codes = [d.code for d in self._upper.get(_fold(dname), [])
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
        return _narrow(bare, list(dict.fromkeys(found)))

    def _names(self, written: str, level: str) -> set[str]:
        """Return the canonical names of the districts / provinces `written` may denote."""
        kind, bare = _split_kind(written)
        return {u.name for u in self._upper.get(_fold(bare), [])
                if u.level == level and (not kind or u.kind == kind)}

    # ---- matching in text ------------------------------------------------------------

    def find(self, text: str, *, district: str | None = None,
             province: str | tuple[str, ...] | None = None,
             bare: str = "district") -> list[UnitMatch]:
        """Return the units named in `text`, left to right, longest match first.

        Matched: provinces (everywhere, bare or after "tỉnh"/"thành phố"); the districts of
        `province` (bare or after a kind word); the communes of `district` (bare or after
        "xã"/"phường"/"thị trấn"); other communes of `province` and districts of other
        provinces only after their kind word (a district named in several provinces is kept
        only when the province named next decides: "huyện Phú Giáo, tỉnh Bình Dương").
        A kind word decides the level ("xã Tu Mơ Rông" commune, "huyện Tu Mơ Rông" district);
        the match then starts at the kind word ("HĐND xã Đăk Hà" gives "xã Đăk Hà").
        A bare name that is both a commune and another level ("Tu Mơ Rông") is the commune
        inside a list of communes ("HĐND các xã: Đăk Hà, Tu Mơ Rông, ...", or next to a
        commune across , ; "và"), else the level `bare` says ("district" by default; pass
        "commune" for a commune's own report). Names must start with a capital letter and
        bare names be capitalised throughout; names made of digits ("Phường 1") need their
        kind word. `text` should be NFC (offsets are into `text` as given either way).
        `province` may be several provinces (a tuple): their districts are then all known.
        """
        scope = self._scope(district, province)
        out: list[tuple[UnitMatch, tuple[Unit, ...]]] = []
        done = 0
        motto, mi = _motto(text), 0
        for cap in _CAP.finditer(text):
            if cap.start() < done:
                continue
            while mi < len(motto) and motto[mi][1] <= cap.start():
                mi += 1
            if mi < len(motto) and motto[mi][0] <= cap.start():
                done = motto[mi][1]  # the national motto names no unit
                continue
            if _fold1(cap.group()) not in scope.kind_heads:
                continue  # no name starts with it (most capitals): skip the call
            got = self._match_at(text, cap, scope)
            if got is not None and got[0].prefix is None:
                # "HĐND PHƯỜNG NAM KHÊ" is phường Nam Khê, not Phương Nam (Uông Bí) and "KHÊ";
                # "THỊ TRẤN YÊN BÌNH" thị trấn Yên Bình, not huyện Trấn Yên: a kind word as
                # written heads the name after it when that is a unit
                nxt = _CAP.match(text, _NEXT_CAP.match(text, cap.end()).end())
                named = self._match_at(text, nxt, scope) if nxt else None
                if named is not None and named[0].prefix is not None \
                        and named[0].start <= cap.start():
                    got = named
            if got is not None:
                out.append(got)
                done = got[0].end
        return _resolve_bare(text, out, scope, bare)

    def unmatched(self, text: str, *, district: str | None = None,
                  province: str | None = None) -> list[NameMention]:
        """Return capitalised names after "xã"/"phường"/"thị trấn" that `find` matches not.

        This is how a per-commune list tells a name that is no commune of the district
        ("xã Hòa Vang 3 ý kiến" in a Tu Mơ Rông summary): the name runs over the capitalised
        syllables after the kind word.
        """
        covered = [(m.start, m.end) for m in self.find(text, district=district,
                                                       province=province)] + _motto(text)
        out = []
        done = 0
        for cap in _CAP.finditer(text):
            s = cap.start()
            if s < done or cap.group()[0].isdigit() or any(a <= s < b for a, b in covered):
                continue
            kind = _kind_before(text, s)
            if kind is None or _KIND_LEVELS[kind[0]] != ("commune",):
                continue
            ends = [e for _, e in _syllables(text, cap, 8, need_upper=True)]
            done = ends[-1]
            out.append(NameMention(start=kind[1], end=done, name_start=s, name=text[s:done],
                                   prefix=text[kind[1]:kind[2]]))
        return out

    def district_mentions(self, text: str) -> list[tuple[int, int, tuple[Unit, ...]]]:
        """Return (start, end, units) for each district named with its kind word, and for
        each province named (bare or with its kind word), in text order.

        Unlike `find`, a district name shared by several provinces ("huyện Châu Thành") is
        kept, with every district of that name and kind in the country.
        """
        out = []
        done = 0
        for cap in _CAP.finditer(text):
            first = _fold1(cap.group())
            if cap.start() < done or first not in self._upper_heads:
                continue
            kind = _kind_before(text, cap.start())
            levels = _KIND_LEVELS[kind[0]] if kind else ("province",)
            upper = not kind  # a bare province name is capitalised throughout
            runs = _syllables(text, cap, self._upper_heads[first], need_upper=upper)
            keys = [k for k, _ in runs]
            for n in range(len(runs), 0, -1):
                key = " ".join(keys[:n])
                named = self._upper.get(key)
                if not named:
                    continue  # most runs name nothing: no tuple to build
                cands = tuple(u for u in named if u.level in levels
                              and (u.level == "province" or u.kind == kind[0]))
                if cands:
                    done = runs[n - 1][1]
                    out.append((kind[1] if kind else cap.start(), done, cands))
                    break
        return out

    def _scope(self, district: str | None, province: str | tuple[str, ...] | None) -> _Scope:
        if province is not None and not isinstance(province, (str, tuple)):
            province = tuple(province)  # a list of provinces: hashable as the key below
        written = self._scopes_written.get((district, province))
        if written is not None:  # find runs once per block with the same arguments
            return written
        provinces = (province,) if isinstance(province, str) else tuple(province or ())
        cache_key = (_fold(district or ""), tuple(_fold(p) for p in provinces))
        if cache_key in self._scopes:
            self._scopes_written[district, province] = self._scopes[cache_key]
            return self._scopes[cache_key]
        names = set().union(*(self._names(p, "province") for p in provinces))
        dists = self.lookup(district, level="district") if district else []
        if provinces:
            dists = [d for d in dists if d.province in names]
        provs = {u.province for u in dists} | names
        bare: dict[str, list[Unit]] = {}
        prefixed: dict[str, list[Unit]] = {}
        own = {d.code for d in dists}
        for u in self._units:
            if u.level == "commune":
                break  # units are ordered provinces, districts, communes
            if u.level == "province" or u.province in provs:
                names = _PROVINCE_ALIASES.get(u.name, ()) if u.level == "province" else ()
                for k in (k for name in (u.name, *names) for k in _keys(name)):
                    bare.setdefault(k, []).append(u)
            if u.level == "district" and u.province in provs:
                for c in self._communes.get(u.code, []):
                    for k in _keys(c.name):
                        (bare if u.code in own else prefixed).setdefault(k, []).append(c)
        heads = _heads(bare)
        kind_heads = dict(self._upper_heads)
        for k, n in [*heads.items(), *_heads(prefixed).items()]:
            kind_heads[k] = max(kind_heads.get(k, 0), n)
        scope = _Scope(bare={k: tuple(v) for k, v in bare.items()},
                       prefixed={k: tuple(v) for k, v in prefixed.items()},
                       heads=heads, kind_heads=kind_heads,
                       district=dists[0] if len(dists) == 1 else None)
        self._scopes[cache_key] = scope
        self._scopes_written[district, province] = scope
        return scope

    def _match_at(self, text: str, cap: re.Match, scope: _Scope
                  ) -> tuple[UnitMatch, tuple[Unit, ...]] | None:
        """Return the match whose name starts at `cap`, with its other readings."""
        s = cap.start()
        first = _fold1(cap.group())
        kind = _kind_before(text, s) if first in scope.kind_heads else None
        if kind is not None:
            kind_word, kstart, kend = kind
            levels = _KIND_LEVELS[kind_word]
            runs = _syllables(text, cap, scope.kind_heads[first], need_upper=False)
            keys = [k for k, _ in runs]
            for n in range(len(runs), 0, -1):
                key, end = " ".join(keys[:n]), runs[n - 1][1]
                cands = [u for u in scope.bare.get(key, ()) + scope.prefixed.get(key, ())
                         if u.level in levels]
                if not cands and "district" in levels:
                    # a district of another province: its kind word must agree
                    cands = [u for u in self._upper.get(key, [])
                             if u.level == "district" and u.kind == kind_word]
                    cands = _by_next_province(text, end, cands)
                if cands and key.isdigit():  # "Phường 6", never "xã 6 tháng"
                    cands = [u for u in cands if u.kind == kind_word]
                    if _NOT_NUMBER_NAME.match(text, end):
                        cands = []
                if len(cands) > 1:
                    cands = _narrow(text[s:end], cands)
                if cands:
                    exact = [u for u in cands if u.kind == kind_word] or cands
                    best = _prefer_own(exact, scope)
                    return UnitMatch(start=kstart, end=end, name_start=s, unit=best,
                                     prefix=text[kstart:kend],
                                     alternatives=tuple(u for u in exact if u != best)), ()
            # a kind word before an unknown name: the name may still be known bare
        if first not in scope.heads:
            return None
        runs = _syllables(text, cap, scope.heads[first], need_upper=True)
        keys = [k for k, _ in runs]
        for n in range(len(runs), 0, -1):
            key = " ".join(keys[:n])
            cands = scope.bare.get(key)
            if not cands or key.isdigit():
                continue
            if len(cands) > 1:
                cands = tuple(_narrow(text[s:runs[n - 1][1]], cands))
            best = _prefer_own(list(cands), scope)
            match = UnitMatch(start=s, end=runs[n - 1][1], name_start=s, unit=best,
                              prefix=None, alternatives=tuple(u for u in cands if u != best))
            return match, cands if len({u.level for u in cands}) > 1 else ()
        return None


def _motto(text: str) -> list[tuple[int, int]]:
    """Return the spans of the country's name and motto in `text`."""
    # Both start one letter before an "ộ" ("cộng", "độc"): trying the expression only there
    # finds what finditer finds, without running it (case-blind, so slow) over every offset.
    out: list[tuple[int, int]] = []
    for o in _O_DOT.finditer(text):
        start = o.start() - 1
        if start < 0 or (out and start < out[-1][1]):
            continue
        m = _MOTTO.match(text, start)
        if m is not None:
            out.append(m.span())
    return out


def _heads(index: dict[str, object]) -> dict[str, int]:
    """Return first syllable -> the most syllables of a name starting with it."""
    heads: dict[str, int] = {}
    for k in index:
        first, n = k.split(" ", 1)[0], k.count(" ") + 1
        heads[first] = max(heads.get(first, 0), n)
    return heads


@functools.lru_cache(maxsize=256)
def _succ_text(written: str) -> str:
    kind, name = _split_kind(written)
    return f"{kind.lower()} {name}" if kind else name


def _syllables(text: str, cap: re.Match, most: int, need_upper: bool
               ) -> list[tuple[str, int]]:
    """Return (fold key, end offset) of up to `most` syllables joined like a name's."""
    out = [(_fold1(cap.group()), cap.end())]
    pos = cap.end()
    while len(out) < most:
        m = _NEXT.match(text, pos)
        if m is None:
            break
        word = m.group(1)
        if need_upper and not (word[0].isupper() and not word[0].isdigit()):
            break
        pos = m.end()
        out.append((_fold1(word), pos))
    return out


def _word_before(text: str, end: int) -> int:
    """Return where the syllable ending at `end` starts (== end when there is none)."""
    k = end
    while k > 0 and (text[k - 1].isalnum() or "\u0300" <= text[k - 1] <= "\u036f"):
        k -= 1
    return k


def _kind_before(text: str, start: int) -> tuple[str, int, int] | None:
    """Return (kind, start, end) of the kind word just before offset `start`, if any.

    Between kind word and name: one or two spaces, or a dot and at most one space ("TP. ").
    """
    j = start
    while j > 0 and start - j < 2 and text[j - 1] in " \t\u00a0":
        j -= 1
    dot = j > 0 and text[j - 1] == "." and start - j < 2
    if dot:
        j -= 1
    if j == start or text[j - 1] not in _KIND_ENDS:
        return None
    k = _word_before(text, j)
    if k == j:
        return None
    one = (_lower(text[k:j]),)
    if k > 1 and text[k - 1] in " \t\u00a0":
        k0 = _word_before(text, k - 1)
        if k0 < k - 1 and (_lower(text[k0:k - 1]), one[0]) in _KINDS:
            return _KINDS[_lower(text[k0:k - 1]), one[0]], k0, j
    if one in _KINDS and (not dot or one in _ABBREVIATIONS):
        return _KINDS[one], k, j
    return None


def _by_next_province(text: str, end: int, cands: list[Unit]) -> list[Unit]:
    """Return the one candidate district the following words decide, or [] if none does."""
    if len(cands) <= 1:
        return cands
    window = _fold(text[end:end + 60])
    decided = [u for u in cands if _fold(u.province) in window]
    return decided if len(decided) == 1 else []


def _narrow(written: str, units: list[Unit] | tuple[Unit, ...]) -> list[Unit]:
    """Return the units `written` denotes among units found under its fold key.

    A district and its communes are one group. Within a group a vowel tells units apart
    ("Ba Tô" is xã Ba Tô, not thị trấn or huyện Ba Tơ: `normalize.tone_key`), and among its
    communes the spelling does (`normalize.closest`: xã Thiệu Hòa is not xã Thiệu Hóa); a
    tone alone does not part a district from its commune (huyện Đắk Tô, thị trấn Đăk Tô).
    A group keeps all its units when nothing is closer (a joined key: "Kontum"). Units of
    different groups are never compared: one name spelled one way in a district and
    another way elsewhere is data, not a difference.
    """
    groups: dict[str, list[Unit]] = {}
    for u in units:
        group = u.code.rsplit("/", 1)[0] if u.level == "commune" else u.code
        groups.setdefault(group, []).append(u)
    if len(groups) == len(units):
        return list(units)
    want = tone_key(written)
    keep: set[Unit] = set()
    for group in groups.values():
        group = [u for u in group if tone_key(u.name) == want] or group
        communes = [u for u in group if u.level == "commune"]
        keep.update(u for u in group if u.level != "commune")
        keep.update(closest(written, communes, _unit_name) or communes)
    return [u for u in units if u in keep]


def _unit_name(unit: Unit) -> str:
    return unit.name


def _prefer_own(cands: list[Unit], scope: _Scope) -> Unit:
    """Return the candidate of the document's own district, else province, else first."""
    own = scope.district
    if own is not None:
        if own in cands:
            return own
        for u in cands:
            if u.level == "commune" and u.code.startswith(own.code + "/"):
                return u
    order = {"province": 0, "district": 1, "commune": 2}
    return min(cands, key=lambda u: order[u.level])


def _resolve_bare(text: str, found: list[tuple[UnitMatch, tuple[Unit, ...]]], scope: _Scope,
                  bare: str) -> list[UnitMatch]:
    """Return the matches with each ambiguous bare name given its level from context."""
    matches = [m for m, _ in found]
    is_commune = [m.unit.level == "commune" and not opts for m, opts in found]

    def in_list(n: int) -> bool:
        m = matches[n]
        if _LIST_HEAD.search(text, max(0, m.start - 40), m.start):
            return True
        for other in (n - 1, n + 1):
            if 0 <= other < len(matches) and is_commune[other]:
                a, b = sorted((matches[other], m), key=lambda x: x.start)
                gap = text[a.end:b.start]
                if _LIST_GAP.fullmatch(gap) and re.search(r"[,;]|\svà\s", gap):
                    return True
        return False

    # two passes, so a resolved commune can pull its ambiguous neighbour into the list
    for _ in range(2):
        for n, (m, opts) in enumerate(found):
            if not opts or is_commune[n]:
                continue
            communes = [u for u in opts if u.level == "commune"]
            if communes and (in_list(n) or bare == "commune" and len(opts) > len(communes)):
                best = _prefer_own(communes, scope)
                matches[n] = UnitMatch(m.start, m.end, m.name_start, best, None,
                                       tuple(u for u in opts if u != best))
                is_commune[n] = True
    return matches
