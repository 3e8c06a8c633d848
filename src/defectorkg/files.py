"""Atomic output: every file is written to a temporary name and renamed into place.

``OutputSet`` stages a whole build's files and only renames them when all were written, so a
failed build leaves the previous output intact.  Nothing is left behind either:

* each temporary name (``.NAME.PID-TOKEN.tmp``, ``.NAME.PID-TOKEN.tmp.png`` for drawings) is
  recorded before the file is created, so a write that fails midway (a full disk) is removed
  with the others by :meth:`OutputSet.discard`;
* while files are staged in a folder, the process holds an exclusive lock on the folder
  (``flock`` on the folder itself, so no lock file is left either): a second build into the
  same folder waits for the first to commit, and fails with one line after
  :data:`LOCK_WAIT` seconds;
* on taking the lock, temporary files of this naming pattern that another process left
  (killed with ``kill -9``, or a power cut) are removed: under the lock nobody else can be
  writing them.  The mkstemp names of earlier versions (``.NAME.XXXXXXXX.tmp``) go too, in a
  folder a build has written to (it holds ``build-report.json``).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no folder lock, no stale-file sweep
    fcntl = None  # type: ignore[assignment]

_UMASK = os.umask(0)
os.umask(_UMASK)
#: Output files get the mode a plain open() would give them (mkstemp makes them 0600).
FILE_MODE = 0o666 & ~_UMASK

from .errors import OutputError

#: Seconds a build waits for another process to finish writing into the same folder.
LOCK_WAIT = 120.0

#: ``.NAME.PID-TOKEN.tmp`` and, for files written by other libraries, ``.NAME.PID-TOKEN.tmp.SUFFIX``.
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp(?:\.[A-Za-z0-9]{1,8})?$")
#: A file every build writes: the folder is a build's --out, where earlier versions staged too.
LEGACY_MARKER = "build-report.json"
#: What ``tempfile.mkstemp`` made in earlier versions: ``.NAME.XXXXXXXX.tmp`` (or ``.png``/``.svg``).
_LEGACY_TEMP_NAME = re.compile(r"^\.(?P<name>.+\.[A-Za-z0-9]{1,8})\.[a-z0-9_]{8}\.(?:tmp|png|svg)$")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    staged = OutputSet(path.parent)
    try:
        staged.add(path.name, data)
    except BaseException:
        staged.discard()
        raise
    staged.commit()


def temp_name(final: Path, *, suffix: str = "") -> Path:
    """A fresh temporary path next to ``final``: ``.NAME.PID-TOKEN.tmp`` plus ``suffix``."""
    return final.with_name(f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp{suffix}")


class OutputSet:
    """Files staged in one folder, renamed into place together by :meth:`commit`.

    The folder is locked from the first staged file until :meth:`commit` or :meth:`discard`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._staged: list[tuple[Path, Path]] = []
        self._lock: _FolderLock | None = None

    def add(self, name: str, data: bytes | str | Iterable[str]) -> Path:
        """Stage ``data`` (bytes, text, or text in chunks) under ``name``; returns the final path."""
        final = self.folder / name
        try:
            tmp = self._new_temp(final)
            with open(tmp, "xb") as handle:
                if isinstance(data, (bytes, str)):
                    handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                else:
                    handle.writelines(chunk.encode("utf-8") for chunk in data)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{final}: cannot write ({exc.strerror or exc})") from None
        return final

    def stage_path(self, name: str) -> tuple[Path, Path]:
        """A temporary path to write ``name`` to by other means (matplotlib, networkx); it
        ends in the final name's suffix, which those libraries read the format from."""
        final = self.folder / name
        try:
            tmp = self._new_temp(final, suffix=final.suffix)
            tmp.touch(exist_ok=False)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{final}: cannot write ({exc.strerror or exc})") from None
        return tmp, final

    def _new_temp(self, final: Path, *, suffix: str = "") -> Path:
        """A new temporary name for ``final``, recorded before anything is written to it."""
        final.parent.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            self._lock = _FolderLock.take(final.parent)
        tmp = temp_name(final, suffix=suffix)
        self._staged.append((tmp, final))
        return tmp

    def commit(self) -> list[Path]:
        """Rename every staged file into place; returns the final paths.

        Ctrl-C and SIGTERM wait until the last rename is done, so a build's files are all new
        or all old, never a mix.
        """
        done: list[Path] = []
        try:
            with _signals_deferred():
                self._rename_all(done)
        except OutputError:
            self.discard()
            raise
        self._release()
        return done

    def _rename_all(self, done: list[Path]) -> None:
        while self._staged:
            tmp, final = self._staged[0]
            try:
                os.chmod(tmp, FILE_MODE)
                os.replace(tmp, final)
            except OSError as exc:
                raise OutputError(f"{final}: cannot write ({exc.strerror or exc})") from None
            self._staged.pop(0)
            done.append(final)

    def discard(self) -> None:
        """Remove every staged temporary file."""
        while self._staged:
            tmp, _ = self._staged.pop()
            tmp.unlink(missing_ok=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back inside the block, then deliver them (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if handler is not None:  # None: set from C, cannot be put back
            previous[signum] = signal.signal(signum, lambda number, frame: pending.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for number in pending:
            signal.raise_signal(number)


# ---------------------------------------------------------------------------------------
# The folder lock and the sweep of stale temporary files
# ---------------------------------------------------------------------------------------


class _FolderLock:
    """An exclusive ``flock`` on a folder, shared by every OutputSet of this process."""

    _held: ClassVar[dict[Path, _FolderLock]] = {}
    _guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, folder: Path, fd: int | None) -> None:
        self.folder = folder
        self.fd = fd
        self.count = 1

    @classmethod
    def take(cls, folder: Path) -> _FolderLock:
        """Lock ``folder`` (waiting up to LOCK_WAIT seconds), then sweep stale temp files."""
        key = folder.resolve()
        with cls._guard:
            held = cls._held.get(key)
            if held is not None:
                held.count += 1
                return held
            lock = cls._held[key] = cls(key, _lock_folder(folder))
        if lock.fd is not None:
            remove_stale_temp_files(folder)
        return lock

    def release(self) -> None:
        with self._guard:
            self.count -= 1
            if self.count:
                return
            del self._held[self.folder]
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock


def _lock_folder(folder: Path) -> int | None:
    """A descriptor of ``folder`` holding an exclusive flock (None where flock is missing)."""
    if fcntl is None:  # pragma: no cover
        return None
    fd = os.open(folder, os.O_RDONLY)
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise OutputError(
                    f"{folder}: another defectorkg process is writing into this folder (it holds "
                    f"the lock on the folder); waited {LOCK_WAIT:g} s, try again when it has finished"
                ) from None
            time.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files another process left in ``folder``; returns them.

    Call only while holding the folder's lock: then no other process can be writing them.
    Temporary files of this process (other OutputSets still staging) are kept.
    """
    removed: list[Path] = []
    own = str(os.getpid())
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    # The looser names of earlier versions only where a build has written (not in any folder
    # a drawing was saved to, where someone else's files could look alike).
    legacy = (folder / LEGACY_MARKER).is_file()
    for entry in entries:
        match = TEMP_NAME.match(entry.name)
        stale = (match is not None and match["pid"] != own) or (
            match is None and legacy and _LEGACY_TEMP_NAME.match(entry.name) is not None
        )
        if stale and entry.is_file(follow_symlinks=False):
            path = Path(entry.path)
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
