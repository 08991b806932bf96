"""Compose one report from phrasing templates: the document's paragraphs and, beside them,
the counts its text states (the ground truth), each with the exact phrase it came from.

Used by `pipeline.corpus.generate` (corpora) and `samples/build_samples.py` (the sample reports).
"""
from __future__ import annotations

import dataclasses
import functools
import random
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.corpus.docxwriter import (
    DocxWriter,
    Note,
    Para,
    Run,
    Segment,
    Table,
    cells,
)
from pipeline.corpus.lines import no_marks, paragraphs, wrap
from pipeline.corpus.phrases import SLOTS
from schemas.errors import InternalError

_MARK = re.compile(r"«([^»]*)»")
_HEADING = re.compile(r"^([IVX]+|\d+)\. (.+)$")
# a field: {name}, {slot=0} (a zero stated in words), {slot@body} (a figure whose clause
# names who acted: its truth has that body), {slot@kind} (a figure whose words give its
# kind: "«{standing_meetings@regular} phiên họp thường kỳ»"), {context@indicator} (an
# ordinal implying one event of the indicator held: "«tổ chức kỳ họp thứ
# {session_first@sessions}»"), {slot@implied} (no figure written: the phrase names one
# event held, "«tổ chức kỳ họp chuyên đề{sessions.thematic@implied}»", value 1, implied),
# {slot@done} (done of planned, "«đạt {supervision@done} cuộc»" → "đạt 06/06 cuộc")
_FIELD = re.compile(r"\{([A-Za-z_.]+)(?:@([a-z_]+))?(=0)?\}")
_FORMS = ("implied", "done")  # {slot@form}: how the figure is written, not who acted
_PREFIX = {"d": ("district", "unit"), "c": ("commune", "sum"), "all": ("all", "sum")}
_KINDS = ("regular", "thematic", "extraordinary")
_REFERENCE = re.compile(
    r"(?:Kế hoạch|Báo cáo|Thông báo|Nghị quyết|Quyết định)(?: số)? (\d+)/(KH|BC|TB|NQ|QĐ)-"
    r"([A-ZĐ0-9]+)(?:,? ngày (\d{1,2})/(\d{1,2})/(\d{4}))?")

_ONES = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def number_words(n: int) -> str:
    """Return `n` (0-999) in Vietnamese words: 21 → "hai mươi mốt", 105 → "một trăm linh năm"."""
    if n < 10:
        return _ONES[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{_ONES[tens]} mươi"
        if unit == 0:
            return head
        tail = {1: "mốt" if tens > 1 else "một", 5: "lăm"}.get(unit, _ONES[unit])
        return f"{head} {tail}"
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} trăm"
    if rest == 0:
        return head
    return f"{head} linh {_ONES[rest]}" if rest < 10 else f"{head} {number_words(rest)}"


def digits(n: int, pad: bool = False) -> str:
    """Return `n` as a clerk types it: a dot between thousands, "06" when `pad`."""
    if n >= 1000:
        return f"{n:,}".replace(",", ".")
    return f"{n:02d}" if pad and n < 10 else str(n)


