"""Fixtures shared with the client and provisioning tests: a mocked Zoom (`responses`), an authenticated
client, and an in-process sandbox."""

from tests.provision.conftest import sandbox  # noqa: F401
from tests.zoom.conftest import client, mock, session  # noqa: F401
