"""The viewers' relay: a child process that holds the board's event streams, so that a thousand viewers cost the
runner's process only the hand-over of each connection (nothing the viewers do can delay a cue).

The runner's server reads a stream request's head, checks its token and passes the connected socket here
(SCM_RIGHTS over a Unix socket pair) with the viewer's pre-encoded `hello`; from then on the viewer is this
process's. The hub sends each update once, pre-serialized, over a second socket pair, as frames: `U` (the full
state for viewers who join, and the patch for those already there), `T` (a tick), `E` (the end). Every viewer
is sent the same bytes (one HTTP chunk, encoded once per message). A viewer whose unsent output passes `limit`
bytes (a stalled client) is dropped; its browser reconnects to a full state. Viewers beyond `max_viewers` get
503. The child runs at a lower priority (niceness 10): when the cores are busy, the runner's process comes first.
It uses the standard library only (it starts in tens of milliseconds); at the end it prints its counts and CPU
time as one JSON line on stdout.

`RelayProcess` is the runner's side (used by `board.hub`); `python -m zoomops.board.relay DATA_FD HAND_FD LIMIT
MAX_VIEWERS` is the child.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import struct
import subprocess
import sys
from typing import Any

FRAME = struct.Struct("!cI")  # kind, payload length
HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-store\r\n"
    b"x-accel-buffering: no\r\ntransfer-encoding: chunked\r\n\r\n"
)
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 19\r\n"
    b"connection: close\r\n\r\nService Unavailable"
)
END = b"0\r\n\r\n"
LIMIT = 1 << 20  # bytes of unsent output before a viewer counts as stalled
MAX_VIEWERS = 2500
NICE = 10  # the child's scheduling niceness (0 = the runner's)


# ---------------------------------------------------------------- the runner's side
class RelayProcess:
    """Starts the child and feeds it: `update`/`tick` (on the server's loop), `hand_off` (a connection)."""

    def __init__(self, *, limit: int = LIMIT, max_viewers: int = MAX_VIEWERS) -> None:
        self.limit = limit
        self.max_viewers = max_viewers
        self.stats: dict[str, Any] = {}
        self._proc: subprocess.Popen[str] | None = None
        self._data: socket.socket | None = None
        self._hand: socket.socket | None = None
        self._writer: asyncio.StreamWriter | None = None

    def start(self) -> None:
        """Start the child (blocking for the fork; call it before serving)."""
        data, data_child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        hand, hand_child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fds = (data_child.fileno(), hand_child.fileno())
        args = [str(fd) for fd in fds] + [str(self.limit), str(self.max_viewers)]
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "zoomops.board.relay", *args],
                pass_fds=fds, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
            )
        finally:
            data_child.close()
            hand_child.close()
        hand.setblocking(False)
        self._data, self._hand = data, hand

    async def connect(self) -> None:
        """Open the update channel on the running loop (the server's)."""
        assert self._data is not None
        _reader, self._writer = await asyncio.open_unix_connection(sock=self._data)

    @property
    def alive(self) -> bool:
        """Started and not exited (viewers may be handed over from here, even before `connect`)."""
        return self._proc is not None and self._proc.poll() is None

    def update(self, full: bytes, patch: bytes) -> None:
        """A new full state (for viewers who join) and its patch (for those already there; empty at first)."""
        self._send(b"U", len(full).to_bytes(4, "big") + full + patch)

    def tick(self, message: bytes) -> None:
        self._send(b"T", message)

    def _send(self, kind: bytes, payload: bytes) -> None:
        if self._writer is not None and not self._writer.is_closing() and self.alive:
            self._writer.write(FRAME.pack(kind, len(payload)) + payload)

    def hand_off(self, fileno: int, hello: bytes) -> bool:
        """Give the child a connected viewer (its socket is then the child's); False if it cannot take it."""
        if not self.alive or self._hand is None:
            return False
        try:
            socket.send_fds(self._hand, [hello], [fileno])
        except OSError:
            return False
        return True

    def end(self) -> None:
        """End every viewer's stream (the child then exits)."""
        if self._writer is not None and not self._writer.is_closing():
            self._send(b"E", b"")
            self._writer.close()

    def wait(self, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the child to exit; its counts (viewers served, dropped)."""
        if self._proc is None:
            return self.stats
        try:
            out, _ = self._proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            out, _ = self._proc.communicate()
        if self._hand is not None:
            self._hand.close()
        self._proc = None
        try:
            self.stats = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        except ValueError:
            self.stats = {}
        return self.stats


# ---------------------------------------------------------------- the child
def chunk(data: bytes) -> bytes:
    """One HTTP/1.1 chunk."""
    return b"%x\r\n" % len(data) + data + b"\r\n"


class Viewer(asyncio.Protocol):
    """One viewer's connection: written to by the relay, nothing read from it."""

    def __init__(self, relay: Relay, hello: bytes) -> None:
        self.relay = relay
        self.hello = hello
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.relay.join(self)

    def data_received(self, data: bytes) -> None:
        return None  # a viewer has nothing more to say

    def eof_received(self) -> bool:
        return False  # the viewer left: close

    def connection_lost(self, exc: Exception | None) -> None:
        self.relay.leave(self)


class Relay:
    """The child's viewers and the last full state."""

    def __init__(self, limit: int, max_viewers: int) -> None:
        self.limit = limit
        self.max_viewers = max_viewers
        self.full: bytes | None = None
        self.viewers: set[Viewer] = set()
        self.waiting: list[Viewer] = []
        self.served = 0
        self.dropped = 0
        self.refused = 0

    def join(self, viewer: Viewer) -> None:
        assert viewer.transport is not None
        if len(self.viewers) + len(self.waiting) >= self.max_viewers:
            self.refused += 1
            viewer.transport.write(BUSY)
            viewer.transport.close()
        elif self.full is None:
            self.waiting.append(viewer)  # before the first state: it comes with it
        else:
            self._start(viewer)

    def _start(self, viewer: Viewer) -> None:
        assert viewer.transport is not None and self.full is not None
        viewer.transport.write(HEAD + chunk(viewer.hello + self.full))
        self.viewers.add(viewer)
        self.served += 1

    def leave(self, viewer: Viewer) -> None:
        self.viewers.discard(viewer)
        if viewer in self.waiting:
            self.waiting.remove(viewer)

    def update(self, full: bytes, patch: bytes) -> None:
        self.full = full
        if patch:
            self.broadcast(patch)
        waiting, self.waiting = self.waiting, []
        for viewer in waiting:
            self._start(viewer)

    def broadcast(self, message: bytes) -> None:
        piece = chunk(message)
        for viewer in list(self.viewers):
            transport = viewer.transport
            assert transport is not None
            if transport.is_closing():  # gone (its connection_lost is on the way)
                self.viewers.discard(viewer)
            elif transport.get_write_buffer_size() > self.limit:  # stalled: drop it, it reconnects to a full state
                self.viewers.discard(viewer)
                self.dropped += 1
                transport.abort()
            else:
                transport.write(piece)

    def end(self) -> None:
        for viewer in [*self.viewers, *self.waiting]:
            if viewer.transport is not None:
                if viewer in self.viewers:
                    viewer.transport.write(END)
                viewer.transport.close()

    def counts(self) -> dict[str, int]:
        return {"served": self.served, "dropped": self.dropped, "refused": self.refused}


async def _feed(data: socket.socket, relay: Relay) -> None:
    reader, writer = await asyncio.open_unix_connection(sock=data)
    while True:
        try:
            kind, size = FRAME.unpack(await reader.readexactly(FRAME.size))
            payload = await reader.readexactly(size)
        except (asyncio.IncompleteReadError, OSError):
            break  # the runner's process went away: end the streams
        if kind == b"U":
            n = int.from_bytes(payload[:4], "big")
            relay.update(payload[4 : 4 + n], payload[4 + n :])
        elif kind == b"T":
            relay.broadcast(payload)
        elif kind == b"E":
            break
    relay.end()
    writer.close()


def _on_hand(loop: asyncio.AbstractEventLoop, hand: socket.socket, relay: Relay) -> None:
    try:
        hello, fds, _flags, _addr = socket.recv_fds(hand, 1 << 16, 4)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:
        loop.remove_reader(hand.fileno())
        return
    if not hello and not fds:
        loop.remove_reader(hand.fileno())  # the runner's side closed
        return
    for extra in fds[1:]:
        os.close(extra)
    if fds:
        sock = socket.socket(fileno=fds[0])
        sock.setblocking(False)
        loop.create_task(_accept(loop, sock, relay, hello))


async def _accept(loop: asyncio.AbstractEventLoop, sock: socket.socket, relay: Relay, hello: bytes) -> None:
    try:
        await loop.connect_accepted_socket(lambda: Viewer(relay, hello), sock)
    except OSError:
        sock.close()


async def _main(data_fd: int, hand_fd: int, limit: int, max_viewers: int) -> dict[str, int]:
    loop = asyncio.get_running_loop()
    relay = Relay(limit, max_viewers)
    hand = socket.socket(fileno=hand_fd)
    hand.setblocking(False)
    loop.add_reader(hand.fileno(), _on_hand, loop, hand, relay)
    await _feed(socket.socket(fileno=data_fd), relay)
    loop.remove_reader(hand.fileno())
    for _ in range(40):  # up to 2 s for the last bytes to leave
        if not any(v.transport is not None and v.transport.get_write_buffer_size() for v in relay.viewers):
            break
        await asyncio.sleep(0.05)
    return relay.counts()


def main(argv: list[str]) -> None:
    data_fd, hand_fd, limit, max_viewers = (int(a) for a in argv)
    with contextlib.suppress(OSError):
        os.nice(NICE)  # the runner's process comes first when the cores are busy: updates may wait, cues not
    try:
        counts = asyncio.run(_main(data_fd, hand_fd, limit, max_viewers))
    except KeyboardInterrupt:
        return
    except Exception as exc:  # one line on the operator's console, never a traceback
        print(f"zoomops: board relay failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    cpu = os.times()
    print(json.dumps({**counts, "cpu_seconds": round(cpu.user + cpu.system, 3)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
