"""A TCP proxy the test controls, between a `serve` instance and PostgreSQL: `cut()` is a network partition (a
black hole: nothing is forwarded either way, data waits in the buffers, new connections hang), `restore()`
forwards again what waited and what comes. Threads and sockets only; the upstream is the cluster's Unix socket."""

from __future__ import annotations

import contextlib
import socket
import threading


class Proxy:
    """127.0.0.1:<port> -> the Unix socket `upstream`."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self._open = threading.Event()
        self._open.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def cut(self) -> None:
        self._open.clear()

    def restore(self) -> None:
        self._open.set()

    def close(self) -> None:
        self._closed.set()
        self._open.set()
        with self._lock:
            sockets, self._sockets = [self._listener, *self._sockets], []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.close()

    def _keep(self, s: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(s)
        return s

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(self._keep(client),), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        self._open.wait()  # a partition: the connection hangs, as a SYN into a black hole would
        if self._closed.is_set():
            return
        server = self._keep(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
        try:
            server.connect(self.upstream)
        except OSError:
            client.close()
            return
        threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
        threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            self._open.wait()  # cut: what was read waits here, and the sender's buffers fill behind it
            if not data or self._closed.is_set():
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)
                return
            try:
                sink.sendall(data)
            except OSError:
                return
