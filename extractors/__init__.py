"""Readers and fact extractors. Heavy NLP libraries are imported lazily, on first use.

`REGISTRY` names each stage of a document's extraction and the function doing it, as
"module:function" strings, so importing `extractors` costs nothing; `load(name)` imports one.
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable

REGISTRY: dict[str, str] = {
    "reader": "extractors.reader:read_document",
    "metadata": "extractors.facts.metadata:extract_metadata",
    "counts": "extractors.facts.counts:extract_counts",
    "references": "extractors.facts.references:extract_references",
    "units": "extractors.facts.units:extract_units",
    "dates": "extractors.facts.dates:extract_dates",
    "readings": "extractors.facts.readings:extract_readings",
    "gazetteer": "extractors.places:gazetteer",
}


def load(name: str) -> Callable:
    """Return the function registered under `name` (KeyError for an unknown name)."""
    module, _, attr = REGISTRY[name].partition(":")
    return getattr(import_module(module), attr)
