"""Per-unit lists: units named in a clause ("HĐND xã Đăk Hà", "thôn Ba Khen", "tổ dân phố
số 6"), lists of communes sharing one figure ("HĐND các xã: Đăk Hà, Tu Mơ Rông, ..."), and
communes named without their kind word as items of a per-commune list ("Đăk Hà: 5 ý kiến;
Tu Mơ Rông: 3 ý kiến").

A name is the capitalised syllables after a kind word, or more when the gazetteer knows a
longer name ("Ya ly"), or the number of a numbered ward ("phường 9") the district has;
`canonical` (a commune name → its gazetteer name, or None) comes from the document's
district.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from extractors.language.nlp import Analysis
from extractors.language.numbers import Number

Canonical = Callable[[str], "str | None"]
_ACRONYM = re.compile(r"^[A-ZĐ]{3,}$")
_ROMAN = re.compile(r"[IVX]+")  # wards numbered so: phường III, phường VII (Vị Thanh)
# after "phường 6" these make a span of time ("các phường 6 tháng đầu năm"), not a ward
_TIME = {"thang", "nam", "ngay", "quy", "tuan"}


@dataclass(frozen=True)
class Named:
    """A unit named in the text: tokens first..last (inclusive) and the name's characters."""

    first: int
    last: int
    level: str  # "commune" | "district" | "village"
    name: str
    start: int  # where the prefix (or the bare name) starts


def _cap(a: Analysis, i: int) -> bool:
    """Return True when token i can be part of a name: a capitalised word, no acronym."""
    if i >= len(a):
        return False
    w = a.words[i]
    if a.numbers[i] is not None and not w.isalpha():
        return False
    return w[:1].isupper() and w[:1].isalpha() and not _ACRONYM.match(w)


def name_run(a: Analysis, i: int, canonical: Canonical) -> int:
    """Return the index after the name starting at i: its capitalised syllables, or more
    when the gazetteer knows a longer name ("Ya ly", "Mỹ Đình 1"); at most 5 syllables."""
    j = i
    while j < len(a) and j - i < 5 and _cap(a, j) and (
            j == i or a.starts[j] == a.ends[j - 1] + 1):
        j += 1
    if j == i:
        return j
    k = j
    while k < len(a) and k - i < 5 and a.words[k].isalpha() and a.numbers[k] is None \
            and a.starts[k] == a.ends[k - 1] + 1:
        k += 1
        if canonical(a.text[a.starts[i]:a.ends[k - 1]]) is not None:
            j = k
    if j < len(a) and a.words[j].isdigit() and a.starts[j] == a.ends[j - 1] + 1 \
            and canonical(a.text[a.starts[i]:a.ends[j - 1]]) is None \
            and canonical(a.text[a.starts[i]:a.ends[j]]) is not None:
        j += 1  # "phường Mỹ Đình 1": the number is part of the name, "Mỹ Đình" no unit
    return j


def ward_number(a: Analysis, i: int, canonical: Canonical) -> int:
    """Return the index after the number of a numbered ward at i ("phường 9", "Phường 12",
    "phường VII"), else i. The kind word before must be "phường" (one, not "các phường"),
    the number a ward of the district or followed by a colon, and neither a span of time
    ("phường 6 tháng") nor a count ("3 kỳ họp") follow it."""
    if not (0 < i < len(a) and a.norms[i - 1] == "phuong"
            and (a.words[i].isdigit() or _ROMAN.fullmatch(a.words[i]))):
        return i
    if i > 1 and a.norms[i - 2] in ("cac", "nhung"):
        return i
    if i + 1 < len(a) and (a.norms[i + 1] in _TIME or any(
            m.start == i + 1 and m.rule.role in ("head", "measure") for m in a.matches)):
        return i
    if canonical(a.words[i]) is not None:
        return i + 1
    # "phường 18: 2 nghị quyết" in a list: a ward's name, kept as written when the district
    # has no such ward (for unknown_unit), as a name after "xã" is
    return i + 1 if i + 1 < len(a) and a.words[i + 1] == ":" else i


def _numbered(a: Analysis, i: int) -> int:
    """Return the index after "số 6" / "6" at i (a numbered village), else i."""
    if i < len(a) and a.norms[i] == "so":
        i += 1
    if i < len(a) and a.words[i].isdigit():
        return i + 1
    return i if i >= len(a) or a.norms[i - 1] != "so" else i - 1


def named_units(a: Analysis, canonical: Canonical) -> list[Named]:
    """Return the units named after a kind word (xã, phường, thị trấn, huyện, thôn ...)."""
    out: list[Named] = []
    for m in a.prefixes:
        if out and m.start <= out[-1].last:
            continue  # "Tờ" in "xã Đăk Tờ Kan" folds like "tổ": part of the name
        j = name_run(a, m.end, canonical)
        if j == m.end and m.rule.label == "prefix:village":
            j = _numbered(a, m.end)  # "tổ dân phố số 6", "thôn 3"
        elif j == m.end and m.rule.label == "prefix:commune":
            j = ward_number(a, m.end, canonical)
        if j == m.end:
            continue
        name = a.text[a.starts[m.end]:a.ends[j - 1]]
        out.append(Named(m.start, j - 1, m.rule.label.split(":")[1], name, a.starts[m.start]))
    return out


@dataclass(frozen=True)
class UnitList:
    """Communes named one after another after a kind word: "HĐND các xã: Đăk Hà, Tu Mơ
    Rông", "các xã Đăk Hà, Đăk Sao, Tê Xăng", "xã A, xã B và xã C". `colon`: the list
    follows "các xã:" — then one figure after it is each commune's."""

    first: int  # the kind word's first token
    last: int  # the last name's last token
    names: list[Named]
    colon: bool


