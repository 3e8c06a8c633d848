"""MediaWiki source (wikitext) -> :class:`~defectorkg.model.Article`, with mwparserfromhell.

Longer than 500 lines on purpose: the node walk, templates, references and tables share the
render state that maps every rendered character back to the source file.

mwparserfromhell is the standard wikitext parser (the one pywikibot and the Wikimedia bots
use): it gives a node tree whose text joins back to the exact source, so the source offset of
every node is known and every rendered character can keep its offset in the file.

The page is rendered the way MediaWiki shows it: links show their text (the target is kept as a
:class:`~defectorkg.model.Link`), bold and italics, entities, ``{{lang}}``, ``{{convert}}`` and
dashes become text, ``<ref>`` becomes a numbered marker ``[n]`` (numbers in order of first use,
named refs reused, list-defined refs of ``{{reflist|refs=…}}``), ``{{citation needed}}`` a
``[citation needed]`` marker; comments, categories, images, maintenance templates and navboxes
render to nothing and their lines are kept as furniture.  The rendered lines become headings,
list items and paragraphs, assembled like every rendering (:func:`.layout.assemble`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import unescape
from pathlib import PurePath
from urllib.parse import unquote

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.nodes import Heading as HeadingNode
from mwparserfromhell.wikicode import Wikicode

from ..errors import SourceFormatError
from ..model import Article, Furniture, Link, Reference, UnrecognisedLine
from .layout import YEAR_LINE, Block, Piece, TableRows, assemble
from .references import (
    ReferenceFields,
    parse_reference_body,
    reference_fields_from_template,
    web_url,
)

_LIST_LINE = re.compile(r"^(?P<marks>[*#:;]+)\s*")
_CONTINUATION = re.compile(r"^[*#]+:")  # "*: more of the item above"
_HEADING_LINE = re.compile(r"^(?P<eq>={1,6})(?P<title>.+?)(?P=eq)\s*$")
_SWITCH = re.compile(r"^\s*(?:__[A-Z]+__\s*)+$")
_NAMESPACES_DROPPED = {"category": "category", "file": "image", "image": "image", "media": "image"}
_INTERLANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,8})?:")
#: Templates that show their first positional parameter as text.
_SHOW_FIRST_NAMES = frozenset(
    {"nowrap", "nobr", "small", "smaller", "big", "abbr", "nihongo", "noitalic", "em", "strong",
     "sic", "not a typo", "var", "keep together", "no wrap", "ill", "interlanguage link",
     "flagcountry", "flag", "flagu", "linktext"}
)  # fmt: skip
_DASHES = {"ndash": "–", "mdash": "—", "snd": " – ", "spaced ndash": " – ", "spnd": " – ",
           "nbsp": " ", "'": "'", "-": "–", "•": " • ", "dot": " · ", "middot": "·"}  # fmt: skip
_NEEDED = {
    "citation needed": "citation needed", "cn": "citation needed", "fact": "citation needed",
    "cite needed": "citation needed", "citation required": "citation needed",
    "clarify": "clarification needed", "page needed": "page needed", "year needed": "year needed",
    "better source needed": "better source needed", "verification needed": "verification needed",
}  # fmt: skip
_SHORT_FOOTNOTES = frozenset({"sfn", "sfnp", "sfnm"})
#: Short citations written inside a ``<ref>``: ``<ref>{{harvnb|Oh|2012|p=4}}</ref>``.
_HARVARD = frozenset({"harvnb", "harv", "harvp", "harvtxt", "harvcoltxt", "harvcol", "sfnref"})
_SURNAME_KEY = re.compile(r"^(?:last|surname|author|editor-last|editor)\d*$")
_FLAT = str.maketrans("\n\r\t", "   ")
_REFLISTS = frozenset({"reflist", "references", "notelist", "refbegin", "refend", "reflist-talk"})


@dataclass
class _Use:
    name: str | None
    start: int  # source offset of the ref tag (or {{sfn}})
    end: int
    number: int | None = None


@dataclass
class _Render:
    """The page rendered: characters, their source offsets, links, refs and dropped markup."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    uses: list[_Use] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    definitions: dict[str, tuple[Wikicode, int, int]] = field(default_factory=dict)
    unnamed: dict[int, tuple[Wikicode, int, int]] = field(default_factory=dict)
    dropped: list[tuple[int, int, str]] = field(default_factory=list)
    display_title: str | None = None
    works: list[Template] = field(
        default_factory=list
    )  # cite templates outside refs (a Bibliography)
    next_number: int = 1
    depth: int = 0  # nesting inside a ref or template: no markers, no definitions there

    def put(self, text: str, start: int, end: int) -> None:
        """``text`` standing for the source ``start``..``end`` (verbatim when lengths agree)."""
        if not text:
            return
        if end - start == len(text):
            self.chars.extend(text)
            self.offsets.extend(range(start, end))
            return
        last = max(start, end - 1)
        for index, char in enumerate(text):
            self.chars.append(char)
            if index == len(text) - 1:
                self.offsets.append(last)
            else:
                self.offsets.append(min(start + index, max(start, last - 1)))


