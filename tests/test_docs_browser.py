"""The docs site in a real browser: reference pages, the home page and the copy buttons.

The site is built once (``mkdocs build --strict``, which also runs the raw-role hook)
and served on 127.0.0.1 from a thread, as a reader's browser would fetch it (over
``file://`` the search worker could not load its index, and a console error from it
would be lost or spurious). Each page is loaded in headless Chromium, two at a time,
as the scorecard's browser test does (same binary lookup, same
``SPENDRULES_BROWSER_TESTS=required`` rule, ``--dump-dom`` and
``--enable-logging=stderr``). A small probe script, loaded after the page's own
scripts, clicks every copy button and records what would go to the clipboard, and
lists every element of the page's content that is cut off (clipped by an
``overflow: hidden`` box, or running out of the content column with nothing to
scroll it) and every docstring example that needs scrolling (they wrap). Expected copies come from the Markdown source, not from the page.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from test_scorecard_browser import CHROMIUM, REQUIRED, _console

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REFERENCE_PAGES = sorted(path.stem for path in (DOCS / "reference").glob("*.md"))
HOME = "index"
MKDOCS = importlib.util.find_spec("mkdocs") is not None

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None and not REQUIRED,
        reason="no Chromium on this machine (.ci/run installs Debian's chromium package)",
    ),
    pytest.mark.skipif(
        not MKDOCS and not REQUIRED,
        reason='MkDocs is not installed (pip install ".[docs]" or ".[test]")',
    ),
    # one worker builds the site once and loads every page
    pytest.mark.xdist_group("docs_site"),
]

#: Run after the page's scripts: click each copy button, catch the text it copies,
#: and list the content that is cut off; the result goes into the DOM as JSON.
PROBE = """
// inline code's padding may hang a few pixels past the column where a line wraps
var SLACK = 8;
var BLOCKS = "pre, code, p, li, dd, dt, td, th, h1, h2, h3, h4, h5, h6, table, blockquote";
window.addEventListener("load", function () {
  setTimeout(function () {
    var copied = [];
    var execCommand = document.execCommand.bind(document);
    document.execCommand = function (command) {
      if (command !== "copy") return execCommand.apply(document, arguments);
      var active = document.activeElement;
      copied.push(active && "value" in active ? active.value : String(getSelection()));
      return true;
    };
    document.querySelectorAll("[data-clipboard-target]").forEach(function (button) {
      button.click();
    });
    var article = document.querySelector("article.md-content__inner");
    var right = article.getBoundingClientRect().right;
    var clipped = [];
    article.querySelectorAll(BLOCKS).forEach(function (el) {
      var wider = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + SLACK;
      if (!wider && el.getBoundingClientRect().right <= right + SLACK) return;
      var name = el.tagName.toLowerCase() + ": " + (el.textContent || "").trim().slice(0, 60);
      for (var box = el; box && box !== article.parentElement; box = box.parentElement) {
        var overflow = getComputedStyle(box).overflowX;
        if (overflow === "auto" || overflow === "scroll") return;
        if (overflow === "hidden" || overflow === "clip") {
          clipped.push("clipped: " + name);
          return;
        }
      }
      clipped.push("runs out of the column: " + name);
    });
    var scrolls = [];
    article.querySelectorAll(".doc-contents pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth + SLACK) {
        scrolls.push(code.textContent.trim().slice(0, 60));
      }
    });
    var out = document.createElement("script");
    out.type = "application/json";
    out.id = "docs-probe";
    out.textContent = JSON.stringify({copied: copied, clipped: clipped, scrolls: scrolls});
    document.body.appendChild(out);
  }, 500);
});
"""


def _load_hook() -> Any:
    spec = importlib.util.spec_from_file_location(
        "spendrules_docs_raw_roles", DOCS / "hooks" / "raw_roles.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on the test's output."""


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _text(dom: str) -> str:
    parser = _Text()
    parser.feed(dom)
    return "".join(parser.parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict`` (the raw-role hook included)."""
    if not MKDOCS:
        pytest.fail("SPENDRULES_BROWSER_TESTS=required, but MkDocs is not installed")
    out = tmp_path_factory.mktemp("docs") / "site"
    done = subprocess.run(  # noqa: S603 - this interpreter, running MkDocs on the project
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    (out / "_probe.js").write_text(PROBE, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on a free port of 127.0.0.1; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _browse(url: str, home: Path) -> tuple[str, str]:
    """Load ``url`` in headless Chromium; return (the DOM after load, standard error)."""
    if CHROMIUM is None:
        pytest.fail("SPENDRULES_BROWSER_TESTS=required, but no chromium is on PATH")
    done = subprocess.run(  # noqa: S603 - a fixed browser binary and a page this test built
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,900",
            f"--user-data-dir={home / 'profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(home)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def _probe_page(site: Path, page: str) -> str:
    """A copy of ``page`` beside it (same relative links) that also runs the probe."""
    folder = site if page == HOME else site / page
    original = (folder / "index.html").read_text(encoding="utf-8")
    assert "</body>" in original
    probe = original.replace("</body>", '<script src="/_probe.js"></script></body>', 1)
    (folder / "probe.html").write_text(probe, encoding="utf-8")
    return "probe.html" if page == HOME else f"{page}/probe.html"


@pytest.fixture(scope="module")
def rendered(
    site: Path, server: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Every reference page and the home page: (DOM, Chromium's stderr, the probe's record)."""
    pages = [HOME, *(f"reference/{name}" for name in REFERENCE_PAGES)]
    homes = tmp_path_factory.mktemp("chromium")

    def load(numbered: tuple[int, str]) -> tuple[str, tuple[str, str, dict[str, Any]]]:
        number, page = numbered
        dom, stderr = _browse(server + _probe_page(site, page), homes / str(number))
        found = re.search(r'<script type="application/json" id="docs-probe">(.*?)</script>', dom)
        assert found, f"{page}: the probe did not run\n{stderr[-2000:]}"
        return page, (dom, stderr, json.loads(html.unescape(found.group(1))))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(load, enumerate(pages)))


