"""A document as one self-contained HTML page: the same content as the PDF, readable on screen
and printed on A4 from a browser (the heading row repeats on every printed page, numbers are
right-aligned and never broken, charts are inline SVG). jinja2 escapes every value: a device
named `<script>` is shown as that text."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from foundation.document.charts import chart_svg
from foundation.document.model import (
    NUMERIC,
    Block,
    Chart,
    Document,
    Facts,
    Paragraph,
    Table,
    Value,
    show,
)


@dataclass(frozen=True)
class _Cell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class _Grid:
    """A table as the template writes it: every cell already shown as text."""

    title: str
    widths: tuple[float, ...]
    head: tuple[_Cell, ...]
    rows: tuple[tuple[_Cell, ...], ...]
    total: tuple[_Cell, ...] | None
    empty: str


def render_html(doc: Document) -> str:
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    sections = [(s.title, [_view(b) for b in s.blocks]) for s in doc.sections]
    signatures = [
        (sig.role, ", ".join(part for part in (sig.name, sig.position) if part))
        for sig in doc.signatures
    ]
    return env.from_string(TEMPLATE).render(
        doc=doc,
        author=doc.metadata.get("author") or ", ".join(doc.organisation),
        subject=doc.metadata.get("subject") or doc.subtitle,
        sections=sections,
        signatures=signatures,
        show=show,
    )


def _view(block: Block) -> tuple[str, object]:
    if isinstance(block, Table):
        return "table", _grid(block)
    if isinstance(block, Facts):
        return "facts", block
    if isinstance(block, Paragraph):
        return "paragraph", block
    return "chart", _chart(block)


def _grid(table: Table) -> _Grid:
    numeric = [c.kind in NUMERIC for c in table.columns]
    whole = sum(c.width for c in table.columns) or 1.0

    def cells(values: tuple[Value, ...]) -> tuple[_Cell, ...]:
        return tuple(
            _Cell(show(v, c.kind), n)
            for v, c, n in zip(values, table.columns, numeric, strict=True)
        )

    return _Grid(
        title=table.title,
        widths=tuple(round(100 * c.width / whole, 1) for c in table.columns),
        head=tuple(_Cell(c.title, n) for c, n in zip(table.columns, numeric, strict=True)),
        rows=tuple(cells(r) for r in table.rows),
        total=cells(table.total) if table.total is not None else None,
        empty=table.empty,
    )


def _chart(chart: Chart) -> tuple[str, Markup]:
    # matplotlib writes the labels as glyph paths; the only text it copies into the SVG is
    # each label in an XML comment, escaped by it (`<`, `&`, `--`)
    return chart.title, Markup(chart_svg(chart))


CSS = """
@page { size: A4; margin: 18mm 20mm; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt;
       color: #282828; max-width: 190mm; margin: 1.5em auto; padding: 0 1em; }
header.masthead { text-align: center; margin-bottom: 1.2em; }
header.masthead p { margin: 0.1em 0; }
.org { font-size: 9.5pt; }
h1 { font-size: 16pt; margin: 0.8em 0 0.2em; }
.subtitle { font-size: 11.5pt; }
.made { text-align: right; font-size: 8pt; color: #6e6e6e; }
h2 { font-size: 13pt; margin: 1.4em 0 0.4em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 1em 0 0.3em; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin-bottom: 0.6em; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
th, td { padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
thead th { background: #dee4ec; border-bottom: 1px solid #5a5a5a; }
tbody tr:nth-child(even) td { background: #f4f6f9; }
tfoot td { font-weight: bold; border-top: 1px solid #5a5a5a; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.facts { width: auto; font-size: 9pt; }
table.facts td { background: none; padding-right: 2em; }
p.emphasis { font-weight: bold; }
figure { margin: 0.4em 0 0.8em; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; max-width: 170mm; height: auto; }
figcaption { font-weight: bold; font-size: 10pt; margin-bottom: 0.3em; }
.signatures { margin-top: 2.5em; break-inside: avoid; page-break-inside: avoid; }
.signature { margin: 1.6em 0; }
.signature .role { font-weight: bold; }
.signature .line { display: inline-block; width: 50mm; border-bottom: 1px solid #282828;
                   margin: 0 0.5em; }
@media print { body { margin: 0; padding: 0; max-width: none; } }
"""

TEMPLATE = (
    """<!DOCTYPE html>
<html lang="{{ doc.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ doc.title }}</title>
{% if author %}<meta name="author" content="{{ author }}">{% endif %}

{% if subject %}<meta name="description" content="{{ subject }}">{% endif %}

<meta name="generator" content="soumnet">
<style>"""
    + CSS
    + """</style>
</head>
<body>
<header class="masthead">
{% for line in doc.organisation %}
<p class="org">{{ line }}</p>
{% endfor %}
<h1>{{ doc.title }}</h1>
{% if doc.subtitle %}<p class="subtitle">{{ doc.subtitle }}</p>{% endif %}

{% if doc.made %}<p class="made">{{ doc.made }}</p>{% endif %}

</header>
<main>
{% for title, blocks in sections %}
<section>
<h2>{{ title }}</h2>
{% for kind, block in blocks %}
{% if kind == "table" %}
{% if block.title %}<h3>{{ block.title }}</h3>{% endif %}

{% if block.rows %}
<table>
<colgroup>{% for width in block.widths %}<col style="width: {{ width }}%">{% endfor %}</colgroup>
<thead><tr>{% for cell in block.head %}<th{% if cell.numeric %} class="num"{% endif %}>\
{{ cell.text }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in block.rows %}
<tr>{% for cell in row %}<td{% if cell.numeric %} class="num"{% endif %}>{{ cell.text }}</td>\
{% endfor %}</tr>
{% endfor %}
</tbody>
{% if block.total %}
<tfoot><tr>{% for cell in block.total %}<td{% if cell.numeric %} class="num"{% endif %}>\
{{ cell.text }}</td>{% endfor %}</tr></tfoot>
{% endif %}
</table>
{% elif block.empty %}
<p class="empty">{{ block.empty }}</p>
{% endif %}
{% elif kind == "facts" %}
{% if block.title %}<h3>{{ block.title }}</h3>{% endif %}

<table class="facts"><tbody>
{% for fact in block.items %}
<tr><td>{{ fact.label }}</td><td>{{ show(fact.value, fact.kind) }}</td></tr>
{% endfor %}
</tbody></table>
{% elif kind == "paragraph" %}
<p{% if block.emphasis %} class="emphasis"{% endif %}>{{ block.text }}</p>
{% else %}
<figure>
{% if block[0] %}<figcaption>{{ block[0] }}</figcaption>{% endif %}

{{ block[1] }}
</figure>
{% endif %}
{% endfor %}
</section>
{% endfor %}
</main>
{% if signatures %}
<footer class="signatures">
{% for role, who in signatures %}
<p class="signature"><span class="role">{{ role }}:</span><span class="line"></span>{{ who }}</p>
{% endfor %}
</footer>
{% endif %}
</body>
</html>
"""
)
