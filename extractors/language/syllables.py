"""Syllables: a text's tokens with their exact offsets and folded keys.

The tokens are those of underthesea's syllable tokenizer (its regular expression, run for
offsets, without its normalisation), a digit run glued to a word split off so a number and
its noun stay apart, and a left quote inside a word kept in it like ' and ’. `numbers`
reads quantities from them, `nlp` makes them a spaCy Doc.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from extractors.places import APOSTROPHES, fold_syllable

# One token: a number with thousands dots ("2.900"), a digit run, a word, or one other character.
# Digits and letters are split so a number glued to its noun ("261đơn") is two tokens.
# An apostrophe inside a word keeps it one token ("N'Thol", "M’gar"), as names spell it.
_TOKEN = re.compile(r"\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d+"
                    rf"|[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)*|\S", re.UNICODE)


class Token(NamedTuple):
    """One token of a text: `text[start:end]` and its folded key (a tuple: made by the
    thousand per report, and a frozen dataclass costs five times more to build)."""

    start: int
    end: int
    text: str
    norm: str


def tokenize(text: str) -> list[Token]:
    """Return the tokens of `text` (syllables, digit runs, single punctuation marks).

    underthesea's syllable tokenizer gives the spans (its regular expression, run for
    offsets, without its normalisation, so tokens equal the text); a digit run glued to a
    word inside one of its tokens is split off so a number and its noun stay apart.

    Most runs between white space are tokens of that expression as they stand: a run of
    letters is one token of its `word` branch (every branch before that one needs a digit,
    a dot or another mark; "ʺ" is a letter it reads as a mark), a run of digits one token of
    its `number` branch, and an opening bracket before either, or one of , ; : ) after, a
    token of its own. Those runs are taken as they are and the expression runs only over
    the others (from where the run starts: its lookbehinds see the text before): the same
    tokens in about a third of the time. One branch of the expression reaches further: it
    spells "Th.S" with a bare dot, so "Th" and any character and "s"/"S" are one token of it
    ("Th sáu" gives "Th s", "áu"; "Thesis" "Thes", "is"); such runs go to the expression."""
    out = []
    append = out.append
    pattern = _syllables()
    done = 0  # where the expression's last token ended: it may end inside a later run
    for piece in _PIECE.finditer(text):
        a, b = piece.span()
        if a < done:
            a = done
            if a >= b:
                continue
        elif _whole(text, a, b, append):
            continue
        for m in pattern.finditer(text, a):
            if m.start() >= b:
                break
            _split(text, m, append)
            done = m.end()
    out = _join_left_quotes(text, out) if "\u2018" in text else out
    return _join_abbreviations(text, out) if "." in text else out


# Kind words abbreviated before a name: "TT. Phố Lu", "X. Gia Phú", "P. Cẩm Trung", "TP. Hà
# Tĩnh", "TX. Sông Cầu"
_ABBREVIATIONS = frozenset({"TT", "Tt", "X", "P", "TX", "Tx", "TP", "Tp"})


def _join_abbreviations(text: str, tokens: list[Token]) -> list[Token]:
    """Return the tokens with an abbreviated kind word and its dot joined into one ("TT."),
    when a capital or the end of the text follows: the dot ends no sentence there."""
    out: list[Token] = []
    for t in tokens:
        if t.text == "." and out and out[-1].text in _ABBREVIATIONS and out[-1].end == t.start:
            rest = text[t.end:t.end + 2]
            if not rest or rest[0].isspace() and rest[1:2].isupper():
                prev = out.pop()
                t = Token(prev.start, t.end, text[prev.start:t.end], prev.norm + ".")
        out.append(t)
    return out


def _join_left_quotes(text: str, tokens: list[Token]) -> list[Token]:
    """Return the tokens with letters + "‘" + letters joined into one ("N‘Thol").

    underthesea's expression keeps ' and ’ inside a word but splits at ‘, which clerks also
    type for the apostrophe of a name; normalize and the gazetteer take all three alike."""
    out: list[Token] = []
    for t in tokens:
        if (len(out) >= 2 and out[-1].text == "\u2018" and out[-1].start == out[-2].end
                and t.start == out[-1].end and t.text.isalpha()
                and out[-2].text.replace("\u2018", "").isalpha()):
            start = out[-2].start
            del out[-2:]
            t = Token(start, t.end, text[start:t.end], fold_syllable(text[start:t.end]))
        out.append(t)
    return out


def _whole(text: str, a: int, b: int, append) -> bool:
    """Append the tokens of the run text[a:b] and return True when the run is (an optional
    "(", then) letters or digits (then an optional , ; : or ")"); else return False."""
    word = text[a:b]
    lead = word[0] == "("
    trail = len(word) > lead + 1 and word[-1] in _TRAIL
    core = word[lead:len(word) - trail] if lead or trail else word
    if not core or core.startswith("Th") and (len(core) == 2 and not trail
                                                or len(core) > 3 and core[3] in "sS"):
        return False  # "Th.S": see tokenize
    if not (core.isalpha() and "\u02ba" not in core or core.isdecimal()):
        return False
    if lead:
        append(_new(Token, (a, a + 1, "(", fold_syllable("("))))
        a += 1
    # tuple.__new__ builds the same Token without NamedTuple's Python-level __new__
    append(_new(Token, (a, a + len(core), core, fold_syllable(core))))
    if trail:
        append(_new(Token, (b - 1, b, word[-1], fold_syllable(word[-1]))))
    return True


def _split(text: str, m: re.Match, append) -> None:
    """Append the tokens of one match of underthesea's expression."""
    word = m.group()
    if len(word) == 1 or word.isalpha():
        a = m.start()
        append(_new(Token, (a, a + len(word), word, fold_syllable(word))))
        return
    for t in _TOKEN.finditer(text, *m.span()):
        append(Token(t.start(), t.end(), t.group(), fold_syllable(t.group())))


_PIECE = re.compile(r"\S+")
_TRAIL = frozenset(",;:)")
_new = tuple.__new__


@lru_cache(maxsize=1)
def _syllables() -> re.Pattern:
    """Return underthesea's compiled tokenizer expression (imported on first use)."""
    from underthesea.pipeline.word_tokenize import regex_tokenize

    return regex_tokenize.patterns
