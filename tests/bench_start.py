"""Start-up as users meet it, for :mod:`tests.benchmarks`: from launch to the picture.

Three kinds of start alternate in one run, so that a shared machine's drifting load tilts none
of the ratios: (a) a bare PySide6 window, the floor; (b)/(c) the program, which reports when
its window's frame was first painted and when its first screen was filled, painted and ready
for the user (``CCHC_EXIT_WHEN_SHOWN``, :func:`cchc_desktop.gui.app.report_start_times`);
and a yardstick, the bare window given the program's frame in plain PySide6.  Every child
prints ``time.time()`` from inside the paint that counts (after the whole window's drawing
pass), and the figure is that time less the moment just before the child was launched: wall
time from launch to the drawn picture, with the interpreter's or bundle's start included.

The frozen program (``dist/cchc-desktop/``) is compared with a bare window frozen by the same
PyInstaller recipe (``packaging/cchc-desktop.spec`` with ``CCHC_FREEZE_BARE_WINDOW``), both
on one core (``taskset -c 0``), because that is how offices start it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_SCRIPT = ROOT / "packaging" / "bare_window.py"

# Not a floor, a yardstick: the bare window given the program's frame (the sidebar's eight
# titles, a toolbar with the plan list and the search box, a status line and one line of
# Vietnamese text), still in bare PySide6, with no data and none of the program's modules.
FRAME_ONLY = """
import sys, time
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QMainWindow, QToolBar, QWidget)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print("frame", repr(time.time()), flush=True)
    app.quit()

app = QApplication(sys.argv)
w = QMainWindow()
nav = QListWidget()
nav.addItems(["Tổng quan", "Kế hoạch", "Danh mục nhiệm vụ", "Giao việc", "Theo đơn vị",
              "Báo cáo", "Đơn vị", "Cài đặt"])
nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
central = QWidget()
row = QHBoxLayout(central)
row.addWidget(nav)
row.addWidget(QLabel("Tổng quan — Quý IV năm 2026: 1.234 lần thực hiện, 87,5% hoàn thành"), 1,
              Qt.AlignmentFlag.AlignTop)
