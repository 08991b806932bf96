"""Places: the administrative units (the gazetteer shipped in underthesea) and the keys names
are matched by. This is the one interface the extractors and the reconciler use; the modules
behind it (`gazetteer`, `keys`, `names`, `scan`, `normalize`) are its own.

Keys: `nfc` is the only form kept inside; `exact_key`, `tone_key` and `fold` compare names
strictest first, `closest` picks among candidates by the strictest key that matches."""
from extractors.places.gazetteer import (
                                         AmbiguousName,
                                         Capitals,
                                         Gazetteer,
                                         Unit,
                                         gazetteer,
)
from extractors.places.keys import split_kind
from extractors.places.normalize import (
                                         APOSTROPHES,
                                         closest,
                                         exact_key,
                                         fold,
                                         fold_syllable,
                                         nfc,
                                         tone_key,
)

__all__ = ["APOSTROPHES", "AmbiguousName", "Capitals", "Gazetteer", "Unit", "closest",
           "exact_key", "fold", "fold_syllable", "gazetteer", "nfc", "split_kind", "tone_key"]
