"""Kind "posture": how a PC is set up against attack, device `host:<host id>`, sent daily and
only what changed (`foundation.kinds.changes`: a report's `data` carries changes, the hub keeps
the document they build).

The document's keys (a key the machine would not tell, or told only to an administrator, is
absent: its checks are "unknown", never "passed"):

| key | type | Windows | Linux |
|---|---|---|---|
| `os` | `windows` / `linux` | | |
| `updates.pending` | count | updates the update agent knows of, offline | `apt-get -s upgrade` |
| `updates.security` | count | | of them from a security archive |
| `updates.last_installed` | date | newest hotfix | newest `upgrade`/`install` in dpkg's log |
| `updates.reboot_pending` | bool | CBS / Windows Update reboot keys | `/var/run/reboot-required` |
| `updates.automatic` | bool | AU policy not "never" | unattended-upgrades on |
| `antivirus.name` | text | Security Center product | |
| `antivirus.enabled` | bool | | |
| `antivirus.realtime` | bool | | |
| `antivirus.up_to_date` | bool | | |
| `antivirus.signature_age_days` | count | Defender's signature age | |
| `antivirus.source` | text | `security_center` or `defender` (Server) | |
| `firewall.enabled` | bool | every profile on | nftables/iptables rules, or ufw on |
| `firewall.off` | texts | profiles that are off | |
| `firewall.tool` | text | | `nftables`, `ufw`, `iptables` |
| `encryption.system` | bool | BitLocker on the system drive | the root file system on LUKS |
| `encryption.unencrypted` | texts | fixed volumes without protection | |
| `accounts.admins` | texts | local Administrators members | members of sudo/wheel/admin |
| `accounts.guest_enabled` | bool | Guest account enabled | |
| `accounts.empty_password` | texts | | accounts with an empty password |
| `smb1.enabled` | bool | SMB 1 server on | |
| `rdp.enabled` | bool | Remote Desktop allowed | |
| `rdp.nla` | bool | Network Level Authentication | |
| `autorun.disabled` | bool | autorun off for every drive | |
| `ssh.root_login` | bool | | root may log in with a password |
| `ssh.password_login` | bool | | password logins allowed |
| `files.world_writable` | texts | | first 20 in system folders |
| `files.world_writable_count` | count | | |
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.kinds.changes import Changes, Document
from foundation.kinds.changes import parse as parse_changes
from foundation.kinds.fields import JsonObject, flag, text, texts
from foundation.kinds.numbers import whole

KIND = "posture"


@dataclass(frozen=True)
class Posture:
    os: str | None
    updates_pending: int | None
    updates_security: int | None
    updates_last_installed: str | None
    reboot_pending: bool | None
    updates_automatic: bool | None
    antivirus_name: str | None
    antivirus_enabled: bool | None
    antivirus_realtime: bool | None
    antivirus_up_to_date: bool | None
    signature_age_days: int | None
    antivirus_source: str | None
    firewall_enabled: bool | None
    firewall_off: tuple[str, ...] | None
    firewall_tool: str | None
    encryption_system: bool | None
    unencrypted: tuple[str, ...] | None
    admins: tuple[str, ...] | None
    guest_enabled: bool | None
    empty_password: tuple[str, ...] | None
    smb1_enabled: bool | None
    rdp_enabled: bool | None
    rdp_nla: bool | None
    autorun_disabled: bool | None
    ssh_root_login: bool | None
    ssh_password_login: bool | None
    world_writable: tuple[str, ...] | None
    world_writable_count: int | None

    def figures(self) -> dict[str, float]:
        return {}


def _texts(document: JsonObject, key: str) -> tuple[str, ...] | None:
    return texts(document[key]) if isinstance(document.get(key), list) else None


def read(document: JsonObject) -> Posture:
    """The typed view of a posture document (the hub's, after the changes are applied)."""
    d = document
    return Posture(
        os=text(d.get("os")),
        updates_pending=whole(d.get("updates.pending")),
        updates_security=whole(d.get("updates.security")),
        updates_last_installed=text(d.get("updates.last_installed")),
        reboot_pending=flag(d.get("updates.reboot_pending")),
        updates_automatic=flag(d.get("updates.automatic")),
        antivirus_name=text(d.get("antivirus.name")),
        antivirus_enabled=flag(d.get("antivirus.enabled")),
        antivirus_realtime=flag(d.get("antivirus.realtime")),
        antivirus_up_to_date=flag(d.get("antivirus.up_to_date")),
        signature_age_days=whole(d.get("antivirus.signature_age_days")),
        antivirus_source=text(d.get("antivirus.source")),
        firewall_enabled=flag(d.get("firewall.enabled")),
        firewall_off=_texts(d, "firewall.off"),
        firewall_tool=text(d.get("firewall.tool")),
        encryption_system=flag(d.get("encryption.system")),
        unencrypted=_texts(d, "encryption.unencrypted"),
        admins=_texts(d, "accounts.admins"),
        guest_enabled=flag(d.get("accounts.guest_enabled")),
        empty_password=_texts(d, "accounts.empty_password"),
        smb1_enabled=flag(d.get("smb1.enabled")),
        rdp_enabled=flag(d.get("rdp.enabled")),
        rdp_nla=flag(d.get("rdp.nla")),
        autorun_disabled=flag(d.get("autorun.disabled")),
        ssh_root_login=flag(d.get("ssh.root_login")),
        ssh_password_login=flag(d.get("ssh.password_login")),
        world_writable=_texts(d, "files.world_writable"),
        world_writable_count=whole(d.get("files.world_writable_count")),
    )


def parse(data: JsonObject) -> Changes:
    """A posture report's changes (the view of the whole posture is `read`)."""
    return parse_changes(data)


def figures(data: JsonObject) -> dict[str, float]:
    return {}


__all__ = ["KIND", "Document", "Posture", "figures", "parse", "read"]