def distributive_lists(a: Analysis, canonical: Canonical) -> list[UnitList]:
    """Return the lists of two or more communes named after a kind word, in order."""
    out: list[UnitList] = []
    prefix_at = {m.start: m for m in a.prefixes}
    for m in sorted(a.matches + a.prefixes, key=lambda m: m.start):
        if m.rule.label not in ("level:commune", "prefix:commune"):
            continue
        if out and m.start <= out[-1].last:
            continue  # a kind word inside a list already read: "xã A, xã B"
        i = m.end
        colon = i < len(a) and a.words[i] == ":"
        if colon:
            i += 1
        names: list[Named] = []
        while i < len(a):
            start = a.starts[i]
            pm = prefix_at.get(i)
            if pm is not None and pm.rule.label == "prefix:commune":
                i = pm.end
            j = name_run(a, i, canonical)
            if j == i and pm is not None:
                j = ward_number(a, i, canonical)  # "các phường: phường 1, phường 4"
            if j == i:
                break
            names.append(Named(i, j - 1, "commune", a.text[a.starts[i]:a.ends[j - 1]], start))
            i = j
            if i < len(a) and (a.words[i] == "," or a.norms[i] == "va"):
                i += 1
                continue
            break
        if len(names) >= 2:
            out.append(UnitList(m.start, names[-1].last, names, colon))
    return out


# Where a list item may start: after these (or at the start of the text). "HĐND Tê Xăng: 01
# Nghị quyết" drops only the kind word, so the council's acronym may stand before a name.
_ITEM_AFTER = {";", ",", "(", ")", ":", ".", "-", "+", "–", "va", "hdnd"}
_FIGURE_GAP = {":", "-", "–"}


def figure_after(a: Analysis, j: int) -> int | None:
    """Return the token index of the figure right after a name ending before token j
    ("Đăk Hà: 5", "Đăk Hà 5 ý kiến", "Đăk Hà - 5", "Ngọk Lây (05)"), else None."""
    if j < len(a) and a.words[j] in _FIGURE_GAP:
        j += 1
    if j < len(a) and a.numbers[j] is not None:
        return None if a.numbers[j].ordinal else j
    if j + 2 < len(a) and a.words[j] == "(" and a.words[j + 1].isdigit() \
            and a.words[j + 2] == ")":
        return j + 1  # a label's form, "(05)", but a name's figure here
    if j + 2 < len(a) and a.words[j] == "(" and a.numbers[j + 1] is not None \
            and not a.numbers[j + 1].ordinal:
        return j + 1  # "Tân Lộc (08 lượt)"
    return None


def bracketed_figures(a: Analysis, named: list[Named]) -> dict[int, Number]:
    """Return token index → figure of the bracketed numbers right after communes' names:
    "Ngọk Lây (05)" is Ngọk Lây's figure, where "(1)" elsewhere is a list label (no number)."""
    out = {}
    for n in named:
        k = figure_after(a, n.last + 1) if n.level == "commune" else None
        if k is not None and a.numbers[k] is None:
            s = a.starts[k]  # its text "05)": the bracket it opened is closed
            out[k] = Number(s, a.ends[k + 1], int(a.words[k]), k, k, bound_start=s)
    return out


def _item_start(a: Analysis, i: int) -> bool:
    return i == 0 or a.norms[i - 1] in _ITEM_AFTER


def bare_names(a: Analysis, canonical: Canonical, named: list[Named], taken: set[int],
               elsewhere: Callable[[str], bool]) -> list[Named]:
    """Return communes named without their kind word as items of a per-commune list:
    "Đăk Hà: 5 ý kiến; Tu Mơ Rông: 3 ý kiến", "xã Đăk Sao 06 ý kiến, Đăk Na 04 ý kiến".

    A bare name counts only where a list item stands (text start, after ; , ( : "và"), with
    its own figure right after it, and in a sentence with at least one other commune item
    (a kind word's or a bare one): alone, "Tu Mơ Rông" is rather the district, a capital
    rather a sentence's first word. A name `canonical` does not know is kept (as written,
    for the unknown_unit check) only when it has two syllables or more, `elsewhere` knows it
    as a commune and most items of its sentence are communes of the district (no person,
    no village). `taken`: tokens already read as names.
    """
    found: list[tuple[int, int, str, bool]] = []  # first, after-last token, name, known
    i = 0
    while i < len(a):
        if i in taken or not _cap(a, i) or not _item_start(a, i):
            i += 1
            continue
        j = name_run(a, i, canonical)
        if figure_after(a, j) is None:
            i += 1
            continue
        name = a.text[a.starts[i]:a.ends[j - 1]]
        found.append((i, j, name, canonical(name) is not None))
        i = j
    if not found:
        return []
    items = [n.first for n in named if n.level == "commune"
             and figure_after(a, n.last + 1) is not None]
    out = []
    for first, j, name, known in found:
        lo, hi = a.sentence(first)
        own = [k for f, _, _, k in found if lo <= f < hi]
        prefixed = sum(lo <= f < hi for f in items)
        communes = sum(own) + prefixed  # the item itself among them when known
        if communes < 2:
            continue
        if not known and (2 * communes <= len(own) + prefixed or j - first < 2
                          or not elsewhere(name)):
            continue
        out.append(Named(first, j - 1, "commune", name, a.starts[first]))
    return out
