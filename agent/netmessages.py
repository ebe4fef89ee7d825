"""Messages of network monitoring (polling, probes, outages, discovery): (English, Mongolian)."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "net.poll.no_targets": (
            "name at least one device to poll",
            "шалгах дор хаяж нэг төхөөрөмж заана уу",
        ),
        "net.poll.bad_target": (
            "{target!r} is not a device address (HOST or HOST:PORT)",
            "{target!r} нь төхөөрөмжийн хаяг биш (HOST эсвэл HOST:PORT)",
        ),
        "net.poll.v3_keys": (
            "SNMPv3 needs --auth-key and --priv-key (authPriv)",
            "SNMPv3-д --auth-key болон --priv-key хоёулаа хэрэгтэй (authPriv)",
        ),
        "net.poll.timeout": (
            "{device}: no answer within {seconds} s (device off, wrong address or community?)",
            "{device}: {seconds} секундэд хариу өгсөнгүй (унтарсан, хаяг эсвэл community буруу?)",
        ),
        "net.poll.auth": (
            "{device}: SNMPv3 credentials refused: {reason}",
            "{device}: SNMPv3 нэвтрэх мэдээллийг хүлээж авсангүй: {reason}",
        ),
        "net.poll.failed": (
            "{device}: SNMP poll failed: {reason}",
            "{device}: SNMP асуулга амжилтгүй: {reason}",
        ),
        "net.poll.all_failed": (
            "no device answered",
            "ямар ч төхөөрөмж хариу өгсөнгүй",
        ),
        "net.poll.up": ("{device}: up, {name}", "{device}: ажиллаж байна, {name}"),
        "net.poll.uptime": ("uptime {uptime}", "ажилласан хугацаа {uptime}"),
        "net.poll.days": ("{days}d {clock}", "{days} хоног {clock}"),
        "net.poll.interfaces": (
            "interfaces: {up} up of {total}",
            "интерфэйс: {total}-аас {up} нь ажиллаж байна",
        ),
        "net.poll.supply": (
            "supply {descr}: {level}",
            "хангамж {descr}: {level}",
        ),
        "net.poll.pages": ("pages printed: {pages}", "хэвлэсэн хуудас: {pages}"),
        "net.poll.ups": (
            "UPS: battery {status}, charge {charge}%, {minutes} min left, on battery: {battery}",
            "UPS: батарей {status}, цэнэг {charge}%, {minutes} мин үлдсэн, батарейгаар: {battery}",
        ),
        "net.level.unknown": ("unknown", "тодорхойгүй"),
        "net.level.some": ("some left", "бага зэрэг үлдсэн"),
        "net.level.unlimited": ("no limit", "хязгааргүй"),
        "net.yes": ("yes", "тийм"),
        "net.no": ("no", "үгүй"),
        "net.discover.bad_cidr": (
            "{cidr!r} is not a network such as 192.168.1.0/24",
            "{cidr!r} нь 192.168.1.0/24 шиг сүлжээ биш",
        ),
        "net.discover.too_big": (
            "{cidr} has {count} addresses; at most {limit} are swept at once",
            "{cidr} нь {count} хаягтай; нэг удаад {limit}-аас ихгүй хаяг шалгана",
        ),
        "net.discover.progress": ("Sweeping", "Шалгаж байна"),
        "net.discover.found": (
            "{count} device(s) answered in {cidr}",
            "{cidr} сүлжээнд {count} төхөөрөмж хариу өгөв",
        ),
        "net.discover.header": (
            "ADDRESS          NAME                      VENDOR           SNMP",
            "ХАЯГ             НЭР                       ҮЙЛДВЭРЛЭГЧ      SNMP",
        ),
        "net.hub.header": (
            "DEVICE                         STATUS        SINCE             DETAILS",
            "ТӨХӨӨРӨМЖ                      ТӨЛӨВ         ХЭЗЭЭНЭЭС         ДЭЛГЭРЭНГҮЙ",
        ),
        "net.hub.none": (
            "no network device has been polled yet",
            "сүлжээний төхөөрөмжийг одоогоор шалгаагүй байна",
        ),
        "net.hub.no_answer": (
            "no answer (device off, wrong address or community?)",
            "хариу өгсөнгүй (унтарсан, хаяг эсвэл community буруу?)",
        ),
        "net.hub.too_slow": (
            "the poll took longer than its time limit",
            "асуулга хугацааны хязгаараасаа удаан үргэлжилсэн",
        ),
        "net.hub.auth": (
            "SNMPv3 credentials refused",
            "SNMPv3 нэвтрэх мэдээллийг хүлээж авсангүй",
        ),
        "net.hub.failed": ("SNMP poll failed: {reason}", "SNMP асуулга амжилтгүй: {reason}"),
        "net.hub.interfaces": ("{up}/{total} if", "{up}/{total} интерфэйс"),
        "net.status.up": ("up", "ажиллаж байна"),
        "net.status.down": ("down", "унтарсан"),
        "net.status.unreachable": ("unreachable", "хүрэхгүй"),
        "net.uplink.ok": ("ok", "хэвийн"),
        "net.uplink.internet_down": ("internet down", "интернэт тасарсан"),
        "net.uplink.lan_down": ("LAN down", "дотоод сүлжээ тасарсан"),
        "net.uplink.unknown": ("unknown", "тодорхойгүй"),
        "net.event.internet_down": ("internet down", "интернэт тасарсан"),
        "net.event.internet_down_ended": ("internet back", "интернэт сэргэсэн"),
        "net.event.lan_down": ("LAN down", "дотоод сүлжээ тасарсан"),
        "net.event.lan_down_ended": ("LAN back", "дотоод сүлжээ сэргэсэн"),
        "net.event.target_down": ("no answer from {target}", "{target} хариу өгөхгүй болсон"),
        "net.event.target_up": ("{target} answers again", "{target} дахин хариулж байна"),
        "net.battery.normal": ("normal", "хэвийн"),
        "net.battery.low": ("low", "бага"),
        "net.battery.depleted": ("depleted", "дууссан"),
        "net.battery.unknown": ("unknown", "тодорхойгүй"),
        "net.hub.low_supply": ("low: {descr} {percent}%", "дуусч байна: {descr} {percent}%"),
        "net.hub.uplink": (
            "uplink: {state}, loss {loss}%, latency {latency} ms",
            "гадаад холболт: {state}, алдагдал {loss}%, хоцрогдол {latency} мс",
        ),
        "net.hub.hours_header": (
            "HOUR (UTC)         SAMPLES   LOSS %   LATENCY ms   INTERNET DOWN",
            "ЦАГ (UTC)          ДЭЭЖ      АЛДАГДАЛ %   ХОЦРОГДОЛ мс   ИНТЕРНЭТГҮЙ",
        ),
        "net.hub.bad_days": (
            "--days must be between 1 and 366",
            "--days 1-ээс 366-ийн хооронд байх ёстой",
        ),
        "net.outage.internet_down": (
            "internet down: the router answers but no external target does",
            "интернэт тасарсан: чиглүүлэгч хариулж байгаа ч гадны ямар ч хаяг хариулахгүй байна",
        ),
        "net.outage.lan_down": (
            "LAN/router down: the gateway does not answer",
            "дотоод сүлжээ/чиглүүлэгч унтарсан: гарц хариу өгөхгүй байна",
        ),
    }
)
