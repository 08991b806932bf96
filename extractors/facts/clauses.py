"""Clauses: the counts one block states, with level, unit, scope, body and qualifiers.

A count is a number whose construction gives an indicator (`extractors/facts/construction.py`:
"18 Nghị quyết", "họp 07 phiên", "tiếp xúc cử tri tại 04 điểm"), or a bare number inside a
breakdown of a total ("(cấp huyện: 06; cấp xã: 12)"), or an item of a per-unit list ("Xã Đăk
Sao 6 ý kiến; ..."), whose indicator may come from the sentence a footnote is anchored to.
What the words around a number mean (level, who acted, phase, ...) is read from the lexicon
matches (`extractors/rules/lexicon.jsonl`); this module decides which cue applies to which
number. Links across blocks (footnotes, "cụ thể:" lists) are made in
`extractors/facts/counts.py`; tables are read in `extractors/facts/tables.py`. The count being built and
the document's context are in `extractors/facts/candidates.py`; which sentences may hold a count is
found in `extractors/language/sentences.py`.
"""
from __future__ import annotations

import re

from extractors.facts.candidates import Cand, Context, default_place
from extractors.facts.construction import NO_SECTION, Groups, Lazy, Section, read_head, read_number
from extractors.facts.lists import (
    FigureGroup,
    Named,
    bare_names,
    bracketed_figures,
    distributive_lists,
    figure_groups,
    named_units,
)
from extractors.language.nlp import SENTENCE_END, Analysis, Match, analyse
from extractors.language.numbers import Number
from extractors.language.sentences import SENTENCE, chunks
from extractors.places import fold
from schemas.source import Block, Document, Part

__all__ = ["BlockCounts", "block_counts", "is_note", "sentence_at"]

_BOUNDARY = {";", "(", ")", ".", "!", "?"}
_CUES = ("level", "body", "phase", "each", "kind")
_KINDED = ("sessions", "standing_meetings")
_ORDINAL_AFTER = frozenset({"thứ", "thu", "lần", "lan"})
# a holding after these was only prepared or is to come
_NOT_HELD = frozenset({"bị", "bi", "để", "de", "phục", "vụ", "sẽ", "se", "kiến", "nhằm", "chưa",
                       "chua", "dự", "chỉ", "chi"})
_UNIT_WORDS = frozenset({"xã", "xa", "phường", "phuong", "thị", "thi", "trấn", "tran", "đơn",
                         "don", "vị", "vi"})
# a body after these is a partner or an agent, not who acted
_NOT_ACTOR = frozenset({"được", "duoc", "do", "với", "voi", "cùng", "cung"})
# bodies that are no council or council organ: the administration, the Front, the Party
# (none), National Assembly deputies (national)
_FOREIGN = frozenset({"none", "national"})
# a body after these is an object or a recipient, not who acted
_OBJECT_BEFORE = frozenset({"đối", "doi", "chuyển", "chuyen", "gửi", "gui", "cho", "đề", "de",
                            "nghị", "nghi", "tại", "tai", "ở", "o", "đến", "den", "về", "ve",
                            "của", "cua"})
# a figure per one of these after its noun is each commune's: "02 kỳ họp/xã"
_PER_UNIT = frozenset({"xã", "xa", "phường", "phuong", "thị", "đơn", "don", "địa", "dia"})
# communes spoken of without their names: "các xã còn lại", "hầu hết các xã", "đa số"
_UNNAMED = frozenset({("còn", "lại"), ("hầu", "hết"), ("đa", "số"), ("phần", "lớn")})
# what another authority does for the council's work still counts: answers, explanations
_ANSWERS = frozenset({"petitions_answered", "questions", "explanation_topics"})
# a unit after these is where something happened, not whose the figure is
_PLACE_WORDS = frozenset({"tại", "tai", "ở", "o", "đến", "den", "về", "ve"})
# a unit after these may be whose the figure is
_OWNER_BEFORE = frozenset({"các", "cac", "riêng", "rieng", "còn", "con", "với", "voi", "và", "trừ",
                           "va", "của", "cua", "hai", "ba", "đối", "doi", "tri", "dân", "dan"})


