"""What Python compiles afresh at every start of PySide6, compiled once and kept.

Loading PySide6 runs shiboken's support package (signatures, the ``__feature__`` switch, the
stub generator: some 110 KB of Python) from a zip archive inside shiboken's library.  Built
for the limited API, its wheels carry no bytecode for it, so every start compiles that
source; and the package compiles some twenty regular expressions as it loads (one of them
thousands of instructions long), which Python's ``re`` does in pure Python, every start.
Together that was 30–40 ms of every start on the machine measured (a bare PySide6 window
appears after 130–220 ms there), all of it before the program's own first picture.

:func:`kept` keeps both results beside the program, as Python keeps ``.pyc`` files (the
package's ``__pycache__``, written by the first start that may write bytecode; in the frozen
program, a file the build writes into the bundle, which never changes after), and hands them
back to the next start instead of compiling again:

- the support modules' code objects, keyed by file name, length and CRC of the source;
- for each regular expression compiled on the starting thread, the arguments ``re`` handed
  to its C engine (``_sre.compile``) for it, replayed as they were; keyed by the pattern and
  its flags;
- the methods ``dataclasses`` writes for each data class (``__init__``, ``__repr__``,
  ``__eq__``…) and the ``__new__`` of each named tuple, which Python generates as text and
  compiles as each class is made: the store's and the first screen's modules make a hundred of
  them, some 12–20 ms of compiling between the window's frame and its first screen; keyed by
  the text itself.

The cache is in use from before PySide6 loads until the window's modules are loaded
(:func:`begin`, :func:`loaded`), and for the generated methods until the window's first
screen is filled (:func:`end`): the store's and the first screen's modules load after the
frame is drawn.

Each is what the same interpreter produced from the same text, so PySide6 and the program
behave exactly as before.  The file is stamped with the interpreter's version: another
Python compiles afresh and replaces it.  Anything wrong with it — absent, damaged,
unwritable, a Python whose internals differ — only means compiling as usual.  It lives with
the program, never in the data folder: a data folder may come from another computer (a USB
stick given to ``--data-dir``), and code is never taken from data.

Imports nothing of Qt: it is in place before PySide6 is first imported.
"""

from __future__ import annotations
import __future__

import builtins
import contextlib
import functools
import logging
import marshal
import operator
import os
import re
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import CodeType
from typing import Any

CACHE_FILE = "start-cache.bin"
SUPPORT_PREFIX = "shibokensupport/"  # the names shiboken's embedded importer compiles under
_STAMP = (sys.hexversion, sys.implementation.cache_tag)

_FUTURE_FLAGS = functools.reduce(
    operator.or_, (getattr(__future__, f).compiler_flag for f in __future__.all_feature_names)
)
CodeKey = tuple[str, int, int, int]  # file name, length and CRC-32 of the source; future flags
PatternKey = tuple[str | bytes, int]  # pattern, flags
GeneratedKey = tuple[str, str, int]  # the text, "exec" or "eval", the caller's future flags


def default_path() -> Path:
    """Where the program keeps its cache: in the frozen program's own folder (written by the
    build), else in the package's ``__pycache__`` (one file per interpreter, as ``.pyc``)."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / CACHE_FILE
    tag = sys.implementation.cache_tag
    return Path(__file__).resolve().parent / "__pycache__" / f"start-cache.{tag}.bin"


def may_write() -> bool:
    """Whether a start may write the cache: as Python writes ``.pyc`` files (not when told
    not to), and never into the frozen program's folder (the build wrote it there)."""
    return not sys.dont_write_bytecode and not getattr(sys, "frozen", False)


@contextlib.contextmanager
def kept(path: Path | None = None, write: bool | None = None) -> Iterator[None]:
    """While the block runs (the first import of PySide6 and the window's modules), compiled
    code and patterns come from the cache at ``path`` (:func:`default_path`); what had to be
    compiled is written to it after, if ``write`` (:func:`may_write`).  If the frozen
    program's run-time hook began the cache already (:func:`begin`), the block ends it."""
    if _begun is None:
        begin(path, write)
    try:
        yield
    finally:
        end()


_begun: _Cache | None = None


def begin(path: Path | None = None, write: bool | None = None) -> None:
    """Take compiled code and patterns from the cache at ``path`` until :func:`end`.

    The command line begins it before PySide6 loads, and the frozen program earlier still,
    from a run-time hook, before PyInstaller's hook for PySide6 imports it
    (``packaging/rth_start_cache.py``); the window ends it once its first screen is filled,
    and the command line when the window's run ends.  A cache already begun: nothing
    changes."""
    global _begun
    if _begun is None:
        _begun = _Cache(path or default_path(), may_write() if write is None else write)


def loaded() -> None:
    """PySide6 and the window's modules are loaded: from here until :func:`end` only the
    generated methods of the classes the start's later modules make are kept.  What a start
    compiles at run time (a pattern first used on one path, a support module that formats an
    error) depends on what that start met; kept, it would make each start's cache differ from
    the one before."""
    if _begun is not None:
        _begun.loaded()