w.setCentralWidget(central)
bar = QToolBar("Thanh công cụ")
w.addToolBar(bar)
bar.addAction("Hoàn tác")
bar.addAction("Làm lại")
plans = QComboBox()
plans.addItem("2026: Kế hoạch tuyên truyền cải cách hành chính — 25/KH-UBND")
bar.addWidget(plans)
bar.addWidget(QLineEdit(placeholderText="Tìm kiếm (Ctrl+K)…"))
w.statusBar().showMessage("UBND huyện — Phòng Nội vụ")
w.resize(1366, 800)
f = FirstPaint(w)
w.installEventFilter(f)
w.show()
app.exec()
"""


@dataclass
class Start:
    """One start: seconds from launch to each event the child reported."""

    events: dict[str, float]


def launch(cmd: list[str], env: dict[str, str], wanted: tuple[str, ...]) -> Start:
    """Run ``cmd`` and read the ``<event> <time.time()>`` lines it prints until it exits.

    A start that fails is said on stderr and made once more (a long run is not lost to one
    crash, and the crash is not hidden either); a second failure ends the run."""
    try:
        return _launch(cmd, env, wanted)
    except StartFailed as exc:
        print(f"warning: {exc}\n(started again)", file=sys.stderr, flush=True)
        return _launch(cmd, env, wanted)


class StartFailed(SystemExit):
    """A start that crashed or did not report its moments."""


def _launch(cmd: list[str], env: dict[str, str], wanted: tuple[str, ...]) -> Start:
    begin = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise StartFailed(f"start of {cmd[:3]} did not finish in 120 s") from None
    events = {}
    for line in out.decode(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in wanted:
            events[parts[0]] = float(parts[1]) - begin
    if proc.returncode != 0 or set(events) != set(wanted):
        tail = err.decode(errors="replace")[-2000:]
        raise StartFailed(
            f"start of {cmd[:3]} failed (exit {proc.returncode}, saw {sorted(events)}):\n{tail}"
        )
    return Start(events)


def compile_bytecode() -> None:
    """Compile the program's and its libraries' bytecode, as an installed program has it
    (machines that set PYTHONDONTWRITEBYTECODE would otherwise recompile at every start)."""
    import compileall

    compileall.compile_dir(ROOT / "cchc_desktop", quiet=2)
    for site in {Path(p) for p in sys.path if p.endswith("site-packages")}:
        compileall.compile_dir(site, quiet=2, workers=0)
    # and what a start compiles for PySide6 (cchc_desktop.start_cache), kept the same way
    subprocess.run([sys.executable, "-m", "cchc_desktop.start_cache"], check=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip


def copy_office(folder: Path) -> Path:
    """A copy of ``folder`` for starts to open (a start writes the session's user, a lock)."""
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-")) / "office"
    shutil.copytree(folder, work)
    return work


def start_figures(copies: dict[str, Path], rounds: int, frozen: dict[str, Path] | None,
                  yardstick: bool = True) -> list[dict]:  # fmt: skip
    """Figures (see :mod:`tests.benchmarks`) of every kind of start, for each office (each a
    copy: a start writes to its folder).

    ``frozen``, when given, names the frozen program and the frozen bare window
    (``{"program": …, "bare": …}``); their starts run on one core.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_EXIT_WHEN_SHOWN": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    figures = _series(
        "start", "", rounds, env, copies, [sys.executable, str(BARE_SCRIPT)],
        [sys.executable, "-m", "cchc_desktop"],
        [sys.executable, "-c", FRAME_ONLY] if yardstick else None,
    )  # fmt: skip
    if frozen:
        one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        figures += _series(
            "frozen", ", frozen, one core", rounds, env, copies,
            [*one_core, str(frozen["bare"])], [*one_core, str(frozen["program"])], None,
        )  # fmt: skip
    return figures


def _series(key: str, label: str, rounds: int, env: dict[str, str], copies: dict[str, Path],
            bare: list[str], program: list[str], yardstick: list[str] | None) -> list[dict]:  # fmt: skip
    runs: dict[str, list[Start]] = {"bare": [], "yardstick": []}
    for scale in copies:
        runs[scale] = []
    for _ in range(rounds):  # bare, each office, the yardstick: in turn, round after round
        runs["bare"].append(launch(bare, env, ("frame",)))
        for scale, work in copies.items():
            runs[scale].append(
                launch([*program, "--data-dir", str(work)], env, ("frame", "filled"))
            )
        if yardstick:
            runs["yardstick"].append(launch(yardstick, env, ("frame",)))

    def median(which: str, event: str) -> float:
        return statistics.median(s.events[event] for s in runs[which])

    floor = median("bare", "frame")
    figures = []
    for scale in copies:
        figures.append(dict(key=f"{key}.frame", scale=scale, floor=floor, limit=1.5,
                            name=f"start{label}: window's frame painted", value=median(scale, "frame")))  # fmt: skip
        figures.append(dict(key=f"{key}.filled", scale=scale, floor=floor, limit=2.5,
                            name=f"start{label}: first screen filled", value=median(scale, "filled")))  # fmt: skip
    if yardstick:
        for scale in copies:  # the same for every office: no data; shown in each column
            figures.append(dict(key=f"{key}.yardstick", scale=scale, floor=floor, limit=None,
                                name="  yardstick: bare PySide6 with the frame only",
                                value=median("yardstick", "frame")))  # fmt: skip
    return figures


def build_frozen(bare_only: bool = False) -> dict[str, Path]:
    """Build ``dist/cchc-desktop/`` (``packaging/build.py``) and a frozen bare window by the
    same recipe into a temporary folder; the two executables."""
    exe = ".exe" if sys.platform == "win32" else ""
    if not bare_only:
        _quietly([sys.executable, str(ROOT / "packaging" / "build.py")])
    work = Path(tempfile.mkdtemp(prefix="cchc-bare-"))
    _quietly(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(work / "dist"),
         "--workpath", str(work / "build"), str(ROOT / "packaging" / "cchc-desktop.spec")],
        {**os.environ, "CCHC_FREEZE_BARE_WINDOW": "1"},
    )  # fmt: skip
    return {
        "program": ROOT / "dist" / "cchc-desktop" / f"cchc-desktop{exe}",
        "bare": work / "dist" / "bare-window" / f"bare-window{exe}",
    }


def _quietly(cmd: list[str], env: dict[str, str] | None = None) -> None:
    """Run a build; its log is shown only if it fails."""
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed:\n{out.stdout[-4000:]}")
