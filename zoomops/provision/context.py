"""Everything a provisioning step needs, held together: schedule, defaults, Zoom client, state store, host.

`zoomops.app` builds it from the configuration; this module only holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zoomops.common.clock import Clock
from zoomops.provision.desired import DesiredWebinar, desired_webinars
from zoomops.provision.state import ProvisionStore
from zoomops.schedule.defaults import Defaults
from zoomops.schedule.loader import LoadedSchedule
from zoomops.zoom.client import ZoomClient


@dataclass
class ProvisionContext:
    loaded: LoadedSchedule
    defaults: Defaults
    state_dir: Path
    clock: Clock
    client: ZoomClient
    store: ProvisionStore
    host: str
    mode: str

    @property
    def desired(self) -> list[DesiredWebinar]:
        return desired_webinars(self.loaded.schedule, self.defaults)

    def close(self) -> None:
        self.store.close()