def parse_wikitext(text: str, *, source_name: str = "<string>", url: str | None = None) -> Article:
    """Parse MediaWiki source; raises SourceFormatError when it has no year or dated entry."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceFormatError(f"{source_name}: the text is empty")
    code = mwparserfromhell.parse(text)
    render = _Render()
    _walk(code, 0, render)
    starts = _line_starts(text)
    blocks = _blocks(render, text, starts)
    assembled = assemble(blocks)
    if not assembled.sections:
        raise SourceFormatError(
            f"{source_name}: no year sections found (expected headings or items such as '== 1990s ==', "
            "'* 1997', or entries that open with their date)"
        )
    article = assembled.article(
        text,
        title=render.display_title or _title_from_name(source_name),
        source_name=source_name,
        url=url,
        reader="wikitext",
        references=_references(render, text, starts),
        furniture=[],
    )
    return _account(article, render, starts)


def _title_from_name(source_name: str) -> str:
    """ "List_of_North_Korean_defectors.wiki" -> "List of North Korean defectors"."""
    stem = PurePath(source_name).stem if source_name != "<string>" else ""
    return " ".join(unquote(stem).replace("_", " ").split())


# -- rendering ---------------------------------------------------------------------------


def _walk(code: Wikicode, base: int, out: _Render) -> None:
    position = base
    for node in code.nodes:
        size = len(str(node))
        _node(node, position, size, out)
        position += size


def _node(node: object, start: int, size: int, out: _Render) -> None:
    end = start + size
    if isinstance(node, Text):
        out.put(str(node), start, end)
    elif isinstance(node, HTMLEntity):
        out.put(node.normalize(), start, end)
    elif isinstance(node, Comment):
        out.dropped.append((start, end, "comment"))
    elif isinstance(node, Argument):
        out.dropped.append((start, end, "template"))
    elif isinstance(node, HeadingNode):
        level = node.level
        out.put("=" * level, start, start + level)
        _walk(node.title, start + level, out)
        out.put("=" * level, end - level, end)
    elif isinstance(node, Wikilink):
        _wikilink(node, start, end, out)
    elif isinstance(node, ExternalLink):
        _external(node, start, end, out)
    elif isinstance(node, Tag):
        _tag(node, start, end, out)
    elif isinstance(node, Template):
        _template(node, start, end, out)
    else:
        out.put(str(node), start, end)


def _wikilink(node: Wikilink, start: int, end: int, out: _Render) -> None:
    title = str(node.title)
    target = title.strip()
    namespace = target.split(":", 1)[0].strip().lower() if ":" in target else ""
    if namespace in _NAMESPACES_DROPPED:
        out.dropped.append((start, end, _NAMESPACES_DROPPED[namespace]))
        return
    if _INTERLANGUAGE.match(target):
        out.dropped.append((start, end, "interlanguage link"))
        return
    target = target.lstrip(":").split("#", 1)[0].strip()
    before = len(out.chars)
    if node.text is not None:
        _walk(node.text, start + 2 + len(title) + 1, out)
    else:
        _walk(node.title, start + 2, out)
    if target and len(out.chars) > before:
        shown_start = out.offsets[before]
        while shown_start < end and out.chars[before].isspace() and before < len(out.chars) - 1:
            before += 1
            shown_start = out.offsets[before]
        out.links.append(Link(shown_start, out.offsets[-1] + 1, _page_title(target)))


def _page_title(target: str) -> str:
    target = " ".join(unescape(target).replace("_", " ").split())
    return target[:1].upper() + target[1:]


def _external(node: ExternalLink, start: int, end: int, out: _Render) -> None:
    if node.title is not None and node.brackets:
        title_start = end - 1 - len(str(node.title))
        _walk(node.title, title_start, out)
    elif not node.brackets:
        out.put(str(node), start, end)


def _tag(node: Tag, start: int, end: int, out: _Render) -> None:
    markup = node.wiki_markup
    name = str(node.tag).strip().lower()
    if markup in ("*", "#", ":", ";"):
        out.put(str(node), start, end)
        return
    if name == "table" and node.contents is not None and not out.depth:
        _table(node, start, end, out)
        return
    if markup == "----" or name in (
        "table",
        "gallery",
        "math",
        "score",
        "timeline",
        "imagemap",
        "templatestyles",
        "includeonly",
        "syntaxhighlight",
    ):
        out.dropped.append((start, end, "image" if name == "gallery" else "markup"))
        return
    if name == "ref":
        _ref(node, start, end, out)
        return
    if name == "references":
        if node.contents is not None:
            _definitions(node.contents, start + _contents_offset(node), out)
        out.dropped.append((start, end, "reference list"))
        return
    if name == "br":
        out.put(" ", start, end)
        return
    if node.self_closing or node.contents is None:
        return
    if name == "nowiki":
        out.put(
            str(node.contents),
            start + _contents_offset(node),
            start + _contents_offset(node) + len(str(node.contents)),
        )
        return
    _walk(node.contents, start + _contents_offset(node), out)


def _table(node: Tag, start: int, end: int, out: _Render) -> None:
    """A table of entries, one row each: rendered as a year item and an entry item (:mod:`.layout`)."""
    out.put("\n", start, start)
    table = TableRows()
    position = start + _inner_offset(node)
    loose: list[tuple[Tag, int]] = []  # cells before the first "|-" row
    for child in node.contents.nodes:
        size = len(str(child))
        if isinstance(child, Tag) and str(child.tag).strip().lower() in ("td", "th"):
            loose.append((child, position))
        elif (
            isinstance(child, Tag)
            and str(child.tag).strip().lower() == "tr"
            and child.contents is not None
        ):
            _table_row(table, loose, out)
            loose = []
            inner = position + _inner_offset(child)
            for cell in child.contents.nodes:
                if isinstance(cell, Tag) and str(cell.tag).strip().lower() in ("td", "th"):
                    loose.append((cell, inner))
                inner += len(str(cell))
            _table_row(table, loose, out)
            loose = []
        position += size
    _table_row(table, loose, out)
    out.dropped.append((start, end, "table"))


def _table_row(table: TableRows, cells: list[tuple[Tag, int]], out: _Render) -> None:
    if not cells:
        return
    rendered = []
    for cell, cell_start in cells:
        before = len(out.chars)
        if cell.contents is not None:
            _walk(cell.contents, cell_start + _inner_offset(cell), out)
        chars, offsets = out.chars[before:], out.offsets[before:]
        del out.chars[before:], out.offsets[before:]
        rendered.append(
            ("".join(chars).translate(_FLAT), tuple(offsets), str(cell.tag).strip().lower() == "th")
        )
    for row_text, row_offsets in table.row(rendered):
        out.chars.extend(row_text + "\n")
        out.offsets.extend((*row_offsets, row_offsets[-1]))


def _inner_offset(node: Tag) -> int:
    """Where a table, row or cell's contents begin, relative to its start (attributes skipped)."""
    full, contents = str(node), str(node.contents) if node.contents is not None else ""
    found = full.rfind(contents)
    return found if found >= 0 else len(full)


