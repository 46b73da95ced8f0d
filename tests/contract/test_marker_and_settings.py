"""Finding a webinar again through Zoom's list (agendas cut to 250 characters) and settings Zoom accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.provision.conftest import HOST, make_context
from zoomops.cli.main import main
from zoomops.common.clock import FakeClock
from zoomops.provision.apply import Applier
from zoomops.provision.plan import Planner, find_by_marker
from zoomops.sandbox.app import ZoomSandbox

ROOT = Path(__file__).resolve().parents[2]


def apply(ctx):  # type: ignore[no-untyped-def]
    return Applier(ctx.client, ctx.store, ctx.host).apply(Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired))


def test_the_list_cuts_agendas_to_250_and_the_marker_survives(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    ctx = make_context(forum_path, sandbox, clock, tmp_path / "a")
    wid = apply(ctx).webinar_ids["event"]
    [listed] = list(ctx.client.list_webinars(HOST))
    full = ctx.client.get_webinar(wid).agenda or ""
    assert len(full) > 250 and listed.agenda == full[:250]
    assert listed.agenda.startswith("zoomops-event: 2022-undesa-krila-forum/event\n")
    # a lost state directory: found by marker from the list alone, no duplicate
    ctx2 = make_context(forum_path, sandbox, clock, tmp_path / "b")
    plan = Planner(ctx2.client, ctx2.store, ctx2.host).plan(ctx2.desired)
    assert plan.webinars[0].found_by == "marker" and not plan.webinars[0].patch


def test_a_marker_cut_off_by_the_list_is_found_by_fetching_the_webinar(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    """Webinars made by older zoomops carry the marker last, beyond the list's 250 characters."""
    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    wid = apply(ctx).webinar_ids["event"]
    agenda = ctx.client.get_webinar(wid).agenda or ""
    marker, _, rest = agenda.partition("\n\n")
    ctx.client.update_webinar(wid, {"agenda": f"{rest}\n\n{marker}"})
    seen: list[tuple[str, str]] = []
    ctx.client.add_call_hook(lambda method, path, status: seen.append((method, path)))
    topic = ctx.desired[0].body["topic"]
    found = find_by_marker(ctx.client, HOST, "2022-undesa-krila-forum", "event", topic)
    assert found is not None and found["id"] == wid
    assert seen == [("GET", f"/v2/users/{HOST}/webinars"), ("GET", f"/v2/webinars/{wid}")]
    # without the topic hint a cut agenda with no marker in view is not fetched
    assert find_by_marker(ctx.client, HOST, "2022-undesa-krila-forum", "other-key") is None


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOMOPS_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    shutil.copytree(ROOT / "schedules", tmp_path / "schedules")
    shutil.copytree(ROOT / "config", tmp_path / "config")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


FORUM = "schedules/2022-undesa-krila-forum.yaml"


@pytest.mark.parametrize("value, why", [
    ("ko-KR", "Input should be 'en-US'"),  # Zoom spells Korean ko-KO
    ("nl-NL", "Zoom's webinar create accepts it, its update does not"),
])
def test_config_email_language_must_be_one_zoom_accepts(project: Path, capsys: pytest.CaptureFixture[str],
                                                        value: str, why: str) -> None:
    cfg = project / "config" / "zoomops.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("email_language: en-US", f"email_language: {value}"))
    assert main(["plan", FORUM]) == 2
    err = capsys.readouterr().err
    assert "config/zoomops.yaml:5:1: webinar_settings: not what Zoom's webinar settings accept: email_language:" in err
    assert why in err and "Traceback" not in err


def test_schedule_settings_with_an_unknown_field_are_an_input_error(project: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    forum = project / FORUM
    forum.write_text(forum.read_text(encoding="utf-8").replace(
        "\nzoom:\n", "\nzoom:\n  settings:\n    question_and_answer: {enable: true, answer_question: all}\n"))
    assert main(["apply", FORUM, "--yes"]) == 2
    err = capsys.readouterr().err
    assert ("zoom.settings: not what Zoom's webinar settings accept: question_and_answer.answer_question: "
            "unknown field (not in Zoom's webinar settings)") in err
    assert not (project / "state" / "provision.sqlite").exists() or "nothing was changed" in err


def test_the_sandbox_refuses_an_email_language_patch_does_not_document(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    import requests

    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    wid = apply(ctx).webinar_ids["event"]
    session = ctx.client.session
    ok = session.request("PATCH", f"webinars/{wid}", json={"settings": {"email_language": "ko-KO"}})
    bad = session.request("PATCH", f"webinars/{wid}", json={"settings": {"email_language": "nl-NL"}})
    assert ok.status_code == 204
    assert isinstance(bad, requests.Response) and bad.status_code == 400
    assert bad.json() == {"code": 300, "message": "Validation Failed.",
                          "errors": [{"field": "settings.email_language", "message": "Invalid field."}]}
