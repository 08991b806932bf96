"""Sentences: where the sentences of a block text are, and which runs of them may hold a count.

`chunks` keeps the NLP layer away from sentences with no possible count (`may_hold_count` is a
cheap regular-expression look); `SENTENCE` finds one sentence; `starts_item` tells a paragraph
that starts like a list item. Moved out of `extractors/facts/clauses.py`, which reads the counts.
"""
from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[-+*•–]|\(?\d+\)|[a-zđ]\))")
# A cheap look for what can be a count, so most sentences never reach the NLP layer: a
# number that is no year, date or period ("06 tháng"), a number word, a zero phrase.
_MAY_COUNT = re.compile(
    r"(?<![\w/.(-])(?<!thứ )(?:(?<=tổng số )|(?<!số ))(?<!ngày )(?<!chương trình )(?<!tờ trình )"
    r"(?<!nghị quyết )"
    r"(?:\d{1,3}(?:\.\d{3})*|(?!19|20)\d{4,})(?![\d/])"
    r"(?!\s*tháng)(?!\.\d)(?![a-z]\b)"
    r"|(?<![\w/.-])(?<!ngày )\d{1,3}/\d{1,3}(?![\d/-])"  # done over planned: "6/6 cuộc"
    # a name's figure in brackets: "Ngọk Lây (05)", "Tân Lộc (08 lượt)"
    r"|(?<=[^\W\d_] \()\d{1,3}(?=\)|\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\))"
    r"|(?<!trong )\b(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)\s+(?!số\b|\d)"
    r"|\b(?:chưa|không)\s+(?:có|tổ chức|ban hành|nhận được|tiếp nhận|thông qua|tiến hành"
    r"|phát sinh)\b"
    # an ordinal that may imply one event held: "tổ chức kỳ họp thứ 13", "họp phiên thường
    # kỳ lần thứ 31", "Kỳ họp thứ IX ... đã diễn ra"
    r"|\b(?:tổ chức|tiến hành|khai mạc|bế mạc|triệu tập|(?<!kỳ )họp)\b[^.;]{0,40}?\bthứ\s+\w+"
    r"|\bthứ\s+\w+[^.;]{0,60}?\b(?:diễn ra|được tổ chức|khai mạc)\b"
    # a single session held, named by its kind: "tổ chức kỳ họp thường lệ giữa năm 2024"
    r"|\b(?:tổ chức|triệu tập|khai mạc)(?: thành công)? kỳ họp (?:thường lệ|chuyên đề|bất "
    r"thường|giữa năm|cuối năm)",
    re.I)
_LABEL = re.compile(r"^\s*[\dIVXivx.]+\s*$")  # "2." / "2.1." split off as a sentence
# A sentence ends at . ! ? before a space; the dot of "2.900" or "2.1" does not end one,
# nor that of a kind word abbreviated before a name ("HĐND TT. Phố Lu", "X. Gia Phú").
_ABBREVIATED = "|".join(rf"(?<=\b{w})" for w in ("TT", "Tt", "TX", "Tx", "TP", "Tp", "X", "P"))
SENTENCE = re.compile(r"[^.!?]*(?:(?:[.!?](?![.!?]|\s|$)|(?:" + _ABBREVIATED + r")\.(?=\s\w))"
                      r"[^.!?]*)*(?:[.!?]+|$)")
# Where a count may start: the full test above runs only there (it is slow to try at every
# character of a report). The words are looked for in the lower-cased text, without re.I,
# which is twice as fast and finds the same places: re.I compares a character's lower case
# (and "ı", "ſ" with "i", "s"), unless lower-casing changes the text's length ("İ").
_MAY_START = re.compile(
    r"\d+|\b(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười|chưa|không|thứ|tổ|tiến|triệu|khai|bế"
    r"|họp)\b")
_MAY_START_ANY_CASE = re.compile(_MAY_START.pattern, re.I)


def may_hold_count(text: str) -> bool:
    """Return True when `text` holds a number that can be a count, or a zero phrase."""
    match = _MAY_COUNT.match  # a plain loop: any() over a generator costs more here
    lower = text.lower()
    if len(lower) == len(text):
        if "ı" in lower or "ſ" in lower:
            lower = lower.replace("ı", "i").replace("ſ", "s")
        starts = _MAY_START.finditer(lower)
    else:
        starts = _MAY_START_ANY_CASE.finditer(text)
    for m in starts:
        if match(text, m.start()):
            return True
    return False


def chunks(text: str) -> list[tuple[int, int]]:
    """Return the spans of runs of sentences of `text` that may hold a count.

    Adjacent such sentences stay together: "26 ý kiến ... . Trong đó, sau kỳ họp thứ 6: 10
    ý kiến" links parts to a total stated in the sentence before.
    """
    out: list[tuple[int, int]] = []
    if not may_hold_count(text):
        return out
    for m in SENTENCE.finditer(text):
        if m.start() == m.end() or not may_hold_count(m.group()) or _LABEL.match(m.group()):
            continue
        if out and not text[out[-1][1]:m.start()].strip():
            out[-1] = (out[-1][0], m.end())
        else:
            out.append((m.start(), m.end()))
    return out


def starts_item(text: str) -> bool:
    """Return True when a paragraph starts like a list item ("- ", "+ ", "a) ", "(1)")."""
    return bool(_BULLET.match(text))