def _contents_offset(node: Tag) -> int:
    """Where the tag's contents begin, relative to the tag's start."""
    if node.wiki_markup:
        return len(node.wiki_markup)
    full = str(node)
    close = full.rfind("</")
    if close < 0:
        close = len(full)
    return close - len(str(node.contents))


def _ref_name(node: Tag) -> str | None:
    value = (
        node.get("name").value if node.has("name") else None
    )  # None also for a bare `<ref name>`
    name = value.strip_code().strip() if value is not None else ""
    return name or None


def _ref(node: Tag, start: int, end: int, out: _Render) -> None:
    if out.depth:
        return
    group = node.get("group").value if node.has("group") else None
    if group is not None and group.strip_code().strip():
        out.dropped.append((start, end, "note"))
        return
    name = _ref_name(node)
    contents = node.contents if not node.self_closing else None
    if contents is not None and str(contents).strip():
        definition = (
            contents,
            start + _contents_offset(node),
            start + _contents_offset(node) + len(str(contents)),
        )
        if name is not None:
            out.definitions.setdefault(name, definition)
    else:
        definition = None
    _cite(name, definition, start, end, out)


def _cite(
    name: str | None,
    definition: tuple[Wikicode, int, int] | None,
    start: int,
    end: int,
    out: _Render,
) -> None:
    """A citation marker at ``start``..``end``: the ref's number (by first use) rendered as "[n]"."""
    if name is not None and name in out.numbers:
        number = out.numbers[name]
    else:
        number = out.next_number
        out.next_number += 1
        if name is not None:
            out.numbers[name] = number
        elif definition is not None:
            out.unnamed[number] = definition
    out.uses.append(_Use(name, start, end, number))
    out.put(f"[{number}]", start, end)


