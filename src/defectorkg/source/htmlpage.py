"""Saved HTML -> :class:`~defectorkg.model.Article`: a browser's "Save page as", or the REST API's HTML.

Longer than 500 lines on purpose: the tag handler and the classification of blocks, references
and furniture share the parser state that keeps every character's source offset.

The standard library's :class:`html.parser.HTMLParser` reads it: of the three candidates (it,
lxml, selectolax) it is the only one that reports where each tag, text and character reference
starts (line and column), which the contract "offsets true to the file as given" needs; lxml
gives a line per element only and selectolax no positions at all.  It needs no compiled
dependency and tolerates the unclosed ``<li>``/``<p>`` of hand-saved pages.

Only the article body is read (``.mw-parser-output`` when the page has one): headings, nested
lists (depth = list nesting), paragraphs, links (their ``/wiki/Target`` kept as
:class:`~defectorkg.model.Link`), citation markers (``<sup class="reference">[5]</sup>`` shows
"[5]"), and the ``ol.references`` list with its backlinks and the ``cite`` fields (COinS
metadata of CS1, external links).  Edit links, the table of contents, navboxes, images,
maintenance boxes, the category box and the "Retrieved from" footer are furniture.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import SourceFormatError
from ..model import Article, Furniture, Link, Reference
from .layout import Block, Piece, TableRows, assemble
from .references import ReferenceFields, parse_reference_body, split_authors, web_url

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK = frozenset(
    "p li h1 h2 h3 h4 h5 h6 dd dt div blockquote td th caption figure table tr ul ol dl section "
    "article header footer nav pre center body html".split()
)  # fmt: skip
_LISTS = frozenset({"ul", "ol", "dl"})
_SKIP_TAGS = {"script": "markup", "style": "markup", "noscript": "markup", "nav": "navigation",
              "footer": "footer", "table": "table", "figure": "image",
              "svg": "markup", "math": "markup", "template": "markup"}  # fmt: skip
_SKIP_CLASSES = (
    ("mw-editsection", "edit link"), ("navbox", "navbox"), ("catlinks", "category"),
    ("printfooter", "trailer"), ("toc", "contents"), ("mw-jump-link", "banner"),
    ("thumb", "image"), ("gallery", "image"), ("hatnote", "hatnote"), ("ambox", "template"),
    ("metadata", "template"), ("sistersitebox", "template"), ("infobox", "table"),
    ("noprint", "template"), ("mw-empty-elt", "markup"), ("portalbox", "template"),
    ("side-box", "template"), ("shortdescription", "template"), ("mw-authority-control", "template"),
)  # fmt: skip
_SKIP_IDS = {"siteSub": "banner", "contentSub": "banner", "jump-to-nav": "banner", "toc": "contents",
             "catlinks": "category", "footer": "footer", "mw-navigation": "navigation",
             "mw-panel": "navigation", "mw-head": "navigation", "p-lang": "navigation"}  # fmt: skip
_WIKI_PATH = re.compile(
    r"^(?:https?://[a-z-]+\.(?:m\.)?wikipedia\.org)?(?:/wiki/|\./)(?P<title>[^?#]+)"
)
_NAMESPACE = re.compile(
    r"^(?:File|Image|Category|Special|Help|Wikipedia|Template|Portal|Talk|User|Module|Draft|MediaWiki)(?:[ _]talk)?:",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s")
_NOTE_LIST = re.compile(r"(?:lower|upper)-(?:alpha|roman|greek|latin)")


@dataclass
class _Open:
    tag: str
    classes: tuple[str, ...]
    skip: str | None  # furniture kind when the element (and all inside it) is not content
    start: int
    attrs: dict[str, str]
    link: tuple[str, int] | None = None  # target and rendered index where a wiki link began


@dataclass
class _Ref:
    number: int
    start: int
    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    backlinks: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (href, text of the link)
    coins: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    """Walks the page once, rendering the content into blocks and the reference list."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts = _line_starts(text)
        self.content_only = bool(re.search(r"class=[\"'][^\"']*\bmw-parser-output\b", text))
        self.stack: list[_Open] = []
        self.content_depth = 0  # open .mw-parser-output elements
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.ends: list[int] = []
        self.links: list[Link] = []
        self.blocks: list[Block] = []
        self.block_kind = "text"
        self.block_depth = 0
        self.list_depth = 0
        self.heading_level = 0
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.refs: list[_Ref] = []
        self.ref_lists = 0  # open ol.references
        self.ref: _Ref | None = None
        self.in_backlink = 0
        self.link_text: list[str] | None = None
        self.furniture: list[Furniture] = []
        self.canonical: str | None = None  # the page's own address (<link rel="canonical">)
        self.skipped: dict[int, list[str]] = {}  # stack index of a skipped element -> its text
        self.table: TableRows | None = None  # an open table of entries (class "wikitable")
        self.cells: list[tuple[str, tuple[int, ...], bool]] = []  # the open row's cells
        self.cell_links: list[Link] = []
        self.in_cell = False
        self.cell_tag = "td"

    # -- positions ----------------------------------------------------------------------

    def _here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    # -- tags ---------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = tuple(values.get("class", "").split())
        start = self._here()
        if tag in _VOID:
            if (
                tag == "link"
                and values.get("rel") in ("canonical", "dc:isVersionOf")
                and self.canonical is None
            ):
                self.canonical = web_url(values.get("href"))
            if tag == "link" and values.get("rel") == "mw:PageProp/Category":
                self.furniture.append(
                    Furniture(bisect_right(self.starts, start), "category", values.get("href", ""))
                )
            if tag == "br" and self._rendering():
                self._put(" ", start, start + 1)
            return
        if tag in ("li", "p") and self.stack and self.stack[-1].tag == tag:
            self.handle_endtag(tag)  # an unclosed <li>/<p> closes at the next one
        skip = self._skip(tag, classes, values)
        element = _Open(tag, classes, skip, start, values)
        if skip and not self._skipping():
            self.skipped[len(self.stack)] = []
        self.stack.append(element)
        if "mw-parser-output" in classes:
            self.content_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if self._skipping():
            return
        if tag == "ol" and "references" in classes:
            self._flush()
            self.ref_lists += 1
            return
        if self.ref_lists and tag == "li":
            self.ref = _Ref(number=len(self.refs) + 1, start=start)
            self.refs.append(self.ref)
            return
        if self.ref is not None:
            self._ref_tag(tag, classes, values)
            return
        if self.table is not None and self._table_tag(tag):
            return
        if tag == "table":  # a table of entries: its rows become year and entry items
            self._flush()
            self.table = TableRows()
            return
        if tag in _BLOCK:
            self._flush()
            if tag in _LISTS:
                self.list_depth += 1
            elif tag in ("li", "dd", "dt"):
                self.block_kind, self.block_depth = "item", self.list_depth
            elif re.fullmatch(r"h[2-6]", tag):
                self.block_kind, self.heading_level = "heading", int(tag[1])
        if tag == "a":
            target = _wiki_target(values.get("href", ""))
            if target:
                element.link = (target, len(self.chars))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_.tag == tag for open_ in self.stack):
            return
        while self.stack:
            element = self.stack.pop()
            self._close(element)
            if element.tag == tag:
                break

    def _close(self, element: _Open) -> None:
        index = len(self.stack)
        if index in self.skipped:
            text = " ".join(" ".join(self.skipped.pop(index)).split())
            if text and element.skip not in ("edit link", "markup", "outside"):
                line = bisect_right(self.starts, element.start)
                self.furniture.append(Furniture(line, element.skip or "markup", text[:200]))
            return
        if "mw-parser-output" in element.classes:
            self.content_depth -= 1
        if element.tag == "title":
            self.in_title = False
        if element.tag == "h1":
            self.in_h1 = False
        if self._skipping():
            return
        if element.tag == "ol" and "references" in element.classes:
            self.ref_lists -= 1
            return
        if self.ref is not None:
            if element.tag == "li" and self.ref_lists:
                self.ref = None
            elif (
                "mw-cite-backlink" in element.classes
                or element.attrs.get("rel") == "mw:referencedBy"
            ):
                self.in_backlink -= 1
            elif element.tag == "a" and self.link_text is not None:
                self.ref.urls[-1] = (self.ref.urls[-1][0], "".join(self.link_text).strip())
                self.link_text = None
            return
        if element.link is not None:
            target, begin = element.link
            while begin < len(self.chars) and self.chars[begin].isspace():
                begin += 1
            if begin < len(self.chars):
                self.links.append(Link(self.offsets[begin], self.offsets[-1] + 1, target))
        if self.table is not None and self._table_end(element.tag):
            return
        if element.tag in _BLOCK:
            self._flush()
            if element.tag in _LISTS:
                self.list_depth -= 1

    # -- tables of entries --------------------------------------------------------------------

    def _table_tag(self, tag: str) -> bool:
        """An open tag inside a table of entries: True when the table took it."""
        if tag in ("td", "th"):
            if self.in_cell:  # an unclosed cell closes at the next one
                self._table_end(self.cell_tag)
            self.chars, self.offsets, self.ends, self.links = [], [], [], []
            self.in_cell, self.cell_tag = True, tag
            return True
        if tag == "tr":
            self._row_end()
            return True
        if self.in_cell and tag in _BLOCK:
            self._put(
                " ", self._here(), self._here() + 1
            )  # a paragraph or list inside a cell: inline
            return True
        return tag in _BLOCK

    def _table_end(self, tag: str) -> bool:
        """A closing tag inside a table of entries: True when the table took it."""
        if tag in ("td", "th") and self.in_cell:
            self.cells.append(("".join(self.chars), tuple(self.offsets), tag == "th"))
            self.cell_links.extend(self.links)
            self.chars, self.offsets, self.ends, self.links = [], [], [], []
            self.in_cell = False
            return True
        if tag == "tr":
            self._row_end()
            return True
        if tag == "table":
            self._row_end()
            self.table = None
            return True
        return tag in _BLOCK

    def _row_end(self) -> None:
        assert self.table is not None
        if self.in_cell:
            self._table_end(self.cell_tag)
        for text, offsets in self.table.row(self.cells) if self.cells else ():
            marks = len(text) - len(text.lstrip("*"))
            piece = Piece(text, offsets[0], offsets, tuple(self.cell_links)).slice(marks + 1)
            line = bisect_right(self.starts, piece.offsets[0])
            self.blocks.append(
                Block("item", piece, line, self.list_depth + marks, piece.text.strip())
            )
        self.cells, self.cell_links = [], []

    def _skip(self, tag: str, classes: tuple[str, ...], values: dict[str, str]) -> str | None:
        """The furniture kind of an element that is no content (None: read it)."""
        if self.in_title or tag == "title":
            return None
        if tag == "head":
            return "markup"
        if (
            tag == "ol"
            and "references" in classes
            and (
                values.get("data-mw-group")
                or _NOTE_LIST.search(values.get("style", ""))
                or any(_NOTE_LIST.search(" ".join(open_.classes)) for open_ in self.stack)
            )
        ):
            return "notes"  # a group's list ("[a]", "[note 1]"), numbered apart from the references
        entries_table = tag == "table" and "wikitable" in classes and self.table is None
        if tag == "caption" and self.table is not None:
            return "table"
        kind = _SKIP_IDS.get(values.get("id", "")) or (
            None if entries_table else _SKIP_TAGS.get(tag)
        )
        kind = kind or next((kind for name, kind in _SKIP_CLASSES if name in classes), None)
        if kind:
            return kind
        outside = self.content_only and not self.content_depth and "mw-parser-output" not in classes
        if outside and tag not in ("html", "body", "div", "main", "h1", "span"):
            return "outside"  # the skin's menus and tools around the article
        return None

    def _skipping(self) -> bool:
        return bool(self.skipped)

    def _rendering(self) -> bool:
        if self._skipping() or self.in_title:
            return False
        return not self.content_only or self.content_depth > 0 or self.in_h1

    # -- text -----------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        self._text(data, self._here(), verbatim=True)

    def handle_entityref(self, name: str) -> None:
        start = self._here()
        self._text(unescape(f"&{name};"), start, start + len(name) + 2)

    def handle_charref(self, name: str) -> None:
        start = self._here()
        self._text(unescape(f"&#{name};"), start, start + len(name) + 3)

    def _text(
        self, data: str, start: int, end: int | None = None, *, verbatim: bool = False
    ) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skipped:
            self.skipped[next(iter(self.skipped))].append(data)
            return
        if self.in_h1:
            self.h1_parts.append(data)
            return
        if not self._rendering():
            return
        stop = start + len(data) if verbatim else end or start + 1
        if self.ref is not None:
            self._ref_text(data, start, stop, verbatim)
            return
        self._put(data, start, stop, verbatim=verbatim)

    def _put(self, data: str, start: int, stop: int, *, verbatim: bool = False) -> None:
        _append(self.chars, self.offsets, self.ends, data, start, stop, verbatim)

    def _flush(self) -> None:
        if any(not c.isspace() for c in self.chars):
            piece = Piece(
                "".join(self.chars),
                self.offsets[0],
                tuple(self.offsets),
                tuple(self.links),
                tuple(self.ends),
            )
            first = next(i for i, c in enumerate(self.chars) if not c.isspace())
            line = bisect_right(self.starts, self.offsets[first])
            depth = self.heading_level if self.block_kind == "heading" else self.block_depth
            self.blocks.append(Block(self.block_kind, piece, line, depth, piece.text.strip()))
        self.chars, self.offsets, self.ends, self.links = [], [], [], []
        if (
            self.block_kind != "item"
            or not self.stack
            or self.stack[-1].tag not in ("li", "dd", "dt")
        ):
            self.block_kind, self.heading_level = "text", 0

    # -- the reference list ------------------------------------------------------------------

    def _ref_tag(self, tag: str, classes: tuple[str, ...], values: dict[str, str]) -> None:
        ref = self.ref
        assert ref is not None
        if "mw-cite-backlink" in classes or values.get("rel") == "mw:referencedBy":
            self.in_backlink += 1
        if "Z3988" in classes and values.get("title"):
            ref.coins.append(values["title"])
        if tag == "a" and not self.in_backlink:
            href = values.get("href", "")
            if href.startswith(("http://", "https://", "//")):
                ref.urls.append((href, ""))
                self.link_text = []

    def _ref_text(self, data: str, start: int, stop: int, verbatim: bool) -> None:
        ref = self.ref
        assert ref is not None
        if self.in_backlink:
            label = data.strip()
            if label and label not in ("^", "↑"):
                ref.backlinks.extend(label.split())
            return
        if self.link_text is not None:
            self.link_text.append(data)
        _append(ref.chars, ref.offsets, ref.ends, data, start, stop, verbatim)