@dataclass
class Style:
    """How one clerk writes: number style odds and spelling habits, fixed per document."""

    pad: float = 0.6  # share of small figures written with a leading zero
    paren: float = 0.08  # "02 (hai)"
    words: float = 0.06  # "hai"
    old_tones: bool = False  # "khoá", "hoà": the tone on the second vowel of a final oa/oe/uy
    dak: str = "Đăk"  # how "Đăk" is spelled (Đăk / Đắk)
    ngok: str = "Ngọk"  # how "Ngọk" is spelled (Ngọk / Ngọc)
    decomposed: bool = False  # the file's text in Unicode NFD, as some Mac and web tools save
    # share of per-commune lists written with the kind word before the first name only
    # ("Xã Đăk Sao 6 ý kiến; Ngọk Yêu 4 ý kiến; ...")
    bare: float = 0.0
    # share of reports whose plans section states one or two targets as figures ("- Tổ
    # chức 01 kỳ họp thường lệ"); 0 draws nothing, so the samples stay as built
    plans: float = 0.0
    # Newer habits, each the share of its chances a clerk takes (0: never, as the samples'
    # clerk): whose supervision it was said by its actor, a list item's head or "của ..."
    # after the figure; a summary's per-commune lists in groups ("các xã A, B mỗi xã 01 kỳ
    # họp", "đều", "lần lượt là"); figures in tables with sub-rows, serials and level
    # columns; the verb or the place carrying the indicator ("họp 06 phiên", "tiếp xúc cử
    # tri tại 08 điểm"); outcomes ("đã giải quyết xong", "còn 4 ý kiến đang giải quyết",
    # "phát vấn", "đạt 6/6 cuộc"); single events named, not counted ("tổ chức kỳ họp
    # chuyên đề"); a counted phrase hard-wrapped over two paragraphs; sentences typed
    # without diacritics.
    actors: float = 0.0
    distributive: float = 0.0
    tables: float = 0.0
    verbs: float = 0.0
    status: float = 0.0
    implied: float = 0.0
    wrapped: float = 0.0
    plain: float = 0.0

    def number(self, n: int, rng: random.Random) -> str:
        r = rng.random()
        if 0 < n < 100 and r < self.paren:
            return f"{digits(n, True)} ({number_words(n)})"
        if 0 < n <= 20 and r < self.paren + self.words:
            return number_words(n)
        return digits(n, rng.random() < self.pad)

    def name(self, name: str) -> str:
        """Return a unit name as this clerk spells it."""
        return name.replace("Đăk", self.dak).replace("Đắk", self.dak).replace(
            "Đak", self.dak).replace("Ngọk", self.ngok).replace("Ngọc", self.ngok)

    def text(self, text: str) -> str:
        return old_tone_marks(text) if self.old_tones else text


# Newer habits: (the share of clerks who have it, the shares of its chances they take).
HABITS: dict[str, tuple[float, tuple[float, ...]]] = {
    "actors": (0.5, (0.5, 0.8)), "distributive": (0.5, (0.6, 1.0)),
    "tables": (0.35, (0.4, 0.7)), "verbs": (0.5, (0.4, 0.7)), "status": (0.5, (0.5, 0.8)),
    "implied": (0.4, (0.5, 0.8)), "wrapped": (0.25, (0.1, 0.2)), "plain": (0.15, (0.15, 0.3)),
}


def random_style(rng: random.Random, habits: random.Random | None = None) -> Style:
    """Return a clerk's habits drawn from `rng`, the newer ones (`HABITS`) from `habits`.

    Their own stream keeps a clerk who draws none of them writing as before; without it
    the clerk has none."""
    style = Style(pad=rng.choice([0.1, 0.7, 0.95]), paren=rng.choice([0.0, 0.08, 0.15]),
                  words=rng.choice([0.0, 0.06]), old_tones=rng.random() < 0.25,
                  dak=rng.choice(["Đăk", "Đăk", "Đắk", "Đak"]),
                  ngok=rng.choice(["Ngọk", "Ngọc"]), decomposed=rng.random() < 0.05, bare=0.3,
                  plans=0.5)
    if habits is not None:
        for name, (share, odds) in HABITS.items():
            setattr(style, name, habits.choice(odds) if habits.random() < share else 0.0)
    return style


_TONES = "\u0300\u0301\u0309\u0303\u0323"
# In NFD a tone mark follows its vowel; the new style puts it on the first vowel of a final
# "oa", "oe", "uy" (khóa, hòe, thủy), the old style on the second (khoá, hoè, thuỷ).
_NEW_TONE = re.compile(rf"(?<![qQ])(o([{_TONES}])([ae])|u([{_TONES}])(y))(?![\w\u0300-\u036f])",
                       re.IGNORECASE)


def old_tone_marks(text: str) -> str:
    """Return `text` with the old tone placement: "khóa" → "khoá", "thủy" → "thuỷ"."""
    def move(m: re.Match) -> str:
        whole = m.group(1)
        return whole[0] + whole[2] + whole[1]

    return unicodedata.normalize("NFC", _NEW_TONE.sub(move, unicodedata.normalize("NFD", text)))


