"""One page of a PDF through PDFium (pypdfium2): its characters with pdfminer's boxes, its
visible ruling lines, its filled rectangles and the area its images cover, as
:class:`~.pdf_layout.PageContent`. Only :mod:`.pdf` calls this, after the file's structure
has been bounded (PDFium itself has no bound on figures drawn inside figures).

PDFium's text page is a reading of the page, not the content stream: it skips a text object
that draws nothing visible (LibreOffice and Chromium draw the space between runs of two fonts
as a text object of its own) and adds spaces and line breaks it infers in its place. The
characters here are the ones the content stream draws, as pdfminer gives them: PDFium's own
(``FPDFText_IsGenerated``) are skipped, and each text object the text page skipped is put
back as the space it draws, at its origin.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import InputError
from . import pdf_limits as limits
from .pdf_layout import Box, Char, PageContent, Segment
from .pdf_tables import axis_aligned

# A path is a visible line when stroked in a colour other than white, or filled (not white) and
# thinner than this (Word's borders). WPS paints every body line's background as a white
# rectangle and cell shading is a filled one; neither is a ruling line.
RULE_WIDTH = 2.0
# A picture covering this share of a page is content (a table or chart pasted as an image),
# not a seal, logo or signature.
PICTURE = 0.08


_VOID, _INT, _UINT, _FLOAT, _DOUBLE = (ctypes.c_void_p, ctypes.c_int, ctypes.c_uint,
                                       ctypes.c_float, ctypes.c_double)


class FS_RECTF(ctypes.Structure):  # noqa: N801 - PDFium's names, as fpdfview.h spells them
    _fields_ = (("left", _FLOAT), ("top", _FLOAT), ("right", _FLOAT), ("bottom", _FLOAT))


class FS_MATRIX(ctypes.Structure):  # noqa: N801
    _fields_ = tuple((name, _FLOAT) for name in "abcdef")


class FPDF_LIBRARY_CONFIG(ctypes.Structure):  # noqa: N801
    _fields_ = (("version", _INT), ("m_pUserFontPaths", _VOID), ("m_pIsolate", _VOID),
                ("m_v8EmbedderSlot", _UINT), ("m_pPlatform", _VOID), ("m_RendererType", _INT),
                ("m_FontLibraryType", _INT), ("m_BrotliEnabled", _INT),
                ("m_IsolatePerDocument", _INT))


# PDFium's constants that are used here (fpdfview.h, fpdf_edit.h)
FPDF_ERR_UNKNOWN, FPDF_ERR_FILE, FPDF_ERR_FORMAT, FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY, \
    FPDF_ERR_PAGE = 1, 2, 3, 4, 5, 6
FPDF_PAGEOBJ_TEXT, FPDF_PAGEOBJ_PATH, FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM = 1, 2, 3, 5
FPDF_SEGMENT_LINETO, FPDF_SEGMENT_MOVETO = 0, 2

# The PDFium functions called here, as (result, arguments). A handle (document, page, object…)
# is a plain address (an int): pypdfium2's typed pointers cost a ctypes.cast each to compare,
# several per character. tests/test_pdf_pdfium.py checks each against pypdfium2_raw's.
PROTOTYPES: dict[str, tuple] = {
    "FPDF_InitLibraryWithConfig": (None, _VOID),
    "FPDF_GetLastError": (ctypes.c_ulong,),
    "FPDF_LoadMemDocument64": (_VOID, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p),
    "FPDF_CloseDocument": (None, _VOID),
    "FPDF_GetPageCount": (_INT, _VOID),
    "FPDF_LoadPage": (_VOID, _VOID, _INT),
    "FPDF_ClosePage": (None, _VOID),
    "FPDFPage_GetMediaBox": (_INT, _VOID, _VOID, _VOID, _VOID, _VOID),
    "FPDFText_LoadPage": (_VOID, _VOID),
    "FPDFText_ClosePage": (None, _VOID),
    "FPDFText_CountChars": (_INT, _VOID),
    "FPDFText_GetTextObject": (_VOID, _VOID, _INT),
    "FPDFText_GetUnicode": (_UINT, _VOID, _INT),
    "FPDFText_IsGenerated": (_INT, _VOID, _INT),
    "FPDFText_GetLooseCharBox": (_INT, _VOID, _INT, _VOID),
    "FPDFText_GetCharOrigin": (_INT, _VOID, _INT, _VOID, _VOID),
    "FPDFText_GetCharBox": (_INT, _VOID, _INT, _VOID, _VOID, _VOID, _VOID),
    "FPDFText_GetMatrix": (_INT, _VOID, _INT, _VOID),
    "FPDFText_GetFontSize": (_DOUBLE, _VOID, _INT),
    "FPDFTextObj_GetFont": (_VOID, _VOID),
    "FPDFFont_GetBaseFontName": (ctypes.c_size_t, _VOID, ctypes.c_char_p, ctypes.c_size_t),
    "FPDFFont_GetDescent": (_INT, _VOID, _FLOAT, ctypes.POINTER(_FLOAT)),
    "FPDFPage_CountObjects": (_INT, _VOID),
    "FPDFPage_GetObject": (_VOID, _VOID, _INT),
    "FPDFFormObj_CountObjects": (_INT, _VOID),
    "FPDFFormObj_GetObject": (_VOID, _VOID, ctypes.c_ulong),
    "FPDFPageObj_GetType": (_INT, _VOID),
    "FPDFPageObj_GetMatrix": (_INT, _VOID, _VOID),
    "FPDFTextObj_GetFontSize": (_INT, _VOID, _VOID),
    "FPDFPath_GetDrawMode": (_INT, _VOID, _VOID, _VOID),
    "FPDFPath_CountSegments": (_INT, _VOID),
    "FPDFPath_GetPathSegment": (_VOID, _VOID, _INT),
    "FPDFPathSegment_GetPoint": (_INT, _VOID, _VOID, _VOID),
    "FPDFPathSegment_GetType": (_INT, _VOID),
    "FPDFPathSegment_GetClose": (_INT, _VOID),
    "FPDFPageObj_GetStrokeColor": (_INT, _VOID, _VOID, _VOID, _VOID, _VOID),
    "FPDFPageObj_GetFillColor": (_INT, _VOID, _VOID, _VOID, _VOID, _VOID),
}


def bundled_library() -> str | None:
    """The path of the PDFium library that pypdfium2_raw bundles, found without importing
    pypdfium2_raw (its generated bindings declare every function of PDFium: several times what
    loading the library costs); None where it is not a file of the package."""
    import importlib.util
    import os
    import sys

    try:
        spec = importlib.util.find_spec("pypdfium2_raw")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations or "bsd" in sys.platform:
        return None  # (pypdfium2_raw loads libraries of its own first on BSD)
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    path = os.path.realpath(os.path.join(next(iter(spec.submodule_search_locations)), name))
    return path if os.path.isfile(path) else None


def _functions() -> dict[str, Any]:
    """Each function of :data:`PROTOTYPES`, from the bundled library loaded directly (the same
    file pypdfium2_raw loads, so one PDFium for both), or, if anything about that is off, from
    pypdfium2_raw's own bindings."""
    path = bundled_library()
    if path is not None:
        try:
            library = ctypes.CDLL(path)
            return {name: ctypes.CFUNCTYPE(*types)((name, library))
                    for name, types in PROTOTYPES.items()}
        except (OSError, AttributeError):  # not loadable, or a function missing: as pypdfium2_raw
            pass
    import pypdfium2_raw as raw

    return {name: ctypes.CFUNCTYPE(*types)(ctypes.cast(getattr(raw, name), _VOID).value)
            for name, types in PROTOTYPES.items()}


