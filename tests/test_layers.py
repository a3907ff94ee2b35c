"""The layer rules: only ``gui`` may import Qt; only ``store`` runs SQL; imports go downward,
and the store's own modules import one another without a cycle."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import cchc_desktop

NON_GUI = ["core", "store", "reports", "exchange"]


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(cchc_desktop.__path__, "cchc_desktop."):
        if ".gui" in info.name:
            continue
        names.append(info.name)
    return names


def test_everything_but_gui_imports_without_pyside6() -> None:
    modules = _modules()
    assert any(m.startswith("cchc_desktop.core.") for m in modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    if name.endswith('__main__'):\n"
        "        continue\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
        "print('ok', len(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_layers_only_depend_downward() -> None:
    """core imports nothing of ours above it; store not reports/exchange/gui; and so on."""
    order = {"core": 0, "store": 1, "reports": 2, "exchange": 3, "gui": 4}

    root = Path(cchc_desktop.__file__).parent
    for layer, rank in order.items():
        for path in (root / layer).rglob("*.py"):
            if "forms" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module
                    and node.module.startswith("cchc_desktop.")
                ):
                    target = node.module.split(".")[1]
                    if target in order:
                        assert order[target] <= rank or target == layer, (
                            f"{path.relative_to(root)} imports {node.module}"
                        )


# -- SQL only in the store ---------------------------------------------------------------------
ROOT = Path(cchc_desktop.__file__).parent
STORE = ROOT / "store"

# SQL written in a string literal: the statements this program runs, in either case.
_SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\S+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bPRAGMA\s+\w|\bCREATE\s+(?:VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b",
    re.IGNORECASE,
)
# Reaching past the store's methods to its connection, or running SQL on anything.
_SQL_ATTRIBUTES = {"execute", "executescript", "executemany", "db", "conn"}
_SQL_MODULES = {"sqlite3", "sqlite_utils"}
KNOWN_SQL_OUTSIDE_STORE: set[str] = (
    set()
)  # none: the benchmark offices write through store/bulk_load


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes: a docstring naming ``PRAGMA quick_check`` runs no SQL."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sql_outside_store(root: Path) -> list[str]:
    """``file:line: what`` for every SQL statement, connection use or SQLite import found in
    the package at ``root`` outside ``store/`` (and the generated ``gui/forms``)."""
    found: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "store" or rel.parts[:2] == ("gui", "forms"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            text = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = None if id(node) in docs else node.value
            elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined
                text = "".join(
                    v.value if isinstance(v, ast.Constant) else "{}" for v in node.values
                )
            what = None
            if text and _SQL.search(text):
                what = f"SQL {' '.join(text.split())[:60]!r}"
            elif isinstance(node, ast.Attribute) and node.attr in _SQL_ATTRIBUTES:
                what = f"uses {ast.unparse(node)}"
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                if any(n.split(".")[0] in _SQL_MODULES for n in names):
                    what = f"imports {', '.join(names)}"
            if what:
                found.append((rel.as_posix(), node.lineno, what))
    return [f"{file}:{line}: {what}" for file, line, what in sorted(found)]


def test_sql_runs_only_in_the_store() -> None:
    """Callers get records from the store's rooms, never SQL or the connection itself."""
    found = sql_outside_store(ROOT)
    unexpected = [f for f in found if f.split(":")[0] not in KNOWN_SQL_OUTSIDE_STORE]
    assert not unexpected, "\n".join(unexpected)


def test_the_sql_finder_finds_sql() -> None:
    """The check above would see SQL, a connection or SQLite if they came back."""
    tmp = Path(__file__).parent / "data" / "layers_probe"
    found = sql_outside_store(tmp)
    assert sorted({f.split(": ", 1)[0] for f in found}) == [
        "exchange/probe.py:11", "exchange/probe.py:12", "exchange/probe.py:7",
        "exchange/probe.py:9", "reports/probe.py:3",
    ], found  # fmt: skip


# -- the store's own imports -----------------------------------------------------------------
def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the imports under ``if TYPE_CHECKING:`` (never run, so never a cycle)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def store_imports(folder: Path = STORE) -> dict[str, set[str]]:
    """``{module: store modules it imports}`` for every module of ``store/``: at the top and
    inside functions alike, leaving out what only type checking imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.py")):
        name = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "cchc_desktop.store":  # from cchc_desktop.store import backup
                    targets |= {a.name for a in node.names}
                elif node.module.startswith("cchc_desktop.store."):
                    targets.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                targets |= {a.name.split(".")[2] for a in node.names
                            if a.name.startswith("cchc_desktop.store.")}  # fmt: skip
        graph[name] = targets - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_store_imports_have_no_cycle() -> None:
    """Every store module can be read, and loaded, below the ones that use it."""
    graph = store_imports()
    assert {"store", "schema", "database"} <= set(graph)
    cycle = _cycle(graph)
    assert cycle is None, " → ".join(cycle or [])


def test_a_cycle_would_be_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _rooms() -> set[str]:
    """The house and the modules holding its rooms (a class built on ``Room``)."""
    out = {"store", "room"}
    for path in STORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(ast.unparse(b) == "Room" for b in node.bases):
                out.add(path.stem)
    return out


def test_migrations_never_import_the_live_store() -> None:
    """A migration is frozen code: it must read the same tomorrow whatever the store becomes,
    so nothing the schema loads (directly or through other modules) is the house or a room."""
    graph = store_imports()
    rooms = _rooms()
    reached, todo = set(), ["schema"]
    while todo:
        for nxt in graph[todo.pop()] - reached:
            reached.add(nxt)
            todo.append(nxt)
    assert not reached & rooms, sorted(reached & rooms)
    assert {"org", "catalogue", "tracking", "results", "imports"} <= rooms  # the check sees them
