"""How names of administrative units are written and keyed: kind words, fold keys.

Shared by `extractors.places.gazetteer` (loading and looking up names) and `extractors.places.names`
(finding them in running text). Keys are `extractors.places.normalize` fold keys taken syllable by
syllable through a cache, so Đăk / Đắk / Đak / Dak, case, NFC / NFD and old tone placement
meet; `name_keys` adds the key of a name typed as one word ("Kontum").
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from extractors.places.normalize import APOSTROPHES, closest, fold_syllable, tone_key

if TYPE_CHECKING:
    from extractors.places.gazetteer import Unit

# Kind words, lower-cased with their diacritics, -> the kind in canonical form. Not folded:
# "Quan Hóa", "Tịnh Biên", "Xa Loong" begin with syllables that fold like quận, tỉnh, xã.
KINDS: dict[tuple[str, ...], str] = {
    ("xã",): "xã",
    ("phường",): "phường",
    ("thị", "trấn"): "thị trấn",
    ("huyện",): "huyện",
    ("quận",): "quận",
    ("thị", "xã"): "thị xã",
    ("thành", "phố"): "thành phố",
    ("tp",): "thành phố",
    ("tx",): "thị xã",
    ("tỉnh",): "tỉnh",
    ("đặc", "khu"): "đặc khu",
}
# the same typed without diacritics, accepted only in lower case ("huyen Tu Mo Rong")
KINDS.update({tuple(fold_syllable(w) for w in k): v for k, v in list(KINDS.items())
              if any(not w.isascii() for w in k)})
ABBREVIATIONS = {("tp",), ("tx",)}  # the only kind words written with a dot: "TP. Kon Tum"
# Other names of provinces seen in reports: Huế was "tỉnh Thừa Thiên Huế" until 2025,
# Hồ Chí Minh City is mostly written "TP. HCM".
PROVINCE_ALIASES = {"Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế"), "Hồ Chí Minh": ("HCM",)}
LETTER = r"[\w\u0300-\u036f]"  # a syllable character; decomposed marks stay inside
# a syllable; an apostrophe inside it is part of it ("N'Thol", "M’gar"), as in normalize
SYLLABLE = rf"{LETTER}+(?:[{APOSTROPHES}]{LETTER}+)*"
_TOKEN = re.compile(SYLLABLE)
_PARTS = re.compile(LETTER + "+")


@functools.lru_cache(maxsize=65536)
def fold_key(syllable: str) -> str:
    """Return `fold_syllable(syllable)`; a number without its leading zeros ("Phường 03")."""
    if syllable.isdecimal():
        return str(int(syllable))
    return fold_syllable(syllable)


@functools.lru_cache(maxsize=4096)
def lower_word(word: str) -> str:
    """Return a word lower-cased in NFC (how kind words are compared).

    A capitalised word without diacritics is kept as written, so it is never taken for
    a kind word typed without its marks ("Quan" of "Quan Hóa" is not "quận")."""
    if word.isascii() and not word.islower() and (word.lower(),) not in ABBREVIATIONS:
        return word
    return unicodedata.normalize("NFC", word.lower())


@functools.lru_cache(maxsize=65536)
def _plain(syllable: str) -> str:
    """Return the syllable folded like `fold_syllable` but keeping a final k."""
    key = fold_key(syllable)
    return key[:-1] + "k" if key.endswith("c") and syllable[-1] in "kK" else key


def split_kind(written: str) -> tuple[str, str]:
    """Return (canonical kind, name) of "Huyện Tu Mơ Rông"; kind "" when none leads."""
    words = written.split(None, 2)
    if len(words) == 3 and (lower_word(words[0]), lower_word(words[1])) in KINDS:
        return KINDS[lower_word(words[0]), lower_word(words[1])], words[2]
    if len(words) >= 2 and (lower_word(words[0]),) in KINDS:
        return KINDS[lower_word(words[0]),], written.split(None, 1)[1].strip()
    return "", written.strip()


def fold_name(name: str) -> str:
    """Return `normalize.fold(name)` through the per-syllable cache (same keys, faster)."""
    return " ".join(fold_key(w) for w in _TOKEN.findall(name))


def name_keys(name: str) -> list[str]:
    """Return the fold keys a name is found under: syllables, and all joined for 2+."""
    words = _TOKEN.findall(name)
    keys = [" ".join(fold_key(w) for w in words)]
    parts = [p for w in words for p in _PARTS.findall(w)]
    if len(parts) > len(words):  # "N'Thol Hạ" typed "N Thol Hạ": its parts as syllables
        keys.append(" ".join(fold_key(p) for p in parts))
    if len(words) > 1:
        # as fold_syllable would fold the name typed as one word: final k -> c only
        joined = "".join(_plain(w) for w in words)
        keys.append(joined[:-1] + "c" if joined.endswith("k") else joined)
    return keys


def name_heads(index: dict[str, object]) -> dict[str, int]:
    """Return first syllable -> the most syllables of a name starting with it."""
    heads: dict[str, int] = {}
    for k in index:
        first, n = k.split(" ", 1)[0], k.count(" ") + 1
        heads[first] = max(heads.get(first, 0), n)
    return heads


def narrow(written: str, units: list[Unit] | tuple[Unit, ...]) -> list[Unit]:
    """Return the units `written` denotes among units found under its fold key.

    A district and its communes are one group. Within a group a vowel tells units apart
    ("Ba Tô" is xã Ba Tô, not thị trấn or huyện Ba Tơ: `normalize.tone_key`), and among its
    communes the spelling does (`normalize.closest`: xã Thiệu Hòa is not xã Thiệu Hóa); a
    tone alone does not part a district from its commune (huyện Đắk Tô, thị trấn Đăk Tô).
    A group keeps all its units when nothing is closer (a joined key: "Kontum"). Units of
    different groups are never compared: one name spelled one way in a district and
    another way elsewhere is data, not a difference.
    """
    groups: dict[str, list[Unit]] = {}
    for u in units:
        group = u.code.rsplit("/", 1)[0] if u.level == "commune" else u.code
        groups.setdefault(group, []).append(u)
    if len(groups) == len(units):
        return list(units)
    want = tone_key(written)
    keep: set[Unit] = set()
    for group in groups.values():
        group = [u for u in group if tone_key(u.name) == want] or group
        communes = [u for u in group if u.level == "commune"]
        keep.update(u for u in group if u.level != "commune")
        keep.update(closest(written, communes, _unit_name) or communes)
    return [u for u in units if u in keep]


def _unit_name(unit: Unit) -> str:
    return unit.name
