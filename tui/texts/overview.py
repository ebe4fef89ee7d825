"""Texts of the overview part of the TUI: key -> (English, Mongolian)."""

TEXTS: dict[str, tuple[str, str]] = {
    "overview.devices": (
        "Devices: {in_use} in use, {spare} spare, {in_repair} in repair, {retired} retired"
        " · up {up}, down {down}",
        "Төхөөрөмж: {in_use} ашиглалтад, {spare} нөөц, {in_repair} засварт, {retired} акт"
        " · асаалттай {up}, унтарсан {down}",
    ),
    "overview.alerts.none": ("Alerts: none open", "Сэрэмжлүүлэг: нээлттэй алга"),
    "overview.alerts.some": (
        "Alerts: {count} open — {top}",
        "Сэрэмжлүүлэг: {count} нээлттэй — {top}",
    ),
    "overview.agents.none": (
        "Agents: none has reported yet",
        "Агентууд: одоогоор тайлан ирүүлээгүй",
    ),
    "overview.agents.ok": (
        "Agents: all {count} reported within a day",
        "Агентууд: {count} бүгд сүүлийн нэг өдөрт тайлан ирүүлсэн",
    ),
    "overview.agents.silent": (
        "Agents silent over a day: {count} ({names})",
        "Нэг өдрөөс дээш чимээгүй агент: {count} ({names})",
    ),
    "overview.agents.ok_hours": (
        "Agents: all {count} reported within {hours} h",
        "Агентууд: {count} бүгд сүүлийн {hours} цагт тайлан ирүүлсэн",
    ),
    "overview.agents.silent_hours": (
        "Agents silent over {hours} h: {count} ({names})",
        "{hours} цагаас дээш чимээгүй агент: {count} ({names})",
    ),
    "overview.archives.none": (
        "Yearly archives: none received yet",
        "Жилийн архив: одоогоор ирээгүй",
    ),
    "overview.archives.one": (
        "{label}: last {last}, next {next}",
        "{label}: сүүлд {last}, дараагийнх {next}",
    ),
    "overview.archives.prefix": ("Archives", "Архив"),
    "overview.archives.manual": ("not scheduled", "төлөвлөөгүй"),
    "overview.archives.overdue": ("overdue", "хугацаа хэтэрсэн"),
}