def end() -> None:
    """Put Python's compilers back and, if anything new was compiled, write the cache."""
    global _begun
    cache, _begun = _begun, None
    if cache is not None:
        cache.end()


def write(path: Path) -> None:
    """Compile what a start compiles in loading PySide6, the command line and the modules the
    window loads until its first screen is filled (:data:`START_MODULES`), and write it to
    ``path``: the build writes the frozen program's cache this way, and the benchmark the
    package's (as it compiles the ``.pyc`` files first).  Run it in a process that has not
    loaded PySide6 yet (``python -m cchc_desktop.start_cache PATH``)."""
    import importlib

    begin(path, write=True)
    try:
        for name in START_MODULES:
            importlib.import_module(name)
    finally:
        end()


# What a start imports until its first screen (Tổng quan) is filled, in about that order; a
# test starts the window and checks that the cache written from these holds all it compiled.
START_MODULES = (
    "cchc_desktop.cli",
    "cchc_desktop.gui",
    "cchc_desktop.gui.app",
    "cchc_desktop.gui.main_window",
    "cchc_desktop.store.opening",
    "cchc_desktop.store.backup",
    "cchc_desktop.store.integrity",
    "cchc_desktop.gui.context",
    "cchc_desktop.gui.dashboard_view",
    "cchc_desktop.gui.bar_chart",
)


class _Cache:
    def __init__(self, path: Path, write: bool) -> None:
        self.path, self.write = path, write
        self.codes, self.patterns, self.generated = load(path)
        self.code_hook = _SupportCode(self.codes)
        self.pattern_hook = _Patterns(self.patterns)
        self.generated_hook = _GeneratedCode(self.generated)
        self.code_hook.install()
        self.pattern_hook.install()
        self.generated_hook.install()

    def loaded(self) -> None:
        self.code_hook.uninstall()
        self.pattern_hook.uninstall()

    def end(self) -> None:
        self.loaded()
        self.generated_hook.uninstall()
        codes, patterns = self.code_hook.used, self.pattern_hook.used
        generated = self.generated_hook.used
        new = (
            codes.keys() - self.codes.keys()
            or patterns.keys() - self.patterns.keys()
            or generated.keys() - self.generated.keys()
        )
        if new and self.write:  # what this start took from the cache, and what it compiled
            save(self.path, codes, patterns, generated)


class _SupportCode:
    """``compile`` for shiboken's embedded importer: code kept from an earlier start."""

    def __init__(self, known: dict[CodeKey, CodeType]) -> None:
        self.known = known
        self.used: dict[CodeKey, CodeType] = {}
        self.original = builtins.compile

    def install(self) -> None:
        builtins.compile = self.compile_once

    def uninstall(self) -> None:
        if builtins.compile == self.compile_once:
            builtins.compile = self.original

    def compile_once(
        self, source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
        optimize: int = -1, **kw: Any,
    ) -> Any:  # fmt: skip
        # compile() takes its caller's future statements unless told not to: the caller's, not
        # this function's (this module has ``annotations``); for the importer's call they are
        # part of what its code is kept by
        if not dont_inherit:
            flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        if (
            dont_inherit or kw or optimize != -1 or flags & ~_FUTURE_FLAGS or mode != "exec"
            or not isinstance(source, bytes)
            or not isinstance(filename, str) or not filename.startswith(SUPPORT_PREFIX)
        ):  # fmt: skip
            return self.original(source, filename, mode, flags, True, optimize, **kw)
        key = (filename, len(source), zlib.crc32(source), flags)
        code = self.known.get(key)
        if code is None:
            code = self.original(source, filename, mode, flags, True)
        self.used[key] = code
        return code


class _Patterns:
    """``re``'s compiler on the starting thread: an expression seen at an earlier start is
    handed to the C engine with the arguments recorded then; any other thread, or a pattern
    compiled with ``re.DEBUG``, goes the usual way."""

    def __init__(self, known: dict[PatternKey, tuple[Any, ...]]) -> None:
        self.known = known
        self.used: dict[PatternKey, tuple[Any, ...]] = {}
        self.thread = threading.get_ident()
        self.recorded: tuple[Any, ...] | None = None
        self.compiler = getattr(re, "_compiler", None)
        self.engine = getattr(self.compiler, "_sre", None)
        self.parse = getattr(self.compiler, "compile", None)
        self.build = getattr(self.engine, "compile", None)

    def install(self) -> None:
        if self.parse is None or self.build is None:
            return  # another Python's internals: compile as usual
        self.compiler.compile = self.compile_pattern  # type: ignore[union-attr]
        self.engine.compile = self.record  # type: ignore[union-attr]

    def uninstall(self) -> None:
        if self.parse is None or self.build is None:
            return
        if self.compiler.compile == self.compile_pattern:  # type: ignore[union-attr]
            self.compiler.compile = self.parse  # type: ignore[union-attr]
        if self.engine.compile == self.record:  # type: ignore[union-attr]
            self.engine.compile = self.build  # type: ignore[union-attr]

    def record(self, *args: Any) -> Any:
        if threading.get_ident() == self.thread:
            self.recorded = args
        return self.build(*args)  # type: ignore[misc]

    def compile_pattern(self, p: Any, flags: int = 0) -> Any:
        parse, build = self.parse, self.build
        assert parse is not None and build is not None
        if (
            threading.get_ident() != self.thread
            or not isinstance(p, (str, bytes))
            or flags & re.DEBUG
        ):
            return parse(p, flags)
        key = (p, int(flags))
        args = self.known.get(key)
        if args is not None:
            try:
                pattern = build(*args)
            except Exception:  # recorded by a Python whose engine differs: compile it
                pass
            else:
                self.used[key] = args
                return pattern
        self.recorded = None
        pattern = parse(p, flags)
        if self.recorded is not None:
            self.used[key] = _plain(self.recorded)
        return pattern


