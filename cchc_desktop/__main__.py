"""``python -m cchc_desktop`` runs the program like the ``cchc-desktop`` command."""

import sys

from cchc_desktop.cli import main

sys.exit(main())
