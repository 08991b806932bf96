"""JSON Schemas of the models at the program's edges (`baocao schema`)."""
from __future__ import annotations

from schemas.flags import Decision, Flag
from schemas.record import Record
from schemas.source import Document

_MODELS = {"record": Record, "flag": Flag, "decision": Decision, "document": Document}


def json_schemas(name: str) -> dict:
    """Return the JSON Schema of one model, or of all of them keyed by name."""
    if name == "all":
        return {k: m.model_json_schema() for k, m in _MODELS.items()}
    return _MODELS[name].model_json_schema()
