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
    ("phường 6 tháng") nor a measure ("3 buổi") follow it, nor, unless the district has
    that ward, a count's head ("3 kỳ họp")."""
    if not (0 < i < len(a) and a.norms[i - 1] == "phuong"
            and (a.words[i].isdigit() or _ROMAN.fullmatch(a.words[i]))):
        return i
    if i > 1 and a.norms[i - 2] in ("cac", "nhung"):
        return i
    if i + 1 < len(a) and a.norms[i + 1] in _TIME:
        return i
    known = canonical(a.words[i]) is not None
    after = [m for m in a.matches if m.start == i + 1]
    acts = known and any(m.rule.role == "verb" for m in after)
    if any(m.rule.role == "measure" or m.rule.role == "head" and not acts for m in after):
        return i  # "phường 3 buổi", "HĐND phường 2 chuyên đề": a figure; a ward the
        # district has, acting ("phường 2 tiếp công dân 06 buổi", "phường 9 họp ...")
    if known:
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
            name = a.text[a.starts[i]:a.ends[j - 1]]
            if pm is None and j - i < 2 and canonical(name) is None:
                break  # "thị trấn Bảo Lạc, Thường trực HĐND ...": no commune "Thường"
            names.append(Named(i, j - 1, "commune", name, start))
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


@dataclass(frozen=True)
class FigureGroup:
    """Communes sharing the figures of one item of a list (items end at ";" or "."): a
    group of names then its figure in brackets ("Khai Thái, Tri Thủy (03 kỳ họp)"), the
    figure first ("02 kỳ họp: Vĩnh Thịnh, Vĩnh An", "Mỗi xã 01 phiên: A, B"), or names
    then a colon or dash and every figure after it ("Thanh Thủy: tiếp 09 lượt, nhận 03
    đơn", "Hàm Cường — 01"). `lead`: the colon closing the words that lead the list in
    the item's sentence, if any ("Một số xã tổ chức kỳ họp chuyên đề như: ...")."""

    names: tuple[Named, ...]
    figures: tuple[int, ...]  # token indices of the figures
    lead: int | None


_SEPARATOR = {":", "-", "–", "—"}
_ITEM_END = {";", "."}


def figure_groups(a: Analysis, canonical: Canonical, named: list[Named]) -> list[FigureGroup]:
    """Return the list items of `a` in which communes share figures. An item with one name
    and one figure is left to the plainer readings ("xã Đăk Hà: 01 Nghị quyết")."""
    prefixed = {n.first: n for n in named if n.level == "commune"}
    out: list[FigureGroup] = []
    s = 0
    lead = None
    for e in range(len(a) + 1):
        if e < len(a) and a.words[e] not in _ITEM_END and not (
                a.words[e] in (",", "–", "—", "-") and _starts_item(a, e + 1, canonical,
                                                                   prefixed)):
            continue
        group = _item_group(a, s, e, canonical, prefixed, lead)
        if group is not None:
            out.append(group)
            lead = group.lead
        if e < len(a) and a.words[e] == ".":
            lead = None  # a new sentence has its own lead
        s = e + 1
    return out


def _starts_item(a: Analysis, i: int, canonical: Canonical, prefixed: dict[int, Named]
                 ) -> bool:
    """Return True when an item "Name: figure" or "Name – figure" starts at token i: items
    may also be joined by commas or dashes ("Long Hậu – 08 NQ, Hòa Long – 07 NQ")."""
    names, j = _names(a, i, len(a), canonical, prefixed)
    return len(names) == 1 and j + 1 < len(a) and a.words[j] in _SEPARATOR \
        and a.numbers[j + 1] is not None


def _item_group(a: Analysis, s: int, e: int, canonical: Canonical,
                prefixed: dict[int, Named], lead: int | None) -> FigureGroup | None:
    if s < e and a.words[s] in ("-", "+", "•"):
        s += 1
    if s + 2 < e and a.words[s] == "(" and a.words[s + 2] == ")" and a.words[s + 1].isdigit():
        s += 3  # "(1) Kha Sơn: ..."
    got = _group_at(a, s, e, canonical, prefixed)
    if got is not None:
        return FigureGroup(got[0], got[1], lead)
    colon = next((k for k in range(s, e) if a.words[k] == ":"), None)
    if colon is not None:
        got = _group_at(a, colon + 1, e, canonical, prefixed, single=True)
        if got is not None:
            return FigureGroup(got[0], got[1], colon)
    return None


def _group_at(a: Analysis, i: int, e: int, canonical: Canonical, prefixed: dict[int, Named],
              single: bool = False) -> tuple[tuple[Named, ...], tuple[int, ...]] | None:
    """Read one item from token i to e: names and their figures, or None. `single`: an
    item with one name and one figure is taken too (it follows the list's lead-in)."""
    if i >= e:
        return None
    k = i + 2 if a.norms[i] == "moi" and i + 2 < e else i  # "Mỗi xã 01 phiên: A, B"
    num = a.numbers[k]
    if num is not None and not num.ordinal:  # the figure first: "02 kỳ họp: A, B"
        sep = next((j for j in range(k + 1, min(k + 6, e)) if a.words[j] in _SEPARATOR), None)
        if sep is None or any(a.numbers[j] is not None for j in range(k + 1, sep)):
            return None
        names, j = _names(a, sep + 1, e, canonical, prefixed)
        return (tuple(names), (k,)) if names and j == e else None
    names, j = _names(a, i, e, canonical, prefixed)
    if not names or j >= e:
        return None
    if a.words[j] == "(" and j + 1 < e and a.numbers[j + 1] is not None:
        figures = (j + 1,)  # "Khai Thái, Tri Thủy (03 kỳ họp)"
    elif a.words[j] in _SEPARATOR:
        figures = tuple(k for k in range(j + 1, e) if a.numbers[k] is not None
                        and not a.numbers[k].ordinal)
    else:
        return None
    if not figures or (len(names) == 1 and len(figures) == 1 and a.words[j] not in "–—"
                       and not single):
        return None  # one name, one figure: read plainly ("xã Đăk Hà: 01 Nghị quyết")
    return tuple(names), figures


def _names(a: Analysis, i: int, e: int, canonical: Canonical, prefixed: dict[int, Named]
           ) -> tuple[list[Named], int]:
    """Return the communes named one after another from token i ("A, B và xã C"), only
    names the district knows or names after a kind word, and the token after them."""
    names: list[Named] = []
    while i < e:
        n = prefixed.get(i)
        if n is None:
            j = name_run(a, i, canonical)
            name = a.text[a.starts[i]:a.ends[j - 1]] if j > i else ""
            if not name or canonical(name) is None:
                break
            n = Named(i, j - 1, "commune", name, a.starts[i])
        names.append(n)
        i = n.last + 1
        if i < e and (a.words[i] == "," or a.norms[i] == "va"):
            i += 1
            continue
        break
    if names and a.words[i - 1] == ",":
        i -= 1
    return names, i
