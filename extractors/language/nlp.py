"""The NLP layer: text → spaCy `Doc` of syllables (numbers merged) → lexicon matches.

Each number ("02 (hai)", "hai mươi mốt", "chưa có") becomes one token whose NORM is "#"
("#ord" for an ordinal); every other token carries its key: the syllable in lower case with
its diacritics (old tone placement normalised), or its folded key when the text holds no
diacritic at all. The lexicon (`extractors/language/lexicon.py`) is matched on those keys, so
"mỗi" (each) and "mới" (new) stay apart. Token offsets are those of the block text, so spans
are exact; `norms` keeps every token's folded key for comparing names.

The tokens are underthesea's syllable tokens (`extractors.language.syllables.tokenize` runs
its tokenizer's expression for offsets). Its word segmentation is not run: the lexicon
matches syllable sequences, which give the same matches on the seed at a fraction of the
cost (segmenting only the sentences kept costs ~24 ms on the seed, more than the whole
extraction). spaCy is imported on first use; the vocabulary and matchers are built once per
process.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from extractors.language.lexicon import NUMBER, ORDINAL, Entry, folded, has_diacritics, lexicon
from extractors.language.numbers import Number, scan
from extractors.places import exact_key, fold_syllable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

# Labels whose matches name a kind of unit, and the syllables of kind words as written.
_KIND_LABELS = ("prefix:", "level:")
_KIND_SYLLABLES = frozenset("xã phường thị trấn huyện quận thành phố tỉnh thôn làng buôn khối "
                            "ấp tổ dân đặc khu".split())
_KIND_FOLDS = frozenset(fold_syllable(w) for w in _KIND_SYLLABLES)


@dataclass(frozen=True)
class Match:
    """A lexicon match over tokens `start`..`end` (exclusive) of an `Analysis`."""

    rule: Entry
    start: int
    end: int


@dataclass
class Analysis:
    """A block text as tokens: `words[i]` spans `text[starts[i]:ends[i]]`.

    `numbers[i]` is the `Number` token i stands for, or None.
    """

    text: str
    doc: Doc
    words: list[str]  # token texts (cheaper than going through the Doc)
    starts: list[int]
    ends: list[int]
    numbers: list[Number | None]
    norms: list[str]  # folded keys, for comparing names and kind words
    keys: list[str]  # what the lexicon was matched on: keys with diacritics, or folded
    matches: list[Match]
    prefixes: list[Match]  # "xã", "huyện", "thôn": kept apart, they overlap level cues
    columns: list[Match]  # what a table header says ("Cùng kỳ", "Cộng"): kept apart too

    def __len__(self) -> int:
        return len(self.starts)

    def sentence(self, i: int) -> tuple[int, int]:
        """Return the token range [start, end) of the sentence holding token i (it ends at a
        ".", "!" or "?" token)."""
        s = i
        while s > 0 and self.words[s - 1] not in SENTENCE_END:
            s -= 1
        e = i
        while e < len(self.words) and self.words[e] not in SENTENCE_END:
            e += 1
        return s, e


SENTENCE_END = frozenset({".", "!", "?"})  # the tokens that end a sentence


@lru_cache(maxsize=1)
def _vocab():
    from spacy.attrs import NORM
    from spacy.vocab import Vocab

    # A word's NORM is the word itself unless set: phrase patterns are written in keys.
    return Vocab(lex_attr_getters={NORM: lambda s: s})


@lru_cache(maxsize=65536)  # syllables repeat across a corpus: key each once
def token_key(text: str) -> str:
    """Return the key rule words are matched on: lower case, diacritics kept, tone marks
    placed the new way ("Khoá" → "khóa"), apostrophes dropped ("N’Thol" → "nthol")."""
    return exact_key(text) or text.lower()


class LexiconMatcher:
    """A spaCy PhraseMatcher on NORM over every phrase of the lexicon (a hash lookup per
    token), once with the phrases' keys and once folded, for text without diacritics."""

    def __init__(self, entries: tuple[Entry, ...], fold: bool):
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        vocab = _vocab()
        self.matcher = PhraseMatcher(vocab, attr="NORM")
        self.table: dict[int, Entry] = {}
        for entry in entries:
            key = vocab.strings.add(entry.id)
            self.table[key] = entry
            phrases = {folded(p) if fold else p for p in entry.phrases}
            self.matcher.add(entry.id, [Doc(vocab, words=list(p)) for p in sorted(phrases)])

    def __call__(self, doc) -> list[Match]:
        return [Match(self.table[mid], s, e) for mid, s, e in self.matcher(doc)]


@lru_cache(maxsize=2)
def matcher(fold: bool) -> LexiconMatcher:
    """Return the lexicon's matcher for keys with diacritics, or folded ones."""
    return LexiconMatcher(lexicon().entries, fold)


