"""defectorkg: a sourced, validated RDF knowledge graph from list articles of North Korean defectors.

The public API is small: :func:`build` runs the whole pipeline and returns a :class:`BuildResult`;
the stages are importable from their modules (``parse``, ``extract``, ``mapping``, ``validate``,
``export``, ``views``, ``query``, ``store``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import BuildResult, build

__all__ = ["BuildResult", "build"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import the pipeline on first use, so importing one stage does not load them all."""
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'defectorkg' has no attribute {name!r}")
