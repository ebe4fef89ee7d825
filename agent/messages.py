"""English and Mongolian texts of the agent; the shared ones (configuration, command line)
are the foundation's and are part of this catalogue too."""

from __future__ import annotations

from foundation.i18n import Catalog
from foundation.messages import T as SHARED

T = Catalog(
    {
        "steer.not_steerable": (
            "the hub may not set {key} on an agent (only intervals, the network's devices and"
            " targets, the archive's sources, recipients and schedule, the office)",
            "төв агентын {key}-г тохируулах эрхгүй (зөвхөн давтамж, сүлжээний төхөөрөмж ба"
            " зорилт, архивын эх, хүлээн авагч, хуваарь, байгууллагын нэр)",
        ),
        "agent.task.no_archive": (
            "there is no archive in {folder} to test",
            "{folder}-д шалгах архив алга",
        ),
        "agent.task.samples": (
            "{count} samples sent again",
            "{count} дээжийг дахин илгээв",
        ),
        "agent.task.reports": ("{job}: {count} reports", "{job}: {count} мэдээ"),
        "agent.task.nothing": (
            "nothing of that kind is configured on this machine",
            "энэ машинд ийм зүйл тохируулаагүй байна",
        ),
        **SHARED.messages,
        # agent commands
        "agent.collect.failed": (
            "cannot measure this machine: {reason}",
            "энэ компьютерийг хэмжиж чадсангүй: {reason}",
        ),
        "agent.sync.failed": (
            "could not deliver reports to the hub: {reason}",
            "тайланг төв рүү илгээж чадсангүй: {reason}",
        ),
        "agent.hub.refused": (
            "cannot reach the hub {hub}: nothing accepts connections on port {port}"
            " (is its SSH server running, is the port right?)",
            "{hub} төвд холбогдож чадсангүй: {port} портоор холболт хүлээж авсангүй"
            " (SSH сервер нь ажиллаж байна уу, порт зөв үү?)",
        ),
        "agent.hub.unknown_name": (
            "cannot reach the hub {hub}: the name {host} is not known (DNS, or a typing error"
            " in agent.hub)",
            "{hub} төвд холбогдож чадсангүй: {host} нэр тодорхойгүй (DNS, эсвэл agent.hub-д"
            " бичих алдаа)",
        ),
        "agent.hub.timeout": (
            "cannot reach the hub {hub}: no answer within {seconds} s (network down,"
            " the hub off, or a firewall)",
            "{hub} төвд холбогдож чадсангүй: {seconds} секундэд хариу ирсэнгүй (сүлжээ тасарсан,"
            " төв унтарсан, эсвэл галт хана)",
        ),
        "agent.hub.not_ssh": (
            "cannot reach the hub {hub}: what answers there is not an SSH server",
            "{hub} төвд холбогдож чадсангүй: тэнд хариулж буй нь SSH сервер биш",
        ),
        "agent.hub.no_route": (
            "cannot reach the hub {hub}: no route to it (network down, or a wrong address)",
            "{hub} төвд холбогдож чадсангүй: тийш хүрэх зам алга (сүлжээ тасарсан, эсвэл хаяг"
            " буруу)",
        ),
        "agent.hub.key_refused": (
            "the hub {hub} refused this agent's key: approve it there"
            " (soumnet-hub agents approve {agent}), unless it was revoked",
            "{hub} төв энэ агентын түлхүүрийг татгалзлаа: тэнд зөвшөөрнө үү"
            " (soumnet-hub agents approve {agent}), хэрэв хүчингүй болгоогүй бол",
        ),
        "agent.hub.unreachable": (
            "cannot reach the hub {hub}: {reason}",
            "{hub} төвд холбогдож чадсангүй: {reason}",
        ),
        "agent.sync.rejected": (
            "report {id} rejected by the hub: {reason}",
            "төв {id} тайланг татгалзлаа: {reason}",
        ),
        "agent.sync.sent": (
            "{accepted} reports delivered, {rejected} rejected by the hub",
            "{accepted} тайлан хүргэгдлээ, төв {rejected}-г татгалзлаа",
        ),
        "agent.outbox.damaged": (
            "the outbox {file} is damaged: {reason}",
            "илгээх сан {file} эвдэрсэн байна: {reason}",
        ),
        "agent.local_hub.failed": (
            "the local hub did not take the batch: {reason}",
            "дотоод төв багцыг хүлээж авсангүй: {reason}",
        ),
        # keys, host keys and enrolment
        "agent.key.missing": (
            "{file}: the agent has no key yet: run 'soumnet-agent enroll' first",
            "{file}: агентын түлхүүр алга: эхлээд 'soumnet-agent enroll' ажиллуулна уу",
        ),
        "agent.key.unusable": (
            "{file}: the agent's key cannot be read: {reason}",
            "{file}: агентын түлхүүрийг уншиж чадсангүй: {reason}",
        ),
        "agent.key.bad_line": (
            "not an OpenSSH public key line: {line!r}",
            "OpenSSH нийтийн түлхүүрийн мөр биш байна: {line!r}",
        ),
        "agent.hub.bad_address": (
            "the hub's address {hub!r} is not USER@HOST[:PORT]",
            "төвийн хаяг {hub!r} нь USER@HOST[:PORT] хэлбэртэй биш",
        ),
        "agent.hostkey.not_pinned": (
            "the hub's host key is not pinned: enrol with --host-key",
            "төвийн хост түлхүүр бэхлэгдээгүй байна: --host-key-тэй бүртгүүлнэ үү",
        ),
        "agent.hostkey.changed": (
            "refused: the host key of {hub} changed (offered {got}, pinned {pinned});"
            " nothing was sent",
            "татгалзлаа: {hub}-ийн хост түлхүүр өөрчлөгдсөн (ирсэн {got}, бэхэлсэн {pinned});"
            " юу ч илгээгээгүй",
        ),
        "agent.hostkey.unknown": (
            "refused: {hub} did not offer the pinned host key {pinned}; nothing was sent",
            "татгалзлаа: {hub} бэхэлсэн хост түлхүүр {pinned}-ийг санал болгосонгүй;"
            " юу ч илгээгээгүй",
        ),
        "agent.enroll.written": (
            "key {fingerprint}; enrolment request written to {file}: give it to the IT officer"
            " ('soumnet-hub agents request FILE')",
            "түлхүүр {fingerprint}; бүртгэлийн хүсэлтийг {file}-д бичлээ: IT ажилтанд өгнө үү"
            " ('soumnet-hub agents request FILE')",
        ),
        # outbox, sync state and `soumnet-agent status`
        "agent.outbox.write_failed": (
            "cannot keep {count} new reports in the outbox: {reason};"
            " the reports already kept are intact",
            "шинэ {count} тайланг илгээх санд хадгалж чадсангүй: {reason};"
            " өмнө хадгалсан тайлангууд бүрэн бүтэн байна",
        ),
        "agent.status.outbox": (
            "Outbox: {total} reports waiting ({raw} as measured, {rolled} hourly roll-ups),"
            " {size} on disk",
            "Илгээх сан: {total} тайлан хүлээгдэж байна ({raw} хэмжсэнээрээ,"
            " {rolled} цагийн нэгтгэл), дискэнд {size}",
        ),
        "agent.status.last_success": (
            "Last successful sync: {when}",
            "Сүүлд амжилттай илгээсэн: {when}",
        ),
        "agent.status.last_error": (
            "Last error: {when}: {error} ({failures} failed attempts in a row)",
            "Сүүлийн алдаа: {when}: {error} (дараалан {failures} удаа амжилтгүй)",
        ),
        "agent.status.no_error": ("Last error: none", "Сүүлийн алдаа: байхгүй"),
        "agent.status.next_attempt": (
            "Next attempt: {when}",
            "Дараагийн оролдлого: {when}",
        ),
        "agent.status.megabytes": ("{value} MB", "{value} МБ"),
        "agent.status.never": ("never", "хэзээ ч үгүй"),
        "agent.status.not_scheduled": (
            "when the agent service next runs",
            "агентын үйлчилгээ дараа ажиллах үед",
        ),
        # hardware facts and install-service (agent/facts*.py, agent/service/install.py)
        "agent.facts.powershell_failed": (
            "cannot read the hardware facts through PowerShell: {reason}",
            "PowerShell-ээр техник хангамжийн мэдээллийг уншиж чадсангүй: {reason}",
        ),
        "agent.facts.bad_output": (
            "PowerShell's hardware facts are not the expected JSON: {reason}",
            "PowerShell-ийн өгсөн техник хангамжийн мэдээлэл хүлээгдсэн JSON биш байна: {reason}",
        ),
        "agent.install.no_config": (
            "{file}: no configuration file: write it first (the service reads the same file)",
            "{file}: тохиргооны файл алга: эхлээд үүнийг бичнэ үү"
            " (үйлчилгээ мөн энэ файлыг уншина)",
        ),
        "agent.install.no_data_dir": (
            "{file}: set agent.data_dir (e.g. /var/lib/soumnet/agent): the service runs as its"
            " own user and must find the same outbox and key",
            "{file}: agent.data_dir-ийг тохируулна уу (жишээ нь /var/lib/soumnet/agent):"
            " үйлчилгээ өөрийн хэрэглэгчээр ажиллах тул ижил илгээх сан, түлхүүрийг олох ёстой",
        ),
        "agent.install.unsupported": (
            "install-service knows systemd (Linux) and the Task Scheduler (Windows), not {system}",
            "install-service нь systemd (Linux) болон Task Scheduler (Windows)-ийг л мэднэ,"
            " {system}-ийг биш",
        ),
        "agent.install.task_too_long": (
            "the start-up task's command is {length} characters, more than Windows allows"
            " ({limit}): install soumnet in a shorter folder",
            "эхлэх даалгаврын тушаал {length} тэмдэгт, Windows-ийн зөвшөөрөхөөс ({limit}) урт"
            " байна: soumnet-ийг богино замтай хавтсанд суулгана уу",
        ),
        "agent.install.step_failed": (
            "{command} failed: {reason}",
            "{command} амжилтгүй боллоо: {reason}",
        ),
        "agent.install.would_write": (
            "would write {file}:",
            "{file} файлыг бичих байсан:",
        ),
        "agent.install.would_run": ("would run: {command}", "ажиллуулах байсан: {command}"),
        "agent.install.wrote": ("wrote {file}", "{file} файлыг бичлээ"),
        "agent.install.ran": ("ran: {command}", "ажиллууллаа: {command}"),
        "agent.install.done": (
            "the agent service is installed and started",
            "агентын үйлчилгээг суулгаж, эхлүүллээ",
        ),
    }
)