def make_doc(text: str, fold: bool = False) -> tuple[Doc, list[str], list[int], list[int],
                                                   list[Number | None], list[str], list[str]]:
    """Return the spaCy Doc of `text` with numbers merged, and each token's text, offsets,
    number, folded key and match key (NORM: with diacritics, or folded when `fold`); kept as
    lists too: reading them back through the Doc costs more."""
    import numpy
    from spacy.attrs import NORM
    from spacy.tokens import Doc

    toks, found = scan(text)
    nums = {n.first: n for n in found}
    words, spaces, starts, ends, numbers, norms, keys = [], [], [], [], [], [], []
    i = 0
    while i < len(toks):
        num = nums.get(i)
        if num is not None:
            start, end, i = num.start, num.end, num.last + 1
            norms.append(ORDINAL if num.ordinal else NUMBER)
            keys.append(norms[-1])
        else:
            start, end = toks[i].start, toks[i].end
            norms.append(toks[i].norm)
            keys.append(toks[i].norm if fold else token_key(toks[i].text))
            i += 1
        starts.append(start)
        ends.append(end)
        numbers.append(num)
        words.append(text[start:end])
    for k in range(len(words)):
        nxt = starts[k + 1] if k + 1 < len(words) else len(text)
        spaces.append(nxt > ends[k])
    vocab = _vocab()
    doc = Doc(vocab, words=words, spaces=spaces)
    if words:
        add = _norm_keys().get
        ids = numpy.fromiter((add(n) or _add_norm(n) for n in keys), dtype="uint64",
                             count=len(keys)).reshape(-1, 1)
        doc.from_array([NORM], ids)
    return doc, words, starts, ends, numbers, norms, keys


@lru_cache(maxsize=1)
def _norm_keys() -> dict[str, int]:
    """Return NORM string → its key in the vocabulary's string store, filled as met."""
    return {}


def _add_norm(norm: str) -> int:
    """Return the key of `norm`, adding it to the string store once."""
    key = _norm_keys()[norm] = _vocab().strings.add(norm)
    return key


# CPU seconds this thread has spent segmenting text into syllables and numbers (make_doc):
# the run summary reports segmentation apart from the rules
_SEGMENTING = [0.0]


def segmenting_seconds() -> float:
    """Return the CPU seconds `analyse` has spent in segmentation so far in this process."""
    return _SEGMENTING[0]


def analyse(text: str) -> Analysis:
    """Return `text` tokenised and matched against the lexicon, longest matches kept.

    Rule words are matched with their diacritics; a text typed without any is matched on
    folded keys against the folded lexicon."""
    mark = time.thread_time()
    fold = not has_diacritics(text)
    doc, words, starts, ends, numbers, norms, keys = make_doc(text, fold)
    _SEGMENTING[0] += time.thread_time() - mark
    raw = [m for m in matcher(fold)(doc)
           if m.rule.role not in ("prefix", "level") or _kind_words(words[m.start:m.end])]
    prefixes = _longest([m for m in raw if m.rule.role == "prefix"], len(starts))
    columns = _longest([m for m in raw if m.rule.role == "column"], len(starts))
    kept = _longest([m for m in raw if m.rule.role not in ("prefix", "column")], len(starts))
    return Analysis(text, doc, words, starts, ends, numbers, norms, keys, kept, prefixes,
                    columns)


def _kind_words(words: list[str]) -> bool:
    """Return True when the kind syllables of a prefix or level cue are written as kind words:
    with their diacritics (case and old tone placement aside), or in lower case without any
    ("huyen"). Their fold keys are not enough: "Phượng Sơn" is no "phường Sơn", "Tô Hiệu" no
    "tổ Hiệu", "Lạng Sơn" no "làng Sơn"."""
    for w in words:
        if fold_syllable(w) not in _KIND_FOLDS:
            continue  # "cấp", "các", numbers: no kind syllable
        if _exact_word(w) not in _KIND_SYLLABLES and not (w.isascii() and w.islower()):
            return False
    return True


# the same few words come back in every match: key each once
_exact_word = lru_cache(maxsize=65536)(exact_key)


def _longest(matches: list[Match], n: int) -> list[Match]:
    """Return the matches left when longer ones win over the shorter ones they overlap.

    Longest first, then leftmost: "kỳ họp chuyên đề" beats "chuyên đề", "Thường trực HĐND"
    beats "HĐND". Entries of one phrase keep all their matches ("giám sát" is a verb before
    a number and a head after one): a span's matches are kept or dropped together.
    """
    matches.sort(key=lambda m: (-(m.end - m.start), m.start, m.rule.id))
    taken = [False] * n
    kept: list[Match] = []
    for m in matches:
        if kept and (kept[-1].start, kept[-1].end) == (m.start, m.end):
            kept.append(m)
            continue
        if any(taken[m.start:m.end]):
            continue
        taken[m.start:m.end] = [True] * (m.end - m.start)
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept
