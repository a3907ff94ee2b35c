"""The layers below the GUI that hold the rules keep exact types: ``mypy --strict`` passes on them.

A wrong type in ``core`` (a date where a year was meant, a set handed on as a list) is a bug
that a test may not reach; the type checker reaches every line. The run shares mypy's
incremental cache (``.mypy_cache``) with runs by hand, so an unchanged tree is checked in
about a second.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Folders that must pass strictly. A layer joins once it is clean, and its package also goes
# into the strict override of [tool.mypy] in pyproject.toml (checked below).
STRICT = ["cchc_desktop/core", "cchc_desktop/store"]


def test_strict_layers_pass_mypy() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", "--strict", *STRICT],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "mypy --strict failed:\n" + result.stdout + result.stderr


def test_pyproject_checks_the_same_layers_strictly() -> None:
    """``uv run mypy`` by hand (and an editor) must be as strict as this test on those layers."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    strict_modules = {
        module
        for override in config.get("overrides", [])
        if override.get("disallow_untyped_defs") and override.get("disallow_any_generics")
        for module in override["module"]
    }
    missing = [p for p in STRICT if p.replace("/", ".") + ".*" not in strict_modules]
    assert not missing, f"add {missing} to the strict override of [tool.mypy] in pyproject.toml"
