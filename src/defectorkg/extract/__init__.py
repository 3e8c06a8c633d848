"""Extraction: :func:`extract` turns an :class:`~defectorkg.model.Article` into :class:`~defectorkg.model.Records`.

Rules over the words of each entry plus data files (``data/gazetteers/``); no rdflib here.
:func:`describe` says, per entry, what it yielded (for the build report).
"""

from __future__ import annotations

from .article import describe, extract

__all__ = ["describe", "extract"]
