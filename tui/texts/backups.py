"""Texts of the backups part of the TUI: key -> (English, Mongolian).

The Agents screen's details and the revoke question live here too (same part of the work).
"""

TEXTS: dict[str, tuple[str, str]] = {
    "key.backups": ("Backups", "Нөөцлөлт"),
    "backups.title": ("Archives on the hub", "Төв дэх архивууд"),
    "backups.col.source": ("Source", "Эх сурвалж"),
    "backups.col.year": ("Year", "Он"),
    "backups.col.status": ("State", "Төлөв"),
    "backups.col.size": ("Size", "Хэмжээ"),
    "backups.col.sha256": ("SHA-256", "SHA-256"),
    "backups.col.received": ("Received", "Хүлээн авсан"),
    "backups.col.receipt": ("Receipt", "Баримт"),
    "backups.col.expires": ("Kept until", "Хадгалах хугацаа"),
    "backups.col.test": ("Restore test", "Сэргээх туршилт"),
    "backups.status.OK": ("OK", "ХЭВИЙН"),
    "backups.status.WARNING": ("WARNING", "АНХААР"),
    "backups.status.FAILED": ("FAILED", "АМЖИЛТГҮЙ"),
    "backups.yes": ("yes", "тийм"),
    "backups.forever": ("forever", "үүрд"),
    "backups.count": (
        "{count} archive reports from {sources} sources, {failed} failed",
        "{sources} эх сурвалжаас {count} архивын тайлан, {failed} амжилтгүй",
    ),
    "backups.empty": (
        "No archive has reached the hub yet.",
        "Төвд одоогоор архив ирээгүй байна.",
    ),
    "backups.none_selected": ("Choose an archive first", "Эхлээд архиваа сонгоно уу"),
    "backups.key.view": ("Report", "Тайлан"),
    "backups.key.export": ("Export report", "Тайлан гаргах"),
    "backups.key.close": ("Close", "Хаах"),
    "backups.key.write": ("Write", "Бичих"),
    "backups.key.cancel": ("Cancel", "Болих"),
    "backups.export.title": (
        "Export the {year} report: into which folder?",
        "{year} оны тайланг аль хавтсанд гаргах вэ?",
    ),
    "backups.export.folder": ("Folder", "Хавтас"),
    "backups.export.keys": (
        "Enter / F6: write · Esc: cancel",
        "Enter / F6: бичих · Esc: болих",
    ),
    "backups.export.missing": (
        "Folder {folder} does not exist",
        "{folder} хавтас байхгүй байна",
    ),
    "backups.export.not_folder": ("{folder} is not a folder", "{folder} нь хавтас биш"),
    "backups.export.not_writable": (
        "Cannot write into {folder}: {reason}",
        "{folder} хавтсанд бичиж чадахгүй: {reason}",
    ),
    "backups.export.denied": (
        "you have no permission to write there",
        "тэнд бичих эрх танд алга",
    ),
    "backups.exporting": ("Writing the {year} report…", "{year} оны тайланг бичиж байна…"),
    "backups.exported": ("Report written to {file}", "Тайланг {file} файлд бичлээ"),
    "backups.export_failed": (
        "Cannot write the report: {reason}",
        "Тайланг бичиж чадсангүй: {reason}",
    ),
    "backups.report.title": ("Archive report {name}", "Архивын тайлан {name}"),
    "backups.report.field": ("Field", "Талбар"),
    "backups.report.value": ("Value", "Утга"),
    "backups.report.checking": ("Checking the signature…", "Гарын үсгийг шалгаж байна…"),
    "backups.report.ok": (
        "Signature valid ({fingerprint}); the archive itself is not on the hub",
        "Гарын үсэг хүчинтэй ({fingerprint}); архив өөрөө төвд алга",
    ),
    "backups.report.ok_archive": (
        "Signature valid ({fingerprint}); archive SHA-256 and manifest match",
        "Гарын үсэг хүчинтэй ({fingerprint}); архивын SHA-256 ба жагсаалт таарч байна",
    ),
    "backups.report.bad": ("CHECK FAILED: {reason}", "ШАЛГАЛТ АМЖИЛТГҮЙ: {reason}"),
    "backups.report.keys": (
        "↑↓ PgUp PgDn: scroll · c / Esc: close",
        "↑↓ PgUp PgDn: гүйлгэх · c / Esc: хаах",
    ),
    # The Agents screen: details of the selected agent, and the question before revoking.
    "agents.detail.key": ("Key {fingerprint}", "Түлхүүр {fingerprint}"),
    "agents.detail.seen": (
        "Last report: {seen} · devices reported: {devices}",
        "Сүүлийн тайлан: {seen} · мэдээлсэн төхөөрөмж: {devices}",
    ),
    "agents.detail.decided": ("Decided {when} by {who}", "{when} {who} шийдвэрлэсэн"),
    "agents.detail.error": ("Last backup error: {error}", "Сүүлийн нөөцлөлтийн алдаа: {error}"),
    "agents.detail.outbox": (
        "Outbox depth: not reported by agents (soumnet-agent status on the PC shows it)",
        "Илгээх дараалал: агент мэдээлдэггүй (тухайн компьютерт soumnet-agent status)",
    ),
    "agents.confirm.revoke": (
        "Revoke agent {agent}? It will no longer be able to deliver.",
        "{agent} агентыг цуцлах уу? Цаашид тайлан илгээх боломжгүй болно.",
    ),
    "confirm.yes": ("Yes", "Тийм"),
    "confirm.no": ("No", "Үгүй"),
    "confirm.hint": ("y (н) / F6: yes · n (и) / Esc: no", "y (н) / F6: тийм · n (и) / Esc: үгүй"),
}
