"""Test configuration: Qt runs offscreen, so the suite needs no screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.log_files import logged  # noqa: F401 - a fixture for every test module


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):
    """pytest-qt's application, with Qt's own texts in Vietnamese as in the program."""
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui import qt_vietnamese

    app = QApplication.instance() or qapp_cls(qapp_args)
    qt_vietnamese.install(app)
    return app
