"""Run-time hook of the frozen program, run before PyInstaller's own ones (the recipe names it).

PyInstaller's hook for PySide6 imports ``PySide6.QtCore`` before the program's first line
runs, so the start's cache of what Python compiles for PySide6 (``cchc_desktop.start_cache``,
the file the build wrote into the bundle) is begun here; the command line ends it once the
window's modules are loaded, or at once for anything but the window.
"""

from cchc_desktop.start_cache import begin

begin()
