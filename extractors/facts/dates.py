"""Dates a report states (not the dates of the documents it cites), each with whether its
sentence places it inside the reporting period: what the date_out_of_period rule checks.
"""
from __future__ import annotations

import datetime as dt
import re

from extractors.facts.evidence import make_evidence
from extractors.facts.references import find_citations
from schemas.record import DateMention, Period
from schemas.source import Document, Part

_DATE = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])"
    r"|(?i:ngày)\s+(?P<d2>\d{1,2})\s+(?i:tháng)\s+(?P<m2>\d{1,2})\s*,?\s+(?i:năm)\s+"
    r"(?P<y2>(?:19|20)\d{2})(?!\d)")
# "Đăk Sao, ngày 15 tháng 6 năm 2024": the document's own date, not an event's
_PLACE_LINE = re.compile(r"^[^\d,.;:]{2,60},\s*(?i:ngày)\b")
# plans and announcements: their dates are not claimed to have happened in the period
_NOT_DONE = re.compile(r"(?i:dự kiến|\bsẽ\b|kế hoạch|phương hướng|nhiệm vụ)")
# a document named without its number ("Nghị quyết ngày 12/12/2023"): its date, not an event's
_DOCUMENT_BEFORE = re.compile(
    r"(?i:nghị quyết|kế hoạch|thông báo|báo cáo|quyết định|công văn|chỉ thị|tờ trình|kết luận"
    r"|hướng dẫn|văn bản)[^.;]{0,25}$")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_PARTS = {Part.body, Part.table, Part.footnote, Part.endnote, Part.textbox}


def extract_dates(doc: Document, period: Period) -> list[DateMention]:
    """Return every calendar date stated in the text, in document order, except the dates of
    cited documents and the place-and-date line. `claimed_in_period` is True when the
    sentence names the reporting period ("trong 6 tháng đầu năm", "trong kỳ") and is no
    plan ("dự kiến", "sẽ")."""
    names_period = _period_words(period)
    out: list[DateMention] = []
    for block in doc.blocks:
        if block.part not in _PARTS or _PLACE_LINE.match(block.text):
            continue
        text = block.text
        if "/" not in text and "ngày" not in text.lower():
            continue  # no date can be written without either (the expression is slow)
        cited = None  # the citations of the block, looked for once it holds a date
        for m in _DATE.finditer(text):
            if cited is None:
                cited = [(c.start, c.end) for c in find_citations(text)]
            if any(s <= m.start() < e for s, e in cited):
                continue
            if _DOCUMENT_BEFORE.search(text[max(0, m.start() - 60):m.start()]):
                continue
            day = _date(m)
            if day is None:
                continue
            sentence = _sentence(text, m.start(), m.end())
            claimed = bool(names_period and names_period.search(sentence)
                           and not _NOT_DONE.search(sentence))
            out.append(DateMention(date=day.isoformat(), claimed_in_period=claimed,
                                   evidence=make_evidence(doc, block.id, m.start(), m.end())))
    return out


def _period_words(period: Period) -> re.Pattern | None:
    """Return a pattern for the words naming this reporting period in a sentence."""
    if period.year is None:
        return None
    this = r"trong kỳ(?! họp)"  # "trong kỳ (báo cáo)", not "trong kỳ họp"
    if period.half in (1, 2):
        word = "đầu" if period.half == 1 else "cuối"
        return re.compile(rf"(?i:{this}|(?:0?6|sáu) tháng {word} năm)")
    return re.compile(rf"(?i:{this}|trong năm(?: {period.year})?(?!\s*\d))")


def _date(m: re.Match) -> dt.date | None:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else \
        (m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _sentence(text: str, start: int, end: int) -> str:
    """Return the sentence of `text` holding [start, end)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0:after.start() if after else len(text)]
