"""Atomic output: every file is written to a temporary name and renamed into place.

``OutputSet`` stages a whole build's files and only renames them when all were written, so a
failed build leaves the previous output intact.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)
#: Output files get the mode a plain open() would give them (mkstemp makes them 0600).
FILE_MODE = 0o666 & ~_UMASK

from .errors import OutputError


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    staged = OutputSet(path.parent)
    staged.add(path.name, data)
    staged.commit()


class OutputSet:
    """Files staged in one folder, renamed into place together by :meth:`commit`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._staged: list[tuple[Path, Path]] = []

    def add(self, name: str, data: bytes | str | Iterable[str]) -> Path:
        """Stage ``data`` (bytes, text, or text in chunks) under ``name``; returns the final path."""
        final = self.folder / name
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
            self._staged.append((Path(tmp), final))  # staged first: a failing writer leaves no temp file
            with os.fdopen(fd, "wb") as handle:
                if isinstance(data, (bytes, str)):
                    handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                else:
                    for chunk in data:
                        handle.write(chunk.encode("utf-8"))
        except OSError as exc:
            self.discard()
            raise OutputError(f"{final}: cannot write ({exc.strerror or exc})") from None
        return final

    def stage_path(self, name: str) -> tuple[Path, Path]:
        """A temporary path to write ``name`` to by other means (matplotlib, networkx)."""
        final = self.folder / name
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=final.suffix, dir=final.parent)
        os.close(fd)
        self._staged.append((Path(tmp), final))
        return Path(tmp), final

    def commit(self) -> list[Path]:
        """Rename every staged file into place; returns the final paths."""
        done = []
        for tmp, final in self._staged:
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, final)
            done.append(final)
        self._staged = []
        return done

    def discard(self) -> None:
        """Remove every staged temporary file."""
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged = []
