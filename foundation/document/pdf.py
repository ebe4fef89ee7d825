"""A document as an A4 PDF an office files: the organisation's lines, the title and period,
sections of tables, facts, paragraphs and vector charts, page numbers, signature lines.

fpdf2 draws it with DejaVu Sans embedded (Cyrillic on any reader); tables are drawn row by
row (`_Grid`): cell text wraps, the heading row repeats on every page a table reaches.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from fpdf import FPDF

from foundation import __version__
from foundation.document.charts import HEIGHT_MM, WIDTH_MM, chart_svg
from foundation.document.fonts import Fonts, dejavu_sans
from foundation.document.model import (
    NUMERIC,
    Block,
    Chart,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    Value,
    show,
)

FONT = "DejaVu Sans"
"""The family name the charts' SVG text asks for: fpdf2 draws it with the embedded font."""
MARGIN = 20.0
"""Left and right margins in mm: 170 mm of text, the width a chart is drawn at."""
HEADING_ROOM = 30.0
"""A heading with less than this (mm) below it starts a new page: never alone at the bottom."""
TABLE_START = 20.0
"""A table's heading row and its first two rows (mm): a table starts where these fit."""
CELL_SIZE = 8.5
CELL_SIZE_WIDE = 7.5
WIDE_TABLE = 6
"""A table of more columns than this is set a point smaller: 9 columns on 170 mm."""
COLUMN_MIN = 8.0
"""No column narrower (mm), however many a table has: fpdf2 refuses one with no room."""
CELL_PAD = 1.2
INK = (40, 40, 40)
MUTED = (110, 110, 110)
HEAD_FILL = (222, 228, 236)
ZEBRA = (244, 246, 249)
RULE = (90, 90, 90)
SIGN_LINE = "________________________"


def render_pdf(doc: Document, fonts: Fonts | None = None) -> bytes:
    paper = _Paper(doc, fonts or dejavu_sans())
    paper.title_block()
    for section in doc.sections:
        paper.section(section)
    paper.signatures()
    return bytes(paper.output())


