"""The NLP layer: text → spaCy `Doc` of syllables (numbers merged) → rule matches.

Each number ("02 (hai)", "hai mươi mốt", "chưa có") becomes one token whose NORM is "#"
("#ord" for an ordinal), every other token carries its folded key in NORM, so the rules of
`extractors/rules/*.jsonl` (spaCy Matcher token patterns over NORM) match whatever the
spelling. Token offsets are those of the block text, so spans are exact.

The tokens are underthesea's syllable tokens (`extractors.language.numbers.tokenize` runs its
tokenizer's expression for offsets). Its word segmentation is not run: rules match syllable
sequences, which give the same matches on the seed at a fraction of the cost (segmenting
only the sentences kept costs ~24 ms on the seed, more than the whole extraction).
spaCy is imported on first use; the vocabulary and matchers are built once per process.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.language.numbers import Number, find_numbers
from extractors.language.syllables import Token, tokenize
from extractors.places import exact_key, fold_syllable
from extractors.rules import RULES_DIR
from schemas.errors import RuleError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

# Labels whose matches name a kind of unit, and the syllables of kind words as written.
_KIND_LABELS = ("prefix:", "level:")
_KIND_SYLLABLES = frozenset("xã phường thị trấn huyện quận thành phố tỉnh thôn làng buôn khối "
                            "ấp tổ dân".split())
_KIND_FOLDS = frozenset(fold_syllable(w) for w in _KIND_SYLLABLES)
NUMBER = "#"
ORDINAL = "#ord"


@dataclass(frozen=True)
class Rule:
    """One line of a rules file: a token pattern and what a match means."""

    id: str
    label: str
    pattern: list
    qualifiers: dict = field(default_factory=dict)
    context: list = field(default_factory=list)  # [[folded cue, label], ...] for "@" labels
    applies_to: list = field(default_factory=list)  # "reclass:" rules: the labels they change


@dataclass(frozen=True)
class Match:
    """A rule match over tokens `start`..`end` (exclusive) of an `Analysis`."""

    rule: Rule
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
    norms: list[str]
    matches: list[Match]
    prefixes: list[Match]  # "xã", "huyện", "thôn": kept apart, they overlap level cues

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


def load_rules(path: Path) -> list[Rule]:
    """Return the rules of a JSONL file; raises RuleError naming the bad line."""
    rules = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            rules.append(Rule(id=d["id"], label=d["label"], pattern=d["pattern"],
                              qualifiers=d.get("qualifiers", {}), context=d.get("context", []),
                              applies_to=d.get("applies_to", [])))
        except (ValueError, KeyError, TypeError) as e:
            raise RuleError(f"{path.name}:{n}: bad rule ({e})") from e
    return rules


@lru_cache(maxsize=1)
def _vocab():
    from spacy.attrs import NORM
    from spacy.vocab import Vocab

    # A word's NORM is the word itself unless set: phrase patterns are written in keys.
    return Vocab(lex_attr_getters={NORM: lambda s: s})


def _phrases(pattern: list) -> list[tuple[str, ...]] | None:
    """Return every key sequence a token pattern matches, or None when it is no finite set
    of sequences (other attributes or operators than "?")."""
    out: list[tuple[str, ...]] = [()]
    for tok in pattern:
        if not isinstance(tok, dict) or set(tok) - {"NORM", "OP"} or tok.get("OP", "?") != "?":
            return None
        norm = tok["NORM"]
        if isinstance(norm, dict):
            if set(norm) != {"IN"}:
                return None
            values = list(norm["IN"])
        else:
            values = [norm]
        grown = [p + (v,) for p in out for v in values]
        out = grown + out if tok.get("OP") == "?" else grown
    return sorted({p for p in out if p})


class RuleMatcher:
    """spaCy matchers for one rules file: patterns that spell out finite sequences of keys go
    to a PhraseMatcher on NORM (a hash lookup per token, ~50x faster on a report than the
    token-pattern Matcher), any other pattern to a Matcher. Both give (id, start, end)."""

    def __init__(self, rules: list[Rule], source: str):
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        vocab = _vocab()
        self.phrases = PhraseMatcher(vocab, attr="NORM")
        self.tokens = Matcher(vocab)
        self.has_tokens = False
        for rule in rules:
            try:
                seqs = _phrases(rule.pattern)
                if seqs is None:
                    self.tokens.add(rule.id, [rule.pattern])
                    self.has_tokens = True
                else:
                    self.phrases.add(rule.id, [Doc(vocab, words=list(s)) for s in seqs])
            except Exception as e:  # spaCy raises several types for a malformed pattern
                raise RuleError(f"{source}: rule {rule.id}: {e}") from e

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        found = list(self.phrases(doc))
        if self.has_tokens:
            found += self.tokens(doc)
        return found


@lru_cache(maxsize=8)
def matcher_for(path: Path) -> tuple[RuleMatcher, dict[int, Rule]]:
    """Return the matcher of a rules file and its match-id → Rule table (cached)."""
    rules = load_rules(path)
    table = {_vocab().strings.add(rule.id): rule for rule in rules}
    return RuleMatcher(rules, path.name), table


def make_doc(text: str) -> tuple[Doc, list[str], list[int], list[int], list[Number | None],
                                 list[str]]:
    """Return the spaCy Doc of `text` with numbers merged, and each token's text, offsets,
    number and NORM (kept as lists too: reading them back through the Doc costs more)."""
    import numpy
    from spacy.attrs import NORM
    from spacy.tokens import Doc

    toks: list[Token] = tokenize(text)
    nums = {n.first: n for n in find_numbers(text, toks)}
    words, spaces, starts, ends, numbers, norms = [], [], [], [], [], []
    i = 0
    while i < len(toks):
        num = nums.get(i)
        if num is not None:
            start, end, i = num.start, num.end, num.last + 1
            norms.append(ORDINAL if num.ordinal else NUMBER)
        else:
            start, end = toks[i].start, toks[i].end
            norms.append(toks[i].norm)
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
        keys = numpy.fromiter((add(n) or _add_norm(n) for n in norms), dtype="uint64",
                              count=len(norms)).reshape(-1, 1)
        doc.from_array([NORM], keys)
    return doc, words, starts, ends, numbers, norms


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


def analyse(text: str, rules_path: Path = RULES_DIR / "counts.jsonl") -> Analysis:
    """Return `text` tokenised and matched against a rules file, longest matches kept."""
    mark = time.thread_time()
    doc, words, starts, ends, numbers, norms = make_doc(text)
    _SEGMENTING[0] += time.thread_time() - mark
    matcher, table = matcher_for(rules_path)
    raw = [m for m in (Match(table[mid], s, e) for mid, s, e in matcher(doc))
           if not m.rule.label.startswith(_KIND_LABELS) or _kind_words(words[m.start:m.end])]
    prefixes = _longest([m for m in raw if m.rule.label.startswith("prefix:")], len(starts))
    kept = _longest([m for m in raw if not m.rule.label.startswith("prefix:")], len(starts))
    return Analysis(text, doc, words, starts, ends, numbers, norms, kept, prefixes)


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
    beats "HĐND".
    """
    matches.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken = [False] * n
    kept = []
    for m in matches:
        if any(taken[m.start:m.end]):
            continue
        taken[m.start:m.end] = [True] * (m.end - m.start)
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept
