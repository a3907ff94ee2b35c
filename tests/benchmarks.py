"""Benchmarks on a ten-year office and a province: every figure, its floor and its target.

    uv run python -m tests.benchmarks --data-dir /tmp/bench [--runs 3] [--scale both] [--quick]

``--data-dir`` holds the two offices, ``large/`` (10 plans × 40 units × 200 tasks) and
``province/`` (10 plans × 150 units × 300 tasks); either is written first if missing
(``cchc-desktop demo --scale …``).  Each run measures, for each office:

- start-up (:mod:`tests.bench_start`): the window's frame painted, and its first screen
  filled, against a bare PySide6 window started alternately in the same run; the same for the
  frozen bundle against a bare window frozen by the same recipe, on one core;
- inside the window (:mod:`tests.bench_window`, a process per office): screen visits,
  keystrokes, the assignment matrix scrolled through, dashboard, exports and returned
  workbooks against their floors, and peak memory.

With ``--runs 3`` the table of each run is printed, then the spread of the runs as the
Markdown table of the README's performance section.  Not part of the test run: a slow
machine must not fail the tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cchc_desktop.store.connection import is_current
from tests import bench_start

SCALES = {"large": "ten-year office", "province": "province"}
TARGETS = {  # how each kind of figure's target reads
    "s": lambda limit: f"≤ {limit * 1000:.0f} ms",
    "MB": lambda limit: f"≤ {limit:.0f} MB",
}


def prepare(data_dir: Path, scales: list[str]) -> dict[str, Path]:
    """The office of each scale, written first where missing."""
    offices = {}
    for scale in scales:
        folder = data_dir / scale
        if not (folder / "cchc.sqlite3").exists():
            print(f"Writing the {SCALES[scale]} into {folder} …", flush=True)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cchc_desktop", "demo", "--scale", scale,
                            "--data-dir", str(folder)], check=True)  # fmt: skip
            size = (folder / "cchc.sqlite3").stat().st_size / 1024 / 1024
            print(f"  {time.perf_counter() - start:.0f} s, {size:.0f} MB", flush=True)
        conn = sqlite3.connect(folder / "cchc.sqlite3")
        try:
            current = is_current(conn)
        finally:
            conn.close()
        if not current:  # else the first start would upgrade it, inside the figure
            raise SystemExit(f"{folder} was written by another version of the program: delete "
                             "the folder and it is written again")  # fmt: skip
        offices[scale] = folder
    return offices


def window_figures(scale: str, folder: Path, repeat: int, quick: bool) -> list[dict]:
    """The figures of :mod:`tests.bench_window`, measured in a process of their own."""
    cmd = [sys.executable, "-m", "tests.bench_window", "--data-dir", str(folder),
           "--repeat", str(repeat), *(["--quick"] if quick else [])]  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, check=True, text=True).stdout
    return [
        {**json.loads(line), "scale": scale} for line in out.splitlines() if line.startswith("{")
    ]


def ratio(f: dict) -> float | None:
    return f["value"] / f["floor"] if f.get("floor") else None


def met(f: dict) -> bool | None:
    if f.get("limit") is None:
        return None
    r = ratio(f)
    return (r if r is not None else f["value"]) <= f["limit"]


def target(f: dict) -> str:
    if f.get("limit") is None:
        return ""
    if f.get("floor"):
        return f"≤ {f['limit']:g}×"
    return TARGETS[f.get("unit", "s")](f["limit"])


def amount(value: float, unit: str = "s") -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def print_table(figures: list[dict], scales: list[str]) -> None:
    """One run: each figure with its floor and ratio, an office per column."""
    rows: dict[str, dict[str, dict]] = {}
    for f in figures:
        rows.setdefault(f["key"], {})[f["scale"]] = f
    head = f"{'Measure':<52}" + "".join(f"{SCALES[s]:>36}" for s in scales) + "  target"
    print(head)
    print(f"{'':<52}" + f"{'value      floor   ratio':>36}" * len(scales))
    misses = []
    for by_scale in rows.values():
        first = next(iter(by_scale.values()))
        cells = []
        for s in scales:
            f = by_scale.get(s)
            if f is None:
                cells.append(f"{'–':>36}")
                continue
            unit = f.get("unit", "s")
            floor = amount(f["floor"], unit) if f.get("floor") else ""
            r = f"{ratio(f):.2f}×" if ratio(f) is not None else ""
            mark = {True: " ✓", False: " ✗", None: "  "}[met(f)]
            cells.append(f"{amount(f['value'], unit):>13}{floor:>11}{r:>8}{mark:>4}")
            if met(f) is False:
                misses.append(f"{SCALES[s]}: {f['name'].strip()}")
        print(f"{first['name'][:52]:<52}" + "".join(cells) + f"  {target(first)}", flush=True)
    for f in figures:
        if f.get("note"):
            print(f"({SCALES[f['scale']]}: {f['note']})")
    print("Misses: " + ("; ".join(misses) if misses else "none"), flush=True)


def spread_table(runs: list[list[dict]], scales: list[str]) -> str:
    """The README's table: for each figure and office, the spread of the runs (value, floor
    and ratio from the lowest to the highest)."""

    def span(values: list[float], fmt) -> str:
        """``0.26–0.41 s``: the unit once, after the highest."""
        lo, hi = fmt(min(values)), fmt(max(values))
        if lo == hi:
            return lo
        lo_n, _, lo_unit = lo.partition(" ")
        hi_n, _, hi_unit = hi.partition(" ")
        if lo_unit == hi_unit:
            return f"{lo_n}–{hi}"
        return f"{lo}–{hi}"

    keys: dict[str, dict] = {}
    for f in (f for run in runs for f in run):
        keys.setdefault(f["key"], f)
    lines = ["| Measure | Target | " + " | ".join(SCALES[s].capitalize() for s in scales) + " |",
             "|---|---|" + "---|" * len(scales)]  # fmt: skip
    for key, first in keys.items():
        cells = []
        for s in scales:
            same = [f for run in runs for f in run if f["key"] == key and f["scale"] == s]
            if not same:
                cells.append("–")
                continue
            unit = first.get("unit", "s")
            text = span([f["value"] for f in same], lambda v, u=unit: amount(v, u))
            if first.get("floor"):
                text += (
                    f" (floor {span([f['floor'] for f in same], lambda v, u=unit: amount(v, u))})"
                )
                ratios = span([ratio(f) for f in same], lambda r: f"{r:.2f} ×")  # borderline shows
                text += f", {ratios.replace(' ×', '×')}"
            if any(met(f) is False for f in same):
                text += " ✗"
            cells.append(text)
        lines.append(f"| {first['name'].strip()} | {target(first)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, type=Path,
                        help="folder with large/ and province/ (written when missing)")  # fmt: skip
    parser.add_argument("--scale", choices=["both", *SCALES], default="both")
    parser.add_argument("--repeat", type=int, default=None, help="samples of each figure (5)")
    parser.add_argument("--runs", type=int, default=1, help="whole runs, then their spread")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: few samples, a short scroll, no frozen bundle")  # fmt: skip
    parser.add_argument("--no-frozen", action="store_true", help="skip the frozen bundle")
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    parser.add_argument("--only", choices=["start", "window"],
                        help="only the start-ups, or only the figures inside the window")  # fmt: skip
    args = parser.parse_args()
    scales = list(SCALES) if args.scale == "both" else [args.scale]
    repeat = args.repeat or (2 if args.quick else 5)
    offices = prepare(args.data_dir, scales)
    bench_start.compile_bytecode()
    frozen = None
    if not (args.quick or args.no_frozen or args.only == "window"):
        if importlib.util.find_spec("PyInstaller") is None:
            print("No frozen bundle: PyInstaller is not installed (uv sync --group build).")
        else:
            print("Building dist/cchc-desktop/ and the frozen bare window …", flush=True)
            frozen = bench_start.build_frozen()
    runs = []
    for run in range(args.runs):
        print(f"\nRun {run + 1} of {args.runs}", flush=True)
        copies = {s: bench_start.copy_office(folder) for s, folder in offices.items()}
        try:
            figures = []
            if args.only != "window":
                figures += bench_start.start_figures(copies, 2 * repeat, frozen)
            if args.only != "start":
                for scale, folder in copies.items():
                    figures += window_figures(scale, folder, repeat, args.quick)
        finally:
            for work in copies.values():
                shutil.rmtree(work.parent, ignore_errors=True)
        print_table(figures, scales)
        runs.append(figures)
        if args.json:
            args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.runs > 1:
        print(f"\nSpread of {args.runs} runs (the README's table):\n")
        print(spread_table(runs, scales))
    return 0


if __name__ == "__main__":
    sys.exit(main())