def _copies_expected(markdown: str) -> list[str]:
    """What each fenced block of a Markdown page should copy: the code, no prompt, no output."""
    copies = []
    for language, body in re.findall(r"^```(\w*)[^\n]*\n(.*?)^```", markdown, re.S | re.M):
        lines = body.rstrip("\n").split("\n")
        if language in {"pycon", "console"}:
            prompts = (">>> ", "... ") if language == "pycon" else ("$ ",)
            lines = [
                line[len(prompt) :]
                for line in lines
                for prompt in prompts
                if line.startswith(prompt) or line == prompt.rstrip()
            ]
        copies.append("\n".join(lines).rstrip())
    return copies


def test_the_expected_copies_come_from_the_source() -> None:
    """The helper that the copy test relies on, on a known page."""
    markdown = "```bash\npip install .\n```\n\n```pycon\n>>> x = 1\n>>> x\n1\n... \n```\n"
    assert _copies_expected(markdown) == ["pip install .", "x = 1\nx"]


def test_every_built_reference_page_is_checked(site: Path) -> None:
    built = sorted(page.parent.name for page in site.glob("reference/*/index.html"))
    assert built == REFERENCE_PAGES
    assert len(REFERENCE_PAGES) >= 14


@pytest.mark.parametrize("name", REFERENCE_PAGES)
def test_a_reference_page_has_no_raw_role_and_no_console_message(
    rendered: dict[str, tuple[str, str, dict[str, Any]]], name: str
) -> None:
    dom, stderr, _ = rendered[f"reference/{name}"]
    assert f"spendrules.{name}" in _text(dom), "the page rendered its module"
    assert _load_hook().find_raw_roles(dom) == []
    assert not _console(stderr), _console(stderr)


@pytest.mark.parametrize("page", [HOME, *(f"reference/{name}" for name in REFERENCE_PAGES)])
def test_no_line_is_cut_off_and_no_copy_carries_a_prompt(
    rendered: dict[str, tuple[str, str, dict[str, Any]]], page: str
) -> None:
    dom, _, probe = rendered[page]
    assert probe["clipped"] == []
    assert probe["scrolls"] == [], "docstring examples wrap (css/code.css)"
    assert len(probe["copied"]) == dom.count("data-clipboard-target"), "every button copied"
    for copied in probe["copied"]:
        assert not re.search(r"^(>>>|\.\.\.|\$)( |$)", copied, re.M), copied


def test_the_home_page_renders_its_install_lines_and_copies_them(
    rendered: dict[str, tuple[str, str, dict[str, Any]]],
) -> None:
    dom, stderr, probe = rendered[HOME]
    text = _text(dom)
    assert "pip install ." in text
    assert 'pip install ".[holidays]"' in text
    assert "spendrules demo" in text
    assert "pip install spendrules" not in text
    assert not _console(stderr), _console(stderr)
    expected = _copies_expected((DOCS / "index.md").read_text(encoding="utf-8"))
    assert len(expected) >= 2, "the install lines and the first taste"
    assert probe["copied"] == expected


def test_the_probe_catches_a_cut_off_line(site: Path, server: str, tmp_path: Path) -> None:
    """The check can fail: a clipped code line and a word running out of the column are caught."""
    folder = site / "_cut_off"
    folder.mkdir(exist_ok=True)
    long = "x" * 400
    (folder / "index.html").write_text(
        "<!doctype html><html><body><article class='md-content__inner' style='width:300px'>"
        f"<div style='overflow:hidden'><pre>{long}</pre></div><p>{long}</p>"
        f"<pre style='overflow:hidden'><code>{long}</code></pre>"
        "</article></body></html>",
        encoding="utf-8",
    )
    dom, _ = _browse(server + _probe_page(site, "_cut_off"), tmp_path)
    found = re.search(r'<script type="application/json" id="docs-probe">(.*?)</script>', dom)
    assert found, dom[-2000:]
    clipped = json.loads(html.unescape(found.group(1)))["clipped"]
    assert clipped == [
        f"clipped: pre: {long[:60]}",
        f"runs out of the column: p: {long[:60]}",
        f"clipped: pre: {long[:60]}",
        f"clipped: code: {long[:60]}",
    ]