def template_slots(template: str) -> dict[str, str | None]:
    """Return the slots a template states: slot name -> how, when not as a plain figure:
    "zero" (a zero in words), "implied" (one event named, no figure), "done" ("06/06")."""
    return dict(_template_slots(template))


@functools.lru_cache(maxsize=None)
def _template_slots(template: str) -> tuple[tuple[str, str | None], ...]:
    out = {}
    for m in _MARK.finditer(template):
        for f in _FIELD.finditer(m.group(1)):
            if _split(f.group(1))[1] in SLOTS:
                out[f.group(1)] = "zero" if f.group(3) else (
                    f.group(2) if f.group(2) in _FORMS else None)
    return tuple(out.items())


def _split(slot: str) -> tuple[str | None, str]:
    head, _, rest = slot.partition(".")
    return (head, rest) if head in _PREFIX else (None, slot)


def fits(template: str, values: dict[str, int]) -> bool:
    """True when `template` states exactly the slots of `values`, zero ones in words and
    only ones as an event named (implied)."""
    slots = template_slots(template)
    return set(slots) == set(values) and all(
        (values[s] == 0) == (how == "zero") and (how != "implied" or values[s] == 1)
        for s, how in slots.items())


def choose(templates, values: dict[str, int], rng: random.Random) -> str:
    """Return one template that fits `values` (see `fits`)."""
    found = [t for t in templates if fits(t, values)]
    if not found:
        raise InternalError(f"no phrasing for {sorted(values.items())}")
    return rng.choice(found)


