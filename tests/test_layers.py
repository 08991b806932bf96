"""Imports point down the layers: faces → stages → extractors (reader, language, facts) →
places → schemas. Every import statement of every module is read, those inside functions too,
so a lazy import cannot cross a layer unseen."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("pipeline", "extractors", "schemas")

# (modules, what they may import): a module's own package is always allowed
STAGES = ("pipeline.run", "pipeline.extract", "pipeline.store", "pipeline.reconcile",
          "pipeline.review", "pipeline.export", "pipeline.read", "pipeline.schema",
          "pipeline.aggregate", "pipeline.draft", "pipeline.maps")
LAYERS = {
    "schemas": ("schemas",),
    "extractors.places": ("extractors.places", "schemas"),
    "extractors.reader": ("extractors.reader", "schemas"),
    "extractors.language": ("extractors.language", "extractors.places", "extractors.rules",
                            "schemas"),
    "extractors.facts": ("extractors.facts", "extractors.language", "extractors.places",
                         "extractors.rules", "schemas"),
    "extractors": ("extractors", "schemas"),
    "pipeline.reconcile": ("pipeline.reconcile", "extractors.places", "schemas"),
    "pipeline.web": ("pipeline.web", "pipeline.review", "schemas"),
    **{stage: (*STAGES, "extractors", "schemas") for stage in STAGES},
    "pipeline.corpus": ("pipeline.corpus", *STAGES, "extractors", "schemas"),
    "pipeline.cli": OURS,
    "pipeline": (),  # the package itself holds only its docstring
}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) of every import of our packages in the file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # "from pipeline.corpus import generate": the names may be modules themselves
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return [(line, name) for line, name in out if name.split(".")[0] in OURS]


def _layer(module: str) -> str:
    """Return the most specific layer a module belongs to."""
    found = [key for key in LAYERS if module == key or module.startswith(key + ".")]
    if not found:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in this test")
    return max(found, key=len)


def _within(name: str, allowed: tuple[str, ...]) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed)


SOURCES = sorted(p for pkg in OURS for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down_the_layers(path):
    module = _module(path)
    allowed = LAYERS[_layer(module)]
    wrong = [f"line {line}: {name}" for line, name in _imports(path)
             if not _within(name, allowed)]
    assert not wrong, f"{module} ({_layer(module)}) may import only {allowed}: {wrong}"


def test_every_layer_is_present():
    present = {_layer(_module(p)) for p in SOURCES}
    assert {"schemas", "extractors.places", "extractors.reader", "extractors.language",
            "extractors.facts", "pipeline.reconcile", "pipeline.web", "pipeline.corpus",
            "pipeline.cli"} <= present


def _module_of(name: str, modules: set[str]) -> str | None:
    """Return the module an imported name lives in ("a.b.c.X" → "a.b.c"), if one of ours."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def test_the_corpus_tools_import_each_other_without_a_circle():
    paths = {_module(p): p for p in (ROOT / "pipeline" / "corpus").glob("*.py")}
    graph = {m: {_module_of(name, set(paths)) for _, name in _imports(p)} - {None, m,
                                                                             "pipeline.corpus"}
             for m, p in paths.items()}
    done: set[str] = set()

    def visit(m: str, stack: list[str]) -> None:
        if m in stack:
            raise AssertionError(f"import circle: {' → '.join(stack[stack.index(m):] + [m])}")
        if m not in done:
            for d in sorted(graph[m]):
                visit(d, stack + [m])
            done.add(m)

    for m in sorted(graph):
        visit(m, [])
