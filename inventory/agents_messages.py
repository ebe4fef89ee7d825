"""English and Mongolian texts of the hub's agent enrolment commands."""

from __future__ import annotations

from foundation.i18n import Catalog

T = Catalog(
    {
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
