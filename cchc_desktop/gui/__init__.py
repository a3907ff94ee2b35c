"""gui layer: the only place Qt is imported.

Importing it loads ``PySide6.QtCore`` first and quickens PySide6's check of every later
import (:mod:`cchc_desktop.gui.pyside_imports`), before any other Qt or program module loads.
"""

import PySide6.QtCore  # noqa: F401  (installs shiboken's import hook, quickened below)

from cchc_desktop.gui.pyside_imports import quicken

quicken()
