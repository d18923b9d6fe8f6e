"""What a government portal adds around a report: its metadata block and its footers.

A report saved from a portal page, or copied out of one, carries the site's metadata (名称,
索引号, 发布机构, 公开日期, 文号, …) above the report — as a table (one TAB row per table row
in the text form) or as ``label：value`` lines, maybe several on one line — and sometimes a
capture note in the same form (标题：/来源：/采集时间：). Below the signature there may be site
footers (主办单位, 版权所有, ICP备案号, 打印本页…) or page numbers. None of that is the report's
own text, but the metadata says who published the report and when.

:func:`read` finds those lines in the text form; :func:`blank` replaces every character of
them but the line ends with a space, so the lexer sees blank lines there while every position
in the text stays where it was (spans, the adapter's map back into the file and fixes are
unchanged).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import NamedTuple

from .ast import DateValue, Span
from .regexes import regex

# Folded label -> what it says. Labels portals and capture tools use; "other" ones are read
# only so that their lines are known to be metadata.
LABELS = {
    "名称": "name", "标题": "name", "文章标题": "name", "信息名称": "name",
    "索引号": "index",
    "发布机构": "publisher", "发文机关": "publisher", "发文单位": "publisher",
    "发布单位": "publisher", "公开主体": "publisher",
    "公开日期": "published", "发布日期": "published", "发布时间": "published",
    "公开时间": "published", "发文日期": "published",
    "成文日期": "written", "生成日期": "written",
    "文号": "number", "发文字号": "number",
    "单位": "source", "来源": "source", "信息来源": "source", "文章来源": "source",
    "采集时间": "captured", "原文链接": "url", "来源链接": "url", "本地目录": "other",
    "分类": "other", "主题分类": "other", "信息分类": "other", "组配分类": "other",
    "体裁分类": "other", "服务对象分类": "other", "栏目": "other", "所属栏目": "other",
    "关键词": "other", "关键字": "other", "主题词": "other", "有效性": "other",
    "时效性": "other", "公开方式": "other", "公开范围": "other", "公开形式": "other",
    "浏览次数": "other", "访问次数": "other", "点击数": "other", "阅读次数": "other",
    "字号": "other", "字体": "other",
    "当前位置": "breadcrumb", "您的位置": "breadcrumb", "您当前的位置": "breadcrumb",
    "您现在的位置": "breadcrumb", "所在位置": "breadcrumb",
}
# The labels of a site's metadata table, which a page printed to PDF and read back (or copied
# out of such a PDF) writes without colons, each run into its value or a space before it:
# 名称某局2023年…, 发布机构某局公开日期2024-01-17. (Not a capture note's labels, nor
# words as common inside a value as 单位 or 来源.)
TABLE_LABELS = ("名称", "信息名称", "索引号", "发布机构", "发文机关", "发文单位", "发布单位", "公开主体",
                "公开日期", "发布日期", "发文日期", "成文日期", "生成日期", "文号", "发文字号",
                "分类", "主题分类", "信息分类", "组配分类", "体裁分类", "服务对象分类",
                "关键词", "关键字", "主题词", "有效性", "时效性", "公开方式", "公开范围", "公开形式")
# Which labels say who published the report and when, most reliable first: the site's own
# table before a capture tool's note.
PUBLISHED_LABELS = ("公开日期", "发布日期", "发文日期", "公开时间", "发布时间")
PUBLISHER_LABELS = ("发布机构", "发文机关", "发文单位", "发布单位", "公开主体")
NAME_LABELS = ("名称", "信息名称", "文章标题", "标题")

# A capture tool's marker where the page's text begins: "正文", "===== 正文 =====".
_MARKER_RE = regex(r"^[=＝\-—*#\s]*正文[=＝\-—*#\s:：]*$")
LONGEST_LINE = 200  # a metadata line is short; a crawler's run-on page is not one
_SPACES = " \t\u3000\u00a0\ufeff"
_DECOR = "*#>-•·【】[]"  # Markdown marks, bullets and brackets around a label
_HEADING_RE = regex(r"^\s*(?:#{1,6}\s*)?[一二三四五六]\s*[、.．]")
_DATE_LINE_RE = regex(
    r"^([0-9０-９]{4}|[〇零○一二三四五六七八九]{4})年([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
    r"月([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日$")
_VALUE_DATE_RE = regex(r"([12]\d{3})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?")
_PAGE_RE = regex(r"^(?:[-—－–]?\s*\d{1,3}\s*[-—－–]?|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
                      r"|\d{1,3}\s*/\s*\d{1,3}|共\s*\d{1,3}\s*页)$")
# Words of a site's footer and of the buttons below an article.
_FOOTER_RE = regex(
    r"主办单位|主办：|主办:|承办单位|承办：|承办:|版权所有|ICP备|ICP证|网站标识码|公网安备|公安备案|技术支持"
    r"|联系我们|网站地图|网站声明|隐私声明|打印本页|关闭窗口|【打印】|【关闭】|\[打印\]|\[关闭\]|打印此页"
    r"|分享到|扫一扫|返回顶部|上一篇|下一篇|相关链接|相关阅读|相关文章|纠错")


class Field(NamedTuple):
    """One ``label：value`` of the metadata block: where its value is in the text form."""

    label: str  # as the page writes it, folded
    key: str  # what it says: LABELS[label]
    value: str
    # The value's span (an empty value's: where it would be); None for what the file says
    # outside the text form (a page's <meta>).
    span: Span | None


class Portal:
    """A portal page's metadata block and footers."""

    def __init__(self) -> None:
        self.fields: list[Field] = []
        self.lines: list[int] = []  # 1-based lines of the block and footers

    def first(self, labels: tuple[str, ...]) -> Field | None:
        """The first non-empty field with one of ``labels``, in the order of ``labels``."""
        for label in labels:
            for f in self.fields:
                if f.label == label and f.value:
                    return f
        return None

    @property
    def publisher(self) -> Field | None:
        return self.first(PUBLISHER_LABELS)

    @property
    def name(self) -> Field | None:
        return self.first(NAME_LABELS)

    @property
    def published(self) -> DateValue | None:
        """The date the site says the report was published, if it gives one."""
        for label in PUBLISHED_LABELS:
            for f in self.fields:
                if f.label == label and (d := value_date(f)) is not None:
                    return d
        return None


