"""HTML: a saved web page of a report, through lxml's HTML parser.

The page's furniture is dropped — scripts and styles, hidden elements, ``nav``/``aside``,
``header``/``footer`` outside the article, ARIA landmarks of the site, elements whose class
or id says navigation, header, footer, breadcrumb or sidebar, and blocks that are mostly
links — but never an element holding a table or the report's title. What is left of the main
content (``main``, ``article`` or the body) becomes the text form: a line per paragraph,
heading, list item or ``<br>``-separated line, a line per table row with rowspan/colspan
expanded. Each line's origin is the line and column of the element it came from.

Encoding: a BOM, else the page's ``<meta charset>``, else UTF-8 or GB18030/UTF-16 detected.
"""

from __future__ import annotations

import re

from . import InputError, Note, Origin, Source
from .grid import LONGEST_CELL, MAX_CELLS, MAX_SPAN, TableTooLarge, cell_text, expand, row_line
from .text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Chinese pages declare GB2312 or GBK and often use characters only GB18030 (their superset) has.
_GB = {"gb2312", "gbk", "x-gbk", "gb18030", "cp936", "csgb2312", "euc-cn", "hz-gb-2312"}

_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "select", "button", "input", "textarea", "head", "nav", "aside", "map",
              "audio", "video"}
_SITE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu",
               "menubar", "toolbar"}
# Words in class and id values that mark page furniture (split on -, _ and camelCase).
_CHROME_WORDS = {"nav", "navbar", "navigation", "menu", "menubar", "header", "footer", "foot",
                 "breadcrumb", "breadcrumbs", "crumb", "crumbs", "sidebar", "topbar", "banner",
                 "copyright", "share", "toolbar", "skip", "login", "search", "position",
                 "location", "dqwz", "bottom"}  # dqwz: 当前位置, the breadcrumb
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "section",
           "article", "main", "blockquote", "pre", "address", "center", "ul", "ol", "dl",
           "figure", "figcaption", "caption", "hr", "table", "form", "fieldset", "header",
           "footer", "body", "html"}
_HEADINGS = ("h1", "h2", "h3")
_LINK_BLOCKS = {"ul", "ol", "dl", "div", "p", "section", "td", "span", "table"}
_TITLE = re.compile(r"政府信息公开.{0,20}(?:报告|年报)")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")


# Bounds for hostile pages (checked before and after lxml parses, and while tables expand).
MAX_TAG_CHARS = 65_536  # one tag with its attributes; real ones are under 2,000
MAX_DEPTH = 200  # elements nested; real pages nest under 50 (libxml2 stops at 256, silently)
MAX_PICTURES = 1000  # pictures whose place is kept; a report has a few
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{MAX_TAG_CHARS}}}")


def read(path: str, data: bytes) -> Source:
    text, encoding, notes = _decode(path, data)
    import lxml.etree
    import lxml.html

    long_tag = _LONG_TAG.search(text)  # libxml2 checks each attribute against all before it
    if long_tag is not None:
        line = text.count("\n", 0, long_tag.start()) + 1
        raise InputError(path, "html_tag_too_long", line=line, limit=MAX_TAG_CHARS)

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(path, "html_invalid", detail=exc) from exc
    body = root.find("body")
    if body is None:
        raise InputError(path, "html_no_text")
    _check_depth(path, root)
    _drop_furniture(body)
    out = _Lines(_Columns(text, root))
    title = _outside_title(body, content := _main(body))
    try:
        if title is not None:
            out.walk(title)
            out.flush()
        else:
            out.title_el = _named_heading(content)
        out.walk(content)
        out.flush()
    except TableTooLarge as exc:
        raise InputError(path, "html_table_too_large", cells=exc.cells, limit=MAX_CELLS) from None
    if out.title_at:
        _drop_above_title(out)
    if not out.lines:
        raise InputError(path, "html_no_text")
    return Source(path, "\n".join(out.lines) + "\n", "html", encoding, notes, out.origins,
                  _page_meta(root), pictures=tuple(out.pictures))


# Government portals label each article page with <meta name=… content=…> (ArticleTitle,
# PubDate, ContentSource…); kept as the page gives them.
_PAGE_META = {"articletitle", "pubdate", "contentsource", "publishdate", "firstpublishedtime"}


def _page_meta(root) -> dict[str, str]:
    head = root.find("head")
    found: dict[str, str] = {}
    for meta in head.iter("meta") if head is not None else ():
        name, content = meta.get("name") or "", (meta.get("content") or "").strip()
        if name.lower() in _PAGE_META and content:
            found.setdefault(name, content)
    return found


