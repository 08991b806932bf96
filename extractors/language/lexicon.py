"""The lexicon of count rules: words with a role and a class, and the frames that read them.

`extractors/rules/lexicon.jsonl` lists rule words as written, with their diacritics, each
line one entry: `{"id", "role", "class", "words", "qualifiers"?}`. A word is a phrase in
which `[...]` is optional and `{a|b}` one of several ("[các ]Ban{ HĐND| của HĐND}"); `#`
stands for a number token and `#ord` for an ordinal. Roles:

- what a count's noun phrase is made of: `head` (what is counted: "kỳ họp", "ý kiến"),
  `measure` (the counting word: "cuộc", "phiên", "điểm"), `kind` ("thường lệ"), `status`
  ("đã được trả lời", "đang giải quyết");
- what the clause around it says: `verb` ("tổ chức", "giám sát", "trả lời"), `body` (who
  acted: "Thường trực HĐND"), `level` ("các xã"), `phase` ("sau kỳ họp thứ 6"), `at`
  ("tại", before places), `each` ("mỗi"), `breakdown` ("trong đó"), `breakdown_next`
  ("cụ thể:");
- names: `prefix` (the kind word before a unit's name: "xã", "thôn");
- table headers: `column`, what a column holds besides the period's figures: `plan`
  ("Kế hoạch"), `rate` ("Tỷ lệ", "%"), `compare` ("Cùng kỳ", "So sánh", "Tăng, giảm"),
  `cumulative` ("Lũy kế"), `note` ("Ghi chú"), or `total` ("Tổng", "Cộng" as a whole
  header). Its matches are kept apart (`Analysis.columns`): they never hide a count word;
- `none`: words that only keep a shorter entry from matching inside them ("xã hội").

`extractors/rules/frames.jsonl` decides what a number counts from the classes around it:
each frame names the classes it needs in some slots (head, measure, verb, complement — a verb
right after the head: "03 lượt ý kiến đóng góp" —, status, context —
heads and verbs elsewhere in the sentence —, section, actor — the body that acted —, at,
ordinal) and gives an indicator (null: no count) and qualifiers. Of the frames that fit,
the one naming the most slots wins; the earlier line wins a tie. So one new measure word or
verb in the lexicon reaches every sentence shape a frame covers.

Rule words are matched with their diacritics (lower case, old tone placement normalised:
"khoá" = "khóa"): folding would make "mới" (new) "mỗi" (each) and "hợp" "họp". Only a text
typed without any diacritic is matched on folded keys, against the folded lexicon.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractors.places import fold_syllable
from extractors.rules import RULES_DIR
from schemas.errors import RuleError

ROLES = frozenset({"head", "measure", "kind", "status", "verb", "body", "level", "phase", "at",
                   "each", "distribute", "respectively", "breakdown", "breakdown_next",
                   "prefix", "none", "ordinal_head", "column", "compare"})
INDICATORS = frozenset({"sessions", "resolutions", "supervision_topics", "voter_meetings",
                        "voter_attendance", "voter_petitions", "petitions_answered",
                        "questions", "explanation_sessions", "explanation_topics",
                        "standing_meetings", "citizen_receptions", "complaints"})
QUALIFIERS = {"kind": {"regular", "thematic", "extraordinary"}, "implied": {True},
              "status": {"pending"}, "planned": {True}}
BODIES = frozenset({"council", "standing", "committees", "delegate_groups", "delegates", "none",
                    "national"})
LEVELS = frozenset({"province", "district", "commune", "all"})
PREFIXES = frozenset({"commune", "district", "village"})
COLUMNS = frozenset({"plan", "rate", "compare", "cumulative", "note", "total"})
SLOTS = ("head", "measure", "verb", "complement", "status", "context", "section", "actor", "at",
         "ordinal")
NUMBER = "#"
ORDINAL = "#ord"
_ENTRY_KEYS = {"id", "role", "class", "words", "qualifiers"}
_FRAME_KEYS = {"id", "indicator", "qualifiers", *SLOTS}


@dataclass(frozen=True)
class Entry:
    """One lexicon line. `label` is "role:class" (e.g. "body:standing", "level:commune")."""

    id: str
    role: str
    cls: str
    phrases: tuple[tuple[str, ...], ...]  # each phrase as token keys, with diacritics
    qualifiers: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.role}:{self.cls}"


@dataclass(frozen=True)
class Frame:
    """One frames line: the classes a number's slots need, and what the number then counts."""

    id: str
    indicator: str | None
    needs: dict  # slot -> frozenset of classes (or a bool for "at" and "ordinal")
    qualifiers: dict = field(default_factory=dict)

    def fits(self, slots: dict) -> bool:
        """Return True when every slot this frame names holds one of its classes (an
        ordinal number fits only frames that ask for one)."""
        if slots.get("ordinal") and "ordinal" not in self.needs:
            return False
        for slot, want in self.needs.items():
            have = slots.get(slot)
            if slot == "section" and have is not None:
                have = have.classes  # read on demand
            elif callable(have):
                have = have()  # a slot read on demand (the sentence's context)
            if isinstance(want, bool):
                if bool(have) != want:
                    return False
            elif not have or not (want & have if isinstance(have, (set, frozenset))
                                  else have in want):
                return False
        return True


