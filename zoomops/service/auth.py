"""The service's tokens and roles: `service-tokens.json` in the state directory (0600), one organizer token
(approve, reject, apply) and one viewer token (read); made on first start, compared in constant time, never
logged or shown (their owner reads them from the file). Behind a reverse
proxy that authenticates people, `ProxyAuth` maps the user it names in a header to a role."""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path

from zoomops.common.private import write_private

TOKENS_FILE = "service-tokens.json"


class Role(IntEnum):
    """What a token may do; a higher role may do what a lower one may."""

    VIEWER = 1
    ORGANIZER = 2


class Tokens:
    """The tokens of each role (several per role allowed: rotate by adding one, then removing the old)."""

    def __init__(self, by_role: dict[Role, list[str]]) -> None:
        self._by_role = by_role

    def __repr__(self) -> str:
        return f"Tokens({ {r.name.lower(): len(t) for r, t in self._by_role.items()} })"

    @classmethod
    def load_or_create(cls, state_dir: Path) -> Tokens:
        path = state_dir / TOKENS_FILE
        if not path.is_file():
            fresh = {"organizer": [secrets.token_urlsafe(32)], "viewer": [secrets.token_urlsafe(32)]}
            write_private(path, json.dumps(fresh, indent=2) + "\n")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({Role[name.upper()]: [str(t) for t in tokens] for name, tokens in data.items()})

    def role(self, presented: str | None) -> Role | None:
        """The role of a presented token, or None; every stored token is compared (constant time each)."""
        if not presented:
            return None
        found: Role | None = None
        for role, tokens in self._by_role.items():
            for token in tokens:
                if hmac.compare_digest(token.encode(), presented.encode()):
                    found = role if found is None else max(found, role)
        return found

    def first(self, role: Role) -> str:
        return self._by_role[role][0]


@dataclass(frozen=True)
class ProxyAuth:
    """Trust the user a reverse proxy authenticated, from its header (`X-Forwarded-User` by default), only on
    requests whose TCP peer is one of `proxies`: from any other address the header is ignored (tokens still
    work). A user named in `organizers` is an organizer, in `viewers` a viewer; `*` in a list stands for every
    user the proxy authenticated. A user in neither list gets no role (401)."""

    proxies: tuple[IPv4Network | IPv6Network, ...]
    header: str = "X-Forwarded-User"
    organizers: frozenset[str] = frozenset()
    viewers: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, proxies: str, header: str | None = None, organizers: str = "", viewers: str = "") -> ProxyAuth:
        """From comma-separated lists (addresses or networks: `127.0.0.1, 10.0.0.0/24`); ValueError if bad."""
        nets = tuple(ip_network(p.strip(), strict=False) for p in proxies.split(",") if p.strip())
        if not nets:
            raise ValueError("no trusted proxy address given")
        return cls(nets, (header or "X-Forwarded-User").strip(), _names(organizers), _names(viewers))

    def trusts(self, peer: str | None) -> bool:
        if not peer:
            return False
        try:
            address = ip_address(peer)
        except ValueError:
            return False
        return any(address in net for net in self.proxies)

    def user(self, peer: str | None, headers: Mapping[str, str]) -> str | None:
        """The authenticated user the proxy named, or None (no header, or a peer that is not the proxy)."""
        if not self.trusts(peer):
            return None
        value = headers.get(self.header.lower(), "").strip()
        return value or None

    def role(self, user: str) -> Role | None:
        for names, role in ((self.organizers, Role.ORGANIZER), (self.viewers, Role.VIEWER)):
            if "*" in names or user.casefold() in names:
                return role
        return None


def _names(text: str) -> frozenset[str]:
    return frozenset(n.strip().casefold() for n in text.split(",") if n.strip())