def _check_depth(path: str, root) -> None:
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(path, "html_too_deep", line=el.sourceline or 0, limit=MAX_DEPTH)
        stack.extend((child, depth + 1) for child in el)


# --- encoding --------------------------------------------------------------------------------


def _decode(path: str, data: bytes) -> tuple[str, str, list[str]]:
    declared = None
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        match = _META_CHARSET.search(data[:8192])
        if match:
            declared = match.group(1).decode("ascii").lower()
    if declared:
        # A meta readable as ASCII cannot be UTF-16 (HTML's rule: read such a page as UTF-8).
        encoding = "gb18030" if declared in _GB else \
            "utf-8" if declared.startswith(("utf-16", "utf16")) else declared
        try:
            return data.decode(encoding), encoding, []
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead, and say so
    text, encoding, guessed = decode(data, path)
    notes = []
    if declared:
        notes.append(Note.of("charset_wrong", declared=declared, encoding=encoding))
    elif guessed:
        notes.append(Note.of("encoding_guessed", encoding=encoding))
    return text.lstrip("\ufeff"), encoding, notes


# --- the page's furniture ---------------------------------------------------------------------


def _words(value: str) -> set[str]:
    return {w.lower() for w in _WORD_SPLIT.split(value) if w}


class _Stats:
    """Per element, in one pass: letters of text, letters inside links, links, and whether it
    holds a table or a heading that reads like the report's title (never furniture)."""

    def __init__(self, body) -> None:
        self.of: dict = {}
        self._visit(body)

    def _visit(self, el) -> tuple[int, int, int, bool]:
        text = _letters(el.text)
        linked = links = 0
        report = el.tag in _HEADINGS and bool(_TITLE.search(el.text_content()))
        for child in el:
            if isinstance(child.tag, str):
                t, lt, n, r = self._visit(child)
                text, linked, links, report = text + t, linked + lt, links + n, report or r
            text += _letters(child.tail)
        if el.tag == "a":
            linked, links = text, links + 1
        # A table of the report, not a menu laid out as a table: its text is mostly not links.
        report = report or (el.tag == "table" and text > 2 * linked)
        self.of[el] = (text, linked, links, report)
        return self.of[el]

    def furniture(self, el, in_article: bool) -> bool:
        tag = el.tag
        if tag in _DROP_TAGS:
            return True
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            return True
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        text, linked, links, report = self.of.get(el, (0, 0, 0, False))
        if report:
            return False
        if tag in ("header", "footer"):
            return not in_article
        if (el.get("role") or "").lower() in _SITE_ROLES:
            return True
        if _words(f"{el.get('class') or ''} {el.get('id') or ''}") & _CHROME_WORDS:
            return True
        # A menu or a list of related links: most of its text is in two or more links.
        return tag in _LINK_BLOCKS and links >= 2 and linked >= 0.6 * text