@dataclass
class Report:
    """A report being composed: its blocks, the counts its text states, its references."""

    level: str  # "commune", "district" or "province" (from July 2025): the reporting council
    unit: str  # canonical name of the reporting unit
    district: str  # the district (from July 2025: the province) whose communes report
    style: Style
    rng: random.Random
    sessions: dict[str, int] = field(default_factory=dict)  # "after"/"before" -> number
    d_sessions: dict[str, int] = field(default_factory=dict)  # the same for "d." slots
    auto_numbers: bool = False  # headings numbered by Word, not typed
    items: list[Para | Table] = field(default_factory=list)
    counts: list[dict] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # the newer habits (Style) it shows
    # the sentence being rendered is typed without diacritics
    _plain: bool = field(default=False, init=False, repr=False)

    # -- counts ---------------------------------------------------------------------
    def count(self, slot: str, value: int, text: str, part: str, unit: str | None = None,
              scope: str | None = None, level: str | None = None, planned: bool = False,
              actor: str | None = None, implied: bool = False, **extra) -> None:
        prefix, base = _split(slot)
        indicator, body, qualifiers = SLOTS[base]
        qualifiers = dict(qualifiers)
        if actor in _KINDS:  # "«{standing_meetings@regular} phiên họp thường kỳ»"
            qualifiers["kind"] = actor
        elif actor == "implied":  # "«tổ chức kỳ họp chuyên đề{sessions.thematic@implied}»"
            implied = True
        elif actor is not None and actor not in _FORMS:
            body = actor  # "Thường trực HĐND đã tổ chức «{supervision@standing} ...»"
        if planned:  # a target for the next period, not a figure of this one
            qualifiers["planned"] = True
        if implied:
            qualifiers["implied"] = True
        if "phase" in qualifiers:
            numbers = self.d_sessions if prefix == "d" else self.sessions
            qualifiers["session"] = numbers["after" if "after" in base else "before"]
        if prefix:
            level, scope = _PREFIX[prefix]
            if prefix == "d" and self.level == "province":
                level = "province"  # a province's summary: "d." is its own council
            unit = self.district if prefix != "d" or self.level in ("district", "province") \
                else self.unit
        self.counts.append({
            "indicator": indicator, "value": value, "level": level or self.level,
            "unit": unit or self.unit, "scope": scope or "unit", "body": body,
            "qualifiers": qualifiers, "text": text, "part": part, "slot": slot, **extra})

    # -- rendering ------------------------------------------------------------------
    def render(self, template: str, values: dict[str, int], ctx: dict, part: str = "body",
               unit: str | None = None, planned: bool = False) -> list[Segment]:
        """Return the segments of one sentence and record the counts it states (as targets
        of the next period when `planned`).

        A ctx value that is a Note becomes a footnote at its place.
        """
        segs: list[Segment] = []
        buf: list[str] = []
        pos = 0
        for m in _MARK.finditer(template):
            self._fill(template[pos:m.start()], ctx, buf, segs)
            phrase = _FIELD.sub(lambda f: self._field(f, values, ctx), m.group(1))
            phrase = self._spell(phrase)
            for f in _FIELD.finditer(m.group(1)):
                if _split(f.group(1))[1] in SLOTS:
                    self.count(f.group(1), values[f.group(1)], phrase, part, unit=unit,
                               planned=planned, actor=f.group(2))
                elif f.group(2):  # an ordinal: one event held, implied
                    self.count(f.group(2), 1, phrase, part, unit=unit, planned=planned,
                               implied=True)
            buf.append(phrase)
            pos = m.end()
        self._fill(template[pos:], ctx, buf, segs)
        if buf:
            segs.append("".join(buf))
        return segs

    def _field(self, f: re.Match, values: dict[str, int], ctx: dict) -> str:
        name = f.group(1)
        if _split(name)[1] in SLOTS:
            if f.group(3) or f.group(2) == "implied":
                return ""
            if f.group(2) == "done":  # "06/06": done of planned, typed alike
                n = digits(values[name], self.rng.random() < self.style.pad)
                return f"{n}/{n}"
            if self._plain:  # a number word without its accents is another word: "sau"
                return digits(values[name], self.rng.random() < self.style.pad)
            return self.style.number(values[name], self.rng)
        return str(ctx[name])

    def _spell(self, text: str) -> str:
        return no_marks(text) if self._plain else self.style.text(text)

    def _fill(self, text: str, ctx: dict, buf: list[str], segs: list[Segment]) -> None:
        pos = 0
        for f in _FIELD.finditer(text):
            buf.append(self._spell(text[pos:f.start()]))
            value = ctx[f.group(1)]
            if isinstance(value, Note):
                segs.append("".join(buf))
                buf.clear()
                segs.append(value)
            else:
                buf.append(self._spell(str(value)))
            pos = f.end()
        buf.append(self._spell(text[pos:]))

    # -- blocks ---------------------------------------------------------------------
    def para(self, *content: Segment | str, **fmt) -> None:
        """Append a paragraph; plain strings get this clerk's spelling."""
        content = tuple(self.style.text(c) if isinstance(c, str) else c for c in content)
        self.items.append(Para(content, **fmt))

    def sentence(self, template: str, values: dict[str, int], ctx: dict,
                 planned: bool = False, **fmt) -> None:
        """Append the paragraphs rendered from `template` ("\n" in it starts another), its
        counts planned when `planned`. A clerk's habits may type it without diacritics or
        hard-wrap one of its counted phrases over two paragraphs (never a target's)."""
        style, rng = self.style, self.rng
        before = len(self.counts)
        self._plain = not planned and style.plain > 0 and rng.random() < style.plain
        try:
            segs = self.render(template, values, ctx, planned=planned)
        finally:
            if self._plain:
                self.used.add("plain")
            self._plain = False
        paras = paragraphs(segs)
        if not planned and style.wrapped > 0 and len(paras) == 1 \
                and rng.random() < style.wrapped:
            paras = wrap(paras[0], self.counts[before:], rng) or paras
            if len(paras) == 2:
                self.used.add("wrapped")
                self.items.append(Para(tuple(paras[0]), **fmt))
                self.items.append(Para(tuple(paras[1]), **{**fmt, "indent": None}))
                return
        for content in paras:
            self.items.append(Para(tuple(content), **fmt))

    def heading(self, text: str, **fmt) -> None:
        """Append a bold heading; with `auto_numbers`, "I. X" and "1. X" become X numbered
        by Word (the label is then in numbering.xml, not in the text)."""
        m = _HEADING.match(text) if self.auto_numbers else None
        if m:
            self.para(m.group(2), bold=True, align="both", level=0 if m.group(1)[0] in "IVX"
                      else 1, **fmt)
        else:
            self.para(text, bold=True, align="both", indent=1.0, **fmt)

    def table(self, rows, widths, borders=True) -> None:
        self.items.append(Table(cells(rows), tuple(widths), borders))

    def write(self, title: str, date_iso: str, author: str) -> bytes:
        """Return the DOCX bytes of the report."""
        w = DocxWriter(title=title, author=author, date=f"{date_iso}T08:00:00Z")
        items = self.items
        if self.style.decomposed:
            items = map_text(items, lambda t: unicodedata.normalize("NFD", t))
        for item in items:
            w.add(item)
        return w.to_bytes()

    def all_text(self) -> str:
        """Return every string of the report (body, cells, notes) joined by newlines."""
        out = []
        for item in self.items:
            paras = [p for row in item.rows for cell in row for p in cell] \
                if isinstance(item, Table) else [item]
            for p in paras:
                line = []
                for seg in p.content:
                    if isinstance(seg, Note):
                        out.append(seg.text if isinstance(seg.text, str)
                                   else "".join(r.text for r in seg.text))
                    else:
                        line.append(seg if isinstance(seg, str) else
                                    ("" if seg.change == "del" else seg.text))
                out.append("".join(line))
        return "\n".join(out)

    def references(self) -> list[dict]:
        """Return the documents cited in the text, one per place, in order."""
        refs = []
        for m in _REFERENCE.finditer(self.all_text()):
            number, type_, issuer, d, mo, y = m.groups()
            refs.append({"type": type_, "number": int(number), "issuer": issuer,
                         "date": f"{y}-{int(mo):02d}-{int(d):02d}" if y else None})
        return refs