def value_date(f: Field) -> DateValue | None:
    """A metadata value's date: 2024-01-17, 2024/1/17, 2024.01.17, 2024年1月17日, with a
    time after it or not."""
    m = _VALUE_DATE_RE.search(f.value)
    if not m:
        return None
    try:
        value = date(*(int(g) for g in m.groups()))
    except ValueError:
        return None
    if f.span is None:
        return DateValue(None, value, m.group(0))  # type: ignore[arg-type]  # placed by facts
    start = f.span.offset + m.start()
    span = Span(f.span.line, f.span.column + m.start(), start,
                f.span.line, f.span.column + m.end(), f.span.offset + m.end())
    return DateValue(span, value, m.group(0))


@cache
def _pair_re() -> re.Pattern[str]:
    labels = "|".join(sorted(LABELS, key=len, reverse=True))
    # A label starts the line or follows white space or a bracket; its colon is required in
    # a line (in a table its cell says it is a label).
    return regex(rf"(?:^|(?<=[\s】\]*#>\-•·]))[【\[]?({labels})[】\]]?\s*[:：]")


@cache
def _bare_re() -> re.Pattern[str]:
    return regex("|".join(sorted(TABLE_LABELS, key=len, reverse=True)))


def _label(cell: str) -> str | None:
    text = "".join(cell.split()).strip(_DECOR).rstrip(":：")
    return text if text in LABELS else None


