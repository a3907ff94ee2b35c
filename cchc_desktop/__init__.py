"""CCHC Desktop: the administrative-reform communication plan of an office, kept offline.

Layers depend downward only: ``core`` (pure rules) <- ``store`` (SQLite) <- ``reports`` /
``exchange`` <- ``gui`` (the only place PySide6 is imported).
"""

__version__ = "0.1.0"