def _definitions(code: Wikicode, base: int, out: _Render) -> None:
    """List-defined refs (inside ``{{reflist|refs=…}}`` or ``<references>…</references>``)."""
    position = base
    for node in code.nodes:
        size = len(str(node))
        if (
            isinstance(node, Tag)
            and str(node.tag).strip().lower() == "ref"
            and node.contents is not None
        ):
            name = _ref_name(node)
            if name is not None and str(node.contents).strip():
                offset = position + _contents_offset(node)
                out.definitions.setdefault(
                    name, (node.contents, offset, offset + len(str(node.contents)))
                )
        position += size


def _params(node: Template, start: int) -> dict[str, tuple[Wikicode, int]]:
    """Each parameter's value and the source offset where the value begins."""
    found: dict[str, tuple[Wikicode, int]] = {}
    position = start + 2 + len(str(node.name))
    for param in node.params:
        position += 1  # "|"
        value_start = position + (len(str(param.name)) + 1 if param.showkey else 0)
        found.setdefault(str(param.name).strip(), (param.value, value_start))
        position += len(str(param))
    return found


def _template(node: Template, start: int, end: int, out: _Render) -> None:
    raw_name = str(node.name).strip()
    name = " ".join(raw_name.replace("_", " ").lower().split())
    if name.startswith("displaytitle:"):
        title = mwparserfromhell.parse(raw_name.split(":", 1)[1]).strip_code(normalize=True).strip()
        out.display_title = unescape(title) or out.display_title
        out.dropped.append((start, end, "template"))
        return
    params = _params(node, start)
    if name in _REFLISTS:
        if "refs" in params:
            _definitions(params["refs"][0], params["refs"][1], out)
        out.dropped.append((start, end, "reference list"))
        return
    if name in _DASHES and not node.params:
        out.put(_DASHES[name], start, end)
        return
    if name in _NEEDED:
        out.put(f"[{_NEEDED[name]}]", start, end)
        return
    if name in _SHORT_FOOTNOTES:
        if (
            not out.depth
        ):  # {{sfn|Harden|2012|p=45}}: one reference per distinct author, year and page
            key = "\x00" + "|".join(
                f"{k}={v[0].strip_code().strip()}" for k, v in sorted(params.items())
            )
            out.definitions.setdefault(key, (mwparserfromhell.parse(str(node)), start, end))
            _cite(key, out.definitions[key], start, end, out)
        return
    if name == "r" and "1" in params:
        fake = mwparserfromhell.parse(
            f'<ref name="{params["1"][0].strip_code().strip()}" />'
        ).nodes[0]
        assert isinstance(fake, Tag)  # the markup above parses as one <ref> tag
        _ref(fake, start, end, out)
        return
    if name in ("circa", "c.", "ca", "ca.") and "1" in params:  # {{circa|1950}} shows "c. 1950"
        out.put("c. ", start, params["1"][1])
        out.depth += 1
        _walk(params["1"][0], params["1"][1], out)
        out.depth -= 1
        return
    if name in ("sortname", "dts") and "2" in params:  # {{sortname|Dae-ho|Kim}}, {{dts|1997|5|8}}
        _joined(name, params, out)
        return
    shown = _shown_param(name, params)
    if shown is not None:
        value, value_start = shown
        out.depth += 1
        before = len(out.chars)
        _walk(value, value_start, out)
        out.depth -= 1
        if name in ("ill", "interlanguage link") and len(out.chars) > before:
            out.links.append(
                Link(out.offsets[before], out.offsets[-1] + 1, _page_title(value.strip_code()))
            )
        return
    if name == "convert" and "1" in params and "2" in params:
        _convert(params, out)
        return
    if not out.depth and _is_cite(name):
        out.works.append(node)  # a Bibliography entry: what {{sfn}} short footnotes point at
    out.dropped.append((start, end, "template"))