_F = _functions()


def _init() -> None:
    """PDFium set up as pypdfium2 sets it up; when pypdfium2 itself is imported later (the review
    page's pictures), its own call does nothing (PDFium is set up once per process)."""
    config = FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None,
                                 m_v8EmbedderSlot=0)
    _F["FPDF_InitLibraryWithConfig"](ctypes.byref(config))


_init()

# PDFium's reasons for not opening a document, as pypdfium2 words them
_ERRORS = {FPDF_ERR_UNKNOWN: "Unknown error", FPDF_ERR_FILE: "File access error",
           FPDF_ERR_FORMAT: "Data format error", FPDF_ERR_PASSWORD: "Incorrect password error",
           FPDF_ERR_SECURITY: "Unsupported security scheme error",
           FPDF_ERR_PAGE: "Page not found or content error"}


@contextmanager
def document(path: str, data: bytes) -> Iterator[int]:
    """The PDF in ``data`` opened by PDFium (its handle), closed on leaving; InputError if PDFium
    cannot open it. ``data`` is PDFium's to read until then (it does not copy it)."""
    handle = _load_document(data, len(data), b"")
    if not handle:
        code = _last_error()
        detail = f"Failed to load document (PDFium: {_ERRORS.get(code, f'Error {code}')})."
        raise InputError(path, "pdf_damaged", detail=detail)
    try:
        yield handle
    finally:
        _close_document(handle)


