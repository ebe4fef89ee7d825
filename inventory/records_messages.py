"""English and Mongolian texts of the hub's records (devices, maintenance, alerts, reports)."""

from __future__ import annotations

from agent.i18n import Catalog

T = Catalog(
    {
        # devices
        "devices.invalid": ("invalid record: {problems}", "буруу бичлэг: {problems}"),
        "devices.unknown": ("no device {key}", "{key} төхөөрөмж алга"),
        "devices.bad_field": ("unknown field '{field}'", "'{field}' гэсэн талбар байхгүй"),
        "devices.bad_mac": (
            "{field}: '{value}' is not a MAC address",
            "{field}: '{value}' нь MAC хаяг биш",
        ),
        "devices.bad_choice": (
            "{field}: '{value}' is not one of {allowed}",
            "{field}: '{value}' нь {allowed}-ийн аль нь ч биш",
        ),
        "devices.bad_date": (
            "{field}: '{value}' is not a date (YYYY-MM-DD)",
            "{field}: '{value}' нь огноо биш (ОООО-СС-ӨӨ)",
        ),
        "devices.bad_number": (
            "{field}: '{value}' is not a number of zero or more",
            "{field}: '{value}' нь тэг буюу түүнээс их тоо биш",
        ),
        "devices.bad_ip": (
            "{field}: '{value}' is not an IP address",
            "{field}: '{value}' нь IP хаяг биш",
        ),
        "devices.too_long": (
            "{field}: longer than {limit} characters",
            "{field}: {limit} тэмдэгтээс урт",
        ),
        "devices.tag_taken": (
            "{field}: asset tag '{value}' is already used",
            "{field}: '{value}' хөрөнгийн дугаар аль хэдийн ашиглагдсан",
        ),
        # csv
        "csv.bad_file": (
            "{file}: not a device CSV file: {reason}",
            "{file}: төхөөрөмжийн CSV файл биш: {reason}",
        ),
        "csv.not_utf8": ("not UTF-8 text", "UTF-8 текст биш"),
        "csv.no_header": (
            "the first row must name the columns",
            "эхний мөрөнд баганын нэр байх ёстой",
        ),
        "csv.bad_columns": ("unknown columns: {columns}", "танигдаагүй багана: {columns}"),
        "csv.bad_rows": (
            "{file}: nothing imported, {count} bad rows: {rows}",
            "{file}: юу ч оруулаагүй, {count} буруу мөр: {rows}",
        ),
        "csv.row": ("row {row}: {problems}", "{row}-р мөр: {problems}"),
        "csv.wrong_cells": (
            "{count} cells instead of {expected}",
            "{expected} нүдний оронд {count} нүд",
        ),
        "csv.imported": ("imported {count} devices", "{count} төхөөрөмж орууллаа"),
        "csv.exported": (
            "exported {count} devices to {file}",
            "{count} төхөөрөмжийг {file} руу гаргалаа",
        ),
        "csv.csv_error": ("{reason}", "{reason}"),
        # audit
        "audit.ok": (
            "audit trail intact: {count} entries",
            "аудитын бүртгэл бүрэн: {count} бичлэг",
        ),
        "audit.bad": (
            "audit trail damaged: {count} problems",
            "аудитын бүртгэл гэмтсэн: {count} асуудал",
        ),
        "audit.bad_entry": ("an entry without a sequence number", "дугааргүй бичлэг"),
        "audit.missing": ("entry {seq} is missing", "{seq}-р бичлэг алга"),
        "audit.broken_link": (
            "entry {seq} does not follow the entry before it",
            "{seq}-р бичлэг өмнөх бичлэгтэйгээ холбогдохгүй байна",
        ),
        "audit.edited": ("entry {seq} was changed", "{seq}-р бичлэг өөрчлөгдсөн"),
        "audit.tail_missing": (
            "the trail ends before entry {seq} (entries deleted at the end)",
            "бүртгэл {seq}-р бичлэгээс өмнө дуусч байна (сүүлийн бичлэгүүд устсан)",
        ),
        # alerts
        "alert.disk_full": (
            "{name}: disk {detail} {value} % full (limit {threshold} %)",
            "{name}: {detail} диск {value} % дүүрсэн (хязгаар {threshold} %)",
        ),
        "alert.device_down": ("{name} is down", "{name} ажиллахгүй байна"),
        "alert.toner_low": (
            "{name}: {detail} at {value} % (below {threshold} %)",
            "{name}: {detail} {value} % үлдсэн ({threshold} %-иас бага)",
        ),
        "alert.ups_on_battery": (
            "{name}: UPS on battery ({value} min left)",
            "{name}: UPS батарейгаар ажиллаж байна ({value} мин үлдсэн)",
        ),
        "alert.agent_silent": (
            "{name}: no report for {value} hours",
            "{name}: {value} цаг мэдээ ирээгүй",
        ),
        "alert.archive_overdue": (
            "{name}: archive {detail} is {value} days old (limit {threshold})",
            "{name}: {detail} архив {value} хоногийн өмнөх (хязгаар {threshold})",
        ),
        "alert.internet_down": ("internet connection down", "интернэт холболт тасарсан"),
        "alert.lan_down": (
            "office network or router down",
            "дотоод сүлжээ эсвэл чиглүүлэгч ажиллахгүй байна",
        ),
        # maintenance
        "maint.invalid": ("invalid entry: {problems}", "буруу бичлэг: {problems}"),
        "maint.unknown": ("no maintenance entry {entry}", "{entry} дугаартай засварын бичлэг алга"),
        "maint.required": ("{field}: required", "{field}: заавал бөглөнө"),
        "maint.unknown_device": ("{field}: no device {value}", "{field}: {value} төхөөрөмж алга"),
        "records.read_only": (
            "user {user} may not change the records (role 'it' needed)",
            "{user} хэрэглэгч бүртгэлийг өөрчлөх эрхгүй ('it' үүрэг шаардлагатай)",
        ),
        # period reports
        "report.bad_period": (
            "'{period}' is not a period (2026-11, 2026-Q3, 2026-H1 or 2026)",
            "'{period}' нь хугацаа биш (2026-11, 2026-Q3, 2026-H1 эсвэл 2026)",
        ),
        "report.no_font": (
            "the DejaVu Sans font is not installed (package fonts-dejavu-core)",
            "DejaVu Sans фонт суугаагүй байна (fonts-dejavu-core багц)",
        ),
        "report.title": ("Report for {period} {office}", "{period} тайлан {office}"),
        "report.range": (
            "From {start} to {end}; {devices} devices on record",
            "{start}-аас {end} хүртэл; бүртгэлтэй {devices} төхөөрөмж",
        ),
        "report.availability": ("Availability", "Ажиллагааны хувь"),
        "report.uplink": ("Internet uplink: {percent} %", "Интернэт холболт: {percent} %"),
        "report.none": ("none", "байхгүй"),
        "report.incidents": ("Incidents: {count}", "Доголдол: {count}"),
        "report.maintenance": (
            "Maintenance work: {count} entries, {hours} hours",
            "Засвар үйлчилгээ: {count} бичлэг, {hours} цаг",
        ),
        "report.work_kind": (
            "{kind}: {count}, {hours} h, cost {cost}",
            "{kind}: {count}, {hours} цаг, зардал {cost}",
        ),
        "report.supplies": ("Supplies", "Хэрэглээний материал"),
        "report.backups": ("Backups", "Нөөцлөлт"),
        "report.no_backups": ("no archive reported", "архивын мэдээ ирээгүй"),
        "maint.kind.repair": ("repair", "засвар"),
        "maint.kind.maintenance": ("maintenance", "үйлчилгээ"),
        "maint.kind.upgrade": ("upgrade", "шинэчлэл"),
        "maint.kind.installation": ("installation", "суурилуулалт"),
        "maint.kind.user_support": ("user support", "хэрэглэгчийн туслалцаа"),
        "maint.kind.incident": ("incident", "доголдол"),
        "metrics.bad_address": (
            "--metrics '{address}': expected HOST:PORT",
            "--metrics '{address}': HOST:PORT хэлбэртэй байх ёстой",
        ),
        # archives on the hub (soumnet-hub archives)
        "archives.bad_id": (
            "'{id}' is not an archive id (AGENT/ARCHIVE, as `archives list` shows)",
            "'{id}' нь архивын дугаар биш (AGENT/ARCHIVE, `archives list`-д харагдана)",
        ),
        "archives.confirm": (
            "to delete, type the archive's id again: --yes-delete {id}",
            "устгахын тулд архивын дугаарыг дахин бичнэ үү: --yes-delete {id}",
        ),
        "archives.unknown": ("no archive {id} on the hub", "хаб дээр {id} архив алга"),
        "archives.gone": ("{id} was already deleted", "{id} аль хэдийн устгагдсан"),
        "archives.not_expired": (
            "{id} is kept until {expires}: add --before-expiry and --reason to delete it now",
            "{id}-г {expires} хүртэл хадгална:"
            " одоо устгах бол --before-expiry ба --reason нэмнэ үү",
        ),
        "archives.need_reason": (
            "--before-expiry needs --reason 'why'",
            "--before-expiry-д --reason 'шалтгаан' хэрэгтэй",
        ),
        "archives.forever": ("forever", "үүрд"),
        "archives.deleted": ("(deleted)", "(устгасан)"),
        "archives.signature.trusted": ("signed by its key", "өөрийн түлхүүрээр"),
        "archives.signature.untrusted": ("WRONG SIGNING KEY", "БУРУУ ТҮЛХҮҮР"),
        "archives.signature.invalid": ("BAD SIGNATURE", "ГАРЫН ҮСЭГ БУРУУ"),
        "archives.done": (
            "deleted {id}; recorded in the audit trail",
            "{id}-г устгав; аудитын бүртгэлд тэмдэглэв",
        ),
    }
)