_LINE_RE = regex(r"[^\r\n]*(?:\r\n|\r|\n|$)")  # the lexer's lines


def _split(text: str) -> list[tuple[str, int]]:
    """(line without its end, offset of its start), as the lexer splits lines."""
    out = []
    for m in _LINE_RE.finditer(text):
        if m.start() == m.end() == len(text) and out:
            break
        out.append((m.group(0).rstrip("\r\n"), m.start()))
    return out


# <meta name=…> of a portal's article page -> the label of the same field in its text.
META_LABELS = {"articletitle": "名称", "pubdate": "发布日期", "publishdate": "发布日期",
               "firstpublishedtime": "发布日期", "contentsource": "来源"}


def read(text: str, metadata: dict[str, str] | None = None) -> Portal:
    """The metadata lines above the first section heading, and the footers below the last
    line that is a date (the signature's); then what the adapter found outside the text
    (``metadata``), which the page's visible fields outrank."""
    portal = Portal()
    lines = _split(text)
    above = next((n for n, (line, _) in enumerate(lines) if _HEADING_RE.match(line)), len(lines))
    found_in: dict[int, list[Field]] = {}
    for number, (line, start) in enumerate(lines[:above], start=1):
        found = [] if _MARKER_RE.match(line) else _fields(line, number, start)
        if found is not None:
            found_in[number] = found
    _bare_block(lines[:above], found_in)
    _wrapped_values(lines[:above], found_in)
    for number in sorted(found_in):
        portal.fields.extend(found_in[number])
        portal.lines.append(number)
    for number in _footer_lines([line for line, _ in lines]):
        portal.lines.append(number)
        line, start = lines[number - 1]
        portal.fields.extend(_fields(line, number, start) or ())
    for name, value in (metadata or {}).items():
        label = META_LABELS.get(name.lower())
        if label:
            portal.fields.append(Field(label, LABELS[label], value.strip(), None))
    return portal


def _fields(raw: str, number: int, start: int) -> list[Field] | None:
    """The fields of one line, or None if the line is not metadata."""
    if not raw.strip(_SPACES) or len(raw) > LONGEST_LINE:
        return None
    if "\t" in raw:
        return _row_fields(raw, number, start)
    lead = len(raw) - len(raw.lstrip(_SPACES + "*#>-•·"))
    matches = list(_pair_re().finditer(raw))
    if not matches or matches[0].start() != lead:
        return None
    out = []
    for m, after in zip(matches, [*matches[1:], None], strict=True):
        end = after.start() if after else len(raw)
        out.append(_field(raw, m.group(1), m.end(), end, number, start))
    return out


def _bare_fields(raw: str, number: int, start: int) -> list[Field] | None:
    """The fields of a line of a metadata table that lost its cells (a printed page read
    back): it starts with a table label, and each label it holds begins a field."""
    if len(raw) > LONGEST_LINE:
        return None
    lead = len(raw) - len(raw.lstrip(_SPACES))
    matches = list(_bare_re().finditer(raw))
    if not matches or matches[0].start() != lead:
        return None
    return [_field(raw, m.group(0), m.end(), after.start() if after else len(raw), number, start)
            for m, after in zip(matches, [*matches[1:], None], strict=True)]


def _bare_block(lines: list[tuple[str, int]], found_in: dict[int, list[Field]]) -> None:
    """Add to ``found_in`` the lines of a metadata table that lost its cells: lines starting
    with a label of such a table (no colon) that hold two of them, or stand next to metadata
    (名称某局2023年… above 索引号 … 分类 …). A lone line starting with such a word stays text."""
    bare = {n: fields for n, (line, start) in enumerate(lines, start=1)
            if n not in found_in and (fields := _bare_fields(line, n, start))}
    settled = {n for n in bare if len(bare[n]) >= 2}
    todo = [*found_in, *settled]  # the block grows from what is metadata, a line at a time
    while todo:
        m = todo.pop()
        for n in (_neighbour(lines, m, -1), _neighbour(lines, m, 1)):
            if n in bare and n not in settled:
                settled.add(n)
                todo.append(n)
    for n in settled:
        found_in[n] = bare[n]