def page_count(handle: int) -> int:
    return _page_count(handle)


@contextmanager
def loaded_page(path: str, handle: int, number: int) -> Iterator[int]:
    """Page ``number`` (1-based) of an open document, parsed by PDFium (only after the file's
    structure has been bounded: PDFium parses figures drawn inside figures without bound)."""
    page = _load_page(handle, number - 1)
    if not page:
        raise InputError(path, "pdf_damaged", detail=f"page {number}: Failed to load page.")
    try:
        yield page
    finally:
        _close_page(page)


def page_content(path: str, number: int, page: int, descents: dict[str, float]) -> PageContent:
    """The characters, drawn lines and filled shapes of one page. Coordinates as pdfminer's
    layout uses them: x from the left of the media box, ``top``/``bottom`` down from its top."""
    box = (ctypes.c_float * 4)()
    if _media_box(page, *(ctypes.byref(box, 4 * i) for i in range(4))):
        x_left, y_bottom, x_right, y_top = box
    else:  # no MediaBox: US Letter, as pypdfium2 takes it
        x_left, y_bottom, x_right, y_top = 0, 0, 612, 792
    width, height = x_right - x_left, y_top - y_bottom
    textpage = _load_textpage(page)
    try:
        chars, read = _chars(path, number, textpage, x_left, y_top, descents)
    finally:
        _close_textpage(textpage)
    rules, fills, images, unread = _drawn(path, number, page, x_left, y_top, read)
    if unread:
        chars = _with_spaces(chars, unread, x_left, y_top, descents)
    area = width * height
    return PageContent(number, width, height, chars, rules=rules, fills=fills,
                       image_area=sum(a for _, a in images) / area if area else 0.0,
                       pictures=tuple(top for top, a in images if area and a >= PICTURE * area))


