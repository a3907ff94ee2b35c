"""A bare PySide6 main window: the floor of the start-up benchmark (``tests/bench_start.py``).

Run as a script, or frozen by the program's own recipe (``CCHC_FREEZE_BARE_WINDOW=1`` with
``packaging/cchc-desktop.spec``).  It prints ``frame <time.time()>`` once the window has been
drawn, as the program does (``cchc_desktop/gui/app.py``, ``report_start_times``), and quits;
the same small event filter notices the paint in both.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)  # after the whole window's drawing pass
        return False


def done() -> None:
    print("frame", repr(time.time()), flush=True)
    app.quit()


app = QApplication(sys.argv)
window = QMainWindow()
first_paint = FirstPaint(window)
window.installEventFilter(first_paint)
window.show()
app.exec()
