"""The change of 1 July 2025: which units of the old map became which of the new.

Each row of `underthesea/address/data/mapping.json` says that a former commune (or part of
it) went into a new commune, and how (`mapping_type`): "merged" (with others), "renamed",
"unchanged", or "divided" (its territory split among several new communes, one of them
marked the default). `transition()` holds them as `Succession`s between the units of
`gazetteer("old")` and `gazetteer("new")`, so a former commune's figures can be followed
onto today's map: a unit with one successor is summable onto it, a divided one is not.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from extractors.places.gazetteer import Gazetteer, Unit, gazetteer, mapping_path


@dataclass(frozen=True)
class Succession:
    """A former unit (old map) and a unit of the new map that took all or part of it."""

    old: Unit
    new: Unit
    kind: str  # mapping_type: "merged", "divided", "renamed" or "unchanged"
    default: bool | None  # for a divided unit: the successor the data marks as its default


class Transition:
    """The old→new mapping of communes, both ways."""

    def __init__(self, rows: list[Succession]):
        self.rows = rows
        self._after: dict[str, list[Succession]] = {}
        self._before: dict[str, list[Succession]] = {}
        for s in rows:
            self._after.setdefault(s.old.code, []).append(s)
            self._before.setdefault(s.new.code, []).append(s)

    def successors(self, old: Unit) -> list[Succession]:
        """Return where a former commune went: one row, or several when it was divided."""
        return list(self._after.get(old.code, []))

    def predecessors(self, new: Unit) -> list[Succession]:
        """Return the former communes (all or part) a new commune was made of."""
        return list(self._before.get(new.code, []))

    def summable(self, old: Unit) -> Unit | None:
        """Return the one new commune a former commune's figures add up onto, or None when
        it was divided among several (or is unknown): its figures cannot be shared out."""
        after = {s.new for s in self._after.get(old.code, [])}
        return after.pop() if len(after) == 1 else None

    @classmethod
    def build(cls, old: Gazetteer, new: Gazetteer, data: dict) -> Transition:
        """Return the transition from mapping.json's data, between the units of two maps."""
        old_units = {u.code: u for p in old.provinces() for u in old.communes_in(p.name)}
        new_units = {u.code: u for p in new.provinces() for u in new.communes_in(p.name)}
        codes = {key: p["code"] for key, p in data["province_names"].items()}
        out, seen = [], set()
        for row in data["ward_mapping"]:
            if not row["old_ward"].strip():
                continue  # no former unit to follow (Hoàng Sa; keys only)
            o = old_units.get(f"{row['old_province_key']}/{row['old_district_key']}/"
                              f"{row['old_ward_key']}")
            n = new_units.get(f"{codes[row['new_province_key']]}/{row['new_ward_key']}")
            if o is None or n is None or (o.code, n.code) in seen:
                continue
            seen.add((o.code, n.code))
            out.append(Succession(o, n, row["mapping_type"], row.get("is_default")))
        return cls(out)


@functools.cache
def transition() -> Transition:
    """Return the process-wide old→new mapping, loaded on first use."""
    data = json.loads(mapping_path().read_text(encoding="utf-8"))
    return Transition.build(gazetteer("old"), gazetteer("new"), data)