def _chars(path: str, number: int, tp: Any, x_left: float, y_top: float,
           known: dict[str, float]) -> tuple[list[Char], set[int | None]]:
    """The characters the text page read, and the text objects they came from."""
    count = _count_chars(tp)
    # PDFium stops a text run at 32,767 characters, so a hostile page shows up here
    if count > limits.MAX_PAGE_CHARS:
        raise InputError(path, "pdf_page_chars", page=number, limit=limits.MAX_PAGE_CHARS)
    rect, matrix = FS_RECTF(), FS_MATRIX()
    ox, oy, left, right, bottom, top = (ctypes.c_double() for _ in range(6))
    rect_p, matrix_p = ctypes.byref(rect), ctypes.byref(matrix)
    ox_p, oy_p = ctypes.byref(ox), ctypes.byref(oy)
    fonts: dict[int | None, float] = {}
    objects: dict[int | None, tuple[float, float]] = {}  # text object: size and descent
    chars: list[Char] = []
    append = chars.append
    # the calls per character, as locals (this loop is most of reading a page)
    unicode, text_object, loose_box, char_origin, generated = (
        _unicode, _text_object, _loose_box, _origin, _is_generated)
    new = tuple.__new__  # Char(...) less its Python-level __new__
    last = None
    ligatures = False
    for i in range(count):
        code = unicode(tp, i)
        obj = text_object(tp, i)
        if obj not in objects:  # one text object has one font, size and matrix
            _char_matrix(tp, i, matrix_p)
            size = _font_size(tp, i) * math.hypot(matrix.c, matrix.d)
            objects[obj] = (size, _descent(_font_of(obj), known, fonts) * size / 1000 if obj else 0.0)
        # PDFium's own spaces and line breaks (the only characters it infers) are skipped
        if not code or code == 10 or code == 13 or (code == 32 and generated(tp, i)):
            continue
        size, descent = objects[obj]
        loose_box(tp, i, rect_p)
        char_origin(tp, i, ox_p, oy_p)
        x0, x1 = rect.left, rect.right
        origin = (ox.value, oy.value)
        # pdfminer's box, which the layout expects: the advance across, the font size high
        # from the font's descent below the baseline
        y0 = origin[1] + descent
        if x1 - x0 > 2 * size:
            # PDFium stretches the loose box of a character set apart by character spacing
            # (text set vertically a character per line): the glyph's own box instead, its
            # side bearings taken as equal
            _char_box(tp, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
                      ctypes.byref(top))
            x0, x1 = origin[0], right.value + (left.value - origin[0])
        char = new(Char, (chr(code), x0 - x_left, x1 - x_left, y_top - (y0 + size), y_top - y0, size))
        if origin == last and chars and (chars[-1].text + char.text) in _LIGATURES:
            # a ligature glyph PDFium spelt out (ﬁ: f, i, from one origin): one character, as
            # pdfminer gives it
            first = chars.pop()
            char = char._replace(text=first.text + char.text, x0=origin[0] - x_left)
            ligatures = True
        append(char)
        last = origin
    if ligatures:
        chars = [c._replace(text=_LIGATURES[c.text]) if len(c.text) > 1 else c for c in chars]
    return chars, set(objects)


_load_document = _F["FPDF_LoadMemDocument64"]
_close_document = _F["FPDF_CloseDocument"]
_page_count = _F["FPDF_GetPageCount"]
_load_page = _F["FPDF_LoadPage"]
_close_page = _F["FPDF_ClosePage"]
_media_box = _F["FPDFPage_GetMediaBox"]
_load_textpage = _F["FPDFText_LoadPage"]
_close_textpage = _F["FPDFText_ClosePage"]
_count_chars = _F["FPDFText_CountChars"]
_text_object = _F["FPDFText_GetTextObject"]
_unicode = _F["FPDFText_GetUnicode"]
_is_generated = _F["FPDFText_IsGenerated"]
_loose_box = _F["FPDFText_GetLooseCharBox"]
_origin = _F["FPDFText_GetCharOrigin"]
_char_box = _F["FPDFText_GetCharBox"]
_char_matrix = _F["FPDFText_GetMatrix"]
_font_size = _F["FPDFText_GetFontSize"]
_font_of = _F["FPDFTextObj_GetFont"]
_font_name = _F["FPDFFont_GetBaseFontName"]
_font_descent = _F["FPDFFont_GetDescent"]
_count_objects = _F["FPDFPage_CountObjects"]
_get_object = _F["FPDFPage_GetObject"]
_form_count = _F["FPDFFormObj_CountObjects"]
_form_object = _F["FPDFFormObj_GetObject"]
_object_type = _F["FPDFPageObj_GetType"]
_object_matrix = _F["FPDFPageObj_GetMatrix"]
_text_size = _F["FPDFTextObj_GetFontSize"]
_draw_mode = _F["FPDFPath_GetDrawMode"]
_count_segments = _F["FPDFPath_CountSegments"]
_segment = _F["FPDFPath_GetPathSegment"]
_segment_point = _F["FPDFPathSegment_GetPoint"]
_segment_type = _F["FPDFPathSegment_GetType"]
_segment_close = _F["FPDFPathSegment_GetClose"]
_stroke_colour = _F["FPDFPageObj_GetStrokeColor"]
_fill_colour = _F["FPDFPageObj_GetFillColor"]
_last_error = _F["FPDF_GetLastError"]