def _wrapped_values(lines: list[tuple[str, int]], found_in: dict[int, list[Field]]) -> None:
    """Add to ``found_in`` the pieces of metadata values wrapped onto lines of their own in a
    printed page (``014314799/2024-`` / ``00002``, the rest of an address): short lines without
    Chinese between two metadata lines. (Never a title: it has Chinese.)"""
    for n, (line, _start) in enumerate(lines, start=1):
        text = line.strip(_SPACES)
        if n in found_in or not text or len(text) > 60 or any(ch >= "\u2e80" for ch in text):
            continue
        if _neighbour(lines, n, -1) in found_in and _neighbour(lines, n, 1) in found_in:
            found_in[n] = []


def _neighbour(lines: list[tuple[str, int]], n: int, step: int) -> int | None:
    """The nearest line from line ``n`` (1-based) in direction ``step`` that is not blank."""
    m = n + step
    while 1 <= m <= len(lines):
        if lines[m - 1][0].strip(_SPACES):
            return m
        m += step
    return None


def is_metadata(line: str) -> bool:
    """Whether one line (without its end) is a line of a portal's metadata block."""
    return bool(_MARKER_RE.match(line)) or _fields(line, 1, 0) is not None


def _row_fields(raw: str, number: int, start: int) -> list[Field] | None:
    """A table row of the metadata table: label, value, label, value … (a colspan may have
    repeated a value or left its copies blank)."""
    cells, pos = [], 0
    for part in raw.split("\t"):
        cells.append((part, pos))
        pos += len(part) + 1
    if _label(cells[0][0]) is None:
        return None
    out: list[Field] = []
    i = 0
    while i < len(cells):
        label = _label(cells[i][0])
        if label is None:
            if cells[i][0].strip(_SPACES) and (not out or cells[i][0].strip() != out[-1].value):
                return None  # text where a label should be: not a metadata row
            i += 1
            continue
        value, at = cells[i + 1] if i + 1 < len(cells) else ("", pos - 1)
        out.append(_field(raw, label, at, at + len(value), number, start))
        i += 2
    return out


def _field(raw: str, label: str, begin: int, end: int, number: int, start: int) -> Field:
    value = raw[begin:end]
    lead = len(value) - len(value.lstrip(_SPACES))
    stripped = value.strip(_SPACES)
    a = begin + lead
    b = a + len(stripped)
    span = Span(number, a + 1, start + a, number, b + 1, start + b)
    return Field(label, LABELS[label], stripped, span)


def _footer_lines(lines: list[str]) -> list[int]:
    """Lines after the last date-only line that are all page numbers, site footers or
    metadata lines (发布日期：… 浏览次数：… below the article)."""
    for i in range(len(lines) - 1, -1, -1):
        line = "".join(lines[i].split())
        if not line:
            continue
        if _DATE_LINE_RE.match(line):
            after = [j for j in range(i + 1, len(lines)) if lines[j].strip(_SPACES + "\r")]
            return [j + 1 for j in after]
        if len(line) > LONGEST_LINE or not (_PAGE_RE.match(line) or _FOOTER_RE.search(line)
                                            or is_metadata(lines[i])):
            return []
    return []


def blank(text: str, lines: list[int]) -> str:
    """``text`` with every character of ``lines`` (1-based) but the line end made a space."""
    if not lines:
        return text
    wanted = set(lines)
    out = []
    for number, m in enumerate(_LINE_RE.finditer(text), start=1):
        chunk = m.group(0)
        if number in wanted:
            body = chunk.rstrip("\r\n")
            chunk = " " * len(body) + chunk[len(body):]
        out.append(chunk)
    return "".join(out)
