"""English and Mongolian texts of the agent and of what all commands share."""

from __future__ import annotations

import errno

from agent.i18n import Catalog, Problem

T = Catalog(
    {
        # configuration
        "config.missing": (
            "{file}: no such configuration file (a file named with --config or"
            " SOUMNET_CONFIG must exist)",
            "{file}: ийм тохиргооны файл алга (--config эсвэл SOUMNET_CONFIG-оор заасан файл"
            " байх ёстой)",
        ),
        "config.unreadable": (
            "{file}: cannot read the configuration: {reason}",
            "{file}: тохиргоог уншиж чадсангүй: {reason}",
        ),
        "config.not_utf8": (
            "{file}: the configuration is not UTF-8 text",
            "{file}: тохиргоо UTF-8 текст биш байна",
        ),
        "config.not_toml": (
            "{file}: not valid TOML: {reason}",
            "{file}: TOML-ийн буруу бичиглэл: {reason}",
        ),
        "config.not_toml_at": (
            "{file}: not valid TOML at line {line}, column {column}",
            "{file}: TOML-ийн буруу бичиглэл: {line}-р мөрийн {column}-р тэмдэгт",
        ),
        "config.not_toml_end": (
            "{file}: not valid TOML: the file ends before a table, list or text is closed",
            "{file}: TOML-ийн буруу бичиглэл: хүснэгт, жагсаалт эсвэл текст хаагдахаас өмнө"
            " файл дууссан",
        ),
        "config.bad_key": ("{file}: {key}: {problem}", "{file}: {key}: {problem}"),
        "settings.unknown_key": (
            "unknown key (known keys here: {known})",
            "үл мэдэгдэх түлхүүр (энд байж болох түлхүүрүүд: {known})",
        ),
        "settings.expected_table": (
            "expected a table, got {got}",
            "хүснэгт ([хэсэг]) байх ёстой, харин {got} байна",
        ),
        "settings.expected_one_of": (
            "expected one of {allowed}, got {got}",
            "эдгээрийн нэг байх ёстой: {allowed}, харин {got} байна",
        ),
        "settings.expected_list": (
            "expected a list, got {got}",
            "жагсаалт байх ёстой, харин {got} байна",
        ),
        "settings.expected_bool": (
            "expected true or false, got {got}",
            "true эсвэл false байх ёстой, харин {got} байна",
        ),
        "settings.expected_int": (
            "expected a whole number, got {got}",
            "бүхэл тоо байх ёстой, харин {got} байна",
        ),
        "settings.expected_number": (
            "expected a number, got {got}",
            "тоо байх ёстой, харин {got} байна",
        ),
        "settings.expected_string": (
            "expected a string, got {got}",
            "текст байх ёстой, харин {got} байна",
        ),
        "settings.expected_path": (
            "expected a path (string), got {got}",
            "файлын зам (текст) байх ёстой, харин {got} байна",
        ),
        "settings.either": ("{first} or {second}", "{first} эсвэл {second}"),
        "store.damaged_file": (
            "damaged data file {file}: {reason}",
            "өгөгдлийн файл {file} эвдэрсэн: {reason}",
        ),
        # the command line (argparse's usage errors, agent/cliutil.py)
        "cli.usage": (
            "{problem} (see {help})",
            "{problem} (тайлбарыг {help} тушаалаар харна уу)",
        ),
        "cli.usage.required": (
            "required arguments missing: {names}",
            "заавал өгөх аргумент дутуу: {names}",
        ),
        "cli.usage.no_command": (
            "name a command: {choices}",
            "тушаалаа бичнэ үү: {choices}",
        ),
        "cli.usage.command": (
            "{value} is not a command; the commands are {choices}",
            "{value} гэсэн тушаал байхгүй; боломжтой тушаалууд: {choices}",
        ),
        "cli.usage.unrecognized": (
            "unknown arguments: {names}",
            "танигдаагүй аргумент: {names}",
        ),
        "cli.usage.choice": (
            "{name}: {value} is not one of {choices}",
            "{name}: {value} нь {choices}-ийн аль нь ч биш",
        ),
        "cli.usage.int": (
            "{name}: {value} is not a whole number",
            "{name}: {value} нь бүхэл тоо биш",
        ),
        "cli.usage.float": ("{name}: {value} is not a number", "{name}: {value} нь тоо биш"),
        "cli.usage.value": ("{name}: {value} is not a valid value", "{name}: {value} утга буруу"),
        "cli.usage.one_value": ("{name} needs a value", "{name}-д утга өгнө үү"),
        "cli.usage.values": (
            "{name} needs at least one value",
            "{name}-д дор хаяж нэг утга өгнө үү",
        ),
        "cli.usage.at_most_one": (
            "{name} takes at most one value",
            "{name} нэгээс олон утга авахгүй",
        ),
        "cli.usage.count": ("{name} needs {count} values", "{name}-д {count} утга өгнө үү"),
        "cli.usage.conflict": (
            "{name} cannot be used with {other}",
            "{name}-г {other}-тэй хамт хэрэглэж болохгүй",
        ),
        "cli.usage.no_value": (
            "{name} takes no value (given {value})",
            "{name} утга авдаггүй ({value} өгсөн)",
        ),
        "cli.usage.ambiguous": (
            "{name} is ambiguous: {choices}",
            "{name} нь хоёрдмол утгатай: {choices}",
        ),
        "cli.usage.one_of": ("one of {names} is required", "{names}-ийн нэгийг өгнө үү"),
        "cli.usage.other": ("{detail}", "тушаалыг буруу бичсэн: {detail}"),
        # the operating system's reasons by errno name; the English is the system's own text
        "os.ENOENT": ("No such file or directory", "ийм файл эсвэл хавтас алга"),
        "os.EACCES": ("Permission denied", "хандах эрхгүй"),
        "os.EPERM": ("Operation not permitted", "энэ үйлдлийг зөвшөөрөхгүй"),
        "os.EISDIR": ("Is a directory", "энэ нь файл биш, хавтас"),
        "os.ENOTDIR": ("Not a directory", "замын нэг хэсэг нь хавтас биш"),
        "os.ENOSPC": ("No space left on device", "дискэнд зай үлдсэнгүй"),
        "os.EROFS": ("Read-only file system", "файлын систем зөвхөн уншигдана"),
        "os.EEXIST": ("File exists", "аль хэдийн байна"),
        "os.ENOTEMPTY": ("Directory not empty", "хавтас хоосон биш"),
        "os.EXDEV": ("Invalid cross-device link", "өөр файлын систем дээр байна"),
        "os.ECONNREFUSED": ("Connection refused", "холболтыг татгалзлаа"),
        "os.ETIMEDOUT": ("Connection timed out", "холболтын хугацаа хэтэрлээ"),
        "os.EHOSTUNREACH": ("No route to host", "хост руу зам алга"),
        "os.ENETUNREACH": ("Network is unreachable", "сүлжээнд хүрэхгүй байна"),
        "io_error": (
            "cannot read or write a file{where}: {reason}",
            "файлыг уншиж эсвэл бичиж чадсангүй{where}: {reason}",
        ),
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
        # hardware facts and install-service (agent/facts*.py, agent/install.py)
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


class ConfigError(Problem):
    """One line that names the file, the key and what was expected. Here, not in
    agent.config, so that a command can catch it without loading every settings module."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


def os_reason(exc: OSError) -> Problem | str:
    """Why the operating system refused, in the user's language where it is one of the usual
    reasons (the system's own text, `strerror`, is English), else the system's text."""
    key = f"os.{errno.errorcode.get(exc.errno or 0, '')}"
    if key in T.messages:
        return Problem(T, key)
    return exc.strerror or str(exc) or type(exc).__name__