def expand(phrase: str) -> list[str]:
    """Return every phrase `phrase` spells: "[x]" optional, "{a|b}" one of (nestable);
    spaces inside brackets count ("kỳ họp[ thứ] #ord")."""
    return [" ".join(o.split()) for o in _spell(phrase)]


def _spell(phrase: str) -> list[str]:
    out = [""]
    i = 0
    while i < len(phrase):
        ch = phrase[i]
        if ch in "[{":
            close = _closing(phrase, i)
            inner = phrase[i + 1:close]
            options = [o for part in _split_top(inner) for o in _spell(part)]
            if ch == "[":
                options = [*options, ""]
            out = [o + x for o in out for x in options]
            i = close + 1
        elif ch in "]}|":
            raise ValueError(f"unbalanced {ch!r} in {phrase!r}")
        else:
            out = [o + ch for o in out]
            i += 1
    return out


def _closing(text: str, i: int) -> int:
    pairs = {"[": "]", "{": "}"}
    stack = [pairs[text[i]]]
    for j in range(i + 1, len(text)):
        if text[j] in pairs:
            stack.append(pairs[text[j]])
        elif text[j] in "]}":
            if text[j] != stack.pop():
                raise ValueError(f"unbalanced brackets in {text!r}")
            if not stack:
                return j
    raise ValueError(f"unclosed {text[i]!r} in {text!r}")


def _split_top(text: str) -> list[str]:
    """Split at "|" outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [*parts, cur]


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """Return the token keys of a rule phrase as `nlp` keys a text's tokens."""
    from extractors.language.nlp import token_key
    from extractors.language.syllables import tokenize

    keys = []
    for tok in tokenize(phrase):
        if tok.text == "#" and phrase[tok.end:tok.end + 3] == "ord":
            keys.append(ORDINAL)
        elif tok.text == "ord" and keys and keys[-1] == ORDINAL:
            continue
        elif tok.text == "#":
            keys.append(NUMBER)
        else:
            keys.append(token_key(tok.text))
    return tuple(keys)


def _fail(path: Path, line: int, problem: str) -> RuleError:
    return RuleError(f"{path.name}:{line}: {problem}")


def load_lexicon(path: Path) -> list[Entry]:
    """Return the entries of a lexicon file; raises RuleError naming the file and line."""
    entries, ids = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except ValueError as e:
            raise _fail(path, n, f"not JSON ({e})") from e
        if not isinstance(d, dict):
            raise _fail(path, n, "a line must be a JSON object")
        unknown = set(d) - _ENTRY_KEYS
        if unknown:
            raise _fail(path, n, f"unknown key {sorted(unknown)[0]!r}")
        for key in ("id", "role", "class", "words"):
            if key not in d:
                raise _fail(path, n, f"missing {key!r}")
        if d["id"] in ids:
            raise _fail(path, n, f"duplicate id {d['id']!r}")
        ids.add(d["id"])
        if d["role"] not in ROLES:
            raise _fail(path, n, f"unknown role {d['role']!r}")
        _check_class(path, n, d["role"], d["class"])
        qualifiers = d.get("qualifiers", {})
        _check_qualifiers(path, n, qualifiers)
        if not isinstance(d["words"], list) or not d["words"] \
                or not all(isinstance(w, str) and w.strip() for w in d["words"]):
            raise _fail(path, n, "'words' must be a list of phrases")
        phrases = set()
        for word in d["words"]:
            try:
                spelled = expand(word)
            except ValueError as e:
                raise _fail(path, n, str(e)) from e
            for p in spelled:
                keys = phrase_keys(p)
                if not keys:
                    raise _fail(path, n, f"empty phrase in {word!r}")
                phrases.add(keys)
        entries.append(Entry(d["id"], d["role"], d["class"], tuple(sorted(phrases)),
                             qualifiers))
    return entries


def _check_class(path: Path, n: int, role: str, cls) -> None:
    allowed = {"body": BODIES, "level": LEVELS, "prefix": PREFIXES, "column": COLUMNS}.get(role)
    if not isinstance(cls, str) or not cls or (allowed and cls not in allowed):
        raise _fail(path, n, f"unknown class {cls!r} for role {role!r}")


