"""defectorkg: a sourced, validated RDF knowledge graph from list articles of North Korean defectors.

The public API is small: :func:`build` runs the whole pipeline; the stages are importable
from their modules (``parse``, ``extract``, ``mapping``, ``validate``, ``export``, ``graphview``,
``query``, ``store``).
"""

from .pipeline import BuildResult, build

__all__ = ["BuildResult", "build"]
__version__ = "0.1.0"
