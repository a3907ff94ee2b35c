"""The start's cache of what Python compiles afresh for PySide6 (``cchc_desktop.start_cache``).

The rule it must keep: what a start takes from the cache is exactly what compiling would have
given (the same code objects, the same patterns), only not compiled again; and anything
wrong with the cache costs a start nothing but the compiling.
"""

from __future__ import annotations

import builtins
import os
import re
import subprocess
import sys
import threading
import uuid
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop import start_cache
from cchc_desktop.start_cache import SUPPORT_PREFIX, default_path, kept, load

FAKE = SUPPORT_PREFIX + "fake_module.py"
CACHE = "start.bin"


class Counting:
    """Wraps a compiler and counts its calls by name (the cache's hooks call it to compile)."""

    def __init__(self, fn) -> None:
        self.fn, self.calls = fn, []

    def __call__(self, *args, **kwargs):
        self.calls.append(args[1] if len(args) > 1 and isinstance(args[1], str) else args[0])
        return self.fn(*args, **kwargs)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> tuple[Counting, Counting]:
    """builtins.compile and re's compiler, counted (installed before the cache's hooks, which
    call them whenever something must really be compiled)."""
    code = Counting(builtins.compile)
    patterns = Counting(re._compiler.compile)
    monkeypatch.setattr(builtins, "compile", code)
    monkeypatch.setattr(re._compiler, "compile", patterns)
    return code, patterns


def unique_pattern() -> str:
    return rf"(?P<so>\d+)/(KH|QĐ)-UBND-{uuid.uuid4().hex}"


def test_support_code_and_patterns_are_compiled_once_then_taken_from_the_cache(
    tmp_path: Path, counting: tuple[Counting, Counting]
) -> None:
    code, patterns = counting
    source = b"x = 41 + 1\n"
    text = unique_pattern()
    with kept(tmp_path / CACHE, write=True):
        first = compile(source, FAKE, "exec")
        first_pattern = re.compile(text)
    assert code.calls.count(FAKE) == 1 and patterns.calls.count(text) == 1
    saved = (tmp_path / CACHE).read_bytes()

    re.purge()  # re's own cache lives in the process; a new start has none
    with kept(tmp_path / CACHE, write=True):
        again = compile(source, FAKE, "exec")
        pattern = re.compile(text)
    assert code.calls.count(FAKE) == 1 and patterns.calls.count(text) == 1  # not compiled again
    assert again == first and pattern == first_pattern
    namespace: dict[str, object] = {}
    exec(again, namespace)
    assert namespace["x"] == 42
    assert pattern.match("25/KH-UBND-" + text.rsplit("-", 1)[1]).group("so") == "25"
    assert (tmp_path / CACHE).read_bytes() == saved  # nothing new: not written again


def test_only_the_support_package_s_code_is_kept(tmp_path: Path) -> None:
    with kept(tmp_path / CACHE, write=True):
        compile(b"y = 1\n", "cchc_desktop/anything.py", "exec")
        compile(b"z = 1\n", FAKE, "exec", dont_inherit=True)  # not the importer's call
        compile("w = 1\n", FAKE, "exec")  # text, not the importer's bytes
        compile(b"1 + 1", FAKE, "eval")
    assert not (tmp_path / CACHE).exists()


def test_the_hooks_are_gone_after_the_block_even_when_it_fails(tmp_path: Path) -> None:
    before = (builtins.compile, re._compiler.compile, re._compiler._sre.compile)
    with pytest.raises(RuntimeError), kept(tmp_path / CACHE, write=True):
        assert builtins.compile is not before[0]
        compile(b"x = 1\n", FAKE, "exec")
        raise RuntimeError("the import failed")
    assert (builtins.compile, re._compiler.compile, re._compiler._sre.compile) == before
    assert load(tmp_path / CACHE)[0]  # what was compiled before the failure is kept


def test_a_start_told_not_to_write_bytecode_reads_the_cache_but_never_writes_it(
    tmp_path: Path, counting: tuple[Counting, Counting]
) -> None:
    code, _patterns = counting
    with kept(tmp_path / CACHE, write=False):
        compile(b"x = 1\n", FAKE, "exec")
    assert not (tmp_path / CACHE).exists()
    with kept(tmp_path / CACHE, write=True):
        compile(b"x = 1\n", FAKE, "exec")
    with kept(tmp_path / CACHE, write=False):
        compile(b"x = 1\n", FAKE, "exec")
    assert code.calls.count(FAKE) == 2  # the third block took it from the cache


def test_the_cache_lives_with_the_program_never_in_a_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A data folder may come from another computer: code is never taken from data."""
    package = Path(start_cache.__file__).resolve().parent
    assert default_path().parent == package / "__pycache__"
    assert sys.implementation.cache_tag in default_path().name
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert default_path() == tmp_path / "_internal" / start_cache.CACHE_FILE
    assert not start_cache.may_write()  # the build wrote it; the program only reads it
    monkeypatch.setattr(sys, "frozen", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not start_cache.may_write()  # as Python's own .pyc files
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert start_cache.may_write()


def test_patterns_compiled_on_other_threads_are_left_alone(
    tmp_path: Path, counting: tuple[Counting, Counting]
) -> None:
    """The frame's reader runs beside the start: only the starting thread's patterns count."""
    text = unique_pattern()
    found = []
    with kept(tmp_path / CACHE, write=True):
        worker = threading.Thread(target=lambda: found.append(re.compile(text)))
        worker.start()
        worker.join()
    assert found[0].pattern == text
    assert not (tmp_path / CACHE).exists() or not load(tmp_path / CACHE)[1]


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "flipped", "other python", "not a dict", "older layout", "empty"],
)
def test_a_damaged_or_foreign_cache_is_compiled_afresh_and_replaced(
    tmp_path: Path, counting: tuple[Counting, Counting], damage: str
) -> None:
    code, patterns = counting
    text = unique_pattern()
    with kept(tmp_path / CACHE, write=True):
        compile(b"x = 1\n", FAKE, "exec")
        re.compile(text)
    path = tmp_path / CACHE
    good = path.read_bytes()
    data = good[4:]
    import marshal

    if damage == "garbage":
        path.write_bytes(os.urandom(len(good)))
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "flipped":  # one byte changed on the disk: the CRC no longer matches
        middle = len(good) // 2
        path.write_bytes(good[:middle] + bytes([good[middle] ^ 0xFF]) + good[middle + 1 :])
    else:
        stamp, codes, kept_patterns, generated = marshal.loads(data)
        if damage == "other python":
            content = marshal.dumps(((stamp[0] + 1, stamp[1]), codes, kept_patterns, generated))
        elif damage == "not a dict":
            content = marshal.dumps((stamp, [1, 2], kept_patterns, generated))
        elif damage == "older layout":  # a cache written before generated code was kept
            content = marshal.dumps((stamp, codes, kept_patterns))
        else:
            content = b""
        path.write_bytes(zlib.crc32(content).to_bytes(4, "little") + content)
    assert load(path) == ({}, {}, {})
    re.purge()
    with kept(tmp_path / CACHE, write=True):
        assert compile(b"x = 1\n", FAKE, "exec") is not None
        assert re.compile(text).pattern == text
    assert code.calls.count(FAKE) == 2 and patterns.calls.count(text) == 2  # compiled again
    assert load(path) != ({}, {}, {})  # and a good cache written in its place


def test_a_folder_that_cannot_be_written_costs_only_the_compiling(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be")
    with kept(tmp_path / CACHE, write=True):
        code = compile(b"x = 1\n", FAKE, "exec")
    assert code is not None
    assert (tmp_path / "cache").read_text() == "a file where the folder should be"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# Patterns of the kinds programs compile: Vietnamese letters, classes, named groups,
# alternatives, repeats, anchors and look-arounds, as text or bytes, with various flags.
PIECES = st.sampled_from([
    "a", "Đ", "ư", "số", r"\d", r"\w+", r"\s*", "[a-zà-ỹ]", "[^/]", ".", "(?:KH|QĐ)",
    r"\b", "^", "$", "(?=-)", "(?<!x)", "(?P<n>[0-9]{1,3})", "(x|y)?", "-?",
])  # fmt: skip
FLAGS = st.sampled_from([0, re.IGNORECASE, re.MULTILINE, re.DOTALL, re.IGNORECASE | re.MULTILINE])


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(PIECES, min_size=1, max_size=8), flags=FLAGS,
       as_bytes=st.booleans(), text=st.text(alphabet="aĐưsố0123-/KHQ x", max_size=30))  # fmt: skip
def test_a_pattern_from_the_cache_is_the_pattern_compiling_gives(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str], flags: int, as_bytes: bool,
    text: str,
) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("cache") / CACHE
    source: str | bytes = "".join(pieces) + f"(?#{uuid.uuid4().hex})"
    if as_bytes:
        try:
            source = source.encode("ascii")
        except UnicodeEncodeError:
            source = source.encode("utf-8").replace(b"\\w", b"w")
            if flags & re.IGNORECASE:  # bytes patterns: ASCII case folding only
                flags &= ~re.IGNORECASE
    try:
        fresh = re.compile(source, flags)
    except re.error:
        return  # not a pattern (a look-behind of varying width, a dangling repeat…)
    re.purge()
    with kept(path, write=True):
        re.compile(source, flags)
    re.purge()
    with kept(path, write=True):
        cached = re.compile(source, flags)
    assert load(path)[1]  # it was kept, and taken from the cache just now
    subject: str | bytes = text.encode("utf-8") if as_bytes else text
    assert cached == fresh
    assert cached.groupindex == fresh.groupindex and cached.groups == fresh.groups
    assert cached.findall(subject) == fresh.findall(subject)
    assert [m.span() for m in cached.finditer(subject)] == [
        m.span() for m in fresh.finditer(subject)
    ]


def start(folder: Path) -> subprocess.CompletedProcess[str]:
    """The program started on ``folder`` as a user starts it, closed once its first screen is
    filled (the benchmark's switch); allowed to write bytecode, as an installed program is."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_EXIT_WHEN_SHOWN": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        [sys.executable, "-m", "cchc_desktop", "--data-dir", str(folder)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


@pytest.fixture
def office(tmp_path: Path) -> Path:
    from datetime import date

    from cchc_desktop.demo import write_demo

    write_demo(tmp_path / "office", 2023, today=date(2023, 11, 24))
    return tmp_path / "office"


def test_a_start_keeps_pyside6_s_compiled_code_and_the_next_start_uses_it(
    office: Path,
) -> None:
    path = default_path()
    path.unlink(missing_ok=True)
    first = start(office)
    assert first.returncode == 0, first.stderr
    codes, patterns, generated = load(path)
    # shiboken's support package and its long patterns, compiled by this first start
    assert len(codes) >= 10 and all(key[0].startswith(SUPPORT_PREFIX) for key in codes)
    assert any(key[0].endswith("/loader.py") for key in codes)
    assert patterns
    # and the methods of the store's and the first screen's data classes, loaded after the
    # frame: the build's cache (what START_MODULES compile) holds every one of them
    assert len(generated) >= 100 and all(key[1] in ("exec", "eval") for key in generated)
    built = path.parent / "built.bin"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "cchc_desktop.start_cache", str(built)], env=env,
                   check=True)  # fmt: skip
    try:
        assert set(generated) <= set(load(built)[2])
    finally:
        built.unlink()
    written = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    assert not list(office.rglob("*.bin"))  # nothing of it in the data folder

    second = start(office)
    assert second.returncode == 0, second.stderr
    assert path.read_bytes() == written and path.stat().st_mtime_ns == stamp  # used, not redone
    check_against_fresh_compiling(path)