def _append(
    chars: list[str],
    offsets: list[int],
    ends: list[int],
    data: str,
    start: int,
    stop: int,
    verbatim: bool,
) -> None:
    """Add ``data`` (source ``start``..``stop``) with whitespace runs collapsed as a browser shows them."""
    for index, char in enumerate(data):
        if _SPACE.match(char):
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        if verbatim:
            offsets.append(start + index)
            ends.append(start + index + 1)
        else:  # a character reference: the whole "&#91;" stands for the character
            offsets.append(min(start + index, stop - 1))
            ends.append(stop if index == len(data) - 1 else min(start + index + 1, stop))


def _line_starts(text: str) -> list[int]:
    """Line starts as html.parser counts lines (at "\\n" only)."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _wiki_target(href: str) -> str | None:
    """The page title a link to Wikipedia names ("/wiki/Ko_Young-hwan" -> "Ko Young-hwan")."""
    if "redlink=1" in href:
        titles = parse_qs(urlsplit(href).query).get("title")
        if titles:
            return titles[0].replace("_", " ")
    match = _WIKI_PATH.match(href)
    if match is None:
        return None
    title = unquote(match.group("title")).replace("_", " ").strip()
    if not title or _NAMESPACE.match(title):
        return None
    return title


def parse_html(text: str, *, source_name: str = "<string>", url: str | None = None) -> Article:
    """Parse a saved Wikipedia page; raises SourceFormatError when it has no year or dated entry."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceFormatError(f"{source_name}: the text is empty")
    page = _Page(text)
    page.feed(text)
    page.close()
    while page.stack:
        page.handle_endtag(page.stack[-1].tag)
    page._flush()
    assembled = assemble(page.blocks)
    if not assembled.sections:
        raise SourceFormatError(
            f"{source_name}: no year sections found in the HTML (expected headings or list items such "
            "as '1990s' or '1997', or entries that open with their date)"
        )
    title = " ".join("".join(page.h1_parts).split()) or _page_title(
        " ".join("".join(page.title_parts).split())
    )
    if not title:  # a body without <title> or <h1> (the parse API's fragment): the file's name
        from .wikitext import _title_from_name

        title = _title_from_name(source_name)
    return assembled.article(
        text,
        title=unescape(title),
        source_name=source_name,
        url=url or page.canonical,
        reader="html",
        references=tuple(_reference(ref, page.starts) for ref in page.refs if ref.chars),
        furniture=page.furniture,
    )