class BlockCounts:
    """The counts of one block and what else later stages need from it."""

    def __init__(self, doc: Document, block: Block, ctx: Context, analysis: Analysis,
                 offset: int = 0, section: Section = NO_SECTION):
        self.doc, self.block, self.ctx, self.a = doc, block, ctx, analysis
        self.offset = offset  # where the analysed text starts in the block text
        self.section = section  # the classes its heading names ("giám sát" → supervise)
        self.g = Groups(analysis)
        self.named = named_units(analysis, ctx.canonical)
        self.lists = distributive_lists(analysis, ctx.canonical)
        # tokens of unit names: the 9 of "phường 9" is a name, not a figure
        self.in_names = {i for n in self.named for i in range(n.first, n.last + 1)}
        self.in_names.update(i for lst in self.lists for n in lst.names
                             for i in range(n.first, n.last + 1))
        if ctx.kind != "commune_report" and ctx.level != "commune":
            # a commune's own report names itself bare as its own default unit anyway
            bare = bare_names(analysis, ctx.canonical, self.named, self.in_names,
                              ctx.elsewhere)
            if bare:
                self.named = sorted(self.named + bare, key=lambda n: n.first)
                self.in_names.update(i for n in bare for i in range(n.first, n.last + 1))
        self.figures = bracketed_figures(analysis, self.named)  # "Ngọk Lây (05)"
        # list items in which communes share figures: "Khai Thái, Tri Thủy (03 kỳ họp)"
        self.group_at: dict[int, FigureGroup] = {}
        if ctx.kind != "commune_report":
            for group in figure_groups(analysis, ctx.canonical, self.named):
                self.group_at.update((k, group) for k in group.figures)
                self.in_names.update(k for n in group.names for k in range(n.first, n.last + 1))
        self.counts: list[Cand] = []
        self.bare: list[int] = []  # token indices of numbers with no noun of their own
        self.claimed: set[int] = set()  # phase cues a count before them took

    # ---- reading the block ----------------------------------------------------------

    def segment_start(self, i: int) -> int:
        """Return the first token of the clause holding token i (after ; ( ) . or a count)."""
        j = i - 1
        floor = max((c.noun_end for c in self.counts if c.noun_end <= i), default=0)
        while j >= floor and self.a.words[j] not in _BOUNDARY:
            j -= 1
        return max(j + 1, floor)

    def clause_start(self, i: int, aside: bool = False) -> int:
        """Return the first token of the clause holding token i, past earlier counts (after
        ; ( ) . only); with `aside`, also past an aside in brackets before it ("Các Tổ đại
        biểu (04 tổ) giám sát 04 cuộc": who acted)."""
        j = i
        words = self.a.words
        while j > 0 and words[j - 1] not in _BOUNDARY:
            j -= 1
        while aside and j > 1 and words[j - 1] == ")":
            opening = next((k for k in range(j - 2, -1, -1) if words[k] in "()"), None)
            if opening is None or words[opening] != "(" or opening == 0 \
                    or words[opening - 1] in _BOUNDARY:
                break
            j = opening
            while j > 0 and words[j - 1] not in _BOUNDARY:
                j -= 1
        return j

    def outer_start(self, i: int) -> int:
        """Return where the clause of token i starts, or, inside brackets, where the clause
        the bracket stands in starts ("Đã trả lời 100% ý kiến (17 ý kiến)")."""
        j = self.clause_start(i)
        if j > 0 and self.a.words[j - 1] == "(":
            return self.clause_start(j - 1)
        return j

    def sentence(self, i: int) -> tuple[int, int]:
        """Return the token range of the sentence holding token i."""
        return self.a.sentence(i)

    def cues(self, lo: int, hi: int) -> list[Match | Named]:
        """Return the cues between tokens lo and hi, nearest to hi first."""
        got: list[Match | Named] = [m for m in self.g.within(lo, hi) if m.rule.role in _CUES]
        named = [n for n in self.named if lo <= n.first and n.last < hi]
        # "xã" before a name is the name's kind word, not "the communes" as a level.
        got = [m for m in got if not any(n.first <= m.start <= n.last for n in named)]
        got += named
        got.sort(key=lambda c: -(c.first if isinstance(c, Named) else c.start))
        return got

    # ---- building counts -----------------------------------------------------------

    def cand(self, i: int, indicator: str, qualifiers: dict, rule: str, noun_end: int) -> Cand:
        """Return the count of number token i with the document's default level and unit;
        its evidence runs from the number (or its bound word) to the end of its noun."""
        a, num = self.a, self.number(i)
        level, unit, scope = default_place(self.ctx)
        q = dict(qualifiers)
        if num.bound:
            q["bound"] = num.bound
        end = a.ends[noun_end - 1] if noun_end > i + 1 else num.end
        return Cand(indicator, num.value, level, unit, scope, self.block.id,
                    num.bound_start + self.offset, end + self.offset, rule, i, noun_end,
                    qualifiers=q)

    def number(self, i: int) -> Number | None:
        """Return the number token i stands for, a name's bracketed figure included."""
        return self.a.numbers[i] or self.figures.get(i)

    def _labels(self, m: Match) -> bool:
        """Return True when body cue m heads a line like "- Thường trực HĐND: 12 chuyên đề"."""
        j = m.end
        while j < len(self.a) and j - m.end < 3 and self.a.words[j] != ":":
            # "Tổ đại biểu HĐND huyện số 1:", "Thường trực HĐND xã:"
            if self.a.norms[j] not in ("huyen", "xa", "cap", "cac", "so") \
                    and not self.a.words[j].isdigit():
                return False
            j += 1
        return j < len(self.a) and self.a.words[j] == ":"

    def actor(self, lo: int, hi: int, part: bool = False, heading: bool = True) -> str | None:
        """Return the body that acted in the clause of tokens lo..hi: the one body a label
        names ("Thường trực HĐND: 12 chuyên đề"), else the one body named as an actor, else
        None. A clause runs back past earlier counts of its sentence ("Thường trực tổ chức 02
        cuộc giám sát, 01 cuộc khảo sát"), not past ";" or a bracket; a part of a breakdown
        has its own ("trong đó: HĐND 01 chuyên đề; Thường trực HĐND 03 chuyên đề"). A body
        after "được", "do", "với", "phối hợp với" or "sự tham gia của" is no actor ("đã được
        HĐND xã thông qua", "phối hợp với UBND"); nor are the councils at large ("HĐND các
        cấp").
        The stretch of the count itself is read first ("Thường trực HĐND huyện giám sát 03
        cuộc, các Ban HĐND huyện 05 cuộc"), then its whole clause, then (`heading`) the
        heading it stands under."""
        for start in (lo,) if part else (lo, self.clause_start(lo, aside=True)):
            bodies = [m for m in self.g.within(start, hi)
                      if m.rule.role == "body" and not self._partner(m.start)
                      and not self._generic(m)]
            labelled = {m.rule.cls for m in bodies if self._labels(m)} - _FOREIGN
            if len(labelled) == 1:
                return labelled.pop()
            named = {m.rule.cls for m in bodies} - _FOREIGN
            if len(named) == 1:
                return named.pop()
            if named:
                return None  # several acted together
        if not part:
            after = self._actor_after(lo, hi)
            if after is not None:
                return after
        return None if part or not heading else self.section.body

    def _actor_after(self, lo: int, hi: int) -> str | None:
        """Return the one body acting after a fronted "Ngoài N ..." / "Bên cạnh N ..."
        ("Ngoài 03 cuộc giám sát theo chương trình, Thường trực HĐND còn tổ chức 01
        cuộc": the 03 are Thường trực's too)."""
        s, e = self.sentence(hi)
        start = self.clause_start(lo)
        if self.a.keys[start] not in ("ngoài", "ngoai", "bên", "ben"):
            return None
        named = {m.rule.cls for m in self.g.within(hi, e) if m.rule.role == "body"
                 and not self._partner(m.start) and not self._generic(m)} - _FOREIGN
        return named.pop() if len(named) == 1 else None

    def foreign(self, c: Cand, lo: int) -> bool:
        """Return True when a figure is another authority's, not a council's: no council
        body acts in its clause, and a body that is no council's does ("UBND huyện họp 06
        phiên", "Đảng ủy xã ban hành 04 nghị quyết"), or National Assembly deputies stand
        anywhere in it ("Đoàn ĐBQH tỉnh tiếp xúc cử tri ...", "Cử tri kiến nghị 05 nội dung
        với đại biểu Quốc hội"). Answers and explanations the administration gives to the
        council's questions and voters still count (`_ANSWERS`), as do voters' petitions it
        handles."""
        handled = c.indicator in _ANSWERS or c.indicator == "voter_petitions"
        # voters' petitions stay voters' whoever handles them, unless raised to deputies
        start, end = self.clause_start(lo, aside=True), c.noun_end
        while end < len(self.a) and self.a.words[end] not in _BOUNDARY:
            end += 1
        bodies = [m for m in self.g.within(start, end) if m.rule.role == "body"]
        acting, joined, prev, prev_role = [], False, None, ""
        for m in bodies:  # a body right after another is part of its name: "Ủy ban MTTQ"
            if prev is not None and m.start == prev.end:
                role = prev_role
            elif m.start > 0 and self.a.keys[m.start - 1] in _OBJECT_BEFORE:
                role = "object"
            else:
                role = "partner" if self._partner(m.start) else "actor"
            if role == "actor":
                acting.append(m)
            if role != "object" and m.rule.cls not in _FOREIGN and not self._generic(m):
                joined = True  # a council acted, or took part ("phối hợp với Thường trực")
            prev, prev_role = m, role
        if joined:
            return False
        return any(m.rule.cls == "national" for m in bodies) and c.indicator not in _ANSWERS \
            or not handled and any(m.rule.cls == "none" and m.end <= c.tok for m in acting)

    def _generic(self, m: Match) -> bool:
        """Return True for "HĐND các cấp": the councils at large, no one body."""
        level = self.g.starting(m.end, "level")
        return m.rule.cls == "council" and level is not None and level.rule.cls == "all"

    def _partner(self, k: int) -> bool:
        """Return True when the body at token k is no actor: after "được", "do", "với",
        "cùng", "tham gia của" (a partner or an agent, not who acted)."""
        keys = self.a.keys
        return k > 0 and (keys[k - 1] in _NOT_ACTOR or k > 2 and keys[k - 1] in ("của", "cua")
                          and keys[k - 2] in ("gia", "sự", "su"))

    def genitive(self, c: Cand) -> str | None:
        """Return the body named right after a count's noun: "02 cuộc giám sát của Thường
        trực HĐND huyện"."""
        k = c.noun_end
        if k < len(self.a) and self.a.keys[k] in ("của", "cua"):
            m = self.g.starting(k + 1, "body")
            if m is not None and m.rule.cls not in _FOREIGN:
                return m.rule.cls
        return None

    def place(self, lo: int, hi: int) -> Named | Match | None:
        """Return the unit or level cue nearest before token hi in lo..hi that says whose a
        figure is. Names after "tại", "ở", a verb, or in a list of units ("tại xã A, xã B",
        "thành lập xã A", "HĐND xã A và xã B") say where or of what, not whose; a level after
        "tại" likewise ("tại các xã")."""
        cues = self.cues(lo, hi)
        for cue in cues:
            if isinstance(cue, Named):
                if not self._owner(cue):
                    continue
                return cue
            if cue.rule.role == "level" and cue.rule.cls == "commune" \
                    and cue.end - cue.start == 1 and self._council_before(cue.start):
                # "Tại xã Sơn Vĩ, HĐND xã tổ chức ...": "xã" is the commune named before
                fronted = next((n for n in cues if isinstance(n, Named) and n.level == "commune"
                                and n.last < cue.start and self._fronted(n)), None)
                if fronted is not None:
                    return fronted
            if cue.rule.role == "level":
                if cue.start > 0 and (self.a.keys[cue.start - 1] in _PLACE_WORDS or
                                      cue.rule.cls == "district"
                                      and self.a.keys[cue.start - 1] in ("tri", "dân")):
                    continue  # "tại các xã"; "Cử tri thành phố": voters, not a council
                return cue
        return None

    def _unnamed(self, lo: int, hi: int) -> bool:
        """Return True when the clause before token hi speaks of communes it does not name,
        each or some of them: "đều" with no names, "các xã còn lại", "hầu hết / đa số /
        phần lớn các xã" (a figure for each, or for some: no sum)."""
        keys = self.a.keys[lo:hi]
        pairs = set(zip(keys, keys[1:]))
        return bool(pairs & _UNNAMED) or any(
            m.rule.role == "distribute" for m in self.g.within(lo, hi))

    def _fronted(self, n: Named) -> bool:
        """Return True when unit n is named in a place phrase opening its clause ("Tại xã
        A,", "Riêng tại xã A,", "Đối với xã A,", "Ở thị trấn B,")."""
        k = n.first
        start = self.clause_start(k)
        lead = self.a.keys[start:k]
        return bool(lead) and lead[-1] in ("tại", "tai", "ở", "o", "với", "voi") and len(lead) <= 3 \
            and n.last + 1 < len(self.a) and self.a.words[n.last + 1] == ","

    def _owner(self, n: Named) -> bool:
        """Return True when a unit named in a clause may be whose its figure is: at the
        clause's start or after punctuation, after a council ("HĐND xã A", "Thường trực
        HĐND xã A"), "các", "riêng", "còn", "đối với", or a clause-initial "Tại"/"Ở" ("Tại
        xã A, HĐND đã ..."). After a verb or a later "tại"/"ở" it is an object or a place
        ("thành lập xã A", "tiếp xúc cử tri tại thôn 3 và thôn 5"), as are the other names
        coordinated with it."""
        first = n.first
        while True:  # back over units coordinated with it: "thôn 3 và thôn 5", "xã A, xã B"
            prev = next((m for m in self.named if m.last < first and m.last >= first - 2
                         and all(self.a.words[k] == "," or self.a.norms[k] == "va"
                                 for k in range(m.last + 1, first))), None)
            if prev is None:
                break
            first = prev.first
        first = next((lst.first for lst in self.lists
                      if lst.first <= first <= lst.last), first)
        if first == 0:
            return True
        before = self.a.keys[first - 1]
        word = self.a.words[first - 1]
        if before in _PLACE_WORDS:
            return first == 1 or self.a.words[first - 2] in _BOUNDARY | {",", ":"}
        if not word[:1].isalpha() or self.g.ends(first, "body") is not None \
                or self.g.ends(first, "level") is not None:
            return True
        return before in _OWNER_BEFORE

    def levels(self, lo: int, hi: int) -> set[str]:
        """Return the levels named by councils in lo..hi ("HĐND huyện và HĐND các xã")."""
        named = {i for n in self.named for i in range(n.first, n.last + 1)}
        return {m.rule.cls for m in self.g.within(lo, hi)
                if m.rule.role == "level" and m.start not in named and not (
                    m.start > 0 and self.a.keys[m.start - 1] in _PLACE_WORDS)}

    def apply_cues(self, c: Cand, lo: int, part: bool = False) -> Cand | None:
        """Set level/unit/scope/body/phase from the cues before the number; None drops it.

        The body of a supervision figure is who acted (see `actor`), or the body named right
        after its noun ("02 cuộc giám sát của Thường trực HĐND"). Whose the figure is: the
        unit or level nearest before it in its clause, or, when none stands there, in the
        clause before earlier counts ("HĐND các xã, thị trấn đã tổ chức 34 kỳ họp, ban hành
        152 nghị quyết"); councils of both levels together are all levels ("HĐND huyện và
        HĐND các xã"). In a commune's own report every figure is the commune's unless its
        clause names another council ("HĐND huyện đã thông qua 12 nghị quyết").
        """
        ctx = self.ctx
        if self.foreign(c, lo):
            return None
        cues = self.cues(lo, c.tok)
        if c.indicator == "supervision_topics":
            c.body = self.genitive(c) or self.actor(lo, c.tok, part) or c.body
        for cue in cues:
            if isinstance(cue, Named):
                continue
            if cue.rule.role == "each":
                return None  # "mỗi Tổ ... 01 chuyên đề": a figure per each, not a count
            if cue.rule.role == "kind" and c.indicator in _KINDED \
                    and "kind" not in c.qualifiers:
                c.qualifiers["kind"] = cue.rule.qualifiers.get("kind")
        self._phase(c, lo)
        start = lo
        place = self.place(lo, c.tok)
        if place is None and not part:
            start = self.clause_start(lo)
            place = self.place(start, lo)
        levels = self.levels(start, c.tok)
        if place is None and not part:
            place = self._level_after(c) or self._name_before_bracket(lo)
        if isinstance(place, Named):
            if place.level == "village":
                return None  # villages are no units of the record
            if place.level == "commune":
                if any(lst.first <= place.first <= lst.last for lst in self.lists):
                    return None  # "các xã Đăk Hà, Đăk Sao đã tổ chức 3 kỳ họp": whose 3?
                unit = ctx.canonical(place.name) or place.name
                if ctx.kind == "commune_report" and unit == ctx.unit:
                    return c  # the report's own commune: "HĐND xã Đăk Sao đã tổ chức ..."
                c.level, c.scope, c.explicit, c.item = "commune", "unit", True, True
                c.unit = unit
                c.start = min(c.start, place.start + self.offset)
                return c
            if ctx.kind != "commune_report" or self._council_before(place.first):
                own = ctx.district and fold(place.name) == fold(ctx.district)
                c.level, c.scope, c.explicit = "district", "unit", True
                c.unit = ctx.district if own else place.name
                return c
        if place is None:
            return c
        what = place.rule.cls
        if what == "commune" and ctx.kind != "commune_report" and self._unnamed(start, c.tok):
            return None  # "Các xã còn lại đều tổ chức 02 buổi": not all, not named
        if ctx.kind == "commune_report":
            # another council named in a commune's report: "HĐND huyện", "HĐND tỉnh"
            if what in ("district", "province") and self._council_before(place.start):
                c.explicit = True
                c.level, c.scope = what, "unit"
                c.unit = (ctx.district if what == "district" else ctx.province) or ""
            return c
        if {"district", "commune"} <= levels:
            what = "all"
        c.explicit = True
        if what == "province":
            c.level, c.unit, c.scope = "province", ctx.province or "", "unit"
            return c
        c.level, c.unit = what, ctx.district or ctx.unit or ""
        c.scope = "unit" if what == "district" else "sum"
        return c

    def _level_after(self, c: Cand) -> Match | None:
        """Return a level named after a count's noun by the council its figure went to or
        the authority it falls under ("1.215 ý kiến gửi đến kỳ họp HĐND các cấp", "26 ý
        kiến thuộc thẩm quyền cấp huyện"), up to the end of its clause."""
        k = c.noun_end
        while k < len(self.a) and self.a.words[k] not in _BOUNDARY | {","} \
                and self.a.numbers[k] is None:
            m = self.g.starting(k, "level")
            if m is not None and (self._council_before(k) or self.a.keys[k - 1] in (
                    "quyền", "quyen", "hđnd", "hdnd")):
                return m
            k += 1
        return None

    def _name_before_bracket(self, lo: int) -> Named | None:
        """Return the commune named right before the bracket a figure stands in ("An Linh
        (02 đơn), An Long (01 đơn)")."""
        if lo > 1 and self.a.words[lo - 1] == "(":
            return next((n for n in self.named if n.last == lo - 2 and n.level == "commune"),
                        None)
        return None

    def _council_before(self, k: int) -> bool:
        """Return True when a council's body stands right before token k ("HĐND huyện",
        "Thường trực HĐND huyện", "đại biểu HĐND tỉnh"), not the administration's."""
        m = self.g.ends(k, "body")
        return m is not None and m.rule.cls not in _FOREIGN

    def _phase(self, c: Cand, lo: int) -> None:
        """Give petitions the phase of the voter meetings they came from: the phase cue
        nearest before the number in its sentence with no other count between ("Trong đó,
        sau kỳ họp thứ 6: 10 ý kiến"), unless an earlier count claimed it (a phase right
        after a count's noun is that count's: "26 kiến nghị trước kỳ họp thứ 18 và 11 ...")."""
        if c.indicator not in ("voter_petitions", "petitions_answered"):
            return
        s, _ = self.sentence(c.tok)
        after = max((x.noun_end for x in self.counts if x.tok < c.tok), default=s)
        phases = [m for m in self.a.matches if m.rule.role == "phase" and
                  max(s, after) <= m.start and m.end <= c.tok and m.start not in self.claimed]
        if not phases:
            return
        self._set_phase(c, phases[-1])

    def _set_phase(self, c: Cand, m: Match) -> None:
        c.qualifiers.setdefault("phase", m.rule.cls)
        for k in range(m.start, m.end):
            num = self.a.numbers[k]
            if num is not None and num.ordinal:
                c.qualifiers.setdefault("session", num.value)

    def claim_phase(self, c: Cand) -> None:
        """Give a count the phase standing right after its noun ("26 kiến nghị trước kỳ họp
        thứ 18"), and keep that phase from the counts after it."""
        m = self.g.starting(c.noun_end, "phase")
        if m is not None and c.indicator in ("voter_petitions", "petitions_answered"):
            self.claimed.add(m.start)
            self._set_phase(c, m)

    def _per(self, c: Cand) -> str | None:
        """Return "unit" for a figure per commune ("02 kỳ họp/xã"), "other" for one per
        anything else ("01 buổi/tháng", "02 buổi/đại biểu"), else None."""
        k = c.noun_end
        if k + 1 < len(self.a) and self.a.words[k] == "/" and self.a.words[k + 1].isalpha():
            return "unit" if self.a.keys[k + 1] in _PER_UNIT else "other"
        return None

    def distributive(self, c: Cand, lo: int, each: bool = False) -> list[Cand] | None:
        """Return one count per commune of a list before the number, else None: the same
        figure for each after "các xã: A, B" or "các xã A, B mỗi xã 01 kỳ họp"; figures in
        turn after "lần lượt" ("các xã A, B, C lần lượt tổ chức 02, 03 và 01 kỳ họp"). A
        list with neither says not whose the figure is: no count here."""
        start = self.clause_start(lo)
        while start > 1 and self.a.words[start - 1] == ")":
            # "các xã A, B (xã nông thôn mới kiểu mẫu) mỗi xã ...": past the aside
            opening = next((k for k in range(start - 2, -1, -1) if self.a.words[k] == "("),
                           None)
            if opening is None:
                break
            start = self.clause_start(opening)
        for lst in self.lists:
            if not (start <= lst.first and lst.last < c.tok):
                continue
            cues = {m.rule.role: m for m in self.a.matches
                    if lst.last < m.start and m.end <= c.tok}
            if "respectively" not in cues and any(lst.last < x.tok < c.tok for x in self.counts):
                continue  # before an earlier count: its list, not this one's
            if each or "each" in cues or "distribute" in cues or (lst.colon and
                                                          "respectively" not in cues):
                return [self._item(c, n, c.value, n.start, lst.first, lo)
                        for n in lst.names]
            if "respectively" in cues:
                figures = self._respective(cues["respectively"].end, c)
                if len(figures) == len(lst.names):
                    out = []
                    for n, (k, num) in zip(lst.names, figures):
                        item = self._item(c, n, num.value, num.bound_start, lst.first, lo)
                        if k != c.tok:  # a figure without its noun, or read by a label
                            item.end = num.end + self.offset
                            if k in self.bare:
                                self.bare.remove(k)
                            self.counts = [x for x in self.counts if x.tok != k]
                        out.append(item)
                    return out
        return None

    def _item(self, c: Cand, n: Named, value: int, start: int, first: int, lo: int) -> Cand:
        item = Cand(c.indicator, value, "commune", self.ctx.canonical(n.name) or n.name,
                    "unit", c.block, start + self.offset if start != n.start else
                    n.start + self.offset, c.end, c.rule, c.tok, c.noun_end,
                    qualifiers=dict(c.qualifiers), explicit=True, item=True)
        item.list_id = f"@{first}"  # a distributive list; named by the caller
        if c.indicator == "supervision_topics":
            item.body = self.genitive(c) or self.actor(lo, first)
        return item

    def _respective(self, lo: int, c: Cand) -> list[tuple[int, Number]]:
        """Return (token, number) of the figures standing one after another before count
        c's number and after token lo ("lần lượt tổ chức 02, 03 và 01 kỳ họp"), c's own
        last; the others are bare numbers (no noun of their own)."""
        out = [(c.tok, self.number(c.tok))]
        k = c.tok - 1
        while k >= lo:
            if self.a.words[k] in (",", ";") or self.a.norms[k] == "va":
                k -= 1
                continue
            num = self.a.numbers[k]
            read = next((x for x in self.counts if x.tok == k and not x.item
                         and x.indicator == c.indicator), None)
            if num is None or num.ordinal or (k not in self.bare and read is None):
                break
            out.insert(0, (k, num))
            k -= 1
        return out

    def run(self, anchor: tuple[str, dict] | None = None) -> list[Cand]:
        """Find the counts of the block; `anchor` is the indicator of a footnote's anchor."""
        a = self.a
        for i in range(len(a)):
            num = self.number(i)
            if num is None or i in self.in_names:
                continue
            lo = self.segment_start(i)
            if i in self.group_at:
                items = self._group_items(i, lo, self.group_at[i], anchor)
                if items:
                    self.counts.extend(items)
                    continue
            reading = read_number(self.g, i, lo, self.section, outer=self.outer_start(i),
                                  actor=Lazy(self.actor, lo, i, False, False)
                                  ) if a.numbers[i] else None
            if reading is not None and self._second_measure(i, reading):
                reading = None
            if reading is not None and self._compared(i, lo):
                continue  # "giảm 08 lượt so với cùng kỳ", "(cùng kỳ năm 2022: 04 chuyên đề)"
            if reading is not None and num.zero_phrase and self._partial_subject(lo, i):
                reading = None  # "Một số xã chưa tổ chức ...": not none of them
            if reading is None:
                if num.ordinal or num.zero_phrase:
                    continue
                item = self._bare_item(i, anchor)
                if item:
                    self.counts.extend(item)
                else:
                    self.bare.append(i)
                continue
            c = self.cand(i, reading.indicator, reading.qualifiers, reading.rule,
                          reading.noun_end)
            c.shape = _shape(reading)
            if num.ordinal:
                c.value = 1  # "tổ chức kỳ họp thứ 13": one session held, implied
            if reading.noun_start < i:  # a label before the number: "Số kỳ họp: 02"
                c.start = a.starts[reading.noun_start] + self.offset
                lo = min(lo, self.segment_start(reading.noun_start))
            self.claim_phase(c)
            per = self._per(c)
            if per == "other":
                continue  # "01 buổi/tháng", "02 buổi/đại biểu": a rate, no count
            dist = self.distributive(c, lo, each=per == "unit")
            if per == "unit" and not dist:
                continue  # "03 cuộc/xã" of communes not named: no sum
            if dist:
                self.counts.extend(dist)
                continue
            placed = self.apply_cues(c, lo)
            if placed is not None:
                self.counts.append(placed)
            else:
                self.bare.append(i)  # maybe one figure of a list read in turn later
        return self.counts

    def implied_events(self) -> None:
        """Add the single sessions a clause says were held with no figure: one named by its
        kind ("HĐND xã tổ chức kỳ họp thường lệ giữa năm 2024", "tổ chức thành công kỳ họp
        chuyên đề": one session, implied), and one for each of N communes ("13 xã, thị trấn
        đã tổ chức kỳ họp thường lệ": N sessions of the communes together, implied)."""
        a = self.a
        held = {c.tok for c in self.counts}
        for m in a.matches:
            if m.rule.role != "head" or m.rule.cls != "session":
                continue
            verb = self._holding(m.start) or self._held_after(m)
            if verb is None:
                continue
            if m.end < len(a) and a.keys[m.end] in _ORDINAL_AFTER \
                    and self._units_before(verb.start, self.sentence(m.start)[0]) is None:
                continue  # named by its ordinal: read as such
            lo = self.clause_start(m.start)
            if any(c.indicator == "sessions" and lo <= c.tok < self.sentence(m.start)[1]
                   and not c.qualifiers.get("implied") for c in self.counts):
                continue  # a figure of sessions is stated: nothing is implied
            units = self._units_before(verb.start, self.sentence(m.start)[0])
            if units is not None and units not in held and self.ctx.kind != "commune_report":
                kind = {k: v for k, v in m.rule.qualifiers.items() if k == "kind"}
                if m.end < len(a) and a.keys[m.end] in _ORDINAL_AFTER:
                    # "HĐND 21 xã tổ chức kỳ họp thứ 12": their sessions, not one
                    self.counts = [c for c in self.counts if not (
                        c.qualifiers.get("implied") and m.end <= c.tok <= m.end + 2)]
                c = self.cand(units, "sessions", {"implied": True, **kind},
                              "sessions.implied.units", units + 1)
                c.level, c.unit, c.scope, c.explicit = \
                    "commune", self.ctx.district or self.ctx.unit or "", "sum", True
                self.counts.append(c)
            elif units is None and m.rule.qualifiers.get("kind") \
                    and not self._plural_subject(lo, verb.start):
                level, unit, scope = default_place(self.ctx)
                c = Cand("sessions", 1, level, unit, scope, self.block.id,
                         a.starts[m.start] + self.offset, a.ends[m.end - 1] + self.offset,
                         "sessions.implied.named", m.start, m.end,
                         qualifiers={"implied": True, **m.rule.qualifiers})
                placed = self.apply_cues(c, lo)
                if placed is not None:
                    self.counts.append(placed)
        self.counts.sort(key=lambda c: c.tok)

    def _compared(self, i: int, lo: int) -> bool:
        """Return True when figure i is a change or another period's figure: a word of
        comparison stands just before it ("tăng 02 đơn", "nhiều hơn năm 2023 là 01 kỳ họp",
        "cùng kỳ năm 2022: 04 chuyên đề"), or it stands in brackets after one ("so với 6
        tháng đầu năm 2023 (03 đơn)")."""
        a = self.a
        outer = self.outer_start(i)

        def compare(m: Match) -> bool:  # not a name's syllable: "xã Ya Tăng"
            return m.rule.role == "compare" and m.start not in self.in_names \
                and not any(n.first <= m.start <= n.last for n in self.named)

        if any(compare(m) and i - m.end <= 3 for m in self.g.within(max(lo, outer, i - 8), i)):
            return True
        return outer < lo and a.words[lo - 1] == "(" and any(
            compare(m) for m in self.g.within(outer, lo))

    def forwarded(self) -> None:
        """Petitions forwarded for someone else to answer are not answered: "chuyển UBND xã
        xem xét giải quyết 07 ý kiến", "08 ý kiến được tổng hợp chuyển các cơ quan ... trả
        lời" are petitions; in a sentence that also gives the petitions answered (a split
        by outcome) they are the ones still pending."""
        moved = []
        for c in self.counts:
            if c.indicator not in ("petitions_answered", "voter_petitions") \
                    or c.qualifiers.get("status") or c.item:
                continue
            if self._forward_before(c) or self._forward_after(c):
                c.indicator = "voter_petitions"
                moved.append(c)
        for c in moved:
            s, e = self.sentence(c.tok)
            if any(x.indicator == "petitions_answered" and s <= x.tok < e
                   for x in self.counts):
                c.qualifiers = {**c.qualifiers, "status": "pending"}

    def _forward_before(self, c: Cand) -> bool:
        """Return True when a verb of forwarding stands in the stretch before count c."""
        return any(m.rule.role == "verb" and m.rule.cls == "forward"
                   for m in self.g.within(self.segment_start(c.tok), c.tok))

    def _forward_after(self, c: Cand) -> bool:
        """Return True when a verb of forwarding follows count c's noun in the same stretch
        ("08 ý kiến được tổng hợp chuyển ...")."""
        k = c.noun_end
        while k < len(self.a) and self.a.words[k] not in _BOUNDARY | {","} \
                and self.a.numbers[k] is None:
            if any(m.rule.role == "verb" and m.rule.cls == "forward"
                   for m in self.g.at.get(k, ())):
                return True
            k += 1
        return False

    def _partial_subject(self, lo: int, hi: int) -> bool:
        """Return True when the clause before token hi speaks of some of the councils ("Một
        số xã", "có xã", "nhiều đơn vị"): a zero said of them is no figure."""
        keys = self.a.keys[self.clause_start(lo):hi]
        return any(k in ("nhiều", "nhieu", "vài", "vai") or k in ("số", "so") and j > 0
                   and keys[j - 1] in ("một", "mot", "#") or k in ("có", "co") and j + 1 <
                   len(keys) and keys[j + 1] in _UNIT_WORDS for j, k in enumerate(keys))

    def _plural_subject(self, lo: int, hi: int) -> bool:
        """Return True when the clause before the verb speaks of several councils ("Một số
        xã", "Các xã", "nhiều đơn vị"): their sessions, not one."""
        return any(k in ("các", "cac", "những", "nhung", "nhiều", "nhieu", "số", "so")
                   for k in self.a.keys[lo:hi])

    def _holding(self, k: int) -> Match | None:
        """Return the verb of holding that governs the session head at token k ("tổ chức
        [thành công] kỳ họp ..."), unless the head is plural, counted, or the holding only
        prepared or to come ("chuẩn bị tổ chức kỳ họp", "để tổ chức kỳ họp")."""
        a = self.a
        if k > 0 and (a.keys[k - 1] in ("các", "cac", "những", "nhung", "mỗi", "moi")
                      or a.numbers[k - 1] is not None):
            return None
        j = k
        if j >= 2 and (a.keys[j - 2], a.keys[j - 1]) == ("thành", "công"):
            j -= 2
        verb = next((m for m in self.g.ending.get(j, ()) if m.rule.role == "verb"
                     and m.rule.cls == "hold"), None)
        if verb is None or (verb.start > 0 and a.keys[verb.start - 1] in _NOT_HELD):
            return None
        return verb

    def _held_after(self, m: Match) -> Match | None:
        """Return the verb of holding after a session named by its kind at the start of its
        clause ("Kỳ họp thường lệ cuối năm của HĐND xã diễn ra trong 01 ngày")."""
        a = self.a
        if not m.rule.qualifiers.get("kind") or m.start != self.clause_start(m.start):
            return None
        k = m.end
        while k < len(a) and a.words[k] not in _BOUNDARY | {","}:
            verb = next((x for x in self.g.at.get(k, ()) if x.rule.role == "verb"), None)
            if verb is not None:
                return verb if verb.rule.cls == "hold" else None
            k += 1
        return None

    def _units_before(self, k: int, lo: int) -> int | None:
        """Return the token of N in "N xã, thị trấn đã" right before token k, else None."""
        a = self.a
        j = k
        while j > lo and a.keys[j - 1] in ("đã", "da", "đều", "deu", "cùng", "đồng", "loạt"):
            j -= 1
        if j > lo and a.words[j - 1] == ")":  # "Các xã (21/21 đơn vị) đã tổ chức"
            j -= 1
        words = []
        while j > lo and (a.keys[j - 1] in _UNIT_WORDS or a.words[j - 1] == ","):
            words.append(a.keys[j - 1])
            j -= 1
        if not words or j <= lo or a.numbers[j - 1] is None or a.numbers[j - 1].ordinal:
            return None
        return j - 1

    def _second_measure(self, i: int, reading) -> bool:
        """Return True when the number at i measures again, in other words, the activity a
        count before it in its clause counted ("12 cuộc tiếp xúc cử tri tại 86 điểm", "tiếp
        công dân 06 buổi, tiếp 21 lượt người"): only the first measure is the figure. The
        same words again are a part ("2 kỳ họp, gồm 1 kỳ họp thường lệ")."""
        start = self.clause_start(i)
        before = [c for c in self.counts if start <= c.tok < i]
        if not before or before[-1].indicator != reading.indicator \
                or before[-1].shape == _shape(reading):
            return False
        k = i
        while k > 0 and self.a.keys[k - 1] in ("các", "cac"):
            k -= 1
        if k > 0 and self.a.keys[k - 1] in ("tại", "tai", "với", "voi"):
            return True
        verb = self.g.ends(k, "verb")  # ", tiếp 21 lượt người": the activity again
        return verb is not None and verb.start > 0 and self.a.words[verb.start - 1] == ","

    def _bare_item(self, i: int, anchor: tuple[str, dict] | None) -> list[Cand] | None:
        """Return a list item "xã Đăk Sao: 6" whose indicator comes from the list or anchor."""
        # "Ngọk Lây (05)", "Tân Lộc (08 lượt)": the clause starts before "("
        bracketed = i in self.figures or (i > 0 and self.a.words[i - 1] == "(" and any(
            self.a.words[k] == ")" for k in range(i + 1, min(i + 5, len(self.a)))))
        lo = self.segment_start(i - 1 if bracketed else i)
        named = [n for n in self.named if lo <= n.first and n.last < i]
        if not named or named[-1].level != "commune":
            return None
        gap = self.a.words[named[-1].last + 1:i]
        if any(g not in (":", "-", "–") for g in gap) and not (bracketed and gap == ["("]):
            return None
        prev = next((c for c in reversed(self.counts) if c.item), None)
        total = None
        if prev is not None:
            indicator, q, rule = prev.indicator, dict(prev.qualifiers), prev.rule
            total = prev.total
        elif anchor is not None:
            indicator, q = anchor
            rule = "list.anchor"
        else:
            led = self._lead(named[-1].first)
            if led is None:
                return None
            indicator, q, rule, total = led
        c = self.cand(i, indicator, {k: v for k, v in q.items() if k != "bound"}, rule, i + 1)
        c = self.apply_cues(c, lo)
        if c is not None and total is not None and total.indicator == c.indicator:
            c.total = total
            total.parts.append(c)
            c.body = c.body or total.body
        return [c] if c else None

    def _group_items(self, i: int, lo: int, group: FigureGroup,
                     anchor: tuple[str, dict] | None) -> list[Cand] | None:
        """Return one count per commune of a list item for figure i (`figure_groups`): the
        figure read with its own noun, or, with none, as the footnote's anchor, the items
        before it or the words leading the list say. A kind the lead names ("kỳ họp chuyên
        đề như: A (04 kỳ họp); B, C (03 kỳ họp)") is each item's."""
        a = self.a
        num = self.number(i)
        reading = read_number(self.g, i, lo, self.section, outer=self.outer_start(i),
                              actor=Lazy(self.actor, lo, i, False, False)
                              ) if a.numbers[i] else None
        if reading is not None and (anchor is None or "head" in reading.frame.needs
                                    or "verb" in reading.frame.needs):
            indicator, q = reading.indicator, dict(reading.qualifiers)
            rule, noun_end = reading.rule, reading.noun_end
        else:
            prev = next((c for c in reversed(self.counts) if c.item), None)
            if anchor is not None:
                (indicator, q), rule = anchor, "list.anchor"
            elif prev is not None:
                indicator, q, rule = prev.indicator, dict(prev.qualifiers), prev.rule
            else:
                led = self._lead(group.names[0].first)
                if led is None:
                    return None
                indicator, q, rule, _ = led
            noun_end = i + 1
            q = dict(q)
        if num.ordinal:
            return None
        c = self.cand(i, indicator, {k: v for k, v in q.items() if k != "bound"}, rule,
                      noun_end)
        if indicator in _KINDED and "kind" not in c.qualifiers:
            s, _ = self.sentence(group.names[0].first)
            end = group.lead if group.lead is not None else group.names[0].first
            kinds = {m.rule.qualifiers["kind"] for m in self.g.within(s, end)
                     if m.rule.role in ("kind", "head") and m.rule.qualifiers.get("kind")}
            if len(kinds) == 1:
                c.qualifiers["kind"] = kinds.pop()
        first = group.names[0].first
        items = [self._item(c, n, c.value, n.start, first, lo) for n in group.names]
        for n, item in zip(group.names, items):  # the figure may stand before the name
            item.start = min(item.start, c.start)
            item.end = max(item.end, a.ends[n.last] + self.offset)
        return items

    def _lead(self, k: int) -> tuple[str, dict, str, Cand | None] | None:
        """Return (indicator, qualifiers, rule, total) of the words leading a list in its
        sentence, before the colon the list follows: a count ("đã giám sát tổng cộng 11
        chuyên đề: Phước Thuận 3, ..." — the items are its parts) or a label ("Nghị quyết do
        HĐND cấp xã ban hành: Ninh Hòa 06; Lộc Ninh 05")."""
        s, _ = self.sentence(k)
        colon = next((j for j in range(k - 1, s - 1, -1) if self.a.words[j] == ":"), None)
        if colon is None:
            return None
        total = next((c for c in reversed(self.counts) if c.noun_end == colon
                      and not c.item), None)
        if total is not None:
            return total.indicator, dict(total.qualifiers), "list.lead", total
        for j in range(s, colon):
            got = read_head(self.g, j, s, colon, self.section)
            if got is not None:
                return got.indicator, dict(got.qualifiers), "list.label", None
        return None

    # ---- totals and their parts ----------------------------------------------------

    def link_parts(self) -> None:
        """Link the parts of "18 Nghị quyết (cấp huyện: 06; cấp xã: 12)" and "... Trong đó,
        sau kỳ họp thứ 6: 10 ý kiến; ..." to their total."""
        a = self.a
        for m in a.matches:
            if m.rule.role != "breakdown":
                continue
            total = next((c for c in reversed(self.counts)
                          if c.noun_end <= m.start and not c.item), None)
            if total is None:
                continue
            opened = m.start > 0 and a.words[m.start - 1] == "("
            self._parts(total, m.end, opened, m.rule.id)
        for c in list(self.counts):
            if not c.item and c.total is None and not c.parts:
                self._field_parts(c)
        for c in list(self.counts):
            if c.item or c.parts:
                continue
            # "94 lượt ý kiến ... thuộc thẩm quyền cấp huyện, xã (Cấp huyện: 26; cấp xã 68)"
            j = c.noun_end
            while j < len(a) and a.words[j] not in _BOUNDARY and a.numbers[j] is None:
                j += 1
            if j < len(a) and a.words[j] == "(" and not self.g.starting(j + 1, "breakdown"):
                self._parts(c, j + 1, True, "breakdown.paren")

    def _field_parts(self, total: Cand) -> None:
        """Link the figures by field listed after a total and a colon: "ban hành 15 nghị
        quyết: lĩnh vực ngân sách 07, đầu tư công 05, các lĩnh vực khác 03", "giám sát 06
        chuyên đề thuộc các lĩnh vực: kinh tế 03, ...". Each is a part with the total's
        indicator and level; two at least, or they are no list."""
        a = self.a
        k = total.noun_end
        while k < len(a) and k - total.noun_end < 8 and a.words[k] != ":" \
                and a.words[k] not in _BOUNDARY and a.numbers[k] is None:
            k += 1
        if k >= len(a) or a.words[k] != ":":
            return
        _, end = self.sentence(k)
        bare = [i for i in self.bare if k < i < end and not any(c.tok == i for c in self.counts)]
        if len(bare) < 2 or any(c.tok > k and c.tok < end and not c.item for c in self.counts):
            return
        for i in bare:
            seg = max(self.segment_start(i), k + 1)
            c = self.cand(i, total.indicator, {q: v for q, v in total.qualifiers.items()
                                               if q != "bound"}, "breakdown.field", i + 1)
            c.start = a.starts[seg] + self.offset
            self._as_part(c, total)
            self.counts.append(c)
        self.counts.sort(key=lambda c: c.tok)

    def _parts(self, total: Cand, lo: int, opened: bool, rule: str) -> None:
        a = self.a
        hi = lo
        while hi < len(a) and not (a.words[hi] == ")" if opened else
                                   a.words[hi] in SENTENCE_END):
            hi += 1
        # figures in brackets right after a part are that part's parts: "Thường trực HĐND
        # 04 cuộc (02 cuộc giám sát, 02 cuộc khảo sát)"
        inner = {c.tok for c in self.counts for p in self.counts
                 if not opened and lo <= p.tok < c.tok < hi and p is not total
                 and a.words[p.noun_end:p.noun_end + 1] == ["("]
                 and p.noun_end < c.tok and ")" not in a.words[p.noun_end:c.tok]}
        for c in self.counts:
            if lo <= c.tok < hi and c is not total and c.total is None and c.tok not in inner:
                if c.indicator == total.indicator or (
                        total.indicator == "sessions" and c.rule.startswith("supervision.")):
                    if c.indicator != total.indicator:  # "12 kỳ họp ..., 2 chuyên đề"
                        c.indicator, c.qualifiers = "sessions", {"kind": "thematic"}
                    if c.indicator == "supervision_topics" and c.body is None:
                        again = self.apply_cues(self.cand(c.tok, c.indicator, c.qualifiers,
                                                          c.rule, c.noun_end),
                                                max(self.segment_start(c.tok), lo), part=True)
                        c.body = again.body if again is not None else None
                    self._as_part(c, total)
        for i in self.bare:
            if not lo <= i < hi or any(c.tok == i for c in self.counts):
                continue
            seg = self.segment_start(i)
            cues = self.cues(max(seg, lo), i)
            kind = self.g.starting(i + 1, "kind")
            if not cues and not kind:
                continue
            q = {k: v for k, v in total.qualifiers.items() if k not in ("bound",)}
            if kind:
                q.update(kind.rule.qualifiers)
            c = self.cand(i, total.indicator, q, rule, kind.end if kind else i + 1)
            c = self.apply_cues(c, max(seg, lo), part=True)
            if c is None:
                continue
            self._as_part(c, total)
            self.counts.append(c)
        self.counts.sort(key=lambda c: c.tok)

    @staticmethod
    def _as_part(c: Cand, total: Cand) -> None:
        c.total = total
        total.parts.append(c)
        if not c.explicit:
            c.level, c.unit, c.scope, c.explicit = total.level, total.unit, total.scope, \
                total.explicit
        if c.body is None:
            c.body = total.body
        if total.indicator == c.indicator == "sessions" and "kind" in total.qualifiers:
            c.qualifiers.setdefault("kind", total.qualifiers["kind"])