def test_the_build_s_cache_is_what_loading_pyside6_compiles(tmp_path: Path) -> None:
    """The frozen program's cache, written as the build writes it into the bundle."""
    path = tmp_path / "_internal" / start_cache.CACHE_FILE
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "cchc_desktop.start_cache", str(path)],
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    codes, patterns, generated = load(path)
    assert len(codes) >= 10 and patterns and len(generated) >= 100
    check_against_fresh_compiling(path)


def check_against_fresh_compiling(path: Path) -> None:
    """What was kept is what compiling gives: each module against the source PySide6 carries,
    each pattern against re's own compiling, in a process that loads PySide6 without it."""
    script = f"""
import re, sys, zlib, _sre
from pathlib import Path
import PySide6.QtCore
from cchc_desktop import start_cache
from cchc_desktop.start_cache import load
codes, patterns, generated = load(Path({str(path)!r}))
importer = sys.modules["shibokensupport.signature.loader"].__loader__
# compile() there takes the importer's own future statements: the code was kept under them
inherited = importer.exec_module.__code__.co_flags & start_cache._FUTURE_FLAGS
for (name, size, crc, future), code in codes.items():
    source = importer.zfile.read(name)
    assert (len(source), zlib.crc32(source), future) == (size, crc, inherited), name
    assert compile(source, name, "exec", future, True) == code, name
for (pattern, flags), args in patterns.items():
    re.purge()
    assert _sre.compile(*args) == re.compile(pattern, flags), pattern
for (text, mode, future), code in generated.items():
    assert compile(text, "<string>", mode, future, True) == code, text
print(len(codes), len(patterns), len(generated))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    codes, patterns, generated = load(path)
    assert out.stdout.split() == [str(len(codes)), str(len(patterns)), str(len(generated))]


def test_the_cache_module_loads_no_qt() -> None:
    """It must be in place before PySide6's first import."""
    out = subprocess.run(
        [sys.executable, "-c", "import sys, cchc_desktop.start_cache; print('PySide6' in sys.modules)"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.stdout.strip() == "False", out.stderr


def test_a_cache_begun_before_the_command_line_is_ended_by_it(tmp_path: Path) -> None:
    """The frozen program's order: begun by the run-time hook, ended where a source start
    would have begun and ended it (``kept`` around the window's modules)."""
    before = builtins.compile
    start_cache.begin(tmp_path / "hook.bin", write=True)
    try:
        assert builtins.compile != before
        with kept(tmp_path / "command-line.bin", write=True):  # the one begun is the one kept
            compile(b"x = 1\n", FAKE, "exec")
        assert builtins.compile == before
    finally:
        start_cache.end()
    assert (tmp_path / "hook.bin").exists()
    assert not (tmp_path / "command-line.bin").exists()
    start_cache.end()  # a second end: nothing happens


@pytest.mark.parametrize("argv", [["--self-test"], ["schedule", "Quý I", "--year", "2026"]])
def test_anything_but_the_window_ends_a_cache_the_run_time_hook_began(
    tmp_path: Path, argv: list[str]
) -> None:
    """The frozen program begins the cache before knowing what it was started for."""
    hook = Path(__file__).resolve().parents[1] / "packaging" / "rth_start_cache.py"
    script = f"""
import builtins, runpy, sys
from pathlib import Path
from cchc_desktop import start_cache
start_cache.default_path = lambda: Path({str(tmp_path / CACHE)!r})
original = builtins.compile
runpy.run_path({str(hook)!r})
assert builtins.compile != original and start_cache._begun is not None
from cchc_desktop import cli
try:
    cli.main({argv!r})
except SystemExit:
    pass
assert builtins.compile == original and start_cache._begun is None, "still begun"
print("ended")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)  # fmt: skip
    assert "ended" in out.stdout, out.stdout + out.stderr


def test_data_classes_and_named_tuples_made_from_the_cache_are_the_same_classes(
    tmp_path: Path,
) -> None:
    """The methods dataclasses and namedtuple generate as text: compiled once, then taken
    from the cache, and the classes behave as classes made without it."""
    import collections
    import dataclasses

    def make() -> tuple[type, type]:
        @dataclasses.dataclass(frozen=True, order=True)
        class Task:
            number: str
            content: str = "Tuyên truyền"
            units: tuple[int, ...] = dataclasses.field(default_factory=tuple)

        return Task, collections.namedtuple("Plan", ["id", "year", "title"])

    fresh_task, fresh_plan = make()
    compiled = []
    original = builtins.compile

    def counted(source, *args, **kwargs):
        compiled.append(source)
        return original(source, *args, **kwargs)

    counts = []
    for _ in range(2):
        builtins.compile = counted
        try:
            with kept(tmp_path / CACHE, write=True):
                assert "exec" in vars(dataclasses) and "eval" in vars(collections)
                task, plan = make()
        finally:
            builtins.compile = original
        assert "exec" not in vars(dataclasses) and "eval" not in vars(collections)
        t = task("1.2", units=(3,))
        assert t == task("1.2", "Tuyên truyền", (3,)) and t < task("1.3")
        assert repr(t) == repr(fresh_task("1.2", units=(3,))).replace("fresh_", "")
        assert hash(t) == hash(task("1.2", units=(3,)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            t.number = "2"  # type: ignore[misc]
        p = plan(1, 2026, "Kế hoạch")
        assert (
            p == (1, 2026, "Kế hoạch")
            and p.title == "Kế hoạch"
            and repr(p) == repr(fresh_plan(1, 2026, "Kế hoạch"))
        )
        counts.append(len(compiled))
    assert counts[0] >= 5 and counts[1] == counts[0]  # the second time: none compiled
    _codes, _patterns, generated = load(tmp_path / CACHE)
    for (text, mode, future), code in generated.items():
        assert code == compile(text, "<string>", mode, future, True)


def test_compiling_while_the_cache_is_in_use_keeps_the_caller_s_future_statements(
    tmp_path: Path,
) -> None:
    """The cache's own module has ``from __future__ import annotations``; code compiled by
    anyone else while it is in use is compiled with the caller's statements, not its."""
    import __future__

    source = "def f(x: undefined_name) -> None: pass\nf(1)\n"
    # a caller without future statements (this test module has them)
    caller = compile("code = compile(source, 'm.py', 'exec')", "caller.py", "exec", 0, True)
    namespace = {"source": source}
    with kept(tmp_path / CACHE, write=True):
        exec(caller, namespace)
    code = namespace["code"]
    assert not code.co_flags & __future__.annotations.compiler_flag
    with pytest.raises(NameError):  # annotations evaluated: as without the cache
        exec(code, {})


@pytest.mark.parametrize("how", ["no flags", "flags", "dont_inherit"])
def test_compile_with_flags_while_the_cache_is_in_use_is_compile_as_called(
    tmp_path: Path, how: str
) -> None:
    """Whatever a caller hands compile() while the cache is in use, the code is what compile()
    gives that caller without it."""
    import ast

    source = "def f(x: undefined_name) -> None: pass\n"
    args = {"no flags": (), "flags": (ast.PyCF_ONLY_AST,), "dont_inherit": (0, True)}[how]
    caller = compile("made = compile(source, 'm.py', 'exec', *args)", "c.py", "exec", 0, True)
    without: dict = {"source": source, "args": args}
    exec(caller, without)
    with kept(tmp_path / CACHE, write=True):
        within: dict = {"source": source, "args": args}
        exec(caller, within)
    if how == "flags":
        assert ast.dump(within["made"]) == ast.dump(without["made"])
    else:
        assert within["made"] == without["made"]
        assert within["made"].co_flags == without["made"].co_flags


def test_once_the_window_s_modules_are_loaded_only_generated_methods_are_kept(
    tmp_path: Path,
) -> None:
    """What a start compiles at run time depends on what it met (a pattern first used on one
    path): kept, each start's cache would differ from the one before.  From ``loaded()`` on,
    Python's compilers are back and only the generated methods of classes still being made
    are kept, until ``end()``."""
    import collections
    import dataclasses

    before = (builtins.compile, re._compiler.compile, re._compiler._sre.compile)
    start_cache.begin(tmp_path / CACHE, write=True)
    try:
        start_cache.loaded()
        assert (builtins.compile, re._compiler.compile, re._compiler._sre.compile) == before
        assert "exec" in vars(dataclasses) and "eval" in vars(collections)
        re.compile(unique_pattern())  # at run time: not kept
        dataclasses.make_dataclass("Late", [("name", str)])  # a module loaded after: kept
    finally:
        start_cache.end()
    assert "exec" not in vars(dataclasses) and "eval" not in vars(collections)
    codes, patterns, generated = load(tmp_path / CACHE)
    assert not codes and not patterns
    assert any("def __init__(self,name" in text for text, _mode, _future in generated)
