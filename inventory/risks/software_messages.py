"""English and Mongolian texts of installed software and licences on the hub (the commands'
lines and the licences' problems)."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "licence.damaged": (
            "the licence list {file} cannot be read: {reason}; fix or remove the file",
            "лицензийн жагсаалт {file}-г уншиж чадсангүй: {reason}; файлыг засах эсвэл устгана уу",
        ),
        "licence.unknown": ("there is no licence number {id}", "{id} дугаартай лиценз алга"),
        "licence.invalid": ("licence not saved: {problems}", "лицензийг хадгалсангүй: {problems}"),
        "licence.required": ("{field}: required", "{field}: заавал бичнэ"),
        "licence.bad_field": (
            "{field}: no such field (fields: {fields})",
            "{field}: ийм талбар алга (талбарууд: {fields})",
        ),
        "licence.bad_seats": (
            "{field}: a whole number of seats, not {value}",
            "{field}: суудлын тоо бүхэл тоо байна, {value} биш",
        ),
        "licence.bad_date": (
            "{field}: a date YYYY-MM-DD or YYYY.MM.DD, not {value}",
            "{field}: огноо ОООО-СС-ӨӨ эсвэл ОООО.СС.ӨӨ хэлбэртэй, {value} биш",
        ),
        "licence.added": (
            "licence {id} added: {product}",
            "{id} дугаар лиценз нэмэгдлээ: {product}",
        ),
        "licence.edited": (
            "licence {id} changed: {product}",
            "{id} дугаар лиценз өөрчлөгдлөө: {product}",
        ),
        "licence.removed": (
            "licence {id} removed: {product}",
            "{id} дугаар лиценз хасагдлаа: {product}",
        ),
        "licence.none": (
            "No licence recorded (soumnet-hub licences add product=… seats=… expires=…).",
            "Лиценз бүртгээгүй (soumnet-hub licences add product=… seats=… expires=…).",
        ),
        "licence.line": (
            "{id}\t{product}\t{used} of {seats} seats\t{expires}{flag}",
            "{id}\t{product}\t{seats} суудлаас {used}\t{expires}{flag}",
        ),
        "licence.unlimited": ("-", "-"),
        "licence.perpetual": ("no end date", "хугацаагүй"),
        "licence.until": ("until {date}", "{date} хүртэл"),
        "licence.flag.over": ("  OVER BY {count}", "  {count}-ААР ХЭТЭРСЭН"),
        "licence.flag.expired": ("  EXPIRED", "  ХУГАЦАА ДУУССАН"),
        "licence.flag.expiring": ("  ends in {days} days", "  {days} хоногийн дараа дуусна"),
        "licence.bad_pair": (
            "{pair}: write FIELD=VALUE (fields: {fields})",
            "{pair}: ТАЛБАР=УТГА гэж бичнэ (талбарууд: {fields})",
        ),
        "software.none_found": (
            "No PC has a program whose name contains “{text}”.",
            "Нэрэндээ “{text}” агуулсан программтай компьютер алга.",
        ),
        "software.found": (
            "{devices} PCs have “{text}” ({installs} installs): {versions}",
            "“{text}” {devices} компьютерт суусан ({installs} суулгац): {versions}",
        ),
        "software.no_document": (
            "{device}: its agent has not sent its programs yet",
            "{device}: агент нь программын жагсаалтаа хараахан илгээгээгүй",
        ),
        "software.stale": (
            "(as last known: the hub has asked the agent for the whole list again)",
            "(сүүлд мэдэгдсэнээр: төв агентаас жагсаалтыг бүтнээр нь дахин хүссэн)",
        ),
        "software.count": (
            "{device}: {count} programs, updated {updated}",
            "{device}: {count} программ, шинэчилсэн {updated}",
        ),
        "software.empty_text": (
            "say what to look for: part of a program's name",
            "юу хайхаа бичнэ үү: программын нэрийн хэсэг",
        ),
    }
)
