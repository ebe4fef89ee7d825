"""The way to this agent's hub: the hub's `ingest` on this machine, or SSH to the enrolled hub.

The service loop sends its batches this way, and so do the yearly archive job's report and its
copy to the hub.
"""

from __future__ import annotations

from agent.config import AgentConfig
from agent.delivery.enroll import key_path, pinned_hub
from agent.delivery.transport import HubAddress, LocalTransport, SshTransport, Transport


def transport_for(config: AgentConfig) -> Transport:
    """`local`: the hub on this machine; otherwise SSH to the enrolled hub's forced command."""
    pinned = pinned_hub(config)
    if pinned is None:
        # The file, when there is one (a file named on `ingest`'s command line must exist).
        path = config.path if config.path is not None and config.path.exists() else None
        return LocalTransport(config.agent_id, path)
    settings = config.agent
    return SshTransport(
        agent=config.agent_id,
        hub=HubAddress.parse(pinned.hub),
        host_key=pinned.host_key,
        key_file=key_path(config),
        timeout=settings.connect_timeout_seconds,
        exchange_timeout=settings.exchange_timeout_seconds,
        keepalive=settings.keepalive_seconds,
    )
