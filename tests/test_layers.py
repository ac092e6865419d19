"""Layers that only point down: no import circle among the ``csnet`` modules, no module
importing ``csnet`` inside a function (which is how a circle hides), leaves and base modules
importing no feature (the layers of reference/developer.md). Read from the source, so it holds
for modules that are never imported in a test."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "ext" / "csnet"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
#: the layers under the features, as the developer guide lists them
LEAVES = {"csnet.bundle", "csnet.locale", "csnet.logs", "csnet.settings", "csnet.dates",
          "csnet.slugs", "csnet.frontmatter", "csnet.addresses", "csnet.outputs",
          "csnet.buildlock", "csnet.order", "csnet.yesno",
          *(name for name in MODULES if name.startswith("csnet.frontmatter."))}  # its parts
BASE = {"csnet.site", "csnet.pages", "csnet.leftout", "csnet.publication", "csnet.paths",
        "csnet.pictures", "csnet.urls",
        *(name for name in MODULES if name.startswith(("csnet.paths.", "csnet.urls.")))}  # parts


def imported(name: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The ``csnet`` modules an import statement in module ``name`` loads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "csnet"]
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    if node.level:
        base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1])
        base = f"{base}.{node.module}" if node.module else base
    else:
        base = node.module or ""
    if base.split(".")[0] != "csnet":
        return []
    # ``from . import pictures`` loads the module; ``from . import STATIC`` the package's names
    return sorted({f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                   for alias in node.names})


def imports_of(name: str) -> tuple[set[str], list[str]]:
    """The ``csnet`` modules whose code ``name`` needs when it is loaded, and its imports of
    ``csnet`` inside functions. (A package that is being loaded is already in ``sys.modules``
    when its modules import each other: only its own names, asked for, make an edge to it.
    Imports under ``if TYPE_CHECKING:`` load nothing: they name types for annotations.)"""
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    top: set[str] = set()
    inner: list[str] = []
    functions = [node for node in ast.walk(tree)
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    nested = {id(node) for function in functions for node in ast.walk(function)
              if node is not function}
    # ``if TYPE_CHECKING:`` imports give names to type hints and load nothing
    typing_only = {id(node) for branch in ast.walk(tree) if isinstance(branch, ast.If)
                   and ast.unparse(branch.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
                   for statement in branch.body for node in ast.walk(statement)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in typing_only:
            continue
        targets = imported(name, node)
        if id(node) in nested:
            inner += [f"{MODULES[name].relative_to(ROOT)}:{node.lineno}" for _ in targets[:1]]
        elif targets:
            top |= set(targets)
    return {module for module in top if module in MODULES and module != name}, inner


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle():
    graph = {name: imports_of(name)[0] for name in MODULES}
    assert cycles(graph) == [], "modules that import each other (move the shared part down)"


def test_no_csnet_import_inside_a_function():
    inner = [where for name in MODULES for where in imports_of(name)[1]]
    assert inner == [], "import at the top of the module (a circle? move the shared part down)"


def test_the_layers_name_modules_that_exist():
    """A module renamed or split leaves no name behind that the next test would skip."""
    assert sorted((LEAVES | BASE) - set(MODULES)) == []


def test_leaves_and_the_base_import_no_feature():
    below = {"leaves": (LEAVES, LEAVES), "base": (BASE, LEAVES | BASE)}
    found = [f"{name} -> {other}" for layer, allowed in below.values() for name in layer
             for other in imports_of(name)[0] if other not in allowed]
    assert found == [], "a lower layer imports a higher one (move the shared part down)"


def test_no_sub_extension_imports_the_package():
    """``csnet/__init__.py`` loads them all: only the programs above them may import it."""
    import csnet

    found = [module for name in csnet.MODULES for module in MODULES
             if (module == name or module.startswith(f"{name}."))
             and "csnet" in imports_of(module)[0]]
    assert found == []


def test_the_checks_see_a_circle_and_an_import_in_a_function():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert imports_of("csnet.reference")[0] >= {"csnet", "csnet.architecture", "csnet.logs"}
    # site.py names the features' types for its PageInfo fields, loading none of them
    assert "csnet.events" not in imports_of("csnet.site")[0]
    assert "TYPE_CHECKING" in MODULES["csnet.site"].read_text("utf-8")