def _is_cite(name: str) -> bool:
    return name.startswith("cite") or name in ("citation", "vcite news", "vcite web", "vcite book")


def _shown_param(name: str, params: dict[str, tuple[Wikicode, int]]) -> tuple[Wikicode, int] | None:
    if name == "lang" or name == "transl" or name == "transliteration":
        return params.get("2")
    if name.startswith("lang-") or name in _SHOW_FIRST_NAMES:
        return params.get("1")
    if name == "korean":
        return params.get("hangul") or params.get("1")
    if name in ("sort", "sortname", "nts", "dts") and "2" not in params or name in ("ntsh",):
        return params.get("1")  # {{dts|1997-05-08}}, {{nts|34}}: one value, shown as written
    if name == "sort":  # {{sort|Kim 1|Kim Dae-ho}}: the key is hidden
        return params.get("2")
    return None


_MONTHS = (
    "January February March April May June July August September October November December".split()
)


def _joined(name: str, params: dict[str, tuple[Wikicode, int]], out: _Render) -> None:
    """{{sortname|First|Last}} shows "First Last"; {{dts|1997|5|8}} shows "8 May 1997"."""
    keys = ["1", "2"] if name == "sortname" else [k for k in ("3", "2", "1") if k in params]
    for index, key in enumerate(keys):
        value, value_start = params[key]
        clean = value.strip_code().strip()
        if name == "dts" and key == "2" and clean.isdigit() and 1 <= int(clean) <= 12:
            clean = _MONTHS[int(clean) - 1]
        if index:
            out.put(" ", value_start - 1, value_start)
        out.put(clean, value_start, value_start + len(str(value)))


def _convert(params: dict[str, tuple[Wikicode, int]], out: _Render) -> None:
    """``{{convert|10|km|mi}}`` -> "10 km"; ranges ``{{convert|2|to|3|km}}`` -> "2 to 3 km"."""
    keys = ["1", "2"]
    if params["2"][0].strip_code().strip() in ("-", "–", "to", "and", "or", "by", "x", "×"):
        keys += ["3", "4"]
    for index, key in enumerate(keys):
        if key not in params:
            break
        value, value_start = params[key]
        text = str(value)
        lead = len(text) - len(text.lstrip())
        clean = text.strip()
        if index:
            out.put(" ", value_start - 1, value_start)
        out.put(unescape(clean), value_start + lead, value_start + lead + len(clean))


# -- lines to blocks ---------------------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset)


