"""English and Mongolian texts of the agent and of what all commands share."""

from __future__ import annotations

from agent.i18n import Catalog

T = Catalog(
    {
        # configuration
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
    }
)
