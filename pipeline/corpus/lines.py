"""How a clerk's lines come out: cut into paragraphs, a counted phrase hard-wrapped over two
of them, text typed without diacritics."""
from __future__ import annotations

import random
import re
import unicodedata

from pipeline.corpus.docxwriter import Segment


def no_marks(text: str) -> str:
    """Return `text` as typed without diacritics: "Đăk Hà tổ chức" → "Dak Ha to chuc"."""
    s = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(ch for ch in s if not unicodedata.combining(ch)))


def paragraphs(segs: list[Segment]) -> list[list[Segment]]:
    """Return the segments cut into paragraphs at each "\n" of their text."""
    out: list[list[Segment]] = [[]]
    for seg in segs:
        if isinstance(seg, str) and "\n" in seg:
            first, *rest = seg.split("\n")
            out[-1].append(first)
            out += [[part] for part in rest]
        else:
            out[-1].append(seg)
    return [p for p in out if any(s for s in p)]


_WRAP_AT = re.compile(r"\d \S+( )")  # a space after the figure and the word after it


def wrap(content: list[Segment], counts: list[dict], rng: random.Random
         ) -> list[list[Segment]] | None:
    """Return one paragraph's content hard-wrapped inside one of its counted phrases, as a
    clerk's line ends that became paragraph ends ("02 kỳ" / "họp chuyên đề"); the counts
    of that phrase get its text with the break. None when no phrase can be wrapped."""
    texts = [seg for seg in content if isinstance(seg, str)]
    phrases = sorted({c["text"] for c in counts if c["part"] == "body"
                      and sum(t.count(c["text"]) for t in texts) == 1})
    spots = []
    for p in phrases:
        m = _WRAP_AT.search(p)
        if m:
            spots += [(p, i) for i in range(m.start(1), len(p)) if p[i] == " "]
    if not spots:
        return None
    phrase, k = rng.choice(spots)
    j = next(j for j, seg in enumerate(content) if isinstance(seg, str) and phrase in seg)
    at = content[j].index(phrase) + k
    for c in counts:
        if c["text"] == phrase:
            c["text"] = phrase[:k] + "\n" + phrase[k + 1:]
    return [[*content[:j], content[j][:at]], [content[j][at + 1:], *content[j + 1:]]]
