"""Parsing: line tokens → Lark tree (``grammar/report.lark``) → the AST of ``lint.ast``."""

from __future__ import annotations

from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from . import portal
from .ast import (
    Document,
    Heading,
    Paragraph,
    Row,
    Section,
    Signature,
    Span,
    SubHeading,
    Table,
    Title,
)
from .facts import describe, parse_date
from .labels import spaced_row_labels
from .lexer import LexContext, Lexed, LineToken, fold, lex, section_heading
from .profiles import section_keywords, section_table_labels
from .resources import lark_parser


class _LineRef(Token):
    """A Lark token standing for a line token: its value is the line token's index.

    Made directly rather than through ``Token.__new__``, whose handling of deprecated
    keywords costs about as much as the parser's own work on the token."""

    __slots__ = ()

    def __new__(cls, type: str, value: int, start_pos: int | None = None, line: int | None = None,
                column: int | None = None, end_line: int | None = None, end_column: int | None = None,
                end_pos: int | None = None) -> _LineRef:
        inst = str.__new__(cls, type)
        inst.type, inst.value, inst.start_pos, inst.line = type, value, start_pos, line
        inst.column, inst.end_line, inst.end_column, inst.end_pos = column, end_line, end_column, end_pos
        return inst


class _TokenFeed(Lexer):
    """Hands the lexer's line tokens to Lark."""

    def __init__(self, lexer_conf) -> None:  # noqa: D401 - Lark's signature
        pass

    def lex(self, data: list[LineToken]):  # type: ignore[override]
        for i, tok in enumerate(data):
            yield _LineRef(tok.type, i, None, tok.line)


@cache
def _lark() -> Lark:
    return lark_parser("report.lark", lexer=_TokenFeed)


def parse(text: str, *, markdown: bool = False, metadata: dict[str, str] | None = None) -> Document:
    """Parse the text form of a report. Never raises on bad text: what cannot be parsed is
    kept as paragraphs, and the problem is recorded in ``Document.errors``."""
    # A portal's metadata block and footers are read here, and blanked for the lexer.
    page = portal.read(text, metadata)
    lexed = lex(portal.blank(text, page.lines),
                LexContext(section_keywords(), markdown=markdown, table_labels=section_table_labels(),
                           spaced=spaced_row_labels()))
    errors: list[str] = []
    try:
        tree = _lark().parse(lexed.tokens)
    except UnexpectedInput as exc:  # the grammar accepts any token order but this
        errors.append(f"line {getattr(exc, 'line', '?')}: unexpected structure ({exc.__class__.__name__})")
        lexed.tokens = [r for t in lexed.tokens for r in (t.rows if t.rows is not None else (t,))]
        tree = _fallback_tree(lexed.tokens)
    doc = _Builder(text, lexed).document(tree)
    doc.errors.extend(errors)
    describe(doc, page)
    return doc


def _fallback_tree(tokens: list[LineToken]) -> Tree:
    return Tree("start", [Tree("preamble", [_LineRef("PARA", i) for i in range(len(tokens))])])


class _Builder:
    def __init__(self, text: str, lexed: Lexed) -> None:
        self.text = text
        self.lexed = lexed
        self.tokens = lexed.tokens

    def tok(self, t: Token) -> LineToken:
        return self.tokens[t.value]

    def line_span(self, tok: LineToken) -> Span:
        """The span of a line's text; of the whole row for a ROW token (only _fallback_tree
        makes paragraphs of them, one per row)."""
        if tok.type == "ROW" or not tok.text:
            return self.lexed.line_span(tok.line, tok.start, tok.end_line, tok.end)
        start = tok.text_start
        end = (tok.origin[-1] + 1) if tok.origin else start + len(tok.text)
        return self.lexed.line_span(tok.line, start, tok.line, end)

    def document(self, tree: Tree) -> Document:
        title = None
        preamble: list = []
        sections: list[Section] = []
        signature = None
        for child in tree.children:
            if child.data == "title":
                toks = [self.tok(t) for t in child.children]
                span = self.line_span(toks[0]).to(self.line_span(toks[-1]))
                title = Title(span, "".join(fold(t.text) for t in toks))
            elif child.data == "furniture":
                continue  # a web page's menus above the title: not the report's text
            elif child.data == "preamble":
                preamble = self.body(child.children)
            elif child.data == "section":
                sections.append(self.section(child))
            elif child.data == "signature":
                signature = self.signature(child)
        return Document(self.text, title, preamble, sections, signature, debris=self.lexed.debris)

    def section(self, tree: Tree) -> Section:
        tok = self.tok(tree.children[0])
        found = section_heading(tok.text, section_keywords())
        number, text = found if found else ("", tok.text)
        span = self.line_span(tok)
        heading = Heading(span, number, text)
        section = Section(span, heading, body=self.body(tree.children[1:]))
        if section.body:
            last = section.body[-1].span
            section.span = span.to(last)
        return section

    def body(self, children: list) -> list:
        nodes: list = []
        tokens, line_span = self.tokens, self.line_span
        for child in children:
            if isinstance(child, Tree):  # a table: one ROWS token
                run = tokens[child.children[0].value].rows
                rows = [self.row(t) for t in run]  # type: ignore[union-attr]
                nodes.append(Table(rows[0].span.to(rows[-1].span), rows, _layout(run)))  # type: ignore[index]
                continue
            tok = tokens[child.value]
            if child.type == "PARA":
                nodes.append(Paragraph(line_span(tok), tok.text, tok.origin))
            else:
                nodes.append(SubHeading(line_span(tok), tok.text))
        return nodes

    def row(self, tok: LineToken) -> Row:
        return Row(self.lexed.line_span(tok.line, tok.start, tok.end_line, tok.end), tok.cells)

    def signature(self, tree: Tree) -> Signature:
        toks = [self.tok(t) for t in tree.children]
        agency = next((t.text for t in toks if t.type == "SIGN_AGENCY"), "")
        date_tok = next((t for t in toks if t.type == "SIGN_DATE"), None)
        span = self.line_span(toks[0]).to(self.line_span(toks[-1]))
        date = parse_date(date_tok.text, self.line_span(date_tok)) if date_tok else None
        return Signature(span, agency, date)


def _layout(rows: list[LineToken]) -> str:
    """How a table's rows were written (``ast.Table.layout``)."""
    if rows[0].layout:
        return rows[0].layout  # the lexer's: "run-on"
    first = rows[0].raw.strip()
    if first.startswith("|") and "|" in first[1:]:
        return "pipe-rows"  # a Markdown table
    # One cell per line: rows gathered from several lines ("0 |" lines, TAB-indented cells).
    if sum(r.end_line > r.line for r in rows) * 3 >= len(rows) or first.startswith("|"):
        return "cell-per-line"
    if "|" in first and "\t" not in rows[0].raw:
        return "pipe-rows"
    return "tab-rows"