class _Paper(FPDF):
    """One document being written: the header and footer fpdf2 calls on each page need it."""

    def __init__(self, doc: Document, fonts: Fonts) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        self._widths_seen: dict[tuple[str, float, str], float] = {}
        self.add_font(FONT, "", str(fonts.regular))
        self.add_font(FONT, "B", str(fonts.bold))
        self.set_margins(MARGIN, 18, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self._metadata()
        self.add_page()

    def _metadata(self) -> None:
        doc = self.doc
        self.set_title(doc.title)
        self.set_lang(doc.lang)
        author = doc.metadata.get("author") or ", ".join(doc.organisation)
        if author:
            self.set_author(author)
        subject = doc.metadata.get("subject") or doc.subtitle
        if subject:
            self.set_subject(subject)
        if doc.metadata.get("keywords"):
            self.set_keywords(doc.metadata["keywords"])
        self.set_creator(f"soumnet {__version__}")
        self.set_producer(f"soumnet {__version__}")
        self.set_creation_date(datetime.now(UTC))

    # fpdf2 calls these on every page
    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.doc.title, align="L", new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin, self.get_y() + 0.5)
        self.ln(4)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{self.page_no()}/{self.str_alias_nb_pages}", align="C")
        self.set_text_color(*INK)

    def width_of(self, text: str) -> float:
        """The string's width in the current font, remembered: a year's tables repeat the
        same words, dates and names thousands of times."""
        key = (self.font_style, self.font_size_pt, text)
        found = self._widths_seen.get(key)
        if found is None:
            found = self._widths_seen[key] = self.get_string_width(text)
        return found

    def _room(self, mm: float) -> None:
        if self.get_y() + mm > self.page_break_trigger:
            self.add_page()

    def _line(self, text: str, size: float, style: str = "", align: str = "L") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, size * 0.48, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def title_block(self) -> None:
        doc = self.doc
        for line in doc.organisation:
            self._line(line, 9.5, align="C")
        if doc.organisation:
            self.ln(5)
        self._line(doc.title, 15, "B", align="C")
        if doc.subtitle:
            self.ln(1)
            self._line(doc.subtitle, 11, align="C")
        if doc.made:
            self.ln(2)
            self.set_text_color(*MUTED)
            self._line(doc.made, 8, align="R")
            self.set_text_color(*INK)
        self.ln(3)

    def section(self, section: Section) -> None:
        self.ln(3)
        first = self._start_room(section.blocks[0]) if section.blocks else 0.0
        self._room(max(HEADING_ROOM, 10 + first))
        self._line(section.title, 12, "B")
        self.ln(1.5)
        for block in section.blocks:
            self._block(block)
            self.ln(3)

    def _start_room(self, block: Block) -> float:
        """How much of a block (mm) must fit under a heading for the heading not to stand
        alone at the foot of a page: a chart whole, a table's heading row and two rows."""
        title = 7.0 if isinstance(block, Table | Facts | Chart) and block.title else 0.0
        if isinstance(block, Chart):
            return title + HEIGHT_MM + 2
        if isinstance(block, Table):
            return title + (TABLE_START if block.rows else 6.0)
        if isinstance(block, Facts):
            return title + 10.0
        return 10.0

    def _block(self, block: Block) -> None:
        if isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Facts):
            self._facts(block)
        elif isinstance(block, Paragraph):
            self._line(block.text, 9.5, "B" if block.emphasis else "")
        else:
            self._chart(block)

    def _subheading(self, text: str, room: float) -> None:
        if text:
            self._room(room)
            self._line(text, 10, "B")
            self.ln(1)

    def _table(self, table: Table) -> None:
        self._subheading(table.title, self._start_room(table))
        if not table.rows:
            if table.empty:
                self._line(table.empty, 9.5)
            return
        self._room(TABLE_START)
        aligns = tuple("R" if c.kind in NUMERIC else "L" for c in table.columns)
        size = CELL_SIZE if len(table.columns) <= WIDE_TABLE else CELL_SIZE_WIDE
        grid = _Grid(self, self._widths(table, size), aligns, size)
        grid.heading = [c.title for c in table.columns]
        grid.row(grid.heading, "B", HEAD_FILL)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        for n, values in enumerate(table.rows):
            grid.row(_cells(values, table), "", ZEBRA if n % 2 else None)
        if table.total is not None:
            grid.row(_cells(table.total, table), "B", None, rule=True)

    def _widths(self, table: Table, size: float) -> tuple[float, ...]:
        """Column widths (mm) in the builder's proportions, except that a column is widened
        until nothing in it breaks inside a word: first of all no number or date, then, if
        the page is wide enough for that too, no word of a text. The other columns share
        what is left; when not even the numbers fit, the proportions stand."""
        weights = [c.width for c in table.columns]
        pad = 2 * CELL_PAD + 0.8
        hard = [self._unbroken(table, i, size, words=False) for i in range(len(weights))]
        need = [w + pad if w else 0.0 for w in hard]
        if sum(need) > self.epw:  # then at least a few characters in every column
            whole = sum(weights) or 1.0
            return tuple(max(self.epw * w / whole, COLUMN_MIN) for w in weights)
        soft = [
            max(h, self._unbroken(table, i, size, words=True)) + pad for i, h in enumerate(hard)
        ]
        if sum(soft) <= self.epw:
            need = soft
        fixed: set[int] = set()
        while True:
            free = [i for i in range(len(weights)) if i not in fixed]
            left = self.epw - sum(need[i] for i in fixed)
            share = sum(weights[i] for i in free) or 1.0
            widths = {i: left * weights[i] / share for i in free}
            short = {i for i, width in widths.items() if width < need[i]}
            if not short:
                return tuple(need[i] if i in fixed else widths[i] for i in range(len(weights)))
            fixed |= short

    def _unbroken(self, table: Table, index: int, size: float, words: bool) -> float:
        """The widest piece of a column that must stay on one line: with `words`, the
        longest word of a text column; else a number whole, a date, a word of a heading
        over numbers or dates (a date-time may wrap at its space)."""
        column = table.columns[index]
        if (column.kind == "text") != words:
            return 0.0
        whole = column.kind in NUMERIC

        def width(value: Value) -> float:
            text = show(value, column.kind)
            pieces = [text] if whole else text.split()
            return max((self.width_of(p) for p in pieces), default=0.0)

        self.set_font(FONT, "B", size)
        widest = max((self.width_of(w) for w in column.title.split()), default=0.0)
        if table.total is not None:
            widest = max(widest, width(table.total[index]))
        self.set_font(FONT, "", size)
        return max([widest, *(width(row[index]) for row in table.rows)])

    def _facts(self, facts: Facts) -> None:
        self._subheading(facts.title, HEADING_ROOM)
        if not facts.items:
            return
        grid = _Grid(self, (self.epw * 2 / 5, self.epw * 3 / 5), ("L", "L"), 9, line=4.6)
        for fact in facts.items:
            grid.row([fact.label, show(fact.value, fact.kind)], "", None)

    def _chart(self, chart: Chart) -> None:
        self._room(self._start_room(chart))
        self._subheading(chart.title, 0)
        svg = PX.sub(_points, chart_svg(chart)).encode("utf-8")
        self.image(io.BytesIO(svg), x=self.l_margin, w=min(WIDTH_MM, self.epw))

    def signatures(self) -> None:
        """`Role: ______ Name, position`, the lines one under the other whatever the roles."""
        signatures = self.doc.signatures
        if not signatures:
            return
        self.ln(8)
        self._room(12.0 * len(signatures))
        self.set_font(FONT, "B", 10)
        role_width = max(self.get_string_width(f"{sig.role}:") for sig in signatures) + 3
        for sig in signatures:
            who = ", ".join(part for part in (sig.name, sig.position) if part)
            self.set_font(FONT, "B", 10)
            self.cell(role_width, 12, f"{sig.role}:")
            self.set_font(FONT, "", 10)
            self.cell(0, 12, f"{SIGN_LINE} {who}".rstrip(), new_x="LMARGIN", new_y="NEXT")