def _page_title(title: str) -> str:
    return re.sub(r"\s+[-–—]\s+Wikipedia\s*$", "", title)


def _reference(ref: _Ref, starts: list[int]) -> Reference:
    piece = Piece(
        "".join(ref.chars), ref.offsets[0], tuple(ref.offsets), (), tuple(ref.ends)
    ).strip()
    body = piece.text.lstrip("^↑ ").strip()
    lead = len(piece.text) - len(piece.text.lstrip("^↑ "))
    fields = parse_reference_body(body)
    for key, value in (_coins(ref.coins[0]) if ref.coins else {}).items():
        if key == "title" and str(fields.get("title", "")).startswith(str(value)):
            continue  # the text's title keeps its [translation]
        fields[key] = value
    for href, shown in ref.urls:
        href = web_url(href) or ""
        if not href:
            continue
        if (
            "web.archive.org" in href
            or "archive.today" in href
            or shown.lower().startswith("archived")
        ):
            fields.setdefault("archive_url", href)
        else:
            fields.setdefault("url", href)
    backlinks = tuple(ref.backlinks) if len(ref.backlinks) > 1 else ()
    return Reference(
        number=ref.number,
        line=bisect_right(starts, piece.at(lead)),
        start=piece.at(lead),
        end=piece.end_at(len(piece.text)),
        raw=body,
        backlinks=backlinks,
        **fields,
    )


def _coins(title: str) -> ReferenceFields:
    """Fields of a CS1 citation's COinS metadata (``<span class="Z3988" title="ctx_ver=…">``)."""
    values = parse_qs(unescape(title))

    def one(key: str) -> str | None:
        return values[key][0].strip() if values.get(key) else None

    fields: ReferenceFields = {}
    title_value = one("rft.atitle") or one("rft.btitle") or one("rft.title")
    if title_value:
        fields["title"] = title_value
    authors = [a for a in values.get("rft.au", []) if a.strip()]
    if not authors and one("rft.aulast"):
        authors = [" ".join(filter(None, (one("rft.aufirst"), one("rft.aulast"))))]
    if authors:
        fields["authors"] = tuple(split_authors(a)[0] if split_authors(a) else a for a in authors)
    isbn = one("rft.isbn")
    if isbn:
        fields["isbn"] = isbn
    return fields
