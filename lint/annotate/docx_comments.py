"""A DOCX copy with each finding as a Word comment on the paragraph or table cell it is about.

The text form numbers a DOCX's blocks (lint/adapters/docx_reader.py); a finding's line is
one of a block's lines, and in a table row its column says which cell. The comment's range
opens at the start of the paragraph (the cell's first paragraph) and closes at its end (the
cell's last): range marks may stand anywhere in a paragraph, so this holds whether the text
sits in plain runs, hyperlinks or fields, and also for an empty cell. Word, WPS and
LibreOffice show such comments beside the text they cover.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..findings import Finding
from . import AUTHOR, INITIALS, Annotated, AnnotateError, column_of, comment_text, unplaced_text


def annotate(path: str, findings: list[Finding], lang: str) -> Annotated:
    import docx
    from docx.oxml.ns import qn

    from ..adapters import InputError, read_source
    from ..adapters.docx_reader import blocks, cell_at

    try:
        read_source(path)  # the archive checks (sizes, zip bombs) of linting, again
        document = docx.Document(io.BytesIO(Path(path).read_bytes()))
    except InputError as exc:
        raise AnnotateError(exc.text(lang)) from None
    except Exception as exc:  # noqa: BLE001 - read once already; changed since?
        raise AnnotateError(str(exc)) from None
    # Line n of the text form -> (its text, the w:p or w:tr it came from).
    lines: list[tuple[str, Any]] = [(text, element) for _, _, texts, element in blocks(document)
                                    for text in texts]
    placed, unplaced = 0, []
    for finding in findings:
        paragraphs = _paragraphs(finding, lines, cell_at, qn)
        if not paragraphs:
            unplaced.append(finding)
            continue
        _comment(document, paragraphs[0], paragraphs[-1], comment_text(finding, lang), qn)
        placed += 1
    if unplaced:
        first = next((element for _, element in lines if element.tag == qn("w:p")), None)
        if first is None:  # a document of tables alone: the first cell
            first = lines[0][1].find(".//" + qn("w:p")) if lines else None
        if first is None:
            first = document.add_paragraph()._p
        _comment(document, first, first, unplaced_text(unplaced, lang), qn)
    out = io.BytesIO()
    document.save(out)
    return Annotated(out.getvalue(), placed, len(unplaced))


def _paragraphs(finding: Finding, lines: list[tuple[str, Any]], cell_at, qn) -> list[Any]:
    """The w:p elements a finding's comment covers: its paragraph, or the paragraphs of its
    table cell; none for a finding with no place in the text."""
    loc = finding.location
    if loc.paragraph is None or not 1 <= loc.line <= len(lines):
        return []
    text, element = lines[loc.line - 1]
    if element.tag == qn("w:p"):
        return [element]
    tc = cell_at(element, column_of(text, loc.column))
    if tc is None:  # past the row's cells: the whole row
        return element.findall(f"{qn('w:tc')}/{qn('w:p')}")
    return tc.findall(qn("w:p"))


def _comment(document, first, last, text: str, qn) -> None:
    """A comment holding ``text`` on the paragraphs from ``first`` to ``last``."""
    from docx.oxml import OxmlElement

    comment = document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
    cid = str(comment.comment_id)
    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): cid})
    ppr = first.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        first.insert(0, start)
    last.append(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): cid}))
    run = OxmlElement("w:r")
    run.get_or_add_rPr().style = "CommentReference"
    run.append(OxmlElement("w:commentReference", attrs={qn("w:id"): cid}))
    last.append(run)
