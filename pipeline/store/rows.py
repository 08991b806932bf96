"""Pydantic models as flat table rows and back: nested models become `field_sub` columns,
lists and dicts JSON text. Pure; the store writes what these return."""
from __future__ import annotations

import functools
import json
import types
import typing

from pydantic import BaseModel

# a table's rows as column names and one tuple per row (every row has the same columns)
Rows = tuple[tuple[str, ...], list[tuple]]


def _union_args(annotation) -> tuple:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _nested_model(annotation) -> type[BaseModel] | None:
    """Return the model class of a (possibly optional) nested-model field, else None."""
    for t in _union_args(annotation):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def _is_container(annotation) -> bool:
    return any(typing.get_origin(t) in (list, tuple, dict, set) or t in (list, tuple, dict, set)
               for t in _union_args(annotation))


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, str, tuple | None, bool], ...]:
    """Return, per field of `cls`: name, "nested" / "json" / "scalar", the nested model's
    plan, and whether a nested model may be None. Cached: flattening runs per row."""
    plan = []
    for name, field in cls.model_fields.items():
        sub = _nested_model(field.annotation)
        if sub is not None:
            plan.append((name, "nested", (sub, _plan(sub)),
                         type(None) in _union_args(field.annotation)))
        else:
            plan.append((name, "json" if _is_container(field.annotation) else "scalar",
                         None, False))
    return tuple(plan)


def flatten(cls: type[BaseModel], data: dict) -> dict:
    """Return the JSON dump `data` of a `cls` as one flat row: nested models become
    `field_sub` columns, lists and dicts become JSON text."""
    return dict(zip(flat_columns(cls), flat_values(cls, data)))


@functools.cache
def flat_columns(cls: type[BaseModel]) -> tuple[str, ...]:
    """Return the column names of the flat rows of `cls`, in field order."""
    out: list[str] = []

    def walk(prefix: str, plan) -> None:
        for name, kind, sub, _ in plan:
            if kind == "nested":
                walk(f"{prefix}{name}_", sub[1])
            else:
                out.append(prefix + name)

    walk("", _plan(cls))
    return tuple(out)


def flat_values(cls: type[BaseModel], data: dict) -> list:
    """Return the values of the flat row of `data` (a `cls` JSON dump), as `flat_columns`."""
    out: list = []
    _values_into(out, _plan(cls), data)
    return out


def _values_into(out: list, plan, data: dict) -> None:
    for name, kind, sub, _ in plan:
        value = data.get(name)
        if kind == "nested":
            _values_into(out, sub[1], value or {})
        elif kind == "json":
            out.append(None if value is None else "[]" if not value and isinstance(value, list)
                       else json.dumps(value, ensure_ascii=False))
        else:
            out.append(value)


def unflatten(cls: type[BaseModel], row: dict) -> dict:
    """Return the data of a `cls` from a flat row made by `flatten` (extra columns ignored)."""
    return _unflatten("", _plan(cls), row)


def _unflatten(prefix: str, plan, row: dict) -> dict:
    data = {}
    for name, kind, sub, optional in plan:
        key = prefix + name
        if kind == "nested":
            inner = _unflatten(key + "_", sub[1], row)
            data[name] = None if optional and all(v is None for v in inner.values()) else inner
        elif key in row:
            value = row[key]
            data[name] = json.loads(value) if kind == "json" and value is not None else value
    return data


def column_types(cls: type[BaseModel]) -> dict[str, type]:
    """Return the SQLite column types (int or str) of the flat rows of `cls`."""
    out: dict[str, type] = {}
    for name, field in cls.model_fields.items():
        sub = _nested_model(field.annotation)
        if sub is not None:
            out.update({f"{name}_{k}": t for k, t in column_types(sub).items()})
        else:
            args = [t for t in _union_args(field.annotation) if t is not type(None)]
            out[name] = int if args and all(t in (int, bool) for t in args) else str
    return out


def as_tuples(rows: list[dict]) -> Rows:
    """Return dict rows (all with the same keys) as column names plus tuples."""
    if not rows:
        return (), []
    columns = tuple(rows[0])
    return columns, [tuple(r[c] for c in columns) for r in rows]
