"""English and Mongolian texts of what every soumnet command shares: configuration, settings,
the command line, the operating system's refusals, a damaged file."""

from __future__ import annotations

import errno

from foundation.i18n import Catalog, Problem

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
        "settings.expected_timezone": (
            "expected a time zone such as 'Asia/Ulaanbaatar' or 'Asia/Hovd', got {got}",
            "'Asia/Ulaanbaatar', 'Asia/Hovd' гэх мэт цагийн бүс байх ёстой, харин {got} байна",
        ),
        "document.no_font": (
            "the DejaVu Sans font is not installed in {dirs} (package fonts-dejavu-core)",
            "DejaVu Sans фонт {dirs} хавтсанд суугаагүй байна (fonts-dejavu-core багц)",
        ),
        "settings.expected_time": (
            "expected a time of day such as '08:00', got {got}",
            "'08:00' гэх мэт цаг байх ёстой, харин {got} байна",
        ),
        "settings.expected_hours": (
            "expected hours such as '22:00-07:00', got {got}",
            "'22:00-07:00' гэх мэт цагийн хүрээ байх ёстой, харин {got} байна",
        ),
        "settings.expected_name": (
            "expected a name of letters, digits, _ and - (at most 32), got {got}",
            "үсэг, тоо, _ ба - тэмдэгтээс бүрдсэн нэр байх ёстой (32 хүртэл), харин {got} байна",
        ),
        "settings.missing": (
            "a channel of type {kind} needs this setting",
            "{kind} төрлийн сувагт энэ тохиргоо шаардлагатай",
        ),
        "settings.no_channel": (
            "there is no channel {got} in [notify.channels] (there are: {known})",
            "[notify.channels]-д {got} суваг алга (байгаа нь: {known})",
        ),
        "settings.no_report": (
            "serve makes no {kind} report in {lang}: add them to [reports] periods and langs",
            "serve {lang} хэлээр {kind} тайлан гаргахгүй: [reports]-ийн periods, langs-д нэмнэ үү",
        ),
        "settings.no_user": (
            "there is no person {got} in [users]",
            "[users]-д {got} хүн алга",
        ),
        "settings.either": ("{first} or {second}", "{first} эсвэл {second}"),
        "store.damaged_file": (
            "damaged data file {file}: {reason}",
            "өгөгдлийн файл {file} эвдэрсэн: {reason}",
        ),
        # the command line (argparse's usage errors, foundation/cli.py)
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
        "cli.needs_extra": (
            "this command needs the packages of soumnet[{extra}], which this machine does not"
            " have ({module} is missing): pip install 'soumnet[{extra}]'",
            "энэ тушаалд soumnet[{extra}]-ийн багцууд хэрэгтэй, энэ компьютерт суугаагүй"
            " ({module} алга): pip install 'soumnet[{extra}]'",
        ),
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
    }
)


class ConfigError(Problem):
    """One line that names the file, the key and what was expected. Here, not in
    the configuration loaders, so that a command can catch it without loading every settings
    module."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)


def os_reason(exc: OSError) -> Problem | str:
    """Why the operating system refused, in the user's language where it is one of the usual
    reasons (the system's own text, `strerror`, is English), else the system's text."""
    key = f"os.{errno.errorcode.get(exc.errno or 0, '')}"
    if key in T.messages:
        return Problem(T, key)
    return exc.strerror or str(exc) or type(exc).__name__
