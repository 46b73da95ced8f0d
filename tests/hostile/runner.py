"""Run one zoomops command in-process inside a directory of files, the way a user would, and capture it."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from zoomops.cli.main import main


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """stderr without the sandbox notices (`zoomops: …`): the diagnostics and the summary."""
        return [n for n in self.err.splitlines() if not n.startswith("zoomops: ")]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@contextlib.contextmanager
def environment(root: Path, extra: Mapping[str, str]) -> Iterator[None]:
    """cwd = root, no Zoom credentials, state under root, plus `extra`; all restored afterwards."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    for name in [n for n in os.environ if n.startswith(("ZOOM_", "ZOOMOPS_"))]:
        del os.environ[name]
    os.environ["ZOOMOPS_STATE_DIR"] = str(root / "state")
    os.environ.update(extra)
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def run(root: Path, args: tuple[str, ...], env: Mapping[str, str] | None = None) -> Outcome:
    """`zoomops ARGS` in root; a traceback anywhere is a failure of the caller's assertion, not a crash."""
    out, err = io.StringIO(), io.StringIO()
    with environment(root, env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Outcome(code, out.getvalue(), err.getvalue())
