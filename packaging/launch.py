"""Entry script of the frozen program (PyInstaller needs a file, not a console_scripts entry)."""

import sys

from cchc_desktop.cli import main

sys.exit(main())
