"""What a generated report is: the ``ReportSpec`` (every cell value, what the text
states, the text as structured pieces) and the layouts and quirks it can be rendered in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lint.profiles import DEFAULT_PROFILE

LAYOUTS: tuple[str, ...] = ("tabs", "cells", "pipes", "pipecells", "markdown")
QUIRKS: tuple[str, ...] = (
    "crlf",  # CRLF line ends
    "bom",  # a leading U+FEFF
    "fullwidth_digits",  # table numbers as １２
    "fullwidth_spaces",  # U+3000 padding around cells and at paragraph starts
    "spaced_headers",  # header cells with characters spaced apart: 结 果 维 持
    "bold_debris",  # **一是** marks in paragraphs
    "split_title",  # agency on one line, year + report name on the next
    "title_space",  # a stray space in the title: 年度 报告
    "wrapped_labels",  # long row labels broken over two lines
    "halfwidth_brackets",  # (一) 予以公开, 第二十条第(一)项 in tables
    "bookmarks",  # [bookmark: _Hlk…] debris before a few labels (always on in "cells")
)
ISSUERS: tuple[str, ...] = ("department", "government", "township")
REPORT_NAME = "政府信息公开工作年度报告"


# --- the spec -------------------------------------------------------------------------------


@dataclass
class Para:
    text: str


@dataclass
class SubHeading:
    text: str


@dataclass
class Fact:
    """A sentence stating a number the tables must agree with.

    It is worded at render time from the spec's stated fields (``applications``, ``reviews``,
    ``fee_yuan`` …), so changing such a field and rendering again changes the text only.
    """

    name: str  # period | applications | disputes | fee | proposals
    wording: int = 0  # which phrasing
    lead: str = ""  # text before the sentence, in the same paragraph
    tail: str = ""  # text after it
    chinese: bool = False  # small counts in Chinese numerals: 两件, 十二件


@dataclass
class TableSlot:
    key: str  # t2 | t3 | t4


Piece = Para | SubHeading | Fact | TableSlot


@dataclass
class SectionText:
    key: str  # the profile's section key
    number: str  # 一 … 六
    heading: str
    body: list[Piece] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


@dataclass
class ReportSpec:
    agency: str
    year: int
    issuer: str  # department | government | township
    values: dict[str, Decimal]  # every cell key of the profile
    profile: str = DEFAULT_PROFILE
    # What the text states:
    period: tuple[date, date] | None = None  # None: no statistics-period sentence
    applications: int = 0  # 本年新收申请 stated in the text
    reviews: int = 0  # 行政复议 stated
    lawsuits: int = 0  # 行政诉讼 stated (direct + after review)
    fee_yuan: Decimal = Decimal(0)  # 信息处理费 collected, in yuan
    proposals: tuple[int, int] | None = None  # (人大建议, 政协提案); None: not mentioned
    proposals_total: int | None = None  # the stated N; None: the sum of the parts
    signature_date: date | None = None  # None: no signature block
    signer: str | None = None  # the signature's name line; None: the agency
    speaker: str = "本机关"  # how the text names the agency: 我局, 我区, 本街道 …
    title_spaced: bool = False  # "某局 2023 年…" as Word exports often have it
    # 表三 groups written as one row holding the group's total, their items not split (the
    # 2019 layout of （六）其他处理, still common later): e.g. ("other",).
    one_row_groups: tuple[str, ...] = ()
    preamble: list[Piece] = field(default_factory=list)
    sections: list[SectionText] = field(default_factory=list)
    seed: int = 0  # also drives render-time layout choices

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年{REPORT_NAME}"

    @property
    def deadline(self) -> date:
        """第四十九条: departments by 31 January, governments (and here townships) by 31 March."""
        return deadline_of(self.year, self.issuer)

    @property
    def stated_proposals_total(self) -> int | None:
        if self.proposals is None:
            return None
        return self.proposals_total if self.proposals_total is not None else sum(self.proposals)

    def section(self, key: str) -> SectionText:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def restate(self) -> None:
        """Make the stated counts agree with the tables again (after editing ``values``)."""
        v = self.values
        self.applications = int(v["t3.new.total"])
        self.reviews = int(v["t4.review.total"])
        self.lawsuits = int(v["t4.litigation_direct.total"] + v["t4.litigation_after_review.total"])


def deadline_of(year: int, issuer: str) -> date:
    return date(year + 1, 1, 31) if issuer == "department" else date(year + 1, 3, 31)
