"""The layer rule: only ``gui`` may import Qt; everything else runs without PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
    import ast
    from pathlib import Path

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
