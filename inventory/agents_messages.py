"""English and Mongolian texts of the hub's agent enrolment commands."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
        "steer.set": (
            "settings of {scope} are now version {version}: each agent takes them at its next sync",
            "{scope}-ийн тохиргоо {version} дугаар хувилбар боллоо: агент бүр дараагийн холболтоор"
            " авна",
        ),
        "steer.group": ("group {group}: {members}", "{group} бүлэг: {members}"),
        "steer.task_added": (
            "task #{id} ({name}) waits for {agent}",
            "#{id} даалгавар ({name}) {agent}-г хүлээж байна",
        ),
        "steer.cancelled": (
            "task #{id} cancelled: it will not run",
            "#{id} даалгаврыг цуцлав: ажиллахгүй",
        ),
        "steer.no_agents": (
            "{target} has no agents: no task was queued",
            "{target}-д агент алга: даалгавар өгсөнгүй",
        ),
        "steer.no_tasks": ("no tasks", "даалгавар алга"),
        "steer.show.scope": ("{scope}, version {version}:", "{scope}, {version} дугаар хувилбар:"),
        "steer.show.none": ("  (nothing set by the hub)", "  (төвөөс тохируулсан зүйл алга)"),
        "steer.show.current": (
            "the agent runs version {version}",
            "агент {version} хувилбартай ажиллаж байна",
        ),
        "steer.show.behind": (
            "the agent runs version {version}: the new one goes with the answer to its next batch",
            "агент {version} хувилбартай: шинийг дараагийн багцын хариугаар авна",
        ),
        "steer.show.never": (
            "the agent has not reported any settings yet",
            "агент тохиргооны талаар мэдээлээгүй байна",
        ),
        "steer.show.refused": (
            "the agent refused version {version}: {reason}; it runs on its last good settings",
            "агент {version} хувилбарыг татгалзав: {reason}; өмнөх зөв тохиргоогоор ажиллаж байна",
        ),
        "steer.state.pending": ("pending", "хүлээгдэж буй"),
        "steer.state.received": ("received", "хүлээн авсан"),
        "steer.state.running": ("running", "ажиллаж байна"),
        "steer.state.done": ("done", "дууссан"),
        "steer.state.failed": ("failed", "амжилтгүй"),
        "steer.state.interrupted": ("interrupted", "тасалдсан"),
        "steer.state.unknown": ("unknown to the agent", "агентад танигдаагүй"),
        "steer.state.cancelled": ("cancelled", "цуцлагдсан"),
        "steer.state.expired": ("expired", "хугацаа дууссан"),
        "steer.no_target": (
            "{target} is neither 'all', a group nor an enrolled agent (see 'soumnet-hub agents"
            " list'; a group is made by 'agents group add GROUP AGENT')",
            "{target} нь 'all', бүлэг эсвэл бүртгэлтэй агент биш ('soumnet-hub agents list'-ийг"
            " үзнэ үү; бүлгийг 'agents group add GROUP AGENT' үүсгэнэ)",
        ),
        "steer.not_set": ("{key} is not set for {scope}", "{scope}-д {key} тохируулаагүй байна"),
        "steer.bad_group": (
            "{group} is not a group name (no spaces, ':' or '/'; not 'all')",
            "{group} бүлгийн нэр биш (хоосон зай, ':' эсвэл '/' орохгүй; 'all' биш)",
        ),
        "steer.not_member": ("{agent} is not in group {group}", "{agent} {group} бүлэгт алга"),
        "steer.no_task": (
            "there is no task {name} (there are: {names})",
            "{name} гэсэн даалгавар алга (байгаа нь: {names})",
        ),
        "steer.bad_expiry": (
            "a task expires after 1 to 366 days, not {days}",
            "даалгавар 1-366 хоногийн дараа хүчингүй болно, {days} биш",
        ),
        "steer.no_such_task": ("there is no task #{id}", "#{id} даалгавар алга"),
        "steer.not_cancellable": (
            "task #{id} is {state}: only a pending task can be cancelled",
            "#{id} даалгавар {state} төлөвтэй: зөвхөн хүлээгдэж буйг цуцлах боломжтой",
        ),
        "steer.bad_value": (
            '{pair}: expected KEY=VALUE (VALUE as in the configuration file: 120, "text",'
            ' ["a", "b"], {{ name = "x" }})',
            '{pair}: KEY=VALUE байх ёстой (VALUE нь тохиргооны файлынх шиг: 120, "text",'
            ' ["a", "b"], {{ name = "x" }})',
        ),
        "agents.bad_request": (
            "{file}: not an enrolment request: {reason}",
            "{file}: бүртгэлийн хүсэлт биш байна: {reason}",
        ),
        "agents.unknown": (
            "no agent {agent} is known (see 'soumnet-hub agents list')",
            "{agent} агент бүртгэлд алга ('soumnet-hub agents list'-ийг үзнэ үү)",
        ),
        "agents.wrong_state": (
            "agent {agent} is {state}: cannot {action} it",
            "{agent} агент {state} төлөвтэй: {action} боломжгүй",
        ),
        "agents.requested": (
            "request of agent {agent} filed (key {fingerprint}); approve it with"
            " 'soumnet-hub agents approve {agent}'",
            "{agent} агентын хүсэлтийг бүртгэлээ (түлхүүр {fingerprint});"
            " 'soumnet-hub agents approve {agent}'-ээр зөвшөөрнө үү",
        ),
        "agents.approved": (
            "agent {agent} approved: its key was added to {file}",
            "{agent} агентыг зөвшөөрлөө: түлхүүрийг {file}-д нэмлээ",
        ),
        "agents.rejected": (
            "request of agent {agent} rejected",
            "{agent} агентын хүсэлтийг татгалзлаа",
        ),
        "agents.revoked": (
            "agent {agent} revoked: its key was removed from {file}",
            "{agent} агентын эрхийг цуцаллаа: түлхүүрийг {file}-ээс хаслаа",
        ),
        # soumnet-hub doctor: what weakens the agents' fence
        "doctor.fine": (
            "the agents' SSH fence holds: nothing found",
            "агентуудын SSH хамгаалалт бүрэн: сул тал олдсонгүй",
        ),
        "doctor.found": (
            "the agents' SSH fence is weakened ({count}):",
            "агентуудын SSH хамгаалалт сул байна ({count}):",
        ),
        "doctor.sshd_missing": (
            "sshd is not installed: the SSH server's settings cannot be checked",
            "sshd суугаагүй: SSH серверийн тохиргоог шалгах боломжгүй",
        ),
        "doctor.sshd_unreadable": (
            "sshd cannot read {file}: {reason}",
            "sshd {file}-г уншиж чадсангүй: {reason}",
        ),
        "doctor.sshd_login": (
            "sshd allows another way in for {user}: {option} {value} (set it to no)",
            "sshd {user}-д өөр замаар нэвтрэхийг зөвшөөрч байна: {option} {value} (no болгоно уу)",
        ),
        "doctor.sshd_forwarding": (
            "sshd allows forwarding for {user}: {option} {value} (set it to no)",
            "sshd {user}-д дамжуулалт зөвшөөрч байна: {option} {value} (no болгоно уу)",
        ),
        "doctor.key_unrestricted": (
            "{file} line {line} ({comment}): a key without 'restrict'",
            "{file}-ийн {line}-р мөр ({comment}): 'restrict'-гүй түлхүүр",
        ),
        "doctor.key_no_command": (
            "{file} line {line} ({comment}): a key without a forced command",
            "{file}-ийн {line}-р мөр ({comment}): албадмал тушаалгүй түлхүүр",
        ),
        "doctor.keys_unreadable": (
            "{file} cannot be read: {reason}",
            "{file}-г унших боломжгүй: {reason}",
        ),
        "doctor.keys_writable": (
            "{file} (mode {mode}) can be changed by another account than the agents' and root",
            "{file}-г (эрх {mode}) агентын болон root-ээс өөр хэрэглэгч өөрчилж чадна",
        ),
        "doctor.no_account": (
            "the agents' account {user} does not exist on this machine",
            "агентуудын {user} хэрэглэгч энэ машинд алга",
        ),
        "agents.none": ("no agents yet", "агент бүртгэгдээгүй байна"),
        "agents.bad_config_path": (
            "the configuration path {file} cannot be put in a forced command",
            "тохиргооны зам {file}-ийг албадмал тушаалд оруулах боломжгүй",
        ),
    }
)
