"""Everything a provisioning step needs, held together: schedule, defaults, Zoom client, state store, host.

`zoomops.app` builds it from the configuration; this module only holds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote

from zoomops.common.clock import Clock
from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.provision.desired import DesiredWebinar, desired_webinars
from zoomops.provision.state import ProvisionStore
from zoomops.schedule.defaults import Defaults
from zoomops.schedule.loader import LoadedSchedule
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomNotFound

USER_NOT_FOUND = 1001  # Zoom's code for "User does not exist" (official spec, every /users/{userId}/... path)


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

    @contextmanager
    def host_checked(self) -> Iterator[None]:
        """Zoom's 1001 for the host user is a mistake in the input, not an outage: exit 2, pointing at where the
        host was written (`event.host`, else ZOOM_HOST_USER), instead of Zoom's 404 text and exit 1."""
        try:
            yield
        except ZoomNotFound as exc:
            if exc.code != USER_NOT_FOUND or not _about_user(exc.path, self.host):
                raise
            raise InputError([self.host_diagnostic()]) from None

    def host_diagnostic(self) -> Diagnostic:
        message = f"{self.host} is not a user of this Zoom account (Zoom answered 404, code 1001): " \
                  "use the email or id of a licensed user who may host webinars"
        if self.loaded.schedule.event.host == self.host:
            file, line, col = self.loaded.where(("event", "host"))
            return Diagnostic(file, line, col, "event.host", message)
        return Diagnostic("ZOOM_HOST_USER", 0, 0, "", message)


def _about_user(path: str, host: str) -> bool:
    """Whether a request path was one of the host user's (`/users/{host}/...`), quoted or not."""
    parts = unquote(path).split("/")
    return any(a == "users" and b == host for a, b in pairwise(parts))
