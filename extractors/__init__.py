"""Readers and fact extractors. Heavy NLP libraries are imported lazily, on first use.

`REGISTRY` names each stage of a document's extraction and the function doing it, as
"module:function" strings, so importing `extractors` costs nothing; `load(name)` imports one.
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable

REGISTRY: dict[str, str] = {
    "reader": "extractors.reader:read_document",
    "metadata": "extractors.metadata:extract_metadata",
    "counts": "extractors.counts:extract_counts",
    "references": "extractors.references:extract_references",
    "units": "extractors.units:extract_units",
    "dates": "extractors.dates:extract_dates",
    "gazetteer": "extractors.gazetteer:gazetteer",
}


def load(name: str) -> Callable:
    """Return the function registered under `name` (KeyError for an unknown name)."""
    module, _, attr = REGISTRY[name].partition(":")
    return getattr(import_module(module), attr)
