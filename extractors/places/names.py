"""Units of the gazetteer named in running text: kind words, capitals, the longest name.

`PlaceMatcher` holds `Gazetteer.find`, `unmatched` and `district_mentions`; `Gazetteer`
(extractors.places.gazetteer) inherits them and keeps the names and their indexes. A name starts at
a capitalised syllable (or a number: "Phường 1"; `extractors.places.scan` finds them and the
words around them); the kind word before it, if any, decides its level and lets communes of
other districts and districts of other provinces in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.places.keys import (
    PROVINCE_ALIASES,
    fold_key,
    fold_name,
    name_heads,
    name_keys,
    narrow,
)
from extractors.places.scan import CAP, Capitals, capitals_of, kind_before, syllables

if TYPE_CHECKING:
    from extractors.places.gazetteer import Unit

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
# a number after a kind word that is a span of time, not a numbered ward: "xã 6 tháng"
_NOT_NUMBER_NAME = re.compile(r"\s+(?i:tháng|năm|ngày|quý|tuần)\b")
_NEXT_CAP = re.compile(r"[ \t\u00a0]{0,2}")  # between a kind word and its name
# a list of communes: items separated by , ; "và", possibly with a figure and a noun each
_LIST_GAP = re.compile(r"[^.\n()]{0,60}")
_LIST_HEAD = re.compile(
    r"(?:các|những)\s+(?:xã|phường|thị\s+trấn)(?:\s*,\s*(?:xã|phường|thị\s+trấn))*\s*:?\s*$",
    re.IGNORECASE,
)


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


@dataclass
class _Scope:
    bare: dict[str, tuple[Unit, ...]]  # keys matched with or without a kind word
    prefixed: dict[str, tuple[Unit, ...]]  # keys matched only after a kind word
    heads: dict[str, int]  # first syllable -> longest name length (syllables)
    kind_heads: dict[str, int]  # the same over every name a kind word may introduce
    district: Unit | None


class PlaceMatcher:
    """Matching in text, a base of `Gazetteer`: uses the indexes `Gazetteer` builds and its
    `lookup` / `_names`."""

    _units: list[Unit]  # provinces, then districts, then communes
    two_level: bool  # the map from 1 July 2025: communes belong to their province
    _upper: dict[str, list[Unit]]  # provinces and districts by fold key
    _upper_heads: dict[str, int]  # first syllable -> most syllables, over `_upper`
    _province_heads: dict[str, int]  # the same over the provinces' keys alone
    _communes: dict[str, list[Unit]]  # district code (new map: province code) -> communes
    _scopes: dict[tuple[str, str], _Scope]
    _scopes_written: dict[tuple, _Scope]

    def find(self, text: str, *, district: str | None = None,
             province: str | tuple[str, ...] | None = None,
             bare: str = "district", capitals: Capitals | None = None) -> list[UnitMatch]:
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
        `capitals`: `Capitals(text)` when the caller already has them.
        """
        scope = self._scope(district, province)
        kind_heads, heads = scope.kind_heads, scope.heads
        caps, motto, kind_of = capitals_of(text, capitals)
        out: list[tuple[UnitMatch, tuple[Unit, ...]]] = []
        done = 0
        mi = 0
        for cap in caps:
            s = cap.start()
            if s < done:
                continue
            if motto:
                while mi < len(motto) and motto[mi][1] <= s:
                    mi += 1
                if mi < len(motto) and motto[mi][0] <= s:
                    done = motto[mi][1]  # the national motto names no unit
                    continue
            first = fold_key(cap.group())
            if first not in kind_heads:
                continue  # no name starts with it (most capitals): skip the call
            kind = kind_of(s)
            if kind is None and first not in heads:
                continue  # a name only a kind word lets in ("Thường" of Thường Tín)
            got = self._match_known(text, cap, scope, first, kind)
            if got is not None and got[0].prefix is None:
                # "HĐND PHƯỜNG NAM KHÊ" is phường Nam Khê, not Phương Nam (Uông Bí) and "KHÊ";
                # "THỊ TRẤN YÊN BÌNH" thị trấn Yên Bình, not huyện Trấn Yên: a kind word as
                # written heads the name after it when that is a unit
                nxt = CAP.match(text, _NEXT_CAP.match(text, cap.end()).end())
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
        scan = Capitals(text)
        covered = [(m.start, m.end) for m in self.find(text, district=district,
                                                       province=province, capitals=scan)]
        covered += scan.motto
        out = []
        done = 0
        for cap in scan.caps:
            s = cap.start()
            if s < done or cap.group()[0].isdigit() or any(a <= s < b for a, b in covered):
                continue
            kind = scan.kind_before(s)
            if kind is None or _KIND_LEVELS[kind[0]] != ("commune",):
                continue
            ends = [e for _, e in syllables(text, cap, 8, need_upper=True)]
            done = ends[-1]
            out.append(NameMention(start=kind[1], end=done, name_start=s, name=text[s:done],
                                   prefix=text[kind[1]:kind[2]]))
        return out

    def district_mentions(self, text: str, *, capitals: Capitals | None = None
                          ) -> list[tuple[int, int, tuple[Unit, ...]]]:
        """Return (start, end, units) for each district named with its kind word, and for
        each province named (bare or with its kind word), in text order.

        Unlike `find`, a district name shared by several provinces ("huyện Châu Thành") is
        kept, with every district of that name and kind in the country. `capitals`:
        `Capitals(text)` when the caller already has them.
        """
        caps, _, kind_of = capitals_of(text, capitals, motto=False)
        out = []
        done = 0
        for cap in caps:
            s = cap.start()
            if s < done:
                continue
            first = fold_key(cap.group())
            if first not in self._upper_heads:
                continue
            kind = kind_of(s)
            if kind is None:
                # a name without a kind word counts only as a province: a capital heading
                # no province name (most: "Thường" of Thường Tín, "1" of Quận 1) names none
                most = self._province_heads.get(first)
                if most is None:
                    continue
                levels: tuple[str, ...] = ("province",)
            else:
                levels = _KIND_LEVELS[kind[0]]
                if levels == ("commune",):
                    continue  # "xã ...": no commune is among the provinces and districts
                most = self._upper_heads[first]
            runs = syllables(text, cap, most, need_upper=kind is None)
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
                    out.append((kind[1] if kind else s, done, cands))
                    break
        return out

    def _scope(self, district: str | None, province: str | tuple[str, ...] | None) -> _Scope:
        if province is not None and not isinstance(province, (str, tuple)):
            province = tuple(province)  # a list of provinces: hashable as the key below
        written = self._scopes_written.get((district, province))
        if written is not None:  # find runs once per block with the same arguments
            return written
        provinces = (province,) if isinstance(province, str) else tuple(province or ())
        cache_key = (fold_name(district or ""), tuple(fold_name(p) for p in provinces))
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
        if self.two_level:  # the new map: a province's communes are its own, as a district's
            dists = [u for u in self._units if u.level == "province" and u.name in names]
            own = {d.code for d in dists}
        for u in self._units:
            if u.level == "commune":
                break  # units are ordered provinces, districts, communes
            if u.level == "province" or u.province in provs:
                names = PROVINCE_ALIASES.get(u.name, ()) if u.level == "province" else ()
                for k in (k for name in (u.name, *names) for k in name_keys(name)):
                    bare.setdefault(k, []).append(u)
            if u.code in own and u.level == "province":
                for c in self._communes.get(u.code, []):
                    for k in name_keys(c.name):
                        bare.setdefault(k, []).append(c)
            if u.level == "district" and u.province in provs:
                for c in self._communes.get(u.code, []):
                    for k in name_keys(c.name):
                        (bare if u.code in own else prefixed).setdefault(k, []).append(c)
        heads = name_heads(bare)
        kind_heads = dict(self._upper_heads)
        for k, n in [*heads.items(), *name_heads(prefixed).items()]:
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
        first = fold_key(cap.group())
        if first not in scope.kind_heads:  # which holds every key of scope.heads
            return None
        return self._match_known(text, cap, scope, first, kind_before(text, cap.start()))

    def _match_known(self, text: str, cap: re.Match, scope: _Scope, first: str,
                     kind: tuple[str, int, int] | None
                     ) -> tuple[UnitMatch, tuple[Unit, ...]] | None:
        """Return `_match_at(text, cap, scope)` given the fold key `first` of `cap`, a key
        of `scope.kind_heads`, and the kind word before it, `kind_before(text, cap.start())`.
        """
        s = cap.start()
        if kind is not None:
            kind_word, kstart, kend = kind
            levels = _KIND_LEVELS[kind_word]
            runs = syllables(text, cap, scope.kind_heads[first], need_upper=False)
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
                    cands = narrow(text[s:end], cands)
                if cands:
                    exact = [u for u in cands if u.kind == kind_word] or cands
                    best = _prefer_own(exact, scope)
                    return UnitMatch(start=kstart, end=end, name_start=s, unit=best,
                                     prefix=text[kstart:kend],
                                     alternatives=tuple(u for u in exact if u != best)), ()
            # a kind word before an unknown name: the name may still be known bare
        if first not in scope.heads:
            return None
        runs = syllables(text, cap, scope.heads[first], need_upper=True)
        keys = [k for k, _ in runs]
        for n in range(len(runs), 0, -1):
            key = " ".join(keys[:n])
            cands = scope.bare.get(key)
            if not cands or key.isdigit():
                continue
            if len(cands) > 1:
                cands = tuple(narrow(text[s:runs[n - 1][1]], cands))
            best = _prefer_own(list(cands), scope)
            match = UnitMatch(start=s, end=runs[n - 1][1], name_start=s, unit=best,
                              prefix=None, alternatives=tuple(u for u in cands if u != best))
            return match, cands if len({u.level for u in cands}) > 1 else ()
        return None


def _by_next_province(text: str, end: int, cands: list[Unit]) -> list[Unit]:
    """Return the one candidate district the following words decide, or [] if none does."""
    if len(cands) <= 1:
        return cands
    window = fold_name(text[end:end + 60])
    decided = [u for u in cands if fold_name(u.province) in window]
    return decided if len(decided) == 1 else []


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
    if not any(opts for _, opts in found):
        return matches  # nothing ambiguous (most texts): the passes below change nothing
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
