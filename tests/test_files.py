"""Atomic output: staged files appear together, with ordinary permissions, or not at all."""

from __future__ import annotations

import stat

import pytest

from defectorkg.errors import OutputError
from defectorkg.files import FILE_MODE, OutputSet, write_atomic


def test_commit_renames_all_with_plain_mode(tmp_path):
    """Committed files have their content and the umask's mode, and no temporary file is left."""
    outputs = OutputSet(tmp_path / "out")
    outputs.add("a.txt", "alpha\n")
    outputs.add("b.bin", b"\x00\x01")
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == []
    outputs.commit()
    assert (tmp_path / "out" / "a.txt").read_text() == "alpha\n"
    assert (tmp_path / "out" / "b.bin").read_bytes() == b"\x00\x01"
    assert stat.S_IMODE((tmp_path / "out" / "a.txt").stat().st_mode) == FILE_MODE
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.bin"]


def test_discard_leaves_previous_output_intact(tmp_path):
    """A build that fails after staging leaves the earlier file as it was and no temporary files."""
    write_atomic(tmp_path / "defectors.ttl", "old\n")
    outputs = OutputSet(tmp_path)
    outputs.add("defectors.ttl", "new\n")
    outputs.discard()
    assert (tmp_path / "defectors.ttl").read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["defectors.ttl"]


def test_unwritable_folder_is_output_error(tmp_path):
    """A folder that cannot be created gives OutputError naming the path."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        OutputSet(blocker / "out").add("a.txt", "x")


def test_a_signal_during_commit_waits_for_the_last_rename(tmp_path):
    """SIGTERM arriving while files are renamed into place is delivered after the last one, so
    the folder never holds a mix of new and old files."""
    import os
    import signal

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("old\n")
    outputs = OutputSet(tmp_path)
    for name in ("a.txt", "b.txt", "c.txt"):
        outputs.add(name, "new\n")
    seen: list[str] = []

    def on_term(signum: int, frame: object) -> None:
        seen.append(",".join(sorted(p.read_text().strip() for p in tmp_path.glob("*.txt"))))
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    real_replace = os.replace
    calls = []

    def replace_and_signal(src: object, dst: object) -> None:
        real_replace(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # in the middle of the commit

    try:
        os.replace = replace_and_signal  # type: ignore[assignment]
        with pytest.raises(KeyboardInterrupt):
            outputs.commit()
    finally:
        os.replace = real_replace  # type: ignore[assignment]
        signal.signal(signal.SIGTERM, previous)
    assert seen == ["new,new,new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]
