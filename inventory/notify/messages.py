"""English and Mongolian texts of notifications: the messages people receive, and the lines
the hub writes about sending them."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        # what people receive
        "notify.subject.alert": ("[{office}] #{no} {title}", "[{office}] #{no} {title}"),
        "notify.subject.end": (
            "[{office}] ended: #{no} {title}",
            "[{office}] дууслаа: #{no} {title}",
        ),
        "notify.subject.escalate": (
            "[{office}] not acknowledged: #{no} {title}",
            "[{office}] хариу өгөөгүй: #{no} {title}",
        ),
        "notify.subject.digest": (
            "[{office}] {count} messages that waited for the connection",
            "[{office}] холболтыг хүлээсэн {count} мэдэгдэл",
        ),
        "notify.subject.test": ("[{office}] test message", "[{office}] туршилтын мэдэгдэл"),
        "notify.subject.summary.day": (
            "[{office}] daily summary, {period}",
            "[{office}] өдрийн тойм, {period}",
        ),
        "notify.subject.summary.week": (
            "[{office}] weekly summary, {period}",
            "[{office}] долоо хоногийн тойм, {period}",
        ),
        "notify.subject.summary.month": (
            "[{office}] monthly summary, {period}",
            "[{office}] сарын тойм, {period}",
        ),
        "notify.head.alert": ("Alert #{no}: {title}", "Сэрэмжлүүлэг #{no}: {title}"),
        "notify.head.end": ("Ended: alert #{no}: {title}", "Дууслаа: сэрэмжлүүлэг #{no}: {title}"),
        "notify.head.escalate": (
            "Alert #{no} has not been acknowledged for {minutes} minutes: {title}",
            "#{no} сэрэмжлүүлэгт {minutes} минутын турш хариу өгөөгүй: {title}",
        ),
        "notify.device": ("Device: {name} ({key})", "Төхөөрөмж: {name} ({key})"),
        "notify.rule_line": ("Rule: {rule}, {severity}", "Дүрэм: {rule}, {severity}"),
        "notify.severity.critical": ("critical", "ноцтой"),
        "notify.severity.warning": ("warning", "анхааруулга"),
        "notify.since": ("Since: {when} ({zone})", "Эхэлсэн: {when} ({zone})"),
        "notify.ended": (
            "Ended: {when}, after {minutes} min",
            "Дууссан: {when}, {minutes} мин үргэлжилсэн",
        ),
        "notify.detail": ("Detail: {detail}", "Дэлгэрэнгүй: {detail}"),
        "notify.how_to_ack": (
            "To acknowledge: answer the SMS with OK {no}, or run 'soumnet-hub alerts ack {no}'.",
            "Хүлээн авснаа мэдэгдэх: SMS-д OK {no} гэж хариулах, эсвэл 'soumnet-hub alerts ack"
            " {no}'.",
        ),
        "notify.footer": ("soumnet, {office}", "soumnet, {office}"),
        "notify.rule.disk_full": ("disk full", "диск дүүрсэн"),
        "notify.rule.device_down": ("device down", "төхөөрөмж ажиллахгүй"),
        "notify.rule.toner_low": ("toner low", "хор дуусаж байна"),
        "notify.rule.ups_on_battery": ("UPS on battery", "UPS батарейгаар"),
        "notify.rule.agent_silent": ("agent silent", "агент мэдээ илгээхгүй"),
        "notify.rule.archive_overdue": ("archive overdue", "архив хоцорсон"),
        "notify.rule.archive_failed": ("archive failed", "архив амжилтгүй"),
        "notify.rule.internet_down": ("internet down", "интернэт тасарсан"),
        "notify.rule.lan_down": ("office network down", "дотоод сүлжээ тасарсан"),
        "notify.sms.alert": (
            "#{no} {title} {at}. Answer OK {no}",
            "#{no} {title} {at}. Хариу: OK {no}",
        ),
        "notify.sms.escalate": (
            "#{no} NOT ACKNOWLEDGED: {title} {at}. Answer OK {no}",
            "#{no} ХАРИУГҮЙ: {title} {at}. Хариу: OK {no}",
        ),
        "notify.sms.end": ("#{no} ENDED: {title} {span}", "#{no} ДУУСЛАА: {title} {span}"),
        "notify.sms.digest": (
            "{count} messages waited for the connection: see e-mail",
            "Холболт хүлээсэн {count} мэдэгдэл: и-мэйлээс үзнэ үү",
        ),
        "notify.sms.acked": ("#{no} acknowledged: {title}", "#{no} хүлээн авлаа: {title}"),
        "notify.sms.summary": (
            "{period}: down {down}, incidents {incidents}, repairs {work}, failed archives"
            " {failed}",
            "{period}: тасарсан {down}, доголдол {incidents}, засвар {work}, архивын алдаа"
            " {failed}",
        ),
        "notify.line.alert": ("#{no} {title} (from {at})", "#{no} {title} ({at}-с)"),
        "notify.line.end": ("#{no} ended: {title} ({span})", "#{no} дууслаа: {title} ({span})"),
        "notify.digest.span": (
            "from {first} to {last} ({zone})",
            "{first}-с {last} хүртэл ({zone})",
        ),
        "notify.digest.head": (
            "These {count} messages could not be sent {span} (internet down or server away):",
            "Эдгээр {count} мэдэгдлийг {span} илгээж чадсангүй (интернэт тасарсан эсвэл сервер"
            " холбогдоогүй):",
        ),
        "notify.test.text": (
            "Test message from soumnet at {office}, sent by {who} at {when}.",
            "{office}-ийн soumnet-ээс туршилтын мэдэгдэл, {who} {when}-д илгээв.",
        ),
        "notify.hours": ("{hours} h {minutes} min", "{hours} ц {minutes} мин"),
        "notify.summary.down": (
            "Devices down now: {count} ({names})",
            "Одоо ажиллахгүй төхөөрөмж: {count} ({names})",
        ),
        "notify.summary.none_down": ("No device is down now.", "Одоо ажиллахгүй төхөөрөмж алга."),
        "notify.summary.incidents": (
            "Incidents: {count}, in all {time}",
            "Доголдол: {count}, нийт {time}",
        ),
        "notify.summary.ongoing": ("still open", "үргэлжилж байна"),
        "notify.summary.more": ("and {count} more", "бас {count}"),
        "notify.summary.work": (
            "Repairs and maintenance done: {count}, {time}, cost {cost} ₮; still open: {open}",
            "Хийсэн засвар үйлчилгээ: {count}, {time}, зардал {cost} ₮; нээлттэй: {open}",
        ),
        "notify.summary.uplink": ("Internet available: {percent}", "Интернэт ажилласан: {percent}"),
        "notify.summary.backups": (
            "Yearly archives: {count}, failed: {failed}",
            "Жилийн архив: {count}, амжилтгүй: {failed}",
        ),
        # the log
        "notify.state.queued": ("queued", "дараалалд"),
        "notify.state.sending": ("sending", "илгээж байна"),
        "notify.state.sent": ("sent", "илгээсэн"),
        "notify.state.failed": ("failed", "амжилтгүй"),
        "notify.state.retrying": ("to retry", "дахин оролдоно"),
        "notify.state.folded": ("sent in a digest", "нэгтгэлээр илгээсэн"),
        "notify.none": ("no notifications yet", "мэдэгдэл алга"),
        "notify.test.ok": ("{channel}: sent to {to}", "{channel}: {to} руу илгээв"),
        "notify.test.ready": ("{channel}: ready", "{channel}: бэлэн"),
        "notify.test.failed": ("{channel}: {reason}", "{channel}: {reason}"),
        "notify.test.no_target": (
            "{target} is neither a channel nor a person (there are: {known})",
            "{target} нь суваг ч биш, хүн ч биш (байгаа нь: {known})",
        ),
        "notify.test.no_channels": (
            "{person} has no address on any channel (phone, email, addresses)",
            "{person}-д ямар ч сувгийн хаяг алга (phone, email, addresses)",
        ),
        # the hub's lines about sending
        "notify.log.journal": (
            "the notification journal cannot be written ({reason}): nothing queued is lost;"
            " sending resumes when it can",
            "мэдэгдлийн бүртгэлд бичиж чадсангүй ({reason}): дараалалд байгаа юу ч алдагдаагүй;"
            " боломжтой болмогц үргэлжлүүлнэ",
        ),
        "notify.log.retry": (
            "not sent on {channel} to {person} ({subject}): {reason}; tried again later",
            "{channel} сувгаар {person}-д илгээгдсэнгүй ({subject}): {reason}; дараа дахин"
            " оролдоно",
        ),
        "notify.log.gave_up": (
            "not sent on {channel} to {person} ({subject}): {reason}; not retried",
            "{channel} сувгаар {person}-д илгээгдсэнгүй ({subject}): {reason}; дахин оролдохгүй",
        ),
        "notify.log.crashed": (
            "sending on {channel} failed unexpectedly ({reason}): nothing is lost, it is"
            " tried again",
            "{channel} сувгаар илгээхэд гэнэтийн алдаа гарлаа ({reason}): юу ч алдагдаагүй,"
            " дахин оролдоно",
        ),
        "notify.log.sent_late": (
            "sent on {channel} to {person} after {tries} tries",
            "{channel} сувгаар {person}-д {tries} дахь оролдлогоор илгээв",
        ),
        "notify.log.sms_waiting": ("{channel}: {reason}", "{channel}: {reason}"),
        "notify.log.sms_stranger": (
            "an SMS from {sender}, a number not in [users], was ignored: {text}",
            "[users]-д байхгүй {sender} дугаараас ирсэн SMS-ийг үл тоов: {text}",
        ),
        "notify.log.sms_unknown": (
            "an SMS from {sender} is not an answer such as 'OK 17': {text}",
            "{sender}-ээс ирсэн SMS нь 'OK 17' гэх мэт хариу биш: {text}",
        ),
        "notify.log.sms_refused": (
            "{user} ({sender}) may not acknowledge alert #{no}",
            "{user} ({sender}) #{no} сэрэмжлүүлгийг хүлээн авах эрхгүй",
        ),
        "notify.log.acked": (
            "alert #{no} acknowledged by {user} by SMS",
            "#{no} сэрэмжлүүлгийг {user} SMS-ээр хүлээн авав",
        ),
        # channels
        "smtp.no_password": (
            "the SMTP password file {file} cannot be read: {reason}",
            "SMTP нууц үгийн файл {file}-г уншиж чадсангүй: {reason}",
        ),
        "smtp.bad_address": ("{address} is not an e-mail address", "{address} нь и-мэйл хаяг биш"),
        "smtp.login": (
            "the mail server {server} refused the login of {user}: check the user and password",
            "{server} шуудангийн сервер {user}-ийн нэвтрэлтийг татгалзав: нэр, нууц үгээ шалгана"
            " уу",
        ),
        "smtp.refused": (
            "the mail server {server} refused the address {to}",
            "{server} шуудангийн сервер {to} хаягийг татгалзав",
        ),
        "smtp.no_tls": (
            'the mail server {server} does not offer STARTTLS (set security = "tls" or "none")',
            '{server} шуудангийн сервер STARTTLS дэмжихгүй (security = "tls" эсвэл "none" болгоно'
            " уу)",
        ),
        "smtp.answer": (
            "the mail server {server} answered {code}: {reason}",
            "{server} шуудангийн сервер {code} гэж хариулав: {reason}",
        ),
        "smtp.tls": (
            "TLS with the mail server {server} failed: {reason}",
            "{server} шуудангийн сервертэй TLS холболт амжилтгүй: {reason}",
        ),
        "smtp.no_host": (
            "the mail server {server} is not known (DNS)",
            "{server} шуудангийн сервер олдсонгүй (DNS)",
        ),
        "smtp.unreachable": (
            "the mail server {server} cannot be reached: {reason}",
            "{server} шуудангийн сервертэй холбогдож чадсангүй: {reason}",
        ),
        "notify.no_file": (
            "the file {file} to send cannot be read: {reason}",
            "илгээх {file} файлыг уншиж чадсангүй: {reason}",
        ),
        "notify.subject.report": ("[{office}] report: {period}", "[{office}] тайлан: {period}"),
        "notify.report.text": (
            "The report of {period} is attached: {files}.",
            "Тайланг хавсаргав ({period}): {files}.",
        ),
        "sms.gave_up": (
            "gammu-smsd could not send the SMS and put it in its error folder (see its log)",
            "gammu-smsd SMS-ийг илгээж чадалгүй алдааны хавтсанд хийв (түүний log-г үзнэ үү)",
        ),
        "apprise.no_address": (
            "the person has no address on this channel (its URL needs {{to}})",
            "энэ сувагт тухайн хүний хаяг алга (URL-д {{to}} хэрэгтэй)",
        ),
        "apprise.bad_url": (
            "the channel's URL ({scheme}://…) is not one Apprise knows",
            "сувгийн URL ({scheme}://…) Apprise-д танигдахгүй",
        ),
        "apprise.failed": ("{scheme}: {reason}", "{scheme}: {reason}"),
    }
)