class _GeneratedCode:
    """``exec`` as ``dataclasses`` sees it and ``eval`` as ``collections`` sees it (names in
    their modules, before the built-ins): the methods they generate as text, compiled as
    Python compiles them there (as ``"<string>"``, with the caller's future statements), or
    taken from an earlier start."""

    MODULES = (("dataclasses", "exec"), ("collections", "eval"))

    def __init__(self, known: dict[GeneratedKey, CodeType]) -> None:
        self.known = known
        self.used: dict[GeneratedKey, CodeType] = {}
        self.hooks = {"exec": self.exec_once, "eval": self.eval_once}

    def install(self) -> None:
        for module, name in self.MODULES:
            target = sys.modules.get(module) or __import__(module)
            if name not in vars(target):  # another Python's module defining its own: leave it
                setattr(target, name, self.hooks[name])

    def uninstall(self) -> None:
        for module, name in self.MODULES:
            target = sys.modules.get(module)
            if target is not None and vars(target).get(name) == self.hooks[name]:
                delattr(target, name)

    def code(self, source: Any, mode: str) -> Any:
        """The code of ``source`` as exec or eval would compile it for the hook's caller's
        caller, or ``source`` itself when it is not text (code, bytes: run as given)."""
        if not isinstance(source, str):
            return source
        if mode == "eval":
            source = source.lstrip(" \t")  # as eval() strips a text it is given
        future = sys._getframe(2).f_code.co_flags & _FUTURE_FLAGS
        key = (source, mode, future)
        code = self.known.get(key)
        if code is None:
            code = compile(source, "<string>", mode, future, True)
        self.used[key] = code
        return code

    def exec_once(self, source: Any, names: Any = None, local_names: Any = None) -> None:
        exec(self.code(source, "exec"), names, local_names)

    def eval_once(self, source: Any, names: Any = None, local_names: Any = None) -> Any:
        return eval(self.code(source, "eval"), names, local_names)


def _plain(value: Any) -> Any:
    """``value`` with ``re``'s named opcodes (subclasses of int) as plain ints, for marshal."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


Kept = tuple[
    dict[CodeKey, CodeType], dict[PatternKey, tuple[Any, ...]], dict[GeneratedKey, CodeType]
]


def load(path: Path) -> Kept:
    """The cache's support code, patterns and generated code, or none when the file is
    absent, damaged, of another layout or another Python's."""
    try:
        content = path.read_bytes()
        data = content[4:]
        if int.from_bytes(content[:4], "little") != zlib.crc32(data):
            return {}, {}, {}  # truncated or damaged on disk
        stamp, codes, patterns, generated = marshal.loads(data)
    except Exception:  # absent, unreadable or not ours: compile as usual
        return {}, {}, {}
    if stamp != _STAMP or not all(isinstance(d, dict) for d in (codes, patterns, generated)):
        return {}, {}, {}
    codes = {k: v for k, v in codes.items() if isinstance(v, CodeType)}
    patterns = {k: v for k, v in patterns.items() if isinstance(v, tuple)}
    generated = {k: v for k, v in generated.items() if isinstance(v, CodeType)}
    return codes, patterns, generated


def save(
    path: Path,
    codes: dict[CodeKey, CodeType],
    patterns: dict[PatternKey, tuple[Any, ...]],
    generated: dict[GeneratedKey, CodeType] | None = None,
) -> None:
    """Write the cache whole or not at all (a temporary file renamed over it), behind a CRC
    of its content: a damaged file is never unmarshalled into code that would run."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        data = marshal.dumps((_STAMP, codes, patterns, generated or {}))
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(zlib.crc32(data).to_bytes(4, "little") + data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # a folder without write access; an unmarshallable value
        logging.getLogger(__name__).info("Không ghi được bộ nhớ đệm khởi động", exc_info=True)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else default_path())