def map_text(items: list[Para | Table], fn) -> list[Para | Table]:
    """Return `items` with `fn` applied to every text: runs, footnotes, table cells."""
    def seg(x):
        if isinstance(x, str):
            return fn(x)
        if isinstance(x, Note):
            return Note(fn(x.text) if isinstance(x.text, str) else tuple(seg(r) for r in x.text))
        return dataclasses.replace(x, text=fn(x.text))

    def para(p: Para) -> Para:
        return dataclasses.replace(p, content=tuple(seg(x) for x in p.content))

    return [dataclasses.replace(i, rows=tuple(tuple(tuple(para(p) for p in cell) for cell in row)
                                              for row in i.rows))
            if isinstance(i, Table) else para(i) for i in items]


def header_block(report: Report, *, left: list[str], number: str, place_date: str) -> None:
    """Append the two-column letterhead: issuer and number left, motto and date right."""
    t = report.style.text
    left_paras = [Para((t(line),), align="center", bold=i > 0, size=13, space_after=0)
                  for i, line in enumerate(left)]
    right = [Para((t("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),), align="center", bold=True,
                  size=12, space_after=0),
             Para((Run(t("Độc lập - Tự do - Hạnh phúc"), bold=True, underline=True),),
                  align="center", space_after=0)]
    report.table([[left_paras, right],
                  [Para((t(number),), align="center", size=13),
                   Para((Run(t(place_date), italic=True),), align="center")]],
                 (7.2, 9.6), borders=False)


def signature_block(report: Report, recipients: list[str], sign: list[str]) -> None:
    """Append "Nơi nhận" (left) and the signature (right) as a borderless table."""
    t = report.style.text
    left = [Para((Run(t("Nơi nhận:"), bold=True, italic=True, size=12),), space_after=0)]
    left += [Para((Run(t(r), size=11),), space_after=0) for r in recipients]
    right = [Para((t(s),), align="center", bold=i < 2, space_after=0)
             for i, s in enumerate(sign[:-1])]
    right += [Para(("",), space_after=0)] * 3
    right.append(Para((t(sign[-1]),), align="center", bold=True))
    report.table([[left, right]], (7.5, 9.0), borders=False)
