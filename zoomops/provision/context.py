"""Everything a provisioning command needs, built once: schedule, defaults, Zoom client, state store, host."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zoomops.common.clock import Clock, SystemClock
from zoomops.common.statedir import state_dir_for
from zoomops.provision.desired import DesiredWebinar, desired_webinars
from zoomops.provision.state import ProvisionStore
from zoomops.schedule.defaults import Defaults, load_defaults
from zoomops.schedule.loader import LoadedSchedule, load_schedule


@dataclass
class ProvisionContext:
    loaded: LoadedSchedule
    defaults: Defaults
    state_dir: Path
    clock: Clock
    client: Any
    store: ProvisionStore
    host: str
    mode: str

    @property
    def desired(self) -> list[DesiredWebinar]:
        return desired_webinars(self.loaded.schedule, self.defaults)

    def close(self) -> None:
        self.store.close()


def open_context(
    schedule_path: Path,
    *,
    clock: Clock | None = None,
    env: dict[str, str] | None = None,
    session: Any = None,
    for_provisioning: bool = True,
) -> ProvisionContext:
    """Load the schedule strictly (emails required), pick sandbox or Zoom, open the state store."""
    from zoomops.zoom.config import load_zoom_config
    from zoomops.zoom.factory import open_client

    clock = clock or SystemClock()
    defaults = load_defaults(schedule_path, env)
    loaded = load_schedule(schedule_path, for_provisioning=for_provisioning, panelist_cap=defaults.panelist_cap)
    config = load_zoom_config(env) if env is not None else load_zoom_config()
    state_dir = config.state_dir or state_dir_for(schedule_path, env)
    client = open_client(config, state_dir=state_dir, clock=clock, session=session)
    host = loaded.schedule.event.host or config.host_user or "me"
    if config.mode == "sandbox":
        ensure_sandbox_host(client, host)
    store = ProvisionStore(state_dir, clock)
    return ProvisionContext(loaded, defaults, state_dir, clock, client, store, host, config.mode)


def ensure_sandbox_host(client: Any, host: str) -> None:
    """The sandbox account starts with one user; add the schedule's host the first time it is used."""
    from zoomops.zoom.errors import ZoomNotFound

    if host == "me":
        return
    try:
        client.get_user(host)
    except ZoomNotFound:
        origin = client.session.base_url.rsplit("/v2", 1)[0]
        client.session.send_unauthenticated("POST", f"{origin}/_sandbox/users", json={"email": host})
        print(f"zoomops: sandbox: added host user {host} to the sandbox account", file=sys.stderr)
