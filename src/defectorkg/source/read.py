"""Read an article file in any rendering: check the file, decode it, choose the reader.

The readers (one per rendering) all make the same :class:`~defectorkg.model.Article`:

* ``plain text`` (:mod:`.plaintext`): the page as a reader copies it out of the browser;
* ``wikitext`` (:mod:`.wikitext`): the MediaWiki source (what the API and the dumps give);
* ``html`` (:mod:`.htmlpage`): the rendered page saved from a browser, or the REST API's HTML.

The rendering is chosen by content; the file's suffix (``.wiki``, ``.html``, ``.txt``) only
breaks a tie.  Every bad file raises :class:`~defectorkg.errors.SourceFormatError` with one line.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import SourceFormatError
from ..model import Article

_HTML = re.compile(
    r"\A\s*(?:<!DOCTYPE\s+html|<html\b|<\?xml[^>]*>\s*<html\b)|<body\b|<h[1-6]\b[^>]*>|<ul\b|<li\b",
    re.IGNORECASE,
)
_HTML_STRONG = re.compile(r"\A\s*(?:<!DOCTYPE\s+html|<html\b|<head\b|<meta\b)", re.IGNORECASE)
#: A page body without <html> (the parse API's "mw-parser-output" div, a REST section, a fragment).
_HTML_FRAGMENT = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?P<tag>div|section|body|article|main|p|ul|ol|dl|h[1-6]|table)\b[^<>]*>.*</(?P=tag)>",
    re.IGNORECASE | re.DOTALL,
)
_WIKI_SIGNS = (
    re.compile(r"^={2,6}[^=\n]+={2,6}\s*$", re.MULTILINE),  # == Heading ==
    re.compile(r"\[\[[^\[\]\n]+\]\]"),  # [[link]]
    re.compile(r"\{\{[^{}\n]*(?:\}\}|\|)"),  # {{template}}
    re.compile(r"<ref\b", re.IGNORECASE),
    re.compile(r"'''[^'\n]+'''"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_SUFFIXES = {
    ".wiki": "wikitext", ".wikitext": "wikitext", ".mediawiki": "wikitext", ".mw": "wikitext",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "plain text", ".text": "plain text",
}  # fmt: skip


def read_article(path: Path, *, url: str | None = None) -> Article:
    """Read the article file at ``path`` in whichever rendering it is; bad files raise SourceFormatError."""
    text = read_text(path)
    return parse_text(text, source_name=path.name, url=url, suffix=path.suffix)


def read_text(path: Path) -> str:
    """The file's text: a regular, non-empty UTF-8 file (a BOM's encoding is named when refused)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SourceFormatError(f"{path}: no such file") from None
    except PermissionError:
        raise SourceFormatError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise SourceFormatError(f"{path}: is a directory, not an article file")
    if not stat.S_ISREG(mode):
        raise SourceFormatError(f"{path}: is {_kind(mode)}, not a regular file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise SourceFormatError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise SourceFormatError(
                f"{path}: {encoding} text (byte-order mark), expected UTF-8; convert it with iconv -f {encoding} -t UTF-8"
            )
    if not data.strip():
        raise SourceFormatError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise SourceFormatError(f"{path}: binary file (contains NUL bytes), not article text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a file"


def rendering(text: str, suffix: str = "") -> str:
    """ "html", "wikitext" or "plain text": what ``text`` is, the suffix breaking a tie."""
    head = text[:4096]
    hinted = _SUFFIXES.get(suffix.lower())
    if _HTML_STRONG.search(head) or (hinted == "html" and _HTML.search(text)):
        return "html"
    signs = sum(1 for pattern in _WIKI_SIGNS if pattern.search(text))
    if signs >= 2 or (signs >= 1 and hinted == "wikitext"):
        return "wikitext"
    if (hinted == "html" and "<" in text) or _HTML_FRAGMENT.match(text):
        return "html"
    return "plain text"


def parse_text(
    text: str, *, source_name: str = "<string>", url: str | None = None, suffix: str = ""
) -> Article:
    """The Article of ``text`` read by the reader its rendering needs."""
    return _readers()[rendering(text, suffix)](text, source_name=source_name, url=url)


def _readers() -> dict[str, Callable[..., Article]]:
    from .htmlpage import parse_html
    from .plaintext import parse_plain
    from .wikitext import parse_wikitext

    return {"plain text": parse_plain, "wikitext": parse_wikitext, "html": parse_html}
