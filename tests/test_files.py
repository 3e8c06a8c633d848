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
