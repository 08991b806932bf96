"""The communes of a district as the reconciler tells them apart (their keys, a name two
communes share) and the kind words that name units (xã, phường, thị trấn; huyện, quận, thị
xã, thành phố), from `communes_of` and the gazetteer.

Which communes a record is about follows the map of its period (`group_of`): before 1 July
2025 those of its district, from then on those of its province (the new map has no
district); `communes_of(None, province)` gives the latter."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from extractors.places import closest, exact_key, fold, map_of, tone_key
from schemas.record import Count, Kind, Level, Record, Scope

CommunesOf = Callable[[str, str | None], set[str]]

fold_key = lru_cache(maxsize=65536)(fold)


class Communes:
    """The communes of each district (from `communes_of`, cached) and the keys that tell
    them apart.

    A commune's key is its folded name, so flag ids stay those of fold keys, unless another
    commune of the district folds alike (xã Ba Tô and thị trấn Ba Tơ, in huyện Ba Tơ): then
    its tone key ("ba tô", "ba tơ"), or its exact name when even that is shared. Two
    communes of one name (xã and thị trấn Long Phú) come from `communes_of` with their
    kind word ("xã Long Phú"), and a figure is theirs when its evidence starts with it;
    without it the name is ambiguous.
    """

    def __init__(self, communes_of: CommunesOf,
                 district_kinds: dict[tuple, str] | None = None):
        self._of = communes_of
        # (district key) -> kind word, for a name a huyện and a thị xã of one province share
        # (Duyên Hải, Long Mỹ): `district_kinds` says which the documents are about
        self._district_kinds = district_kinds or {}
        self._cache: dict[tuple, dict[str, str]] = {}
        self._keys: dict[tuple, str] = {}
        self._twins: dict[tuple, dict[str, list[str]]] = {}
        self._written_names: dict[tuple, dict[str, str]] = {}  # shared names with kind words
        self._kinds: dict[tuple, dict[str, str]] = {}  # key -> kind word ("phường")

    def __call__(self, district: str | None, province: str | None) -> dict[str, str]:
        """Return {key: canonical name} of the district's communes; {} when unknown (a
        name two communes share without its kind word: `twins`). With no district, the
        communes of the province in the map from 1 July 2025 (see `group_of`)."""
        if not district and not province:
            return {}
        key = self._district_key(district, province)
        if key not in self._cache:
            try:
                found = self._of(district, province) or set()
            except (LookupError, ValueError):  # one name, two districts: the kind decides
                found = set()
                kind = self._district_kinds.get(key) if district else None
                if kind:
                    district = f"{kind} {district}"
                    try:
                        found = self._of(district, province) or set()
                    except (LookupError, ValueError):
                        pass
            self._written_names[key] = _commune_keys(found)
            self._cache[key] = {k: _bare(n) for k, n in self._written_names[key].items()}
            twins: dict[str, list[str]] = defaultdict(list)
            for k, n in self._written_names[key].items():
                if _bare(n) != n:
                    twins[fold_key(_bare(n))].append(k)
            self._twins[key] = dict(twins)
            self._kinds[key] = _commune_kinds(self._written_names[key], district, province)
        return self._cache[key]

    @classmethod
    def district_kinds(cls, records: Iterable[Record]) -> dict[tuple, str]:
        """Return (district key) -> kind word of the districts whose name a huyện and a thị
        xã of one province share, as the records' place names (gazetteer codes) say."""
        votes: dict[tuple, Counter] = defaultdict(Counter)
        for r in records:
            district = district_of(r)
            if not district:
                continue
            kind = upper_kind("district", district, r.province, district_codes(r))
            if kind:
                votes[cls._district_key(district, r.province)][kind] += 1
        return {key: kinds.most_common(1)[0][0] for key, kinds in votes.items()}

    def key(self, district: str | None, province: str | None, name: str) -> str:
        """Return the key of a commune name written in a document of `district` (None: of
        the province, on the new map): that of the one commune `normalize.closest` picks,
        else the name's fold key."""
        cache_key = (district, province, name)
        if cache_key not in self._keys:
            names = self._written_names[self._district_key(district, province)] \
                if self(district, province) else {}
            found = closest(name, names.items(), lambda item: item[1])
            self._keys[cache_key] = found[0][0] if len(found) == 1 else fold_key(name)
        return self._keys[cache_key]

    @staticmethod
    def _district_key(district: str | None, province: str | None) -> tuple:
        return fold_key(district) if district else None, fold_key(province) if province else None

    def unit(self, r: Record, c: Count) -> str:
        """Return the key of the unit a count of record `r` is about."""
        if c.level == Level.commune and c.scope == Scope.unit:
            return self._written(r, c.unit, c.evidence.text)
        return fold_key(c.unit)

    def report(self, r: Record) -> str:
        """Return the key of a commune report's own commune (the letterhead names its kind)."""
        heads = [u.evidence.text for u in r.units if u.level == Level.commune
                 and fold_key(u.name) == fold_key(r.unit or "")]
        return self._written(r, r.unit or "", heads[0] if heads else "")

    def _written(self, r: Record, name: str, evidence: str) -> str:
        district, province = group_of(r) or (None, None)
        if self.twins(r).get(fold_key(name)):
            kind = _kind_before(evidence, name)
            if kind is not None:
                return self.key(district, province, f"{kind} {name}")
        return self.key(district, province, name)

    def twins(self, r: Record) -> dict[str, list[str]]:
        """Return {fold key of a name two communes share: their keys} in r's district."""
        group = group_of(r)
        if group is None:
            return {}
        self(*group)
        return self._twins[self._district_key(*group)]

    def ambiguous(self, r: Record, c: Count) -> bool:
        """Return True when a commune figure names two communes' shared name, no kind; in
        a commune's own report that name is the reporting commune (its letterhead says which
        of xã and thị trấn Trạm Tấu it is)."""
        if r.kind == Kind.commune_report and fold_key(c.unit) == fold_key(r.unit or ""):
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
        group = group_of(r) or (None, None)
        self(*group)
        return self._kinds.get(self._district_key(*group), {}).get(key, "xã")

    def kinds(self, r: Record) -> list[str]:
        """Return the kind words of the communes of r's district, once each."""
        group = group_of(r) or (None, None)
        self(*group)
        return sorted(set(self._kinds.get(self._district_key(*group), {}).values()))

    def knows(self, district: str | None, province: str | None, name: str) -> bool:
        """Return True when `name` folds like a commune of the district."""
        return any(fold_key(n) == fold_key(name) for n in self(district, province).values())


def _commune_keys(names: Iterable[str]) -> dict[str, str]:
    """Return {key: name} of one district's communes (keys as `Communes` says)."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for n in sorted(set(names)):
        by_fold[fold_key(n)].append(n)
    out: dict[str, str] = {}
    for folded, group in by_fold.items():
        if len(group) == 1:
            out[folded] = group[0]
            continue
        tones = Counter(tone_key(n) for n in group)
        for n in group:
            out[tone_key(n) if tones[tone_key(n)] == 1 else exact_key(n)] = n
    return out


def gazetteer_communes(district: str | None, province: str | None) -> set[str]:
    """Return the canonical commune names of a district from the gazetteer (district None:
    of the province on the map from 1 July 2025); a name two communes share with its kind
    word ("xã Long Phú", "thị trấn Long Phú")."""
    communes = _gazetteer_communes(district, province)
    shared = {n for n, k in Counter(u.name for u in communes).items() if k > 1}
    return {f"{u.kind} {u.name}" if u.name in shared else u.name for u in communes}


def _commune_kinds(written: dict[str, str], district: str, province: str | None) -> dict[str, str]:
    """Return {key: kind word} of a district's communes, `written` as `_commune_keys` gives
    them: a shared name's from its kind word, the others' from the gazetteer (by name, else
    by fold key when that names one kind); a name it does not know is left out."""
    try:
        known = _gazetteer_communes(district, province)
    except (LookupError, ValueError):
        known = []
    exact = {u.name: u.kind for u in known}
    folded: dict[str, set[str]] = defaultdict(set)
    for u in known:
        folded[fold_key(u.name)].add(u.kind)
    out: dict[str, str] = {}
    for key, name in written.items():
        bare = _bare(name)
        kind = name[:-len(bare)].strip() if bare != name else exact.get(name)
        if kind is None and len(folded.get(fold_key(name), ())) == 1:
            kind = next(iter(folded[fold_key(name)]))
        if kind:
            out[key] = kind
    return out


def _gazetteer_communes(district: str | None, province: str | None) -> list:
    from extractors.places import gazetteer

    if district is None:
        return gazetteer("new").communes_in(province) if province else []
    return gazetteer().communes_of(district, province)


@lru_cache(maxsize=4096)
def upper_kind(level: str, name: str, province: str | None, codes: frozenset[str],
               map_name: str = "old") -> str | None:
    """Return the kind word of a district or province ("quận", "thị xã", "thành phố") in
    the map `map_name`: the gazetteer's, of the unit among `codes` (the record's) when the
    name has several; None when it does not know the name or cannot tell."""
    from extractors.places import gazetteer

    found = gazetteer(map_name).lookup(name, level=level, province=province
                                       if level == "district" else None)
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
    text = fold_key(evidence)
    for folded, kind in _KIND_NAMES.items():
        if text.startswith(f"{folded} {fold_key(name)}"):
            return kind
    return None


def district_codes(r: Record) -> frozenset[str]:
    """Return the gazetteer codes of the districts a record names, or whose communes it
    names (a commune's code is its district's and its own)."""
    return frozenset(u.code if u.level == Level.district else u.code.rsplit("/", 1)[0]
                     for u in r.units if u.code and u.level in (Level.district, Level.commune))


def district_of(r: Record) -> str | None:
    return r.district or (r.unit if r.level == Level.district else None)


def map_name(r: Record) -> str:
    """Return the map of the record's period: "old" before 1 July 2025, else "new"."""
    return map_of(r.period.year, r.period.half)


def group_of(r: Record) -> tuple[str | None, str | None] | None:
    """Return (district, province) whose communes a record is about: its district on the
    old map, (None, its province) on the new one; None when it does not say."""
    if map_name(r) == "new":
        return (None, r.province) if r.province else None
    district = district_of(r)
    return (district, r.province) if district else None


def group_key(r: Record) -> str | None:
    """Return the key of `group_of(r)` in flag identities: the district's fold key (the
    province's on the new map); None when the record has none."""
    group = group_of(r)
    if group is None:
        return None
    return fold_key(group[0] or group[1])
