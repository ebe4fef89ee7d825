"""A document as plain text: what `--format text` prints and what a terminal shows."""

from __future__ import annotations

from foundation.document.model import (
    NUMERIC,
    Chart,
    Column,
    Document,
    Facts,
    Paragraph,
    Table,
    Value,
    show,
)


def render_text(doc: Document) -> str:
    out: list[str] = [*doc.organisation]
    out += [doc.title, "=" * len(doc.title)]
    out += [line for line in (doc.subtitle, doc.made) if line]
    for section in doc.sections:
        out += ["", section.title, "-" * len(section.title)]
        for block in section.blocks:
            out += _block(block)
    if doc.signatures:
        out.append("")
        for sig in doc.signatures:
            who = ", ".join(part for part in (sig.name, sig.position) if part)
            out.append(f"{sig.role}: ________________ {who}".rstrip())
    return "\n".join(out) + "\n"


def _block(block: Table | Facts | Paragraph | Chart) -> list[str]:
    if isinstance(block, Paragraph):
        return [("! " if block.emphasis else "") + block.text]
    if isinstance(block, Facts):
        head = [block.title] if block.title else []
        width = max((len(f.label) for f in block.items), default=0)
        return head + [f"{f.label.ljust(width)}  {show(f.value, f.kind)}" for f in block.items]
    if isinstance(block, Chart):
        columns = (Column(block.title), Column(block.unit, "hours"))
        rows = tuple(zip(block.labels, block.values, strict=True))
        return _table(Table(columns, rows, empty=""))
    return _table(block)


def _table(table: Table) -> list[str]:
    head = [table.title] if table.title else []
    if not table.rows:
        return head + ([table.empty] if table.empty else [])
    rows: list[tuple[Value, ...]] = [*table.rows, *([table.total] if table.total else [])]
    cells = [[show(v, c.kind) for v, c in zip(row, table.columns, strict=True)] for row in rows]
    titles = [c.title for c in table.columns]
    widths = [max(len(t), *(len(r[i]) for r in cells)) for i, t in enumerate(titles)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if c.kind in NUMERIC else v.ljust(w)
            for v, w, c in zip(values, widths, table.columns, strict=True)
        ).rstrip()

    out = [line(titles), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[: len(table.rows)]]
    if table.total:
        out += ["  ".join("-" * w for w in widths), line(cells[-1])]
    return head + out