# The ligatures PDFium spells out (U+FB00-FB06).
_LIGATURES = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04",
              "\u017ft": "\ufb05", "st": "\ufb06"}


_NAME = ctypes.create_string_buffer(256)
_DESCENT = ctypes.c_float()


def _descent(font: int | None, known: dict[str, float], seen: dict[int | None, float]) -> float:
    """A font's descent per 1000 of the size: its descriptor's as pdfminer takes it (``known``,
    by base font name), else PDFium's."""
    if font not in seen:
        found = _font_name(font, _NAME, 256) if font else 0
        value = known.get(_NAME.value.decode("latin-1").split("+", 1)[-1]) if found else None
        if value is None:
            value = _DESCENT.value if font and _font_descent(font, 1000.0, _DESCENT) else 0.0
        seen[font] = value
    return seen[font]


def _with_spaces(chars: list[Char], unread: list[tuple[float, float, float, Any]], x_left: float,
                 y_top: float, known: dict[str, float]) -> list[Char]:
    """``chars`` with a space for each text object the text page skipped (origin x and y, size
    and font), as wide as the gap to the next character on its line (as the space's advance
    puts it; a quarter of the size if none follows closely)."""
    seen: dict[int | None, float] = {}
    out = list(chars)
    for x, y, size, font in unread:
        x0 = x - x_left
        bottom = y_top - (y + _descent(font, known, seen) * size / 1000)
        top = bottom - size
        ahead = [c.x0 for c in chars if abs(c.bottom - bottom) < 0.5 * size and x0 - 0.1 <= c.x0 <= x0 + size]
        x1 = min(ahead) if ahead else x0 + 0.25 * size
        out.append(Char(" ", x0, max(x1, x0), top, bottom, size))
    return out


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _drawn(path: str, number: int, page: Any, x_left: float, y_top: float,
           read: set[int | None]) -> tuple[list[Segment], list[Box], list[tuple[float, float]],
                                           list[tuple[float, float, float, Any]]]:
    """Ruling lines, filled rectangles and images (the top of each, in pdfplumber's
    coordinates, and its area) on a page, form XObjects walked within the limits; and the
    text objects the text page did not read (not in ``read``): the origin, size and font of
    each."""
    rules: list[Segment] = []
    fills: list[Box] = []
    images: list[tuple[float, float]] = []
    forms = paths = 0
    matrix = FS_MATRIX()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    x, y = ctypes.c_float(), ctypes.c_float()
    font_size = ctypes.c_float()
    unread: list[tuple[float, float, float, Any]] = []

    matrix_p, fill_mode_p, stroke_p = ctypes.byref(matrix), ctypes.byref(fill_mode), ctypes.byref(stroke)
    colour_p = tuple(map(ctypes.byref, (r, g, b, a)))
    x_p, y_p, font_size_p = ctypes.byref(x), ctypes.byref(y), ctypes.byref(font_size)
    TEXT, PATH, IMAGE, FORM = (FPDF_PAGEOBJ_TEXT, FPDF_PAGEOBJ_PATH,
                               FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM)

    def own(obj: int) -> Matrix:
        _object_matrix(obj, matrix_p)
        return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)

    def white(getter: Any, obj: int) -> bool:
        return bool(getter(obj, *colour_p)) and min(r.value, g.value, b.value) >= 252

    def pieces(obj: int, m: Matrix, kinds: bool) -> list[tuple[int, tuple[float, float], bool]]:
        """A path's segments: their end points on the page, and when ``kinds``, each one's kind
        and whether it closes its subpath (needed for a visible path only: a page that paints
        a white box behind every line, as WPS does, is spared half its calls per segment)."""
        out = []
        for i in range(_count_segments(obj)):
            seg = _segment(obj, i)
            _segment_point(seg, x_p, y_p)
            px, py = x.value, y.value
            pt = (px * m[0] + py * m[2] + m[4], px * m[1] + py * m[3] + m[5])
            out.append((_segment_type(seg), pt, bool(_segment_close(seg))) if kinds
                       else (-1, pt, False))
        return out

    stack: list[tuple[int | None, int, Matrix]] = [(None, 0, _IDENTITY)]
    while stack:
        form, depth, outer = stack.pop()
        if form is None:
            objects = (_get_object(page, i) for i in range(_count_objects(page)))
        else:
            objects = (_form_object(form, i) for i in range(_form_count(form)))
        for obj in objects:
            kind = _object_type(obj)
            if kind == TEXT:
                if obj not in read:
                    m = _times(own(obj), outer)
                    _text_size(obj, font_size_p)
                    unread.append((m[4], m[5], font_size.value * math.hypot(m[2], m[3]),
                                   _font_of(obj)))
            elif kind == PATH:
                paths += 1
                if paths > limits.MAX_PATHS_PER_PAGE:
                    raise InputError(path, "pdf_page_paths", page=number,
                                     limit=limits.MAX_PATHS_PER_PAGE)
                m = _times(own(obj), outer)
                _draw_mode(obj, fill_mode_p, stroke_p)
                filled = fill_mode.value != 0
                stroked = bool(stroke.value) and not white(_stroke_colour, obj)
                if not (stroked or filled):
                    continue  # draws nothing visible: neither a ruling line nor a shape
                ops = pieces(obj, m, stroked)
                if not ops:
                    continue
                xs = [p[1][0] for p in ops]
                ys = [p[1][1] for p in ops]
                w, h = max(xs) - min(xs), max(ys) - min(ys)
                if stroked or (min(w, h) < RULE_WIDTH and not white(_fill_colour, obj)):
                    if not stroked:  # a thin filled shape (Word's borders): its pieces' kinds
                        ops = pieces(obj, m, True)
                    rules += _segments(ops, filled, x_left, y_top)
                elif len(ops) in (4, 5):
                    fills.append((min(xs) - x_left, y_top - max(ys), max(xs) - x_left,
                                  y_top - min(ys)))
            elif kind == IMAGE:
                forms += 1
                if forms > limits.MAX_FORMS_PER_PAGE:
                    raise InputError(path, "pdf_form_count", page=number,
                                     limit=limits.MAX_FORMS_PER_PAGE)
                m = _times(own(obj), outer)
                corners = [(cx * m[0] + cy * m[2] + m[4], cx * m[1] + cy * m[3] + m[5])
                           for cx, cy in ((0, 0), (1, 0), (0, 1), (1, 1))]
                cxs = [c[0] for c in corners]
                cys = [c[1] for c in corners]
                images.append((y_top - max(cys), (max(cxs) - min(cxs)) * (max(cys) - min(cys))))
            elif kind == FORM:
                forms += 1
                if depth + 1 > limits.MAX_FORM_DEPTH:
                    raise InputError(path, "pdf_form_depth", page=number,
                                     limit=limits.MAX_FORM_DEPTH)
                if forms > limits.MAX_FORMS_PER_PAGE:
                    raise InputError(path, "pdf_form_count", page=number,
                                     limit=limits.MAX_FORMS_PER_PAGE)
                stack.append((obj, depth + 1, _times(own(obj), outer)))
    return rules, fills, images, unread


def _segments(ops: list[tuple[int, tuple[float, float], bool]], filled: bool,
              x_left: float, y_top: float) -> list[Segment]:
    """The horizontal and vertical straight pieces of a path: its line segments and closes (and
    the implied close of a filled subpath); a Bézier piece (a seal's circle, a logo) draws no
    ruling line, nor does a slanted one."""
    pairs = []
    start = current = None
    for kind, point, close in ops:
        if kind == FPDF_SEGMENT_MOVETO:
            if filled and start is not None and current != start:
                pairs.append((current, start))
            start = current = point
        elif kind == FPDF_SEGMENT_LINETO and current is not None:
            pairs.append((current, point))
            current = point
        else:  # a Bézier piece: it ends at its last point
            current = point
        if close and start is not None:
            if current != start:
                pairs.append((current, start))
            current = start
    if filled and start is not None and current != start:
        pairs.append((current, start))
    return axis_aligned(pairs, x_left, y_top)
