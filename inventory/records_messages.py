"""English and Mongolian texts of the hub's records (devices, maintenance, alerts, reports)."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        # devices
        "devices.none": ("no device on record", "бүртгэлтэй төхөөрөмж алга"),
        "devices.invalid": ("invalid record: {problems}", "буруу бичлэг: {problems}"),
        "devices.unknown": ("no device {key}", "{key} төхөөрөмж алга"),
        "devices.ambiguous": (
            "'{key}' names {count} devices: {keys}; give the key or the asset tag",
            "'{key}' нэртэй {count} төхөөрөмж байна: {keys}; түлхүүр эсвэл хөрөнгийн"
            " дугаарыг бичнэ үү",
        ),
        "devices.unknown_link": ("{field}: no device {value}", "{field}: {value} төхөөрөмж алга"),
        "devices.ambiguous_link": (
            "{field}: '{value}' names {count} devices: {keys}; give the key or the asset tag",
            "{field}: '{value}' нэртэй {count} төхөөрөмж байна: {keys}; түлхүүр эсвэл"
            " хөрөнгийн дугаарыг бичнэ үү",
        ),
        "devices.bad_field": ("unknown field '{field}'", "'{field}' гэсэн талбар байхгүй"),
        "devices.bad_mac": (
            "{field}: '{value}' is not a MAC address",
            "{field}: '{value}' нь MAC хаяг биш",
        ),
        "devices.bad_choice": (
            "{field}: '{value}' is none of: {allowed}",
            "{field}: '{value}' нь дараахын аль нь ч биш: {allowed}",
        ),
        "devices.bad_date": (
            "{field}: '{value}' is not a date (2023-03-15 or 2023.03.15)",
            "{field}: '{value}' нь огноо биш (2023-03-15 эсвэл 2023.03.15)",
        ),
        "devices.bad_number": (
            "{field}: '{value}' is not a whole number of zero or more (45, 1 200)",
            "{field}: '{value}' нь тэг буюу түүнээс их бүхэл тоо биш (45, 1 200)",
        ),
        "devices.bad_money": (
            "{field}: '{value}' is not an amount in whole tögrög (45000, 45 000, 45,000, 45 000 ₮)",
            "{field}: '{value}' нь бүхэл төгрөгийн дүн биш (45000, 45 000, 45,000, 45 000 ₮)",
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
        "devices.merge_same": (
            "{key} is already part of that record: nothing to merge",
            "{key} аль хэдийн тэр бичлэгийн нэг хэсэг: нэгтгэх зүйлгүй",
        ),
        "devices.merged": (
            "{other} merged into {keep}; recorded in the audit trail",
            "{other}-г {keep}-д нэгтгэв; аудитын бүртгэлд тэмдэглэв",
        ),
        # csv
        "csv.bad_file": (
            "{file}: not a device CSV file: {reason}",
            "{file}: төхөөрөмжийн CSV файл биш: {reason}",
        ),
        "csv.not_utf8": (
            "neither UTF-8 nor Windows-1251 Cyrillic text: in Excel choose File → Save As →"
            ' "CSV UTF-8 (Comma delimited)" and import that file',
            "UTF-8 ч биш, Windows-1251 кирилл текст ч биш: Excel-д File → Save As →"
            ' "CSV UTF-8 (Comma delimited)" сонгож хадгалаад тэр файлыг оруулна уу',
        ),
        "csv.lost_letters": (
            "Windows-1251 text in which Excel wrote '?' for Ө and Ү (rows {rows}): in Excel"
            ' choose File → Save As → "CSV UTF-8 (Comma delimited)" and import that file',
            "Windows-1251 текст бөгөөд Excel Ө, Ү үсгийг '?' болгосон ({rows}-р мөр): Excel-д"
            ' File → Save As → "CSV UTF-8 (Comma delimited)" сонгож хадгалаад тэр файлыг'
            " оруулна уу",
        ),
        "csv.no_header": (
            "the first row must name the columns",
            "эхний мөрөнд баганын нэр байх ёстой",
        ),
        "csv.bad_columns": (
            "unknown columns: {columns} (read with the separator '{separator}'; the first row"
            " must name the columns, separated by ',' or ';')",
            "танигдаагүй багана: {columns} ('{separator}' тусгаарлагчаар уншсан; эхний мөрөнд"
            " баганын нэрийг ',' эсвэл ';'-аар тусгаарлан бичнэ)",
        ),
        "csv.bad_rows": (
            "{file}: nothing imported, {count} bad rows: {rows}",
            "{file}: юу ч оруулаагүй, {count} буруу мөр: {rows}",
        ),
        "csv.row": ("row {row}: {problems}", "{row}-р мөр: {problems}"),
        "csv.wrong_cells": (
            "{count} cells instead of {expected}",
            "{expected} нүдний оронд {count} нүд",
        ),
        "csv.imported": (
            "imported {count} devices: {added} added, {updated} changed, {unchanged} unchanged"
            " ({encoding}, separator '{separator}')",
            "{count} төхөөрөмж орууллаа: {added} шинэ, {updated} өөрчлөгдсөн, {unchanged}"
            " өөрчлөлтгүй ({encoding}, тусгаарлагч '{separator}')",
        ),
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
        "audit.unwritable": (
            "the change was not applied: the audit trail in {folder} cannot be written ({reason})",
            "өөрчлөлтийг хийсэнгүй: {folder} дахь аудитын бүртгэлд бичиж чадсангүй ({reason})",
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
        "alert.archive_failed": (
            "{name}: the yearly archive failed: {detail}",
            "{name}: жилийн архив амжилтгүй: {detail}",
        ),
        "alert.internet_down": ("internet connection down", "интернэт холболт тасарсан"),
        "alert.lan_down": (
            "office network or router down",
            "дотоод сүлжээ эсвэл чиглүүлэгч ажиллахгүй байна",
        ),
        "alert.licence_seats": (
            "licence {detail} (PCs/seats): installed on more PCs than it has seats",
            "{detail} лиценз (компьютер/суудал): суудлаасаа олон компьютерт суусан",
        ),
        "alert.licence_expiring": (
            "licence {detail} ends within {threshold} days",
            "{detail} лицензийн хугацаа {threshold} хоногийн дотор дуусна",
        ),
        "alert.licence_expired": (
            "licence {detail} has expired",
            "{detail} лицензийн хугацаа дууссан",
        ),
        "alert.state.active": ("active", "идэвхтэй"),
        "alert.state.pending": ("pending", "хүлээгдэж буй"),
        "alert.state.suppressed": ("suppressed", "дарагдсан"),
        "alert.state.resolved": ("resolved", "шийдэгдсэн"),
        "alerts.no_such": ("there is no alert number {no}", "{no} дугаартай сэрэмжлүүлэг алга"),
        "alerts.acked": (
            "alert #{no} acknowledged by {who}: {title}",
            "#{no} сэрэмжлүүлгийг {who} хүлээн авав: {title}",
        ),
        "alerts.none_active": ("no active alerts", "идэвхтэй сэрэмжлүүлэг алга"),
        "alerts.none_recorded": ("no alerts recorded", "бүртгэгдсэн сэрэмжлүүлэг алга"),
        # maintenance
        "maint.added": (
            "maintenance entry {entry} added ({device}, {date})",
            "засварын {entry}-р бичлэг нэмэгдлээ ({device}, {date})",
        ),
        "maint.edited": (
            "maintenance entry {entry} changed: {fields}",
            "засварын {entry}-р бичлэгийг өөрчиллөө: {fields}",
        ),
        "maint.closed": (
            "maintenance entry {entry} closed",
            "засварын {entry}-р бичлэгийг хаалаа",
        ),
        "maint.none": ("no maintenance entry", "засварын бичлэг алга"),
        "maint.invalid": ("invalid entry: {problems}", "буруу бичлэг: {problems}"),
        "maint.unknown": ("no maintenance entry {entry}", "{entry} дугаартай засварын бичлэг алга"),
        "maint.required": ("{field}: required", "{field}: заавал бөглөнө"),
        "records.bad_pair": (
            "expected FIELD=VALUE, got '{pair}'",
            "FIELD=VALUE хэлбэртэй байх ёстой, '{pair}' гэж өгсөн",
        ),
        "records.read_only": (
            "user {user} may not change the records (role 'it' needed)",
            "{user} хэрэглэгч бүртгэлийг өөрчлөх эрхгүй ('it' үүрэг шаардлагатай)",
        ),
        "door.no_role": (
            "user {user} has no role on this hub ([users] of its configuration): nothing is"
            " shown or changed",
            "{user} хэрэглэгчид энэ төвд үүрэг алга (тохиргооны [users]): юу ч харуулахгүй,"
            " өөрчлөхгүй",
        ),
        "door.may_not_read": (
            "user {user} may not read these records (role 'it' needed; an auditor reads the"
            " audit trail, reports and archives)",
            "{user} хэрэглэгч эдгээр бүртгэлийг унших эрхгүй ('it' үүрэг шаардлагатай; аудитор"
            " аудитын бүртгэл, тайлан, архивыг уншина)",
        ),
        "door.not_serving": (
            "nothing was changed: soumnet-hub serve is not running for {folder}, and people's"
            " changes go through it",
            "юу ч өөрчлөгдсөнгүй: {folder}-д soumnet-hub serve ажиллахгүй байна, хүмүүсийн"
            " өөрчлөлт түүгээр дамждаг",
        ),
        "door.no_answer": (
            "soumnet-hub serve did not answer ({reason}): the change may not have been made",
            "soumnet-hub serve хариу өгсөнгүй ({reason}): өөрчлөлт хийгдээгүй байж магадгүй",
        ),
        "door.unknown_op": (
            "soumnet-hub serve does not know the operation {op}",
            "soumnet-hub serve {op} үйлдлийг мэдэхгүй",
        ),
        "door.bad_request": (
            "soumnet-hub serve could not read the request",
            "soumnet-hub serve хүсэлтийг уншиж чадсангүй",
        ),
        "door.failed": (
            "soumnet-hub serve could not make the change ({reason})",
            "soumnet-hub serve өөрчлөлтийг хийж чадсангүй ({reason})",
        ),
        "door.answer": ("{text}", "{text}"),
        # period reports
        "report.bad_format": (
            "'{format}' is not a report format ({formats})",
            "'{format}' гэсэн тайлангийн хэлбэр байхгүй ({formats})",
        ),
        # the one word of each device type, device status, maintenance kind and entry state,
        # shown by the TUI, the command line and the reports, and read back from forms and CSV
        "word.type.pc": ("PC", "Компьютер"),
        "word.type.laptop": ("laptop", "Зөөврийн ПК"),
        "word.type.printer": ("printer", "Принтер"),
        "word.type.scanner": ("scanner", "Сканнер"),
        "word.type.switch": ("switch", "Свич"),
        "word.type.router": ("router", "Рутер"),
        "word.type.access_point": ("Wi-Fi point", "Wi-Fi цэг"),
        "word.type.ups": ("UPS", "Тог баригч"),
        "word.type.projector": ("projector", "Проектор"),
        "word.type.camera": ("camera", "Камер"),
        "word.type.other": ("other", "Бусад"),
        "word.status.in_use": ("in use", "ашиглалтад"),
        "word.status.spare": ("spare", "нөөцөд"),
        "word.status.in_repair": ("in repair", "засварт"),
        "word.status.retired": ("retired", "актласан"),
        "word.kind.repair": ("repair", "засвар"),
        "word.kind.maintenance": ("maintenance", "үйлчилгээ"),
        "word.kind.upgrade": ("upgrade", "шинэчлэл"),
        "word.kind.installation": ("installation", "суурилуулалт"),
        "word.kind.user_support": ("user support", "хэрэглэгчийн дэмжлэг"),
        "word.kind.incident": ("incident", "доголдол"),
        "word.entry_status.open": ("open", "нээлттэй"),
        "word.entry_status.closed": ("closed", "хаагдсан"),
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
        "archives.none": ("no archive on the hub yet", "хаб дээр архив одоогоор алга"),
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