def _shape(reading) -> tuple:
    return (frozenset(reading.slots.get("head") or ()), frozenset(reading.slots["measure"]))


def block_counts(doc: Document, block: Block, ctx: Context,
                 anchor: tuple[str, dict] | None = None,
                 section: Section = NO_SECTION, tail: str = "") -> list[BlockCounts]:
    """Return the counts of one non-table block by chunk, parts linked to their totals;
    `section`: the classes of the headings it stands under; `tail`: the start of the next
    paragraph when a hard line break cut a phrase ("không quá 10 cử" / "tri tham dự"): it
    completes the last chunk's phrases, its own numbers are left to its block."""
    out = []
    n = len(block.text)
    for s, e in chunks(block.text):
        text = block.text[s:e]
        if tail and e == n:
            text = f"{text} {tail}"
        bc = BlockCounts(doc, block, ctx, analyse(text), offset=s, section=section)
        bc.run(anchor)
        bc.implied_events()
        bc.forwarded()
        bc.link_parts()
        if len(text) > e - s:  # keep what stands in this block, ending at its end
            bc.counts = [c for c in bc.counts if c.start < n]
            for c in bc.counts:
                c.end = min(c.end, n)
                c.parts = [p for p in c.parts if p.start < n]
                if c.total is not None and c.total.start >= n:
                    c.total = None
        out.append(bc)
    return out


