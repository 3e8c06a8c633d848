"""Named errors. Only ``cli.py`` turns them into exit codes (see README: exit codes)."""

from __future__ import annotations


class DefectorkgError(Exception):
    """Base of every error the library raises on purpose; the message is one line."""

    exit_code = 2


class SourceFormatError(DefectorkgError):
    """The article file cannot be read as an article (missing, binary, not UTF-8, no years)."""


class ExtractionError(DefectorkgError):
    """The extractor met data it cannot turn into records (a broken gazetteer file)."""


class ShapesLoadError(DefectorkgError):
    """The shapes or ontology files cannot be loaded."""


class GraphLoadError(DefectorkgError):
    """An RDF file given as input cannot be read."""


class QueryError(DefectorkgError):
    """A query name is unknown or a query does not parse."""


class StoreError(DefectorkgError):
    """A triplestore (folder or SPARQL endpoint) cannot be used."""


class OutputError(DefectorkgError):
    """Output files cannot be written."""


class UnknownNameError(DefectorkgError):
    """A name given to focus a drawing on is not in the graph (the message lists close matches)."""


class IRIError(DefectorkgError):
    """A base IRI (``--base``) or a minted IRI is not an IRI that strict engines accept."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C (the CLI installs the handler) so every cleanup runs."""
