"""English and Mongolian texts of the hub's agent enrolment commands."""

from __future__ import annotations

from agent.i18n import Catalog

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
        "agents.none": ("no agents yet", "агент бүртгэгдээгүй байна"),
        "agents.bad_config_path": (
            "the configuration path {file} cannot be put in a forced command",
            "тохиргооны зам {file}-ийг албадмал тушаалд оруулах боломжгүй",
        ),
    }
)
