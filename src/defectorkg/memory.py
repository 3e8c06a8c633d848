"""The cycle collector, paused while a stage makes millions of acyclic objects.

Extraction (records), mapping (terms and quads) and export (sorted lines) allocate millions
of small acyclic objects and keep most of them: the collector would walk the growing heap
again and again for garbage there is none of (a fifth to a third of a large build). With
``freeze`` the survivors move to the permanent generation (``gc.freeze``), so the later
stages do not walk them either. Reference counting still frees everything dropped.

Frozen objects are never collected, so a freeze is only allowed inside :func:`collector_kept`
(``pipeline.build`` runs in one): at its end every object frozen since is unfrozen again, and
the caller gets the collector back as it found it. A stage called on its own (``extract``)
does not freeze, and nothing is frozen when the caller had frozen objects of its own (they
could not be told apart from ours).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def collector_kept() -> Iterator[None]:
    """Leave the collector as found: what :func:`gc_paused` froze inside is unfrozen at the end.

    Usable as a decorator.  Nested scopes defer to the outermost one.
    """
    depth = getattr(_state, "depth", 0)
    if depth == 0:
        _state.may_freeze = gc.get_freeze_count() == 0
    _state.depth = depth + 1
    try:
        yield
    finally:
        _state.depth = depth
        if depth == 0 and _state.may_freeze and gc.get_freeze_count():
            gc.unfreeze()


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Disable the cycle collector inside the block; with ``freeze``, exempt the survivors
    until the enclosing :func:`collector_kept` ends (no freeze outside one)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            depth: int = getattr(_state, "depth", 0)
            if freeze and depth and _state.may_freeze:
                gc.freeze()
            gc.enable()
