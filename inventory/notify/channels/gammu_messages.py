"""English and Mongolian texts of the SMS channel (gammu-smsd)."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "gammu.config_unreadable": (
            "cannot read gammu-smsd's configuration {file}: {reason}",
            "gammu-smsd-ийн тохиргоо {file}-г уншиж чадсангүй: {reason}",
        ),
        "gammu.setting_missing": (
            "{file}: [smsd] {name} is not set (see GAMMU.md)",
            "{file}: [smsd] {name} тохируулаагүй байна (GAMMU.md-г үзнэ үү)",
        ),
        "gammu.setting_wrong": (
            "{file}: [smsd] {name} = {value}, soumnet needs {name} = {wanted} (see GAMMU.md)",
            "{file}: [smsd] {name} = {value} байна, soumnet-д {name} = {wanted} хэрэгтэй"
            " (GAMMU.md-г үзнэ үү)",
        ),
        "gammu.path_relative": (
            "{file}: [smsd] {name} = {value} must be an absolute path ending in /",
            "{file}: [smsd] {name} = {value} нь / -ээр төгссөн бүтэн зам байх ёстой",
        ),
        "gammu.same_folder": (
            "{file}: [smsd] {name} must be a folder of its own, not the outbox: otherwise"
            " gammu-smsd deletes what it sent and a message could be sent twice",
            "{file}: [smsd] {name} нь илгээх хавтаснаас тусдаа хавтас байх ёстой: эс бөгөөс"
            " gammu-smsd илгээснээ устгаж, мессеж хоёр удаа явж болзошгүй",
        ),
        "gammu.folder_missing": (
            "gammu-smsd's {name} folder {folder} does not exist (see GAMMU.md)",
            "gammu-smsd-ийн {name} хавтас {folder} байхгүй байна (GAMMU.md-г үзнэ үү)",
        ),
        "gammu.folder_unwritable": (
            "cannot write into gammu-smsd's {name} folder {folder}: {reason}",
            "gammu-smsd-ийн {name} хавтас {folder}-д бичиж чадахгүй: {reason}",
        ),
        "gammu.folder_unreadable": (
            "cannot read gammu-smsd's {name} folder {folder}: {reason}",
            "gammu-smsd-ийн {name} хавтас {folder}-г уншиж чадахгүй: {reason}",
        ),
        "gammu.bad_number": (
            "{number} is not a phone number (digits with an optional + in front,"
            " e.g. +97699112233)",
            "{number} бол утасны дугаар биш (урдаа + тэмдэгтэй байж болох цифрүүд,"
            " жишээ нь +97699112233)",
        ),
        "gammu.empty_text": (
            "the SMS to {number} has no text",
            "{number} руу илгээх SMS-д текст алга",
        ),
        "gammu.too_long": (
            "the SMS to {number} needs {parts} parts, at most {max_parts} are allowed"
            " ({chars} characters; with Cyrillic one part holds 70, 67 each when several)",
            "{number} руу илгээх SMS {parts} хэсэг болж байна, хамгийн ихдээ {max_parts}"
            " ({chars} тэмдэгт; кирилл үсэгтэй бол нэг хэсэгт 70, олон хэсэгт тус бүр 67)",
        ),
        "gammu.stale": (
            "the SMS to {number} has waited {minutes} minutes in gammu-smsd's outbox: is the"
            " modem plugged in and its SIM card working? (gammu-smsd's log says why)",
            "{number} руу илгээх SMS gammu-smsd-ийн илгээх хавтаст {minutes} минут хүлээж"
            " байна: модем залгаатай, SIM карт нь ажиллаж байгаа эсэхийг шалгана уу"
            " (шалтгааныг gammu-smsd-ийн лог бичдэг)",
        ),
        "gammu.monitor_missing": (
            "gammu-smsd-monitor is not installed (Debian package gammu-smsd)",
            "gammu-smsd-monitor суугаагүй байна (Debian-ы gammu-smsd багц)",
        ),
        "gammu.not_running": (
            "gammu-smsd is not running with {file} (start it: systemctl start gammu-smsd)",
            "gammu-smsd {file} тохиргоогоор ажиллахгүй байна (асаах: systemctl start gammu-smsd)",
        ),
        "gammu.monitor_failed": (
            "gammu-smsd-monitor could not tell whether gammu-smsd runs: {reason}",
            "gammu-smsd ажиллаж байгаа эсэхийг gammu-smsd-monitor хэлж чадсангүй: {reason}",
        ),
        "gammu.no_phone": (
            "gammu-smsd runs but does not reach the modem at {device}: is it plugged in?"
            " (gammu-smsd's log says why)",
            "gammu-smsd ажиллаж байгаа ч {device} дээрх модемд холбогдохгүй байна: модем"
            " залгаатай эсэхийг шалгана уу (шалтгааныг gammu-smsd-ийн лог бичдэг)",
        ),
        "gammu.move_failed": (
            "cannot move the received SMS {file} into {folder}: {reason}",
            "ирсэн SMS {file}-г {folder} руу зөөж чадсангүй: {reason}",
        ),
    }
)
