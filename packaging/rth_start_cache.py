"""Run-time hook of the frozen program, run before PyInstaller's own ones (the recipe names it).

PyInstaller's hook for PySide6 imports ``PySide6.QtCore`` before the program's first line
runs, so the start's cache of what Python compiles for PySide6 (``cchc_desktop.start_cache``)
is begun here, for the data folder the command line will open; the command line ends it once
the window's modules are loaded.  A start that is not the window's begins nothing.
"""


def _begin() -> None:
    import sys

    try:
        from cchc_desktop.cli import start_folder
        from cchc_desktop.start_cache import begin

        begin(start_folder(sys.argv[1:]))
    except Exception:  # a cache: whatever goes wrong here costs the start only its compiling
        pass


_begin()
