"""Places: the administrative units (the gazetteer shipped in underthesea) and the keys names
are matched by. This is the one interface the extractors and the reconciler use; the modules
behind it (`gazetteer`, `transition`, `keys`, `names`, `scan`, `normalize`) are its own.

Maps: `gazetteer("old")` is the map before 1 July 2025 (province, district, commune),
`gazetteer("new")` the map from then on (province, commune); `map_of(year, half)` says which
a reporting period uses, `transition()` how the former communes became today's.

Keys: `nfc` is the only form kept inside; `exact_key`, `tone_key` and `fold` compare names
strictest first, `closest` picks among candidates by the strictest key that matches."""
from extractors.places.gazetteer import (
                                         MAP_CHANGE,
                                         MAPS,
                                         AmbiguousName,
                                         Capitals,
                                         Gazetteer,
                                         Unit,
                                         gazetteer,
                                         map_of,
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
from extractors.places.transition import Succession, Transition, transition

__all__ = ["APOSTROPHES", "MAPS", "MAP_CHANGE", "AmbiguousName", "Capitals", "Gazetteer",
           "Succession", "Transition", "Unit", "closest", "exact_key", "fold", "fold_syllable",
           "gazetteer", "map_of", "nfc", "split_kind", "tone_key", "transition"]