def _letters(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


def _drop_furniture(body) -> None:
    stats = _Stats(body)

    def visit(el, in_article: bool) -> None:
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            if stats.furniture(child, in_article):
                _remove(child)
            else:
                visit(child, in_article or child.tag in ("article", "main"))
    visit(body, False)


def _remove(el) -> None:
    """Remove an element but keep the text after it (its tail belongs to the parent)."""
    parent, tail = el.getparent(), el.tail
    if tail and tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# --- the main content -------------------------------------------------------------------------


def _main(body):
    """``main`` (or role=main), else the ``article`` with the most text, else the body."""
    for el in body.iter("main", "div", "section"):
        if el.tag == "main" or (el.get("role") or "").lower() == "main":
            return el
    articles = list(body.iter("article"))
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    return body


def _outside_title(body, content):
    """The report's title when the page puts it above the article rather than inside it."""
    if content is body:
        return None
    for h in body.iter(*_HEADINGS):
        if _TITLE.search(h.text_content()):
            inside = any(a is content for a in h.iterancestors())
            return None if inside else h
    return None


_NAMED_TITLE = re.compile(r"^\S.*?(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年")


def _named_heading(content):
    """The report's title as the page's heading (h1–h3) when it names the agency before the
    year (某局2023年政府信息公开年度报告): what the page shows above it is not the report."""
    for h in content.iter(*_HEADINGS):
        text = "".join(h.text_content().split())
        if _TITLE.search(text):
            return h if _NAMED_TITLE.match(text) else None
    return None


def _drop_above_title(out: _Lines) -> None:
    """Leave out the lines above the title heading — menus, breadcrumbs, a share bar —
    except table rows and a portal's metadata lines (名称, 发布机构, 公开日期…), which
    lint/portal.py reads and leaves out of the report itself."""
    from ..portal import is_metadata

    keep = [i for i in range(out.title_at) if "\t" in out.lines[i] or is_metadata(out.lines[i])]
    kept_above = len(keep)
    keep += range(out.title_at, len(out.lines))
    out.lines = [out.lines[i] for i in keep]
    out.origins = [out.origins[i] for i in keep]
    # Pictures above the title are the page's (a banner); below it, lines move up.
    out.pictures = [at - out.title_at + kept_above for at in out.pictures if at > out.title_at]


# --- text form ----------------------------------------------------------------------------------


class _Columns:
    """Columns of elements: lxml gives an element's line only, so the n-th element with a tag
    on a line is taken to start at the n-th ``<tag`` on that line."""

    def __init__(self, text: str, root) -> None:
        self.lines = text.split("\n")
        self.rank: dict = {}  # element -> its rank; keys keep lxml's proxies (and ids) alive
        seen: dict[tuple[int, str], int] = {}
        for el in root.iter():
            if isinstance(el.tag, str) and el.sourceline:
                key = (el.sourceline, el.tag)
                self.rank[el] = seen.get(key, 0)
                seen[key] = seen.get(key, 0) + 1
        self._found: dict[tuple[int, str], list[int]] = {}

    def origin(self, el) -> Origin:
        line = el.sourceline or 0
        if not 1 <= line <= len(self.lines):
            return Origin(line=line or None, column=1)
        key = (line, el.tag)
        if key not in self._found:
            pattern = re.compile(rf"<{re.escape(el.tag)}(?=[\s/>])", re.I)
            self._found[key] = [m.start() + 1 for m in pattern.finditer(self.lines[line - 1])]
        found, n = self._found[key], self.rank.get(el, 0)
        return Origin(line=line, column=found[n] if n < len(found) else 1)


def _squash(text: str) -> str:
    """White space as a browser shows it; a line break between two CJK characters (the
    source's own wrapping) shows as nothing."""
    def space(m: re.Match) -> str:
        s, a, b = m.group(0), m.string[m.start() - 1: m.start()], m.string[m.end(): m.end() + 1]
        if ("\n" in s or "\r" in s) and a > "\u2e80" and b > "\u2e80":
            return ""
        return " "
    return _SPACE_RUN.sub(space, text)


class _Lines:
    def __init__(self, columns: _Columns) -> None:
        self.columns = columns
        self.lines: list[str] = []
        self.origins: list[Origin] = []
        self._buffer: list[str] = []
        self._origin_el = None
        self.title_el = None  # the title heading, when what is above it is not the report
        self.title_at = 0  # the index of its line
        self.pictures: list[int] = []  # Source.pictures: the number of lines above each <img>

    def text(self, s: str | None, el) -> None:
        if not s:
            return
        if self._origin_el is None and s.strip():
            self._origin_el = el
        self._buffer.append(s)

    def flush(self) -> None:
        line = _squash("".join(self._buffer)).strip()
        if line:
            self.lines.append(line)
            self.origins.append(self.columns.origin(self._origin_el))
        self._buffer, self._origin_el = [], None

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
            self._origin_el = el
            return
        if tag == "img" and len(self.pictures) < MAX_PICTURES:
            self.pictures.append(len(self.lines))
        if tag == "table" and _is_data_table(el):
            self.flush()
            self._table(el)
            return
        block = tag in _BLOCKS or tag in ("td", "th", "tr")
        if block:
            self.flush()
        if el is self.title_el:
            self.title_at = len(self.lines)
        self.text(el.text, el)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child)
            self.text(child.tail, el)
        if block:
            self.flush()

    def _table(self, table) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.walk(caption)
        trs = [tr for tr in table.iter("tr")]
        rows = [[(_cell(td), _span(td, "rowspan"), _span(td, "colspan"))
                 for td in tr if td.tag in ("td", "th")] for tr in trs]
        for tr, cells in zip(trs, expand(rows), strict=True):
            line = row_line(cells)
            if line is not None:
                self.lines.append(line)
                self.origins.append(self.columns.origin(tr))


def _is_data_table(table) -> bool:
    """A table of cells, not a page laid out with a table (which holds other tables or
    cells of running text)."""
    if table.find(".//table") is not None:
        return False
    cells = [td for td in table.iter("td", "th")]
    return len(cells) > 1 and all(_letters(td.text_content()) <= LONGEST_CELL for td in cells)


def _cell(td) -> str:
    # A <br> or <p> inside a cell wraps a label; the cell's text is still one label.
    return cell_text(_squash("".join(td.itertext())))


def _span(td, name: str) -> int:
    try:
        value = int(re.sub(r"\D.*", "", (td.get(name) or "1").strip()) or 1)
    except ValueError:
        return 1
    return value if name == "rowspan" else max(1, min(value, MAX_SPAN))