def _blocks(render: _Render, text: str, starts: list[int]) -> list[Block]:
    """Rendered lines as headings, list items (with depth) and paragraphs."""
    blocks: list[Block] = []
    chars, offsets = render.chars, render.offsets
    links = sorted(render.links, key=lambda link: link.start)
    link_starts = [link.start for link in links]
    begin = 0
    rendered = "".join(chars)
    for stop in [
        *(m.start() for m in re.finditer(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", rendered)),
        len(chars),
    ]:
        line_text = rendered[begin:stop]
        if line_text.strip() and not _SWITCH.match(line_text):
            first, last = (
                bisect_left(link_starts, offsets[begin]),
                bisect_right(link_starts, offsets[stop - 1]),
            )
            piece = Piece(
                line_text, offsets[begin], tuple(offsets[begin:stop]), tuple(links[first:last])
            )
            block = _block(piece, text, starts)
            if blocks and _continues(line_text, blocks[-1], text, starts):
                block = _continued(blocks.pop(), block)
            blocks.append(block)
        begin = stop + 1
    return blocks


def _continues(line_text: str, before: Block, text: str, starts: list[int]) -> bool:
    """Whether ``line_text`` ("*: …") goes on with the entry item just above (same marks, no year line)."""
    marks = _CONTINUATION.match(line_text)
    if marks is None or before.kind != "item" or YEAR_LINE.match(before.piece.text.strip()):
        return False
    above = _LIST_LINE.match(
        text[starts[before.line - 1] : starts[min(before.line, len(starts) - 1)]]
    )
    return above is not None and above.group("marks").strip().startswith(marks.group()[:-1])


def _continued(item: Block, more: Block) -> Block:
    """A ``*:`` line goes on with the list item above it (MediaWiki indents it inside that item)."""
    first, second = item.piece, more.piece.strip()
    join = first.end_at(len(first.text))
    offsets = (*(first.offsets or range(first.start, join)), join - 1, *second.offsets)
    piece = Piece(
        f"{first.text.rstrip()} {second.text}", first.start, offsets, (*first.links, *second.links)
    )
    return Block("item", piece, item.line, item.depth, item.raw)


def _block(piece: Piece, text: str, starts: list[int]) -> Block:
    heading = _HEADING_LINE.match(piece.text)
    first = len(piece.text) - len(piece.text.lstrip())
    line = _line_of(starts, piece.at(first))
    if heading:
        title = piece.slice(heading.start("title"), heading.end("title")).strip()
        raw = text[starts[line - 1] : starts[line]].strip() if line < len(starts) else ""
        return Block("heading", title, line, len(heading.group("eq")), raw)
    marks = _LIST_LINE.match(piece.text)
    if marks:
        body = piece.slice(marks.end())
        return Block("item", body, line, len(marks.group("marks").rstrip()))
    return Block("text", piece, line)


# -- references ----------------------------------------------------------------------------


def _references(render: _Render, text: str, starts: list[int]) -> tuple[Reference, ...]:
    """One reference per distinct ref, numbered by first use, with the cite template's fields."""
    uses: dict[int, int] = {}
    for use in render.uses:
        if use.number is not None:
            uses[use.number] = uses.get(use.number, 0) + 1
    by_number: dict[int, tuple[Wikicode, int, int]] = dict(render.unnamed)
    for name, number in render.numbers.items():
        if name in render.definitions:
            by_number[number] = render.definitions[name]
    extra = sorted(
        set(render.definitions) - set(render.numbers), key=lambda n: render.definitions[n][1]
    )
    next_number = render.next_number
    for name in extra:  # defined in the list but never used: still a reference, uncited
        by_number[next_number] = render.definitions[name]
        uses[next_number] = 0
        next_number += 1
    references = []
    for number in sorted(by_number):
        contents, start, _end = by_number[number]
        raw = str(contents)
        lead = len(raw) - len(raw.lstrip())
        count = uses.get(number, 0)
        backlinks = (
            tuple("abcdefghijklmnopqrstuvwxyz"[i] for i in range(min(count, 26)))
            if count > 1
            else ()
        )
        references.append(
            Reference(
                number=number,
                line=_line_of(starts, start + lead),
                start=start + lead,
                end=start + len(raw.rstrip()),
                raw=raw.strip(),
                backlinks=backlinks,
                **_reference_fields(contents, render.works),
            )
        )
    return tuple(references)


def _reference_fields(contents: Wikicode, works: Sequence[Template] = ()) -> ReferenceFields:
    """Fields from the first cite template; else from the text and its first external link.

    A short footnote (``{{sfn}}``, ``{{harvnb}}``) takes the fields of the Bibliography's cite
    template with the same surnames and year, and keeps its own page.
    """
    for template in contents.filter_templates(recursive=False):
        name = " ".join(str(template.name).replace("_", " ").lower().split())
        if name in _SHORT_FOOTNOTES or name in _HARVARD:
            short = _short_footnote(template)
            work = _work_of(short, works)
            if work is None:
                return short
            return {
                **reference_fields_from_template(_values(work)),
                **{k: v for k, v in short.items() if k == "page"},
            }
        if _is_cite(name):
            return reference_fields_from_template(_values(template))
    url = None
    pieces = []
    for node in contents.nodes:
        if isinstance(node, ExternalLink):
            url = url or str(node.url).strip()
            if node.title is not None:
                pieces.append(f'"{node.title.strip_code(normalize=True).strip()}"')
        elif isinstance(node, (Tag, Template, Comment)):
            if isinstance(node, Tag) and node.contents is not None:
                pieces.append(node.contents.strip_code(normalize=True))
        else:
            pieces.append(mwparserfromhell.parse(str(node)).strip_code(normalize=True))
    body = " ".join("".join(pieces).split())
    fields = parse_reference_body(body) if body else {}
    if web_url(url):
        fields["url"] = web_url(url)
    return fields


def _values(template: Template) -> dict[str, str]:
    return {
        str(p.name).strip().lower(): unescape(
            p.value.strip_code(normalize=True, collapse=True).strip()
        )
        for p in template.params
    }


def _work_of(short: ReferenceFields, works: Sequence[Template]) -> Template | None:
    """The cite template a short footnote names: same surnames (in order) and the same year."""
    authors = [str(a).casefold() for a in short.get("authors", ())]
    year = short.get("published")
    if not authors or not year:
        return None
    for work in works:
        values = _values(work)
        surnames = [
            value.split()[-1].casefold() if key.startswith(("author", "editor")) and not key.startswith("editor-last") else value.casefold()
            for key, value in values.items() if _SURNAME_KEY.match(key) and value
        ]  # fmt: skip
        dated = values.get("year") or values.get("date") or ""
        if surnames[: len(authors)] == authors and str(year) in dated:
            return work
    return None


def _short_footnote(template: Template) -> ReferenceFields:
    """``{{sfn|Last|Last2|Year|p=45}}``: the authors' surnames, the year and the page."""
    positional = [
        p.value.strip_code().strip()
        for p in template.params
        if not p.showkey and p.value.strip_code().strip()
    ]
    fields: ReferenceFields = {}
    if positional and re.fullmatch(r"(?:1[5-9]|20)\d\d[a-z]?|n\.d\.", positional[-1]):
        year = positional.pop()
        if year[:4].isdigit():
            fields["published"] = year[:4]
    if positional:
        fields["authors"] = tuple(positional)
    for key in ("p", "pp", "page", "pages", "loc"):
        if template.has(key) and template.get(key).value.strip_code().strip():
            fields["page"] = template.get(key).value.strip_code().strip()
            break
    return fields


# -- accounting ----------------------------------------------------------------------------


def _account(article: Article, render: _Render, starts: list[int]) -> Article:
    """Every non-blank line the model does not hold: furniture (by the markup on it) or unrecognised."""
    from dataclasses import replace

    from .parse import line_accounting

    held = line_accounting(article)
    lines = article.text.splitlines()
    kinds: dict[int, str] = {}
    for start, end, kind in render.dropped:
        for number in range(_line_of(starts, start), _line_of(starts, max(start, end - 1)) + 1):
            kinds.setdefault(number, kind)
    furniture = list(article.furniture)
    unrecognised = list(article.unrecognised)
    for number, line in enumerate(lines, start=1):
        if not line.strip() or number in held:
            continue
        if number in kinds:
            furniture.append(Furniture(number, kinds[number], line.strip()))
        elif _SWITCH.match(line) or re.fullmatch(
            r"\s*(?:\}\}|\{\{[^{}|]*\||</?\w+[^<>]*>)\s*", line
        ):
            furniture.append(Furniture(number, "markup", line.strip()))
        elif article.title and number == 1:
            furniture.append(Furniture(number, "title", line.strip()))
        else:
            unrecognised.append(
                UnrecognisedLine(
                    number, line, "wikitext that renders to no entry, heading or paragraph"
                )
            )
    return replace(
        article,
        furniture=tuple(sorted(furniture, key=lambda f: f.line)),
        unrecognised=tuple(sorted(unrecognised, key=lambda u: u.line)),
    )