class _Grid:
    """Rows of cells drawn one by one: a cell whose text fits its column is one `cell()`,
    only one that does not is broken into lines (fpdf2's table API measures and breaks every
    cell twice, five times slower on a year's report). A row that would cross the page's
    foot starts the next page, under the heading row again."""

    def __init__(
        self,
        paper: _Paper,
        widths: tuple[float, ...],
        aligns: tuple[str, ...],
        size: float,
        line: float | None = None,
    ) -> None:
        self.paper, self.widths, self.aligns, self.size = paper, widths, aligns, size
        self.line = line or size * 0.52
        self.heading: list[str] | None = None

    def _lines(self, text: str, width: float) -> list[tuple[str, float]]:
        """The cell's lines, each with its width (mm) for right alignment: broken between
        words by their measured widths; a word wider than the column is left to fpdf2's
        line breaker, which breaks inside it."""
        paper = self.paper
        room = width - 2 * CELL_PAD
        wide = paper.width_of(text)
        if "\n" not in text and wide <= room:
            return [(text, wide)]
        space = paper.width_of(" ")
        out: list[tuple[str, float]] = []
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.split():
                size = paper.width_of(word)
                if size > room:
                    return self._broken(text, room)
                if line and used + space + size > room:
                    out.append((" ".join(line), used))
                    line, used = [], 0.0
                used += (space if line else 0.0) + size
                line.append(word)
            out.append((" ".join(line), used))
        return out

    def _broken(self, text: str, room: float) -> list[tuple[str, float]]:
        paper = self.paper
        found = paper.multi_cell(room, self.line, text, dry_run=True, output="LINES")
        parts = [str(part) for part in found] if isinstance(found, list) and found else [text]
        return [(part, paper.width_of(part)) for part in parts]

    def row(
        self,
        texts: list[str],
        style: str,
        fill: tuple[int, int, int] | None,
        rule: bool = False,
        repeat: bool = True,
    ) -> None:
        paper = self.paper
        margin, paper.c_margin = paper.c_margin, 0.0  # the grid pads its cells itself
        try:
            self._row(texts, style, fill, rule, repeat)
        finally:
            paper.c_margin = margin

    def _row(
        self,
        texts: list[str],
        style: str,
        fill: tuple[int, int, int] | None,
        rule: bool,
        repeat: bool,
    ) -> None:
        paper = self.paper
        paper.set_font(FONT, style, self.size)
        lines = [self._lines(t, w) for t, w in zip(texts, self.widths, strict=True)]
        height = max(len(cell) for cell in lines) * self.line + 1.6
        if paper.get_y() + height > paper.page_break_trigger:
            paper.add_page()
            if repeat and self.heading is not None and texts is not self.heading:
                self.row(self.heading, "B", HEAD_FILL, repeat=False)
                paper.set_font(FONT, style, self.size)
        x, y = paper.l_margin, paper.get_y()
        if fill is not None:
            paper.set_fill_color(*fill)
            paper.rect(x, y, sum(self.widths), height, style="F")
        if rule:
            paper.line(x, y, x + sum(self.widths), y)
        # text() at the baseline where cell() would put it, a sixth of cell()'s cost
        baseline = y + 0.8 + 0.5 * self.line + 0.3 * paper.font_size
        for cell, width, align in zip(lines, self.widths, self.aligns, strict=True):
            for n, (text, wide) in enumerate(cell):
                if text:
                    left = x + width - CELL_PAD - wide if align == "R" else x + CELL_PAD
                    paper.text(left, baseline + n * self.line, text)
            x += width
        paper.set_xy(paper.l_margin, y + height)


PX = re.compile(r"font-size: ([0-9.]+)px")
"""matplotlib's SVG measures in points and writes text sizes in `px`, its user unit, as
browsers read them; fpdf2 converts `px` to points once more (x 0.75), so the PDF is given the
size that comes out right."""


def _points(found: re.Match[str]) -> str:
    return f"font-size: {float(found[1]) / 0.75:.4g}px"


def _cells(values: tuple[Value, ...], table: Table) -> list[str]:
    return [show(v, c.kind) for v, c in zip(values, table.columns, strict=True)]
