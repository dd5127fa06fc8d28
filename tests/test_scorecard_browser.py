"""The scorecard in a real browser: headless Chromium renders it without a console message.

Chromium (Debian's ``chromium`` package) prints every console message of a page to
standard error with ``--enable-logging=stderr`` (``...:CONSOLE(<line>)] "<message>"``),
including failed resource loads and uncaught errors; ``--dump-dom`` prints the DOM after
the page has loaded. ``.ci/run`` installs Chromium when it is missing and sets
``SPENDRULES_BROWSER_TESTS=required``, so in CI these tests run or fail, never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from spendrules.scorecard import render_html
from test_scorecard import CHART_SECTIONS, _parse, card  # noqa: F401 - card is a fixture

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
REQUIRED = os.environ.get("SPENDRULES_BROWSER_TESTS") == "required"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="no Chromium on this machine (.ci/run installs Debian's chromium package)",
)


def _browse(page: Path, home: Path) -> tuple[str, str]:
    """Load ``page`` in headless Chromium; return (the DOM after load, standard error)."""
    if CHROMIUM is None:
        pytest.fail("SPENDRULES_BROWSER_TESTS=required, but no chromium is on PATH")
    done = subprocess.run(  # noqa: S603 - a fixed browser binary and a file this test wrote
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={home / 'profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(home)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_the_console_check_catches_a_console_error(tmp_path: Path) -> None:
    """The check can fail: a page that logs an error and fetches a missing image is caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!doctype html><html><body><img src='missing.png'>"
        "<script>console.error('scorecard broken')</script></body></html>",
        encoding="utf-8",
    )
    _, stderr = _browse(page, tmp_path)
    messages = _console(stderr)
    assert any("scorecard broken" in line for line in messages), stderr[-2000:]


def test_the_scorecard_renders_in_headless_chromium(card, tmp_path: Path) -> None:  # noqa: F811
    page = tmp_path / "scorecard.html"
    page.write_text(render_html(card), encoding="utf-8")
    dom, stderr = _browse(page, tmp_path)
    assert not _console(stderr), _console(stderr)
    parsed = _parse(dom)
    for section in CHART_SECTIONS:
        assert parsed.svg.get(section) == 1, section
        assert parsed.shapes.get(section, 0) >= 10, section
    assert parsed.rows, "the KPI table is rendered"
