"""What a client needs to talk to a sandbox: the S2S app's credentials and the two URLs."""

from __future__ import annotations

from dataclasses import dataclass

SANDBOX_ORIGIN = "https://sandbox.zoomops.invalid"


@dataclass(frozen=True)
class SandboxCredentials:
    """Server-to-Server OAuth credentials of the sandbox account (like ZOOM_ACCOUNT_ID etc.)."""

    account_id: str
    client_id: str
    client_secret: str
    api_url: str = f"{SANDBOX_ORIGIN}/v2"
    oauth_url: str = f"{SANDBOX_ORIGIN}/oauth/token"

    def env(self) -> dict[str, str]:
        """The environment variables a zoomops process reads to reach this sandbox."""
        return {"ZOOM_ACCOUNT_ID": self.account_id, "ZOOM_CLIENT_ID": self.client_id,
                "ZOOM_CLIENT_SECRET": self.client_secret, "ZOOM_API_URL": self.api_url,
                "ZOOM_OAUTH_URL": self.oauth_url}
