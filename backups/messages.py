"""English and Mongolian texts of the backup engine."""

from __future__ import annotations

from foundation.i18n import Catalog, Problem

T = Catalog(
    {
        "disk_full": (
            "the disk is full while writing {file}: no archive was kept",
            "{file} бичих үед диск дүүрсэн: архив үлдээгээгүй",
        ),
        "write_failed": (
            "cannot write the archive {file}: {reason}; no archive was kept",
            "{file} архивыг бичиж чадсангүй: {reason}; архив үлдээгээгүй",
        ),
        "encryption_stopped": (
            "the age encryption of {file} stopped without a message (exit status {status}); "
            "no archive was kept",
            "{file}-г age-ээр шифрлэх процесс мэдэгдэлгүйгээр зогссон (гарах код {status}); "
            "архив үлдээгээгүй",
        ),
        "writer_stopped": (
            "writing {file} stopped without a message (exit status {status}); no archive was kept",
            "{file}-г бичих процесс мэдэгдэлгүйгээр зогссон (гарах код {status}); "
            "архив үлдээгээгүй",
        ),
        "source_missing": ("source {path} does not exist", "{path} эх сурвалж байхгүй"),
        "bad_recipient": ("not an age recipient: {value}", "age хүлээн авагч биш: {value}"),
        "bad_identity": (
            "{file}: not an age identity file",
            "{file}: age нууц түлхүүрийн файл биш",
        ),
        "need_two_recipients": (
            "give at least one --recipient",
            "дор хаяж нэг --recipient өгнө үү",
        ),
        "decrypt_failed": (
            "cannot decrypt {file}: wrong key or damaged archive",
            "{file}-г тайлж чадсангүй: буруу түлхүүр эсвэл гэмтсэн архив",
        ),
        "corrupt_archive": (
            "{file} is damaged: {reason}",
            "{file} гэмтсэн байна: {reason}",
        ),
        "unsafe_member": ("refused {member}: {reason}", "{member}-г татгалзсан: {reason}"),
        "restore_failed": (
            "{reason}; nothing was restored into {target}",
            "{reason}; {target} руу юу ч сэргээгээгүй",
        ),
        "nothing_matched": (
            "--pattern {pattern} matches nothing in {file}; nothing was restored",
            "--pattern {pattern}-д тохирох зүйл алга ({file}); юу ч сэргээгээгүй",
        ),
        "archive_is_folder": (
            "{file} is a folder, not an archive file (give the .tar.zst.age file in it)",
            "{file} нь архив файл биш, хавтас байна (доторх .tar.zst.age файлыг өгнө үү)",
        ),
        "archive_missing": ("{file}: no such archive file", "{file}: ийм архив файл алга"),
        "target_not_empty": (
            "{target} is not empty: restore only into a new or empty folder",
            "{target} хоосон биш: зөвхөн шинэ эсвэл хоосон хавтас руу сэргээнэ",
        ),
        "companion_missing": (
            "{file} is missing (it belongs beside the archive)",
            "{file} байхгүй (архивын хажууд байх ёстой)",
        ),
        "unreadable_json": ("{file}: not a valid {what}", "{file}: буруу {what}"),
        "what.report": ("report", "тайлан"),
        "what.manifest": ("manifest", "файлын жагсаалт (manifest)"),
        "what.restore_test": ("restore-test entry", "сэргээх шалгалтын бичлэг"),
        "verify_mismatch": ("{file}: {reason}", "{file}: {reason}"),
        "mismatch.previous_report": (
            "the previous report {name} does not match the recorded hash",
            "өмнөх тайлан {name} бүртгэсэн хэштэйгээ таарахгүй байна",
        ),
        "mismatch.archive_sha256": (
            "SHA-256 differs from the signed report",
            "SHA-256 нь гарын үсэгтэй тайланд бичсэнээс өөр байна",
        ),
        "mismatch.other_key": (
            "signed by another key than the report",
            "тайлангийнхаас өөр түлхүүрээр гарын үсэг зурсан",
        ),
        "mismatch.manifest_hash": (
            "does not match the report's hash",
            "тайланд бичсэн хэштэй таарахгүй байна",
        ),
        "mismatch.named_key": (
            "signed by another key than it names",
            "өөрт нь бичсэн түлхүүрээс өөр түлхүүрээр гарын үсэг зурсан",
        ),
        "mismatch.receipt_files": ("lists other files", "өөр файлуудыг жагсаасан"),
        # SSH signatures (backups/sshsig.py)
        "sig.truncated": ("truncated signature", "гарын үсэг дутуу тасарсан"),
        "sig.not_ed25519_public": (
            "not an ssh-ed25519 public key",
            "ssh-ed25519 нийтийн түлхүүр биш",
        ),
        "sig.public_not_base64": ("public key is not base64", "нийтийн түлхүүр base64 биш"),
        "sig.only_ed25519_keys": (
            "only ssh-ed25519 keys are supported",
            "зөвхөн ssh-ed25519 түлхүүрийг дэмжинэ",
        ),
        "sig.bad_public": ("bad ed25519 public key", "ed25519 нийтийн түлхүүр буруу"),
        "sig.not_ed25519_key": ("{file}: not an Ed25519 key", "{file}: Ed25519 түлхүүр биш"),
        "sig.not_ssh": ("not an SSH signature", "SSH гарын үсэг биш"),
        "sig.not_base64": ("signature is not base64", "гарын үсэг base64 биш"),
        "sig.not_v1": (
            "not an SSHSIG version 1 signature",
            "SSHSIG 1-р хувилбарын гарын үсэг биш",
        ),
        "sig.namespace": (
            "signature is not for namespace {namespace}",
            "гарын үсэг {namespace} нэрийн талбарт зориулагдаагүй",
        ),
        "sig.hash": ("unsupported hash {algo}", "{algo} хэшийг дэмждэггүй"),
        "sig.only_ed25519_signatures": (
            "only ssh-ed25519 signatures are supported",
            "зөвхөн ssh-ed25519 гарын үсгийг дэмжинэ",
        ),
        "sig.trailing": (
            "trailing data after the signature",
            "гарын үсгийн ард илүү өгөгдөл байна",
        ),
        "sig.mismatch": (
            "the signature does not match the content",
            "гарын үсэг агуулгатай таарахгүй байна",
        ),
        "verify_ok": (
            "{file}: valid, signed by {fingerprint}",
            "{file}: хүчинтэй, {fingerprint} гарын үсэгтэй",
        ),
        "verify_unchecked": (
            "{file}: the signature is valid (by {fingerprint}) but its key was not checked:"
            " give --trusted-key FILE.pub or --allowed-signers FILE",
            "{file}: гарын үсэг хүчинтэй ({fingerprint}) боловч түлхүүрийг шалгаагүй:"
            " --trusted-key FILE.pub эсвэл --allowed-signers FILE өгнө үү",
        ),
        "untrusted_key": (
            "{file}: signed by {fingerprint}, which is not a trusted key of this office",
            "{file}: {fingerprint} түлхүүрээр гарын үсэг зурсан, энэ нь итгэмжит түлхүүр биш",
        ),
        "trusted_unreadable": (
            "{file}: not a usable trusted key file: {reason}",
            "{file}: итгэмжит түлхүүрийн файл болохгүй: {reason}",
        ),
        "trusted.no_key": ("no Ed25519 public key in it", "дотор нь Ed25519 нийтийн түлхүүр алга"),
        "verify_ok_restore": (
            "{file}: valid, signed by {fingerprint}; restore test passed ({files} files)",
            "{file}: хүчинтэй, {fingerprint} гарын үсэгтэй; сэргээх шалгалт амжилттай"
            " ({files} файл)",
        ),
        "created": (
            "{file}: {status}, {files} files, {bytes} bytes, archive SHA-256 {sha256}",
            "{file}: {status}, {files} файл, {bytes} байт, архивын SHA-256 {sha256}",
        ),
        "changed_file": (
            "WARNING: {path} changed while it was read",
            "АНХААР: {path} уншиж байх үед өөрчлөгдсөн",
        ),
        "unreadable_file": (
            "WARNING: {path} could not be read: {reason}",
            "АНХААР: {path}-г уншиж чадсангүй: {reason}",
        ),
        "restored": ("restored {files} entries into {target}", "{target} руу {files} зүйл сэргээв"),
        "no_signing_key": (
            "{file}: signing key not found; name your Ed25519 key in backup.signing_key"
            " (--signing-key), or make this one with: ssh-keygen -t ed25519 -N '' -f {file}",
            "{file}: гарын үсгийн түлхүүр олдсонгүй; Ed25519 түлхүүрээ backup.signing_key"
            " (--signing-key)-д заана уу, эсвэл үүнийг ингэж үүсгэнэ үү:"
            " ssh-keygen -t ed25519 -N '' -f {file}",
        ),
        "signing_key.age": (
            "{file}: an age identity, not a signing key; it decrypts archives and stays off"
            " the office machines. Sign with an Ed25519 key (ssh-keygen -t ed25519)",
            "{file}: энэ бол age нууц түлхүүр, гарын үсгийн түлхүүр биш; архив тайлдаг тул"
            " оффисын компьютерт байх ёсгүй. Ed25519 түлхүүрээр гарын үсэг зурна уу"
            " (ssh-keygen -t ed25519)",
        ),
        "signing_key.public": (
            "{file}: a public key; give the private key (the same name without .pub)",
            "{file}: энэ бол нийтийн түлхүүр; хувийн түлхүүрийг (.pub-гүй ижил нэртэй) өгнө үү",
        ),
        "signing_key.type": (
            "{file}: an {type} key; archives are signed with Ed25519 keys"
            " (ssh-keygen -t ed25519 -N '' -f FILE)",
            "{file}: энэ бол {type} түлхүүр; архивт Ed25519 түлхүүрээр гарын үсэг зурдаг"
            " (ssh-keygen -t ed25519 -N '' -f ФАЙЛ)",
        ),
        "signing_key.locked": (
            "{file}: the key is protected by a passphrase; archives are signed unattended,"
            " so use a key without one (ssh-keygen -t ed25519 -N '' -f FILE)",
            "{file}: түлхүүр нууц үгээр хамгаалагдсан; архивт хүнгүйгээр гарын үсэг зурдаг тул"
            " нууц үггүй түлхүүр хэрэглэнэ үү (ssh-keygen -t ed25519 -N '' -f ФАЙЛ)",
        ),
        "signing_key.unknown": (
            "{file}: not an OpenSSH private key (an Ed25519 key as ssh-keygen -t ed25519"
            " writes it)",
            "{file}: OpenSSH хувийн түлхүүр биш (ssh-keygen -t ed25519-ийн бичдэг Ed25519"
            " түлхүүр байх ёстой)",
        ),
        "sqlite_failed": (
            "cannot copy the SQLite database {path}: {reason}",
            "SQLite өгөгдлийн сан {path}-г хуулж чадсангүй: {reason}",
        ),
        "dump_failed": (
            "the dump {name} failed: {reason}; no archive was kept",
            "{name} хуулбар амжилтгүй: {reason}; архив үлдээгээгүй",
        ),
        "dump_notice": (
            "WARNING: {source} wrote on standard error: {message}",
            "АНХААР: {source} алдааны урсгалд бичсэн: {message}",
        ),
        "bad_dump_option": (
            "--dump {value}: expected NAME=COMMAND",
            "--dump {value}: НЭР=ТУШААЛ хэлбэртэй байх ёстой",
        ),
        "no_sources": (
            "give at least one --source, --sqlite or --dump",
            "дор хаяж нэг --source, --sqlite эсвэл --dump өгнө үү",
        ),
        "bad_option": ("{problem}", "{problem}"),
        "progress": (
            "{files} files, {done:.1f} of {total:.1f} MB, {eta} left",
            "{files} файл, {total:.1f} МБ-аас {done:.1f} МБ, {eta} үлдсэн",
        ),
        "restore_test_recorded": (
            "signed restore-test entry written: {file}",
            "гарын үсэгтэй сэргээх шалгалтын бичлэг хадгалагдлаа: {file}",
        ),
        "not_configured": (
            "no yearly archive is configured on this machine ([backup] sources, sqlite or dumps)",
            "энэ компьютерт жилийн архив тохируулаагүй ([backup] sources, sqlite эсвэл dumps)",
        ),
        "not_due": (
            "the yearly archive is not due yet (use --now to run it now)",
            "жилийн архивын хугацаа болоогүй (одоо хийх бол --now)",
        ),
        "run_done": ("yearly archive: {status}, {file}", "жилийн архив: {status}, {file}"),
        "outcome.OK": ("OK", "амжилттай"),
        "outcome.WARNING": ("WARNING", "анхааруулгатай"),
        "outcome.FAILED": ("FAILED", "амжилтгүй"),
        "outcome.PASSED": ("PASSED", "амжилттай"),
        "run_failed": (
            "the yearly archive failed: {reason}",
            "жилийн архив амжилтгүй: {reason}",
        ),
        "run_failed_unsent": (
            "the yearly archive failed: {reason} (the hub has not got this report yet: {why};"
            " it waits in the outbox for the agent's next sync)",
            "жилийн архив амжилтгүй: {reason} (энэ тайлан төвд хараахан очоогүй: {why};"
            " агентын дараагийн илгээлтийг гарах хайрцагт хүлээж байна)",
        ),
        "copy_unsent": (
            "WARNING: the archive is kept on this machine, but its copy did not reach the hub:"
            " {why}; the hub lists it as not received",
            "АНХААР: архив энэ компьютерт хадгалагдсан боловч хуулбар нь төвд очсонгүй: {why};"
            " төв үүнийг хүлээн аваагүй гэж харуулна",
        ),
        "copy_and_report_unsent": (
            "WARNING: the archive is kept on this machine, but neither its copy nor this run's"
            " report reached the hub: {why}; the report waits in the outbox for the agent's"
            " next sync",
            "АНХААР: архив энэ компьютерт хадгалагдсан боловч хуулбар нь ч, энэ ажиллагааны"
            " тайлан ч төвд очсонгүй: {why}; тайлан агентын дараагийн илгээлтийг гарах"
            " хайрцагт хүлээж байна",
        ),
        "report_unsent": (
            "WARNING: the hub has not got this run's report yet: {why}; it waits in the"
            " outbox for the agent's next sync",
            "АНХААР: энэ ажиллагааны тайлан төвд хараахан очоогүй: {why}; агентын дараагийн"
            " илгээлтийг гарах хайрцагт хүлээж байна",
        ),
        # settings
        "setting.month": (
            "expected a month from 1 to 12, got {got}",
            "1-ээс 12 хүртэлх сар байх ёстой, {got} өгсөн",
        ),
        "setting.day": (
            "expected a day that exists in that month, got {got}",
            "тухайн сард байдаг өдөр байх ёстой, {got} өгсөн",
        ),
        "setting.time": (
            "expected a time of day HH:MM (UTC), got {got!r}",
            "ЦЦ:ММ (UTC) хэлбэрийн цаг байх ёстой, {got!r} өгсөн",
        ),
        "setting.retention": (
            "expected 0 (forever) or a number of years, got {got}",
            "0 (үүрд) эсвэл жилийн тоо байх ёстой, {got} өгсөн",
        ),
        "setting.name": (
            "expected a file name of letters, digits, '.', '_', '+', '-', got {got!r}",
            "үсэг, тоо, '.', '_', '+', '-'-ээс бүрдсэн файлын нэр байх ёстой, {got!r} өгсөн",
        ),
        "setting.command": (
            'expected the program and its arguments, e.g. ["pg_dump", "staff"]',
            'програм ба түүний аргументууд байх ёстой, жишээ нь ["pg_dump", "staff"]',
        ),
        "setting.duplicate": (
            "two sources would both be named {name} in the archive",
            "хоёр эх сурвалж архивт {name} гэсэн ижил нэртэй болно",
        ),
        # soumnet-agent status
        "status.none": (
            "yearly archive: not configured on this machine",
            "жилийн архив: энэ компьютерт тохируулаагүй",
        ),
        "status.running": (
            "yearly archive {label}: running, {percent}% ({files} files), {eta} left",
            "жилийн архив {label}: явагдаж байна, {percent}% ({files} файл), {eta} үлдсэн",
        ),
        "status.interrupted": (
            "yearly archive {label}: interrupted (it runs again at the next check)",
            "жилийн архив {label}: тасалдсан (дараагийн шалгалтаар дахин хийнэ)",
        ),
        "status.last": (
            "last yearly archive: {status} at {when} UTC, {archive}",
            "сүүлийн жилийн архив: {status}, {when} UTC, {archive}",
        ),
        "status.never": (
            "yearly archive: no run on this machine yet",
            "жилийн архив: энэ компьютерт хараахан хийгдээгүй",
        ),
        "status.next": (
            "next yearly archive: {when} UTC",
            "дараагийн жилийн архив: {when} UTC",
        ),
        "status.source": ("  source: {source}", "  эх сурвалж: {source}"),
        # report labels
        "report.title": ("Archive report", "Архивын тайлан"),
        # the archive report as a document (backups/reportdoc.py)
        "doc.made": ("Made {when} ({zone})", "Бэлтгэсэн {when} ({zone})"),
        "doc.office": ("Office", "Байгууллага"),
        "doc.status": ("Result", "Үр дүн"),
        "doc.status.OK": ("completed", "амжилттай"),
        "doc.status.WARNING": (
            "completed with warnings (see the files below)",
            "анхааруулгатай (доорх файлуудыг үзнэ үү)",
        ),
        "doc.status.FAILED": ("failed: no archive was kept", "амжилтгүй: архив үлдээгээгүй"),
        "doc.status.PASSED": ("passed", "амжилттай"),
        "doc.error": ("Error", "Алдаа"),
        "doc.what": ("What was archived", "Юуг архивласан"),
        "doc.sources": ("Sources", "Эх сурвалж"),
        "doc.excludes": ("Left out (patterns)", "Хассан (загвар)"),
        "doc.none": ("none", "байхгүй"),
        "doc.files": ("Files", "Файл"),
        "doc.size": ("Size of the files", "Файлын хэмжээ"),
        "doc.archive": ("Archive file", "Архивын файл"),
        "doc.no_archive": ("none: no archive was kept", "байхгүй: архив үлдээгээгүй"),
        "doc.archive_size": ("Archive size", "Архивын хэмжээ"),
        "doc.archive_sha256": ("Archive SHA-256", "Архивын SHA-256"),
        "doc.manifest_sha256": ("Manifest SHA-256", "Жагсаалтын SHA-256"),
        "doc.path": ("File", "Файл"),
        "doc.reason": ("Reason", "Шалтгаан"),
        "doc.changed": (
            "Files that changed while they were read",
            "Уншиж байх үед өөрчлөгдсөн файл",
        ),
        "doc.unreadable": ("Files that could not be read", "Уншиж чадаагүй файл"),
        "doc.skipped": ("Skipped (sockets, devices)", "Алгассан (сокет, төхөөрөмж)"),
        "doc.source": ("Source", "Эх сурвалж"),
        "doc.message": ("Message", "Мэдэгдэл"),
        "doc.notices": ("Messages of the dumps", "Хуулбарын мэдэгдэл"),
        "doc.when": ("When ({zone} time) and where", "Хэзээ ({zone} цагаар), хаана"),
        "doc.started": ("Started", "Эхэлсэн"),
        "doc.ended": ("Ended", "Дууссан"),
        "doc.duration": ("Duration", "Үргэлжилсэн"),
        "doc.host": ("Computer", "Компьютер"),
        "doc.version": ("soumnet version", "soumnet-ийн хувилбар"),
        "doc.schedule": ("Schedule", "Хуваарь"),
        "doc.manual": ("made by hand, not on the schedule", "хуваарийн бус, гараар хийсэн"),
        "doc.yearly": ("every year on {day} at {time}", "жил бүр {day}-нд {time} цагт"),
        "doc.hours_minutes": ("{hours} h {minutes} min", "{hours} цаг {minutes} мин"),
        "doc.minutes_seconds": ("{minutes} min {seconds} s", "{minutes} мин {seconds} сек"),
        "doc.seconds": ("{seconds} s", "{seconds} сек"),
        "doc.protection": ("Encryption", "Шифрлэлт"),
        "doc.encryption": ("Scheme", "Арга"),
        "doc.scheme": (
            "encrypted with age (X25519 public keys), compressed with zstd, the files in tar"
            " (pax, UTF-8): the stock age, zstd and tar programs open it",
            "age-ээр шифрлэсэн (X25519 нийтийн түлхүүр), zstd-ээр шахсан, файлууд нь tar"
            " (pax, UTF-8) хэлбэртэй: энгийн age, zstd, tar програмаар нээгдэнэ",
        ),
        "doc.signing_key": ("Signed with the key", "Гарын үсгийн түлхүүр"),
        "doc.recipients": (
            "Keys that can decrypt it (age recipients)",
            "Тайлж чадах түлхүүр (age хүлээн авагч)",
        ),
        "doc.fingerprint": ("Fingerprint", "Хурууны хээ"),
        "doc.holder": ("Name", "Нэр"),
        "doc.unnamed": ("not named in the configuration", "тохиргоонд нэр заагаагүй"),
        "doc.no_recipients": ("no recipient is recorded", "хүлээн авагч бүртгэгдээгүй"),
        "doc.check_failed": ("CHECK FAILED: {reason}", "ШАЛГАЛТ АМЖИЛТГҮЙ: {reason}"),
        "doc.verified": (
            "Signatures verified against trusted key {fingerprint} ({source})",
            "Гарын үсгийг итгэмжит түлхүүр {fingerprint} ({source})-тэй тулгаж шалгасан",
        ),
        "doc.unchecked": (
            "Signatures are valid (by {fingerprint}) but were NOT checked against a trusted"
            " key: anyone could have signed",
            "Гарын үсэг хүчинтэй ({fingerprint}) боловч итгэмжит түлхүүртэй тулгаж"
            " ШАЛГААГҮЙ: хэн ч гарын үсэг зурсан байж болно",
        ),
        "doc.hub_key": (
            "the key the hub recorded for {agent} at approval",
            "төв {agent}-г зөвшөөрөхдөө бүртгэсэн түлхүүр",
        ),
        "doc.chain_first": (
            "First report of the chain: no report before it",
            "Гинжин хэлхээний эхний тайлан: өмнө нь тайлан байхгүй",
        ),
        "doc.chain_matches": (
            "Previous report {name} (SHA-256 {sha256}): the file beside it matches",
            "Өмнөх тайлан {name} (SHA-256 {sha256}): хажууд байгаа файл таарч байна",
        ),
        "doc.chain_differs": (
            "Previous report {name} (SHA-256 {sha256}): the file beside it does NOT match",
            "Өмнөх тайлан {name} (SHA-256 {sha256}): хажууд байгаа файл ТААРАХГҮЙ байна",
        ),
        "doc.chain_absent": (
            "Previous report {name} (SHA-256 {sha256}): not present here, not checked",
            "Өмнөх тайлан {name} (SHA-256 {sha256}): энд байхгүй, шалгаагүй",
        ),
        "doc.restore_tests": ("Restore tests of this archive", "Энэ архивын сэргээх шалгалт"),
        "doc.tested": ("When ({zone})", "Хэзээ ({zone})"),
        "doc.verification": ("Verification", "Шалгалт"),
        "doc.report_file": ("Report file", "Тайлангийн файл"),
        "doc.result": ("Result", "Үр дүн"),
        "doc.tested_on": ("Computer", "Компьютер"),
        "doc.tested_by": ("Signed by", "Гарын үсэг"),
        "doc.test_PASSED": ("passed", "амжилттай"),
        "doc.test_FAILED": ("FAILED: {problems} problems", "АМЖИЛТГҮЙ: {problems} асуудал"),
        "doc.test_INVALID": (
            "its signature does not verify: it proves nothing",
            "гарын үсэг нь хүчингүй: юуг ч нотлохгүй",
        ),
        "doc.test_found": (
            "The restore test of {when} found: {found}",
            "{when}-ийн сэргээх шалгалт олсон: {found}",
        ),
        "doc.more": ("{count} more", "бас {count}"),
        "doc.no_tests": (
            "no restore test of this archive is recorded beside it"
            " (soumnet-backup verify ARCHIVE --identity KEY --signing-key KEY records one)",
            "энэ архивын сэргээх шалгалт хажууд нь бүртгэгдээгүй"
            " (soumnet-backup verify ARCHIVE --identity KEY --signing-key KEY бүртгэнэ)",
        ),
        "doc.last_test": (
            "Newest restore test when this report was made: {archive}, {when}, {result},"
            " {files} files",
            "Энэ тайланг хийх үеийн хамгийн сүүлийн сэргээх шалгалт: {archive}, {when},"
            " {result}, {files} файл",
        ),
        "doc.retention": ("Retention", "Хадгалалт"),
        "doc.kept": ("Kept for", "Хадгалах хугацаа"),
        "doc.years": ("{years} years", "{years} жил"),
        "doc.forever": ("forever", "үүрд"),
        "doc.expires": ("Expires", "Хугацаа дуусах"),
        "doc.never": ("never (kept forever)", "хэзээ ч үгүй (үүрд хадгална)"),
        "report.not_report": (
            "{file}: not an archive or a report (give the .tar.zst.age or .report.json file)",
            "{file}: архив эсвэл тайлан биш (.tar.zst.age эсвэл .report.json файлыг өгнө үү)",
        ),
        "report.needs_hub": (
            "{format} reports need the hub's packages (pip install 'soumnet[hub]');"
            " --format text and json work on this machine",
            "{format} тайланд төвийн багцууд хэрэгтэй (pip install 'soumnet[hub]');"
            " --format text ба json энэ компьютер дээр ажиллана",
        ),
    }
)


class BackupProblem(Problem):
    """A backup failure shown to the user as one translated line."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(T, key, **values)
