"""Constructions: what a number counts, from the words built around it.

A count is its number, the noun phrase after it (measure words and a head: "02 cuộc giám
sát", "12 ý kiến, kiến nghị đã được trả lời") or before it ("Số kỳ họp: 02", "kỳ họp thứ
13"), the verbs of its clause ("họp 07 phiên", "tiếp công dân 12 buổi", "trả lời trực tiếp
2 ý kiến"), "tại" before places ("tiếp xúc cử tri tại 04 điểm") and the section it stands
in, and the activities its sentence names elsewhere ("phiên giải trình ... đối với 04 nội
dung": the contents of an explanation). Each piece is a class from the lexicon; the frames (`extractors/rules/frames.jsonl`)
decide from the classes which indicator the number gives, if any. Who acted and at which
level is read later, from the same clause (`extractors/facts/clauses.py`).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.language.lexicon import Entry, Frame, lexicon
from extractors.language.nlp import Analysis, Match

# tokens that end a noun phrase's reach and a clause's
BOUNDARY = frozenset({";", "(", ")", ".", "!", "?", ":"})
_PHRASE_END = BOUNDARY | {","}
# words a measure or head may stand after, between the number and the phrase
_SKIP_AFTER_NUMBER = frozenset({"(", ")"})
# filler between a head and its status: "12 ý kiến thuộc thẩm quyền ... đã được trả lời"
_STATUS_REACH = 8


@dataclass
class Reading:
    """What one number counts: the frame that read it and the pieces it read."""

    frame: Frame
    qualifiers: dict
    noun_start: int  # first token of the phrase read (the number, or a label before it)
    noun_end: int  # token after the phrase
    head: Entry | None = None
    slots: dict = field(default_factory=dict)

    @property
    def indicator(self) -> str | None:
        return self.frame.indicator

    @property
    def rule(self) -> str:
        return self.frame.id


class Section:
    """The headings a block stands under; the classes their words name are read on first
    use (only a number without a head of its own asks)."""

    def __init__(self, headings: tuple[str, ...] = ()):
        self.headings = headings
        self._classes: frozenset[str] | None = None

    @property
    def classes(self) -> frozenset[str]:
        if self._classes is None:
            self._classes = frozenset().union(*(section_classes(h) for h in self.headings))
        return self._classes

    @property
    def body(self) -> str | None:
        """Return the one body the innermost heading naming any names ("b) Đối với Thường
        trực HĐND xã:", "4. Hoạt động của các Tổ đại biểu"), else None."""
        for heading in reversed(self.headings):
            bodies = section_bodies(heading)
            if bodies:
                return next(iter(bodies)) if len(bodies) == 1 else None
        return None


NO_SECTION = Section()


class Groups:
    """The lexicon matches of an analysis by the token they start and end at."""

    def __init__(self, a: Analysis):
        self.a = a
        self.at: dict[int, list[Match]] = {}
        self.ending: dict[int, list[Match]] = {}
        for m in a.matches:
            self.at.setdefault(m.start, []).append(m)
            self.ending.setdefault(m.end, []).append(m)
        self._starts = [m.start for m in a.matches]  # the matches are sorted by start

    def within(self, lo: int, hi: int) -> list[Match]:
        """Return the matches wholly inside tokens lo..hi, in order."""
        matches = self.a.matches
        return [m for m in matches[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]
                if m.end <= hi]

    def starting(self, i: int, role: str) -> Match | None:
        return next((m for m in self.at.get(i, ()) if m.rule.role == role), None)

    def ends(self, i: int, role: str) -> Match | None:
        return next((m for m in self.ending.get(i, ()) if m.rule.role == role), None)

    def classes(self, lo: int, hi: int, role: str) -> set[str]:
        """Return the classes of `role` matched wholly inside tokens lo..hi."""
        return {m.rule.cls for m in self.within(lo, hi) if m.rule.role == role}


def read_number(g: Groups, i: int, lo: int, section: Section = NO_SECTION, *,
                outer: int | None = None, actor: str | None = None) -> Reading | None:
    """Return what the number at token i counts, or None.

    `lo` is where its clause starts (after punctuation or an earlier count: the verbs and
    statuses before the number are read from there); when that stretch names no verb, the
    verbs from `outer` on are the clause's ("họp 06 phiên thường kỳ và 02 phiên đột xuất",
    "Đã trả lời 100% ý kiến (17 ý kiến)"). `actor`: the body that acted in the clause."""
    a = g.a
    num = a.numbers[i]
    if num is None:
        return None
    verbs = g.classes(lo, i, "verb")
    if not verbs and outer is not None and outer < lo:
        verbs = g.classes(outer, lo, "verb")
    statuses = g.classes(lo, i, "status")
    if not statuses and outer is not None and outer < lo and a.words[lo - 1] == "(":
        statuses = g.classes(outer, lo, "status")
    slots: dict = {"verb": verbs, "status": statuses, "section": section,
                   "ordinal": num.ordinal, "at": _at_before(g, i, lo), "actor": actor}
    qualifiers: dict = {}
    if num.ordinal:
        got = _before_ordinal(g, i, lo, slots, qualifiers)
        if got is None:
            return None
        head, measure, start, end = got
    else:
        head, measure, end = _phrase_after(g, i, slots, qualifiers)
        start = i
        if head is None:
            label = _label_before(g, i, lo)
            if label is not None:
                head, start = label, label.start
                qualifiers.update(label.rule.qualifiers)
    if head is not None:
        slots["head"] = {m.rule.cls for m in g.at.get(head.start, ())
                         if m.rule.role == "head" and m.end == head.end}
    slots["measure"] = measure
    slots["context"] = Lazy(_context, g, i, start, end)
    frame = lexicon().choose(slots)
    if frame is None or frame.indicator is None:
        return None
    return Reading(frame, _kept({**qualifiers, **frame.qualifiers}, frame.indicator), start,
                   end, head.rule if head is not None else None, slots)


class Lazy:
    """A slot read on demand: `fn(*args)`, called once, the first time a frame asks."""

    __slots__ = ("fn", "args", "value", "done")

    def __init__(self, fn, *args):
        self.fn, self.args, self.value, self.done = fn, args, None, False

    def __call__(self):
        if not self.done:
            self.value, self.done = self.fn(*self.args), True
        return self.value


def _context(g: Groups, i: int, start: int, end: int) -> set[str]:
    """Return the heads and verbs of the sentence of token i outside start..end."""
    s, e = g.a.sentence(i)
    return g.classes(s, start, "head") | g.classes(s, start, "verb") \
        | g.classes(end, e, "head") | g.classes(end, e, "verb")


_ORDINAL_MARKS = frozenset({"thứ", "thu", "lần", "lan"})
_PLACE_BEFORE = frozenset({"tại", "tai", "ở", "o", "trong", "trước", "truoc", "sau"})


def _before_ordinal(g: Groups, i: int, lo: int, slots: dict, qualifiers: dict
                    ) -> tuple[Match | None, set[str], int, int] | None:
    """Read an event named by its ordinal ("tổ chức kỳ họp thứ 13", "phiên họp thường kỳ lần
    thứ 31", "Kỳ họp thứ 10 ... đã diễn ra"): the head or measure and kinds right before
    "thứ", the verb that governs them (the nearest before; or one after the ordinal in its
    clause when none stands before). Return (head, measures, start, end) or None."""
    a = g.a
    k = i
    while k > lo and a.keys[k - 1] in _ORDINAL_MARKS:
        k -= 1
    if k == i:
        return None
    head, measure, start = None, set(), k
    while start > lo:
        ending = g.ending.get(start, ())
        if any(m.rule.role == "verb" for m in ending):
            break  # the verb governing the event: "họp phiên đột xuất lần thứ 3"
        group = [m for m in ending if m.rule.role in ("head", "measure", "kind")]
        if not group:
            break
        for m in group:
            if m.rule.role == "head" and head is None:
                head = m
                qualifiers.update(m.rule.qualifiers)
            elif m.rule.role == "measure" and head is None:
                measure.add(m.rule.cls)
            elif m.rule.role == "kind":
                qualifiers.update(m.rule.qualifiers)
        start = group[0].start
    if head is None and not measure:
        # "phiên họp thường kỳ lần thứ 35 và lần thứ 36": the second takes the first's head
        prev = _coordinated(a, start)
        if prev is None:
            return None
        q: dict = {}
        got = _before_ordinal(g, prev, 0, slots, q)
        if got is None:
            return None
        qualifiers.update({k: v for k, v in q.items() if k != "kind"})
        head, measure = got[0], got[1]
        if head is not None:
            qualifiers.update(head.rule.qualifiers)
        verb = _verb_back(g, got[2])
        slots["verb"] = {verb.rule.cls} if verb is not None else set()
        return head, measure, start, _apposition(g, i + 1, qualifiers)
    if start > lo and a.keys[start - 1] in _PLACE_BEFORE:
        return None  # "tại kỳ họp thứ 7", "trước kỳ họp thứ 9": no event held here
    before = next((m for j in range(start, lo, -1) for m in g.ending.get(j, ())
                   if m.rule.role == "verb"), None)
    if before is None and (prev := _coordinated(a, start)) is not None:
        # "tổ chức kỳ họp thứ 12 và kỳ họp thứ 13": the verb of the first holds both
        before = _verb_back(g, prev)
    slots["verb"] = {before.rule.cls} if before is not None else set()
    end = _apposition(g, i + 1, qualifiers)
    if before is None:  # "Kỳ họp thứ 10 ... đã diễn ra", "... được tổ chức ngày 15/10"
        k = end
        while k < len(a) and a.words[k] not in (";", "."):
            for m in g.at.get(k, ()):
                if m.rule.role == "verb":
                    slots["verb"].add(m.rule.cls)
            k += 1
    return head, measure, start, end


def _verb_back(g: Groups, k: int) -> Match | None:
    """Return the verb nearest before token k in its clause, not past a figure stated
    before it ("tổ chức 03 kỳ họp: kỳ họp thứ 8, thứ 9": those are the 03, not held
    apart) nor past ":" or the end of a sentence."""
    a = g.a
    for j in range(k, 0, -1):
        verb = next((m for m in g.ending.get(j, ()) if m.rule.role == "verb"), None)
        if verb is not None:
            return verb
        num = a.numbers[j - 1]
        if a.words[j - 1] in (":", ";", ".") or num is not None and not num.ordinal:
            return None
    return None


def _coordinated(a, start: int) -> int | None:
    """Return the token of the ordinal an event named by its ordinal is coordinated with
    ("kỳ họp thứ 12 và kỳ họp thứ 13", "lần thứ 35 và lần thứ 36": the 12, the 35), else
    None. Brackets after the first are passed over ("thứ 13 (chuyên đề) và ...")."""
    k = start - 1
    if k < 1 or not (a.words[k] == "," or a.keys[k] in ("và", "va")):
        return None
    k -= 1
    if a.words[k] == ")":
        while k > 0 and a.words[k] != "(":
            k -= 1
        k -= 1
    num = a.numbers[k] if k >= 0 else None
    return k if num is not None and num.ordinal else None


def _apposition(g: Groups, end: int, qualifiers: dict) -> int:
    """Take the kind named beside an event named by its ordinal, in brackets or in
    apposition ("kỳ họp thứ mười sáu (kỳ họp chuyên đề)", "kỳ họp thứ 13 (chuyên đề)",
    "kỳ họp thứ 14, kỳ họp thường lệ giữa năm 2024", "kỳ họp thứ 14 – kỳ họp bất thường");
    return where the event's words end."""
    a = g.a
    if end + 1 < len(a) and a.words[end] in ("(", ",", "–", "-", ":"):
        roles = ("head", "kind") if a.words[end] == "(" else ("head",)
        inner = next((m for m in g.at.get(end + 1, ()) if m.rule.role in roles
                      and m.rule.qualifiers.get("kind")), None)
        if inner is not None and not (inner.end < len(a)
                                      and a.keys[inner.end] in _ORDINAL_MARKS):
            qualifiers.setdefault("kind", inner.rule.qualifiers["kind"])
    return end


# only sessions and standing meetings have kinds ("buổi tiếp xúc cử tri định kỳ" has none)
_KINDED = frozenset({"sessions", "standing_meetings"})


def _kept(qualifiers: dict, indicator: str) -> dict:
    """Return the qualifiers an indicator takes: a kind only for sessions and standing
    meetings, none left unset (two kinds named together give none)."""
    return {k: v for k, v in qualifiers.items()
            if v is not None and (k != "kind" or indicator in _KINDED)}


def _phrase_after(g: Groups, i: int, slots: dict, qualifiers: dict
                  ) -> tuple[Match | None, set[str], int]:
    """Read the noun phrase after the number at i: measures, a head, kinds and statuses;
    add its verbs (complements) and statuses to `slots`. Return (head, measures, end)."""
    a = g.a
    j = i + 1
    head: Match | None = None
    measure: set[str] = set()
    end = i + 1
    while j < len(a):
        group = g.at.get(j)
        if not group:
            break
        roles = {m.rule.role: m for m in group}
        m = next(iter(group))
        if head is None and "head" in roles:
            head = roles["head"]
            qualifiers.update(head.rule.qualifiers)
            if "measure" in roles and not measure:
                # "cuộc họp" is a measure and a head: as a head it needs no other measure
                pass
        elif head is None and "measure" in roles:
            measure.update(x.rule.cls for x in group if x.rule.role == "measure")
        elif "kind" in roles:
            kind = roles["kind"].rule.qualifiers.get("kind")
            if "kind" in qualifiers and qualifiers["kind"] != kind:
                qualifiers["kind"] = None  # "phiên họp thường kỳ và đột xuất": both, no kind
            else:
                qualifiers["kind"] = kind
        elif "status" in roles:
            slots["status"].add(roles["status"].rule.cls)
        elif head is not None and "verb" in roles:
            slots["verb"].add(roles["verb"].rule.cls)
            slots.setdefault("complement", set()).add(roles["verb"].rule.cls)
        else:
            break
        j = m.end
        end = j
    if "kind" in qualifiers and end + 1 < len(a) and a.keys[end] in (",", "và", "va"):
        other = g.starting(end + 1, "kind")  # "phiên họp thường kỳ và đột xuất": both kinds
        if other is not None and other.rule.qualifiers.get("kind") != qualifiers["kind"]:
            qualifiers["kind"] = None
    # a status further on in the clause: "12 ý kiến thuộc thẩm quyền ... đã được trả lời"
    # (a bare verb there is no status: "thuộc thẩm quyền giải quyết của xã")
    k = end
    passive = False  # "được UBND xã trả lời": an answer by an agent named in between
    while k < len(a) and k - end < _STATUS_REACH and a.words[k] not in _PHRASE_END \
            and (a.numbers[k] is None or a.numbers[k].ordinal):
        passive = passive or a.keys[k] in ("được", "duoc")
        for m in g.at.get(k, ()):
            if m.rule.role == "status":
                slots["status"].add(m.rule.cls)
            elif passive and m.rule.role == "verb" and m.rule.cls == "answer":
                slots["status"].add("answered")
        k += 1
    return head, measure, end


def _at_before(g: Groups, i: int, lo: int) -> bool:
    """Return True when "tại"/"ở" stands right before the number (maybe with "các")."""
    j = i
    while j > lo and g.a.keys[j - 1] in ("các", "cac", "những", "nhung"):
        j -= 1
    return g.ends(j, "at") is not None


_LABEL_GLUE = frozenset({":", "là", "la"})
_LABEL_REACH = 10
_LABEL_REACH_RESPECTIVE = 24  # "Số kỳ họp của các xã A, B, C lần lượt là 2, 1 và 3"


def _label_before(g: Groups, i: int, lo: int) -> Match | None:
    """Return the head naming a number written after it: "Số kỳ họp: 02", "Tổng số ý kiến
    của cử tri là 45", "Phiên họp Thường trực HĐND xã: 06 phiên"."""
    a = g.a
    k = i
    respective = next((m for m in g.a.matches if m.rule.role == "respectively"
                       and lo <= m.start and m.end <= k), None)
    if k <= lo or not (a.keys[k - 1] in _LABEL_GLUE or respective is not None
                       and a.keys[k - 1] in (",", "và", "va")):
        return None
    k -= 1
    reach = _LABEL_REACH if respective is None else _LABEL_REACH_RESPECTIVE
    for j in range(k, max(lo, k - reach) - 1, -1):
        m = g.ends(j, "head")
        if m is not None and m.start >= lo:
            return m
    return None


def read_head(g: Groups, k: int, lo: int, hi: int, section: Section = NO_SECTION
              ) -> Reading | None:
    """Return what a head at token k counts with no number (a footnote's anchor: "các kỳ
    họp chuyên đề[^1]"), reading the verbs and statuses of tokens lo..hi."""
    head = g.starting(k, "head")
    if head is None:
        return None
    slots = {"head": {m.rule.cls for m in g.at.get(k, ()) if m.rule.role == "head"},
             "verb": g.classes(lo, hi, "verb"), "status": g.classes(lo, hi, "status"),
             "section": section, "ordinal": False, "at": False, "measure": set()}
    frame = lexicon().choose(slots)
    if frame is None or frame.indicator is None:
        return None
    return Reading(frame, _kept({**head.rule.qualifiers, **frame.qualifiers}, frame.indicator),
                   k, head.end, head.rule, slots)


@dataclass(frozen=True)
class LabelReading:
    """What a table label names: an indicator (or None), the qualifiers and body its words
    give ("- Kỳ họp chuyên đề", "Giám sát của Thường trực HĐND", "+ Sau kỳ họp thứ 6") and
    the level of the councils it names ("HĐND các xã", "Cấp huyện", "Toàn huyện")."""

    indicator: str | None
    qualifiers: dict
    body: str | None
    rule: str | None
    level: str | None = None


def read_labels(texts: list[str], section: Section = NO_SECTION, fallback: str = ""
                ) -> LabelReading:
    """Return what table labels say together, nearest first: a cell's own words ("02
    cuộc"), a "Số ..." column header, the row label, the labels of the rows a sub-row
    breaks down ("- Chuyên đề", "Trong đó: đã giải quyết"), the column header and the
    header of the label column. The first text naming a head gives it; every text adds
    its measures, verbs and statuses; kinds (two different ones give none), phases, one
    body and the first level come from the labels too. `fallback` (the row before) gives
    only a head, tried when no head of the texts counts anything."""
    heads: list[tuple[set[str], dict]] = []  # each text's first head, nearest first
    slots: dict = {"measure": set(), "verb": set(), "status": set(), "section": section,
                   "context": set(), "ordinal": False, "at": False}
    qualifiers: dict = {}
    kinds: set[str] = set()
    bodies: set[str] = set()
    level = None
    for text in texts:  # nearest first
        if not text:
            continue
        a = _analysed(text)
        g = Groups(a)
        kind_spans = {(m.start, m.end) for m in a.matches if m.rule.role == "kind"}
        # a kind word alone ("- Chuyên đề" under "Số kỳ họp") qualifies the head above it
        first = next((m for m in a.matches if m.rule.role == "head"
                      and (m.start, m.end) not in kind_spans), None)
        if first is not None:
            heads.append(({m.rule.cls for m in g.at.get(first.start, ())
                           if m.rule.role == "head" and m.end == first.end},
                          first.rule.qualifiers))
        for m in a.matches:
            role = m.rule.role
            if role in ("measure", "verb", "status") and (first is None or role != "measure"
                                                          or m.end <= first.start):
                slots[role].add(m.rule.cls)
            elif role == "kind" and not (first is not None and first.start <= m.start
                                         and m.end <= first.end):
                kinds.add(m.rule.qualifiers.get("kind"))
            elif role == "phase":
                qualifiers.setdefault("phase", m.rule.cls)
                for k in range(m.start, m.end):
                    num = a.numbers[k]
                    if num is not None and num.ordinal:
                        qualifiers.setdefault("session", num.value)
            elif role == "body" and m.rule.cls not in ("none", "national"):
                bodies.add(m.rule.cls)
            elif role == "level" and level is None:
                level = m.rule.cls
    if fallback:  # tried last, when no head of the texts counts anything
        a = _analysed(fallback)
        first = next((m for m in a.matches if m.rule.role == "head"), None)
        if first is not None:
            heads.append(({m.rule.cls for m in a.matches if m.rule.role == "head"
                           and (m.start, m.end) == (first.start, first.end)}, {}))
    # the nearest head that counts something with the rest ("Đại biểu HĐND huyện" under
    # "Tiếp xúc cử tri (buổi)": delegates count nothing here, the meetings do)
    frame = None
    for head, head_q in heads or [(set(), {})]:
        slots["head"] = head
        frame = lexicon().choose(slots)
        if frame is not None and frame.indicator is not None:
            if head_q.get("kind"):
                kinds.add(head_q["kind"])
            break
    if frame is None or frame.indicator is None:
        return LabelReading(None, {}, None, None, level)
    if len(kinds) == 1:
        qualifiers["kind"] = kinds.pop()
    q = _kept({**qualifiers, **frame.qualifiers}, frame.indicator)
    if frame.indicator not in ("voter_petitions", "petitions_answered"):
        q = {k: v for k, v in q.items() if k not in ("phase", "session")}
    body = bodies.pop() if len(bodies) == 1 and frame.indicator == "supervision_topics" \
        else None
    return LabelReading(frame.indicator, q, body, frame.id, level)


@lru_cache(maxsize=4096)  # a table repeats its headers and labels cell after cell
def _analysed(text: str):
    from extractors.language.nlp import analyse

    return analyse(text)


@lru_cache(maxsize=4096)
def section_bodies(text: str) -> frozenset[str]:
    """Return the bodies a heading names (the administration's aside)."""
    from extractors.language.nlp import analyse

    a = analyse(text)
    levels = {m.start: m.rule.cls for m in a.matches if m.rule.role == "level"}
    return frozenset(m.rule.cls for m in a.matches if m.rule.role == "body"
                     and m.rule.cls not in ("none", "national") and levels.get(m.end) != "all")


@lru_cache(maxsize=4096)  # headings repeat across a district's reports
def section_classes(text: str) -> frozenset[str]:
    """Return the classes a heading's words name ("2. Hoạt động giám sát" → supervise),
    which frames may use for a bare measure under it ("16 cuộc")."""
    from extractors.language.nlp import analyse

    a = analyse(text)
    return frozenset(m.rule.cls for m in a.matches if m.rule.role in ("verb", "head", "body")
                     and m.rule.cls not in ("none", "national"))
