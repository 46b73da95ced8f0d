"""Test helper: authorised calls to an in-process sandbox through a plain requests.Session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from zoomops.common.clock import FakeClock
from zoomops.sandbox.adapter import SandboxCredentials
from zoomops.sandbox.app import ZoomSandbox


@dataclass
class Api:
    """A tiny test helper around the session: authorised calls to the sandbox's /v2."""

    session: requests.Session
    creds: SandboxCredentials
    sandbox: ZoomSandbox
    clock: FakeClock
    token: str = ""

    def fetch_token(self) -> str:
        resp = self.session.post(self.creds.oauth_url,
                                 data={"grant_type": "account_credentials", "account_id": self.creds.account_id},
                                 auth=(self.creds.client_id, self.creds.client_secret))
        assert resp.status_code == 200, resp.text
        self.token = resp.json()["access_token"]
        return self.token

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.session.request(method, self.creds.api_url + path, headers=headers, **kwargs)

    def create(self, body: dict[str, Any] | None = None, user: str = "me") -> requests.Response:
        return self.call("POST", f"/users/{user}/webinars", json=body or {"topic": "Forum"})
