"""A paragraph's text from its runs: legacy-encoded runs converted, symbols, blanks, NFC.

`extractors.reader.docx` collects each paragraph as pieces (the text of one run, or of the runs
between two note marks) with the (legacy encoding, upper-case font) of each piece; this
module turns them into the block text.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

from extractors.reader import legacy
from extractors.reader.package import W

NO_LEGACY = (None, False)  # the (encoding, upper) of a run in no legacy font
_BLANKS = re.compile("[\t\r\n\v\f\x85\u2028\u2029]")


# Word's symbol fonts draw their own glyphs at these codes; the Unicode meant by each.
_SYMBOL_FONT = dict(zip(
    [0x2D, 0xA3, 0xA5, 0xAC, 0xAD, 0xAE, 0xAF, 0xB0, 0xB1, 0xB3, 0xB4, 0xB7, 0xB8, 0xB9, 0xBB,
     0xD6, 0xDE, 0xDC, 0x61, 0x62, 0x64, 0x44, 0x6D, 0x70, 0x53, 0x57],
    "−≤∞←↑→↓°±≥×•÷≠≈√⇒⇐αβδΔμπΣΩ"))
_WINGDINGS = {0xFC: "✓", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒", 0xA8: "☐", 0x6F: "☐", 0x6E: "■",
              0x6C: "●", 0xA7: "▪", 0x9F: "•", 0xD8: "➢", 0x76: "❖", 0xE0: "→", 0xE8: "→"}


def symbol_char(el) -> str:
    """Return the character a w:sym shows."""
    try:
        code = int(el.get(W + "char", ""), 16)
    except ValueError:
        return ""
    return symbol_text(el.get(W + "font") or "", code)


def symbol_text(font: str, code: int) -> str:
    """Return the character an inserted symbol (`code` in `font`) shows; symbol fonts use
    codes U+F020-U+F0FF."""
    if 0xF020 <= code <= 0xF0FF:
        code -= 0xF000
    font = font.lower()
    if font == "symbol":
        return _SYMBOL_FONT.get(code, chr(code) if 0x20 <= code < 0x7F else "")
    if font.startswith("wingdings") or font.startswith("webdings"):
        return _WINGDINGS.get(code, "")
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return ""  # no character: control, lone surrogate or beyond Unicode
    return chr(code)


def paragraph_text(pieces: list[str], encs: list[tuple[str | None, bool]],
                   ref_pieces: list[int]) -> tuple[str, list[int], str | None]:
    """Return a paragraph's NFC text, its note-mark offsets and the legacy encoding used."""
    if encs.count(NO_LEGACY) == len(encs):
        # No run in a legacy font (nearly every paragraph): all are judged together.
        joined = "".join(pieces)
        guessed = legacy.guess_encoding(joined)
        if guessed is None:
            starts = list(accumulate(map(len, pieces), initial=0)) if ref_pieces else []
            return _settle(joined, [starts[i] for i in ref_pieces] if ref_pieces else [], None)
        encs[:] = [(guessed, False)] * len(encs)
    else:
        fonted = [i for i, (enc, _) in enumerate(encs) if enc is not None]
        if legacy.is_unicode_vietnamese("".join(pieces[i] for i in fonted)):
            # Text converted to Unicode long ago often keeps its .VnTime font: letters such
            # as ư or ạ cannot be legacy bytes, so these runs are Unicode already.
            for i in fonted:
                encs[i] = (None, False)
        unknown = [i for i, (enc, _) in enumerate(encs) if enc is None]
        if unknown:
            # Runs in no legacy font may still be legacy: judge them together, by their
            # characters.
            guessed = legacy.guess_encoding("".join(pieces[i] for i in unknown))
            if guessed is not None:
                for i in unknown:
                    encs[i] = (guessed, False)
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    used = None
    for piece, (enc, upper) in zip(pieces, encs):
        starts.append(pos)
        if enc is not None:
            piece = legacy.convert(piece, enc, upper)
            used = used or enc
        out.append(piece)
        pos += len(piece)
    starts.append(pos)
    return _settle("".join(out), [starts[i] for i in ref_pieces], used)


def _settle(text: str, offsets: list[int], used: str | None) -> tuple[str, list[int], str | None]:
    """Return (text with blanks as spaces, in NFC; the offsets moved along; `used`)."""
    if not text.isprintable():  # every blank is unprintable; a regex pass costs 7x more
        text = _BLANKS.sub(" ", text)
    if not unicodedata.is_normalized("NFC", text):
        offsets = [len(unicodedata.normalize("NFC", text[:o])) for o in offsets]
        text = unicodedata.normalize("NFC", text)
    return text, offsets, used
