"""`zoomops registrants …` and `zoomops send …` through the CLI on the sandbox it opens itself."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from tests.registration.helpers import forum_with
from zoomops.cli.main import main


@pytest.fixture(autouse=True)
def sandbox_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_API_URL", "ZOOM_OAUTH_URL",
                "ZOOMOPS_SMTP_HOST", "ZOOMOPS_SMTP_FROM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def people_csv(path: Path, n: int) -> Path:
    rows = "".join(f"p{i}@example.org;P{i};Q{i}\n" for i in range(n))
    path.write_bytes(("\ufeffE-mail;First Name;Last Name;Company\n" + rows + "p0@example.org;P0;Again\n").encode())
    return path


def test_import_twice_approve_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forum = forum_with(tmp_path)
    assert main(["apply", str(forum), "--yes"]) == 0
    capsys.readouterr()
    people = people_csv(tmp_path / "people.csv", 40)
    assert main(["registrants", "import", str(forum), str(people)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == (f"Read 40 people from {people} (1 duplicate row(s) skipped: line 42; "
                        "columns not used: Company).")
    assert lines[1].endswith(": 0 already registered (skipped), 40 registered now in 2 batch(es).")
    assert main(["registrants", "import", str(forum), str(people)]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith(
        ": 40 already registered (skipped), 0 registered now in 0 batch(es).")
    assert main(["registrants", "approve", str(forum), "--pending"]) == 0
    assert capsys.readouterr().out.strip().endswith(": approved 40 registrant(s).")
    assert main(["status", str(forum)]) == 0
    assert "    registrants: 40 approved, 0 pending, 0 denied" in capsys.readouterr().out.splitlines()
    out_csv = tmp_path / "registrants.csv"
    assert main(["registrants", "export", str(forum), "-o", str(out_csv)]) == 0
    assert stat.S_IMODE(out_csv.stat().st_mode) == 0o600
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert len(rows) == 40 and all(r["join_url"].startswith("https://") and r["status"] == "approved" for r in rows)
    assert "p1@example.org" not in capsys.readouterr().out


def test_a_file_without_an_email_column_is_exit_2_before_zoom_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forum = forum_with(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,first name\nAnn Lee,Ann\n", encoding="utf-8")
    assert main(["registrants", "import", str(forum), str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{bad}:1:1: email: no such column in the header (looked for email, emailaddress, mail, "
                      "mailaddress, any case or spacing)")
    assert err[-1] == "1 error(s); nothing was changed."


def test_import_before_apply_or_without_registration_says_what_to_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forum = forum_with(tmp_path)
    people = people_csv(tmp_path / "people.csv", 2)
    assert main(["registrants", "import", str(forum), str(people)]) == 1
    assert "is not in Zoom yet: run `zoomops apply" in capsys.readouterr().err
    plain = forum_with(tmp_path, "", name="plain.yaml")
    assert main(["apply", str(plain), "--yes"]) == 0
    capsys.readouterr()
    assert main(["registrants", "import", str(plain), str(people)]) == 1
    assert "takes no registrations: add a `registration:` section" in capsys.readouterr().err


def test_send_dry_run_writes_eml_and_send_without_smtp_is_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forum = forum_with(tmp_path)
    assert main(["send", str(forum), "--panelists"]) == 2
    assert "environment: ZOOMOPS_SMTP_HOST: not set" in capsys.readouterr().err
    assert main(["apply", str(forum), "--yes"]) == 0
    capsys.readouterr()
    assert main(["send", str(forum), "--interpreters", "--dry-run", "--outbox", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (f"Interpreter briefings: 3 would send (0 updated), 0 unchanged, 0 without an "
                                    f"email; .eml files in {tmp_path / 'out'}.")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "interpreter-a.eml", "interpreter-b.eml", "interpreter-c.eml"]
    assert "?tk=" in (tmp_path / "out" / "interpreter-a.eml").read_text("utf-8")
