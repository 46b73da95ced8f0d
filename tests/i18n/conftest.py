"""Every test here starts and ends in the source language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from zoomops.i18n.translate import set_language


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")
