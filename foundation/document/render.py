"""One entry for every format: `render(doc, "pdf")`. Each renderer's library (fpdf2,
XlsxWriter, matplotlib, jinja2) is imported only when its format is asked for: the hub's other
commands, and an office PC that has only the agent, never load them. Text and CSV need only
the standard library."""

from __future__ import annotations

from foundation.document.csvfile import render_csv
from foundation.document.model import Document
from foundation.document.text import render_text

FORMATS = ("text", "html", "pdf", "csv", "xlsx")
SUFFIX = {"text": ".txt", "html": ".html", "pdf": ".pdf", "csv": ".csv", "xlsx": ".xlsx"}
CONTENT_TYPE = {
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "text":
        return render_text(doc).encode("utf-8")
    if fmt == "html":
        from foundation.document.html import render_html

        return render_html(doc).encode("utf-8")
    if fmt == "pdf":
        from foundation.document.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "csv":
        return render_csv(doc)
    if fmt == "xlsx":
        from foundation.document.xlsx import render_xlsx

        return render_xlsx(doc)
    raise ValueError(f"unknown document format {fmt!r}")
