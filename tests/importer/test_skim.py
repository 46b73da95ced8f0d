"""skim.py: long notes keep every line number and everything near the agenda; prose far from it is dropped."""

from __future__ import annotations

from zoomops.importer.skim import HEAD, skim


def test_short_notes_are_untouched() -> None:
    text = "# Forum\n\nLong prose " * 10
    assert skim(text) is text


def test_prose_far_from_the_agenda_is_blanked_with_its_lines() -> None:
    head = "# Forum\n\n" + "Background prose. " * (HEAD // 18 + 1) + "\n\n"  # the head: kept whatever it holds
    tail = (
        "Annex prose that talks about 2023 budgets.\nSecond line.\n\n"
        "| Indicator | 2023 |\n|---|---|\n| Portals | 4 |\n\n"  # a data table far from any time
        "Simultaneous interpretation: English and Korean.\n\n"
        "Filler one.\n\nFiller two.\n\nFiller three.\n\nFiller four.\n\n"
        "## Day 2 — 7 May 2024\n\n"
        "Speakers below.\n\n"
        "- 09:00-10:00 Session\n\n"
        "  - Moderator: Dr. A B\n\n"
        "Contact: a.b@example.org\n"
    )
    text = head + tail
    out = skim(text)
    assert out.count("\n") == text.count("\n")
    assert out[: len(head)] == head
    kept = [line for line in out[len(head) :].splitlines() if line]
    assert kept == [
        "Simultaneous interpretation: English and Korean.",
        "Filler four.",  # within three paragraphs of the time
        "## Day 2 — 7 May 2024",
        "Speakers below.",
        "- 09:00-10:00 Session",
        "  - Moderator: Dr. A B",
        "Contact: a.b@example.org",
    ]
