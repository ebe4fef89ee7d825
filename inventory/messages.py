"""English and Mongolian texts of the hub."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "hub.no_data_dir": (
            "data folder {folder} does not exist (run 'soumnet-hub init')",
            "өгөгдлийн хавтас {folder} алга байна ('soumnet-hub init' ажиллуулна уу)",
        ),
        "hub.not_hub_dir": (
            "{folder} is not a soumnet hub data folder (run 'soumnet-hub init')",
            "{folder} нь soumnet төвийн өгөгдлийн хавтас биш ('soumnet-hub init' ажиллуулна уу)",
        ),
        "hub.part_missing": (
            "{folder} is missing (run 'soumnet-hub init')",
            "{folder} алга байна ('soumnet-hub init' ажиллуулна уу)",
        ),
        "hub.already_serving": (
            "another 'soumnet-hub serve' is using {folder}",
            "{folder}-г өөр 'soumnet-hub serve' ашиглаж байна",
        ),
        "hub.batch_quarantined": (
            "batch {name} cannot be applied and was moved to {kept}: {reason}",
            "{name} багцыг хадгалах боломжгүй тул {kept} руу зөөв: {reason}",
        ),
        "hub.disk_full": (
            "the disk of {folder} is full ({reason}): nothing is lost, batches waiting in the"
            " spool: {pending}; they are applied when there is room again",
            "{folder}-ийн диск дүүрсэн ({reason}): юу ч алдагдаагүй, хүлээлгийн санд хүлээж буй"
            " багц: {pending}; дискэнд зай гармагц хадгална",
        ),
        "hub.report_made": ("report made: {file}", "тайлан гаргав: {file}"),
        "hub.task_expired": (
            "task #{id} for {agent} expired: the agent did not come back in time",
            "{agent}-д өгсөн #{id} даалгаврын хугацаа дуусав: агент цагтаа холбогдсонгүй",
        ),
        "hub.report_failed": (
            "the report {file} could not be made: {reason} (tried again later)",
            "{file} тайланг гаргаж чадсангүй: {reason} (дараа дахин оролдоно)",
        ),
        "hub.disk_room": (
            "there is room on the disk again: the waiting batches are being applied",
            "дискэнд дахин зай гарлаа: хүлээж буй багцуудыг хадгалж байна",
        ),
        "hub.install.no_config": (
            "install-service needs the hub's configuration file (--config FILE): {file} does"
            " not exist",
            "install-service-д төвийн тохиргооны файл хэрэгтэй (--config FILE): {file} алга",
        ),
        "hub.install.bad_account": (
            "{user} is not an account name (small letters, digits, _ . -)",
            "{user} бол хэрэглэгчийн нэр биш (жижиг үсэг, тоо, _ . -)",
        ),
        "hub.install.no_account": (
            "there is no account {user} on this machine: create it first (useradd)",
            "энэ машинд {user} хэрэглэгч алга: эхлээд үүсгэнэ үү (useradd)",
        ),
        "hub.install.role_taken": (
            "{user} already has the role {role} in [users]: change it in the file by hand",
            "{user} [users]-д аль хэдийн {role} үүрэгтэй: файлд гараар өөрчилнө үү",
        ),
        "hub.init.created": (
            "hub data folder ready: {folder}",
            "төвийн өгөгдлийн хавтас бэлэн: {folder}",
        ),
        "hub.init.exists": (
            "hub data folder already set up: {folder}",
            "төвийн өгөгдлийн хавтас аль хэдийн бэлэн: {folder}",
        ),
        "hub.init.needs_config": (
            "init --local needs --config FILE (where to write the configuration)",
            "init --local-д --config FILE хэрэгтэй (тохиргоог хаана бичихийг заана)",
        ),
        "hub.init.config_written": (
            "configuration written: {file}",
            "тохиргоо бичигдлээ: {file}",
        ),
        "hub.serve.started": (
            "serving {folder}",
            "{folder}-г хөтөлж байна",
        ),
    }
)
