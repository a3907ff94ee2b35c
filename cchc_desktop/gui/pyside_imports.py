"""PySide6's check of every module imported after it, made to read files instead of parsing them.

Once ``PySide6.QtCore`` is loaded, shiboken replaces Python's import and, for each module
imported from then on, asks whether the module's source mentions "PySide6" (so that
``from __feature__ import snake_case`` only reaches modules that use Qt).  It asks through
``inspect.getsource``, which for each module scans all of ``sys.modules`` and splits the file
into cached lines: some 80 modules at our start cost 22–24 ms, a tenth of what a bare PySide6
window takes to appear (about 6 ms with the reading below).

:func:`quicken` keeps the question and its answer and changes only the reading: the module's
``.py`` file is read as bytes and searched for ``b"PySide6"`` (the same answer for any
ASCII-compatible source encoding).  Anything else (built-in, extension or frozen modules) is
still asked the original way.  A test compares both answers for every loaded module.

It touches a private function of shiboken's support package; if a PySide6 release renames it,
:func:`quicken` does nothing and the program only starts as slowly as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def quicken() -> bool:
    """Install the faster check; True when it is (now or already) in place."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if original is None:
        return False
    if getattr(original, "_cchc_original", None) is not None:
        return True

    def uses_pyside(module: ModuleType) -> bool:
        return reads_pyside(module, original)

    uses_pyside._cchc_original = original  # type: ignore[attr-defined]
    setattr(feature, _CHECK, uses_pyside)
    return True


def reads_pyside(module: ModuleType, original: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source mentions PySide6, reading a ``.py`` file as bytes."""
    origin = getattr(getattr(module, "__spec__", None), "origin", None)
    if isinstance(origin, str) and origin.endswith(".py"):
        try:
            with open(origin, "rb") as fh:
                return b"PySide6" in fh.read()
        except OSError:
            pass  # a module in an archive (zip, frozen bundle): its loader may still have it
    return original(module)
