"""Period reports for management and auditors: a day, month, quarter, half-year or year.

`soumnet-hub report --period 2026-12-02|2026-11|2026-Q3|2026-H1|2026 --format
pdf|xlsx|html|csv|text|json --lang mn|en`. The figures come from the store once
(`figures.build`) and are the same in every format: the document formats are rendered from
one `foundation.document` Document (`perioddoc`), JSON is the figures themselves for other
programs.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from foundation.document.render import FORMATS as DOCUMENT_FORMATS
from foundation.document.render import SUFFIX as DOCUMENT_SUFFIX
from foundation.document.render import render
from foundation.i18n import Lang
from inventory.config import HubConfig
from inventory.reports.figures import ReportData, build
from inventory.reports.period import Period
from inventory.reports.perioddoc import document

FORMATS = (*DOCUMENT_FORMATS, "json")
SUFFIX = {**DOCUMENT_SUFFIX, "json": ".json"}


def file_name(period: Period, fmt: str, lang: Lang) -> str:
    """`soumnet-report-2026-11-mn.pdf`: the same name wherever a report is saved."""
    return f"soumnet-report-{period.label}-{lang}{SUFFIX[fmt]}"


def to_json(data: ReportData) -> dict[str, Any]:
    """The figures as JSON: UTC instants, ISO dates, no computed words."""
    out = asdict(data)
    out["period"] = {
        "label": data.period.label,
        "kind": data.period.kind,
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
    }
    out["office"] = {
        "name": data.office.name,
        "aimag": data.office.aimag,
        "soum": data.office.soum,
        "timezone": str(data.office.timezone),
    }
    for key, rows in (("devices", data.devices), ("services", data.services)):
        for raw, row in zip(out[key], rows, strict=True):
            raw["percent"] = None if row.percent is None else round(row.percent, 2)
            raw["measured_share"] = round(row.share, 4)
    out["work_minutes"] = data.work_minutes
    out["work_cost"] = data.work_cost
    return _plain(out)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def make(
    config: HubConfig, period: Period, fmt: str, lang: Lang, now: datetime | None = None
) -> bytes:
    """The report of `period` in `fmt`, as the file's bytes."""
    data = build(config, period, now)
    if fmt == "json":
        return (json.dumps(to_json(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return render(document(data, lang), fmt)
