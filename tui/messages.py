"""English and Mongolian texts of the terminal UI."""

from __future__ import annotations

from agent.i18n import Catalog

T = Catalog(
    {
        "app.title": ("soumnet", "soumnet"),
        "app.subtitle": ("{office} — {user} ({role})", "{office} — {user} ({role})"),
        "role.it": ("IT staff", "МТ ажилтан"),
        "role.auditor": ("auditor", "аудитор"),
        "cli.no_role": (
            "user {user} has no role in {file}: ask the IT officer to add [users.{user}]",
            "{user} хэрэглэгчид {file}-д эрх алга: МТ ажилтнаар [users.{user}] нэмүүлнэ үү",
        ),
        "cli.no_hub": (
            "no hub records at {folder}: {reason}",
            "{folder}-д төвийн бүртгэл алга: {reason}",
        ),
        "key.quit": ("Quit", "Гарах"),
        "key.refresh": ("Refresh", "Шинэчлэх"),
        "overview.title": ("Overview", "Тойм"),
        "overview.col.name": ("Device", "Төхөөрөмж"),
        "overview.col.cpu": ("CPU %", "CPU %"),
        "overview.col.memory": ("Mem %", "Санах ой %"),
        "overview.col.disk": ("Disk %", "Диск %"),
        "overview.col.seen": ("Last report", "Сүүлийн тайлан"),
        "overview.empty": (
            "No device has reported yet. Agents send their first report within a minute.",
            "Одоогоор ямар ч төхөөрөмж тайлан ирүүлээгүй. Агент нэг минутын дотор илгээнэ.",
        ),
        "overview.count": ("{count} devices", "{count} төхөөрөмж"),
        "overview.error": (
            "Cannot read the store: {reason}",
            "Өгөгдлийг уншиж чадсангүй: {reason}",
        ),
        "time.never": ("never", "хэзээ ч"),
        "time.seconds_ago": ("{n} s ago", "{n} сек өмнө"),
        "time.minutes_ago": ("{n} min ago", "{n} мин өмнө"),
        "time.hours_ago": ("{n} h ago", "{n} цаг өмнө"),
        "time.days_ago": ("{n} d ago", "{n} өдөр өмнө"),
    }
)
