"""A throwaway PostgreSQL cluster for the test session (Debian's `postgresql` binaries: initdb, pg_ctl), on a
Unix socket in a private directory; skipped when the binaries are not installed. As root, the cluster runs as
the `postgres` user (initdb refuses root)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.sockets = root / "sock"
        self._n = 0

    def fresh_dsn(self) -> str:
        """A new, empty database in the cluster (one per test)."""
        import psycopg

        self._n += 1
        name = f"t{self._n}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)

    def dsn(self, dbname: str) -> str:
        return f"host={self.sockets} port={self.port} user=postgres dbname={dbname}"


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    if _binary("initdb") is None or _binary("pg_ctl") is None:
        # Like the browser tests: a missing server is a failure, never a silent skip (.ci/run installs it).
        pytest.fail("PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql, as .ci/run does")
    with throwaway_cluster() as cluster:
        yield cluster


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A cluster for as long as the block lasts (the tests' session fixture; bench/bench_takeover.py)."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql")
    # Not under pytest's temporary directory: its parents are private to root, and the cluster runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="zoomops-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(root, _free_port())
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True, "timeout": 60}
    subprocess.run([*run_as, initdb, "-D", str(root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-sync"], **quiet)
    subprocess.run([*run_as, "mkdir", "-m", "700", str(cluster.sockets)], **quiet)
    options = f"-k {cluster.sockets} -h '' -p {cluster.port} -c fsync=off"
    subprocess.run([*run_as, pg_ctl, "-D", str(root / "data"), "-o", options, "-l", str(root / "log"), "-w",
                    "start"], **quiet)
    try:
        yield cluster
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(root / "data"), "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
