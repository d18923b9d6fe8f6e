"""A PDF copy with a highlight over each offending table cell or line and the finding as its
note (pypdf).

Each line of the PDF's text form knows its page and box, and a table row the box of each of
its cells (lint/adapters ``Origin``); a finding's column says which cell. Boxes are in points
from the bottom left of the page as displayed; the annotation's rectangle is in the page's own
space, so the media box's origin and the page's rotation are undone here. A finding on a page
but with no box (a page not read, say) gets a note in the page's top left corner.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..findings import Finding
from . import AUTHOR, Annotated, AnnotateError, column_of, comment_text, unplaced_text

Box = tuple[float, float, float, float]
# Highlight colours by severity: red, amber, blue, light enough to read the text through.
COLOURS = {"error": "ff8080", "warning": "ffd040", "info": "80c0ff"}
NOTE = 18.0  # points: the side of a note's icon
MARGIN = 12.0  # points from the page's corner for a note with no box of its own


def annotate(path: str, findings: list[Finding], lang: str) -> Annotated:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    from ..adapters import InputError, read_source

    try:
        source = read_source(path)
        reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
        if reader.is_encrypted:
            raise AnnotateError("encrypted PDF" if lang == "en" else "PDF 已加密")
        writer = PdfWriter(clone_from=reader)
    except InputError as exc:
        raise AnnotateError(exc.text(lang)) from None
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise AnnotateError(f"{type(exc).__name__}: {exc}"[:200]) from None
    lines = source.text.split("\n")
    placed, unplaced = 0, []
    for finding in findings:
        loc = finding.location
        page = loc.page  # a page not read is named by its number alone
        if page is None or not 1 <= page <= len(writer.pages):
            unplaced.append(finding)
            continue
        origin = source.origin(loc.line) if loc.line >= 1 else None
        box = None
        if origin is not None and origin.page == page:
            box = _cell_box(origin, lines[loc.line - 1], loc.column) or origin.bbox
        text = comment_text(finding, lang)
        if box is None:
            _note(writer, page - 1, text)
        else:
            _highlight(writer, page - 1, _user_space(writer.pages[page - 1], box), text,
                       COLOURS.get(finding.severity, COLOURS["warning"]))
        placed += 1
    if unplaced:
        _note(writer, 0, unplaced_text(unplaced, lang))
    out = io.BytesIO()
    writer.write(out)
    return Annotated(out.getvalue(), placed, len(unplaced))


def _cell_box(origin, line: str, column: int) -> Box | None:
    """The box of the table cell at ``column`` of a table row's ``line``, if it has one."""
    if not origin.cells:
        return None
    n = column_of(line, column)
    return origin.cells[n] if n < len(origin.cells) else None


def _user_space(page, box: Box) -> Box:
    """A box on the page as displayed (origin at its bottom left) in the page's own space."""
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    a0, b0, a1, b1 = box
    rotate = (page.get("/Rotate", 0) or 0) % 360
    if rotate == 90:
        return x1 - b1, a0 + y0, x1 - b0, a1 + y0
    if rotate == 180:
        return x1 - a1, y1 - b1, x1 - a0, y1 - b0
    if rotate == 270:
        return b0 + x0, y1 - a1, b1 + x0, y1 - a0
    return a0 + x0, b0 + y0, a1 + x0, b1 + y0


def _highlight(writer, index: int, box: Box, text: str, colour: str) -> None:
    from pypdf.annotations import Highlight
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    x0, y0, x1, y1 = box
    quad = ArrayObject(FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0))
    annotation = Highlight(rect=box, quad_points=quad, highlight_color=colour, printing=True)
    annotation[NameObject("/Contents")] = TextStringObject(text)
    annotation[NameObject("/T")] = TextStringObject(AUTHOR)
    annotation[NameObject("/AP")] = DictionaryObject(
        {NameObject("/N"): writer._add_object(_appearance(box, colour))})
    writer.add_annotation(index, annotation)


def _appearance(box: Box, colour: str):
    """How the highlight looks, drawn once here rather than left to each viewer (some draw
    nothing without it): its colour multiplied into the page, so the text stays readable."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    x0, y0, x1, y1 = box
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    stream = DecodedStreamObject()
    stream.set_data(f"/GS0 gs {r:.3f} {g:.3f} {b:.3f} rg {x0:.2f} {y0:.2f} {x1 - x0:.2f} "
                    f"{y1 - y0:.2f} re f".encode("ascii"))
    multiply = DictionaryObject({NameObject("/Type"): NameObject("/ExtGState"),
                                 NameObject("/BM"): NameObject("/Multiply")})
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),
        NameObject("/Resources"): DictionaryObject({NameObject("/ExtGState"): DictionaryObject(
            {NameObject("/GS0"): multiply})}),
    })
    return stream


def _note(writer, index: int, text: str) -> None:
    """A note (a text annotation, shown as an icon) in the page's top left corner."""
    from pypdf.annotations import Text
    from pypdf.generic import NameObject, TextStringObject

    page = writer.pages[index]
    left, top = float(page.cropbox.left), float(page.cropbox.top)
    rect = (left + MARGIN, top - MARGIN - NOTE, left + MARGIN + NOTE, top - MARGIN)
    annotation = Text(rect=rect, text=text, open=False)
    annotation[NameObject("/T")] = TextStringObject(AUTHOR)
    writer.add_annotation(index, annotation)
