"""The board's links: one control token and one read-only token per view, kept in the state directory.

`links.json` (mode 0600) survives restarts, so a link handed to an interpreter on the morning still works
after the runner is restarted; it also remembers the port the runner listened on, so the address stays the
same. `zoomops board rotate` draws new tokens (every old link stops working). The control token is never part
of a view link; a view token opens its own view only, and the control API refuses every view token.
"""

from __future__ import annotations

import hmac
import io
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoomops.common.private import write_private

LINKS_FILE = "links.json"
VIEWS = ("board", "stage", "interpreter", "moderator")
VIEW_TITLES = {
    "control": "tech host cuesheet, with controls (keep it to yourself)",
    "board": "board, view only",
    "stage": "stage timer (speakers)",
    "interpreter": "interpreters",
    "moderator": "moderators",
}


@dataclass
class Links:
    """The tokens (control and one per view) and the port, as kept in `links.json`."""

    control: str
    views: dict[str, str]
    port: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fresh(cls, port: int | None = None) -> Links:
        return cls(_token(), {name: _token() for name in VIEWS}, port)

    def role_of(self, token: str) -> str | None:
        """Which view a read-only token opens (None for any other token)."""
        found = None
        for name, value in self.views.items():
            if hmac.compare_digest(token.encode(), value.encode()):
                found = name
        return found

    def to_json(self) -> dict[str, Any]:
        return {"control": self.control, "views": self.views, "port": self.port}


def load_links(state_dir: Path) -> Links:
    """The kept links, or new ones (saved at once) when there are none or the file is not ours."""
    path = state_dir / LINKS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        links = Links(
            str(data["control"]),
            {name: str(data["views"][name]) for name in VIEWS},
            int(data["port"]) if data.get("port") else None,
        )
    except (OSError, ValueError, TypeError, KeyError):
        links = Links.fresh()
        save_links(state_dir, links)
    return links


def save_links(state_dir: Path, links: Links) -> None:
    write_private(state_dir / LINKS_FILE, json.dumps(links.to_json(), indent=2))


def rotate(state_dir: Path) -> Links:
    """New tokens for every link (the port is kept)."""
    old = load_links(state_dir)
    links = Links.fresh(old.port)
    save_links(state_dir, links)
    return links


def urls(links: Links, base: str) -> dict[str, str]:
    """Every link, by name: `control` carries the control token, each view its own token."""
    base = base.rstrip("/")
    out = {"control": f"{base}/board?token={links.control}"}
    out.update({name: f"{base}/board?view={token}" for name, token in links.views.items()})
    return out


def qr_text(url: str) -> str:
    """A QR code of `url` drawn with block characters, for a phone to scan off the terminal."""
    # Lazy: the QR library is needed only when codes are printed.
    import segno

    out = io.StringIO()
    segno.make(url, error="l").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def _token() -> str:
    return secrets.token_urlsafe(24)