_WRAP_END = re.compile(r"[^\W\d_]$")  # a paragraph ending in a letter, no punctuation
_WRAP_START = re.compile(r"^[^\W\d_A-ZÀ-ỸĐ]")  # one starting with a lower-case letter
_TAIL = re.compile(r"^[^.;:!?()]{1,80}")


def wrapped_tail(block: Block, following: Block | None) -> str:
    """Return the start of `following` when `block` ends mid-phrase and `following` goes
    on with it (a hard line break inside a sentence), else ""."""
    if following is None or following.part != block.part or following.label \
            or block.part not in (Part.body, Part.footnote, Part.endnote) \
            or following.note != block.note:
        return ""
    if not _WRAP_END.search(block.text.rstrip()) or not _WRAP_START.match(following.text):
        return ""
    m = _TAIL.match(following.text)
    return m.group() if m else ""


def sentence_at(doc: Document, block: Block, ctx: Context, offset: int) -> BlockCounts:
    """Return the analysed sentence of `block` holding `offset` (a footnote mark)."""
    for m in SENTENCE.finditer(block.text):
        if m.start() <= offset <= m.end() and m.end() > m.start():
            return BlockCounts(doc, block, ctx, analyse(block.text[m.start():m.end()]),
                               offset=m.start())
    return BlockCounts(doc, block, ctx, analyse(block.text), offset=0)


def is_note(block: Block) -> bool:
    return block.part in (Part.footnote, Part.endnote)