def _check_qualifiers(path: Path, n: int, qualifiers) -> None:
    if not isinstance(qualifiers, dict):
        raise _fail(path, n, "'qualifiers' must be an object")
    for key, value in qualifiers.items():
        if key not in QUALIFIERS:
            raise _fail(path, n, f"unknown qualifier {key!r}")
        if value not in QUALIFIERS[key]:
            raise _fail(path, n, f"qualifier {key!r} cannot be {value!r}")


def load_frames(path: Path, classes: dict[str, set[str]]) -> list[Frame]:
    """Return the frames of a file; a slot naming a class no lexicon entry has, an unknown
    indicator or key is a RuleError naming the file and line. `classes`: role → classes."""
    frames, ids = [], set()
    known = {"head": classes.get("head", set()), "measure": classes.get("measure", set()),
             "status": classes.get("status", set()),
             "verb": classes.get("verb", set()), "complement": classes.get("verb", set()),
             "section": classes.get("verb", set()) | classes.get("head", set())
             | classes.get("body", set()),
             "context": classes.get("verb", set()) | classes.get("head", set()),
             "actor": classes.get("body", set())}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except ValueError as e:
            raise _fail(path, n, f"not JSON ({e})") from e
        if not isinstance(d, dict):
            raise _fail(path, n, "a line must be a JSON object")
        unknown = set(d) - _FRAME_KEYS
        if unknown:
            raise _fail(path, n, f"unknown key {sorted(unknown)[0]!r}")
        if "id" not in d or "indicator" not in d:
            raise _fail(path, n, "a frame needs 'id' and 'indicator'")
        if d["id"] in ids:
            raise _fail(path, n, f"duplicate id {d['id']!r}")
        ids.add(d["id"])
        if d["indicator"] is not None and d["indicator"] not in INDICATORS:
            raise _fail(path, n, f"unknown indicator {d['indicator']!r}")
        _check_qualifiers(path, n, d.get("qualifiers", {}))
        needs: dict = {}
        for slot in SLOTS:
            if slot not in d:
                continue
            want = d[slot]
            if slot in ("at", "ordinal"):
                if not isinstance(want, bool):
                    raise _fail(path, n, f"{slot!r} must be true or false")
                needs[slot] = want
                continue
            want = [want] if isinstance(want, str) else want
            if not isinstance(want, list) or not want:
                raise _fail(path, n, f"{slot!r} must be a class or a list of classes")
            for cls in want:
                if cls not in known[slot]:
                    raise _fail(path, n, f"{slot!r}: no lexicon entry has class {cls!r}")
            needs[slot] = frozenset(want)
        if not any(k in needs for k in ("head", "measure", "verb")):
            raise _fail(path, n, "a frame needs a head, a measure or a verb")
        frames.append(Frame(d["id"], d["indicator"], needs, d.get("qualifiers", {})))
    return frames


@dataclass(frozen=True)
class Lexicon:
    """The loaded rules: entries by match key, frames in file order."""

    entries: tuple[Entry, ...]
    frames: tuple[Frame, ...]
    # frames in the order they are tried (most slots first, then file order), indexed by the
    # first core slot they need: a head class, else a measure class, else a verb class
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        order = sorted(enumerate(self.frames), key=lambda x: (-len(x[1].needs), x[0]))
        index: dict[tuple[str, str], list] = {}
        for rank, (_, f) in enumerate(order):
            slot = next(s for s in ("head", "measure", "verb") if s in f.needs)
            for cls in f.needs[slot]:
                index.setdefault((slot, cls), []).append((rank, f))
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})

    def choose(self, slots: dict) -> Frame | None:
        """Return the frame that fits `slots` naming the most slots (first on a tie)."""
        candidates = []
        for slot in ("head", "measure", "verb"):
            for cls in slots.get(slot) or ():
                candidates += self._index.get((slot, cls), ())
        if not candidates:
            return None
        candidates.sort(key=lambda x: x[0])
        last = -1
        for rank, frame in candidates:
            if rank != last and frame.fits(slots):
                return frame
            last = rank
        return None


@lru_cache(maxsize=4)
def lexicon(directory: Path = RULES_DIR) -> Lexicon:
    """Return the lexicon and frames of a rules directory (loaded and checked once)."""
    entries = load_lexicon(directory / "lexicon.jsonl")
    classes: dict[str, set[str]] = {}
    for e in entries:
        classes.setdefault(e.role, set()).add(e.cls)
    frames = load_frames(directory / "frames.jsonl", classes)
    return Lexicon(tuple(entries), tuple(frames))


def folded(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Return a phrase's keys folded (for text typed without diacritics)."""
    return tuple(k if k.startswith("#") else fold_syllable(k) for k in keys)


_DIACRITIC = re.compile(r"[^\x00-\x7f]")


def has_diacritics(text: str) -> bool:
    """Return True when `text` holds any letter beyond ASCII (then rule words are matched
    with their diacritics; else on folded keys)."""
    return _DIACRITIC.search(text) is not None
