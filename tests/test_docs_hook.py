"""The docs hook that fails the build on a raw Sphinx role (``docs/hooks/raw_roles.py``).

mkdocstrings reads docstrings as Markdown, so ``:class:`Budget``` renders as
``:class:<code>Budget</code>``: a raw role the reader sees. The hook finds those in
every page's final HTML and stops the build. The forms below are the ones MkDocs
actually produces (checked on a real build, and again by the throwaway project at
the end of this file).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOOK_PATH = ROOT / "docs" / "hooks" / "raw_roles.py"


def _load_hook():
    spec = importlib.util.spec_from_file_location("spendrules_docs_raw_roles", HOOK_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            "<p>See :class:<code>Budget</code>.</p>",
            [":class:`Budget`"],
            id="backticks rendered as a code span",
        ),
        pytest.param(
            "<p>:func:<code>spendrules.money.allocate</code> and :meth:<code>Budget.check</code></p>",
            [":func:`spendrules.money.allocate`", ":meth:`Budget.check`"],
            id="dotted targets, two on a line",
        ),
        pytest.param(
            "<td>:class:<code>~spendrules.budget.Budget</code></td>",
            [":class:`~spendrules.budget.Budget`"],
            id="tilde target in a table cell",
        ),
        pytest.param(
            "<p>:data:<code>MAX</code> :attr:<code>a</code> :mod:<code>m</code> "
            ":exc:<code>E</code> :obj:<code>o</code> :const:<code>C</code></p>",
            [":data:`MAX`", ":attr:`a`", ":mod:`m`", ":exc:`E`", ":obj:`o`", ":const:`C`"],
            id="every role of the Python domain",
        ),
        pytest.param(
            "<p>:py:func:<code>thing</code></p>", [":py:func:`thing`"], id="py domain prefix"
        ),
        pytest.param(
            "<p>A literal :class:`Budget` left as text.</p>",
            [":class:`Budget`"],
            id="backticks not turned into code",
        ),
        pytest.param(
            "<p>Bare :class:Budget after a stripped span.</p>",
            [":class:`Budget`"],
            id="role followed by a bare name",
        ),
        pytest.param(
            '<p>:class:<a href="#x"><code>Budget</code></a></p>',
            [":class:`Budget`"],
            id="code span inside a link",
        ),
        pytest.param(
            "<h2>:exc:<code>InvalidInputError</code> &para;</h2>",
            [":exc:`InvalidInputError`"],
            id="in a heading",
        ),
    ],
)
def test_a_raw_role_is_found(html: str, expected: list[str]) -> None:
    assert hook.find_raw_roles(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<p>Write <code>:class:`Budget`</code> as a link.</p>", id="quoted in code"),
        pytest.param(
            '<pre><code><span class="sd">""":class:`Budget`"""</span></code></pre>',
            id="in a code block",
        ),
        pytest.param("<pre>:meth:`Budget.check`</pre>", id="in a bare pre"),
        pytest.param("<script>var s = ':class:`X`';</script>", id="in a script"),
        pytest.param("<style>a:class:x{}</style>", id="in a style"),
        pytest.param("<p>Time 12:class:30 and key:data:value.</p>", id="inside a word"),
        pytest.param("<p>The role :class: alone, and :func: too.</p>", id="a role with no target"),
        pytest.param(
            '<p><a href="#spendrules.budget.Budget"><code>Budget</code></a> and '
            "<code>roll</code></p>",
            id="cross-references and backticks",
        ),
        pytest.param("<p>Ratio 2:1 and a:b:c</p>", id="other colons"),
    ],
)
def test_text_that_is_not_a_raw_role_passes(html: str) -> None:
    assert hook.find_raw_roles(html) == []


def test_nested_and_unclosed_code_keep_their_text_out_of_running_text() -> None:
    html = "<p><code><code>:class:`A`</code> :func:`b`</code> :meth:<code>c</code><code>:obj:`x`"
    assert hook.find_raw_roles(html) == [":meth:`c`"]


def test_the_message_names_the_page_the_count_and_the_first_roles() -> None:
    roles = [f":class:`C{n}`" for n in range(7)]
    message = hook.describe("reference/budget.md", roles)
    assert message.startswith("reference/budget.md: 7 raw Sphinx role(s)")
    assert ":class:`C0`, :class:`C1`, :class:`C2`, :class:`C3`, :class:`C4` and 2 more" in message
    assert ":class:`C5`" not in message
    assert "[Name][module.Name]" in message
    assert "more" not in hook.describe("index.md", roles[:1]).split(".")[0]


def test_the_event_raises_a_plugin_error_naming_the_page() -> None:
    exceptions = pytest.importorskip("mkdocs.exceptions")
    page = SimpleNamespace(file=SimpleNamespace(src_uri="reference/money.md"))
    with pytest.raises(exceptions.PluginError, match=r"reference/money\.md: 1 raw .*:func:`roll`"):
        hook.on_post_page("<p>:func:<code>roll</code></p>", page=page, config={})
    clean = "<p><code>roll</code></p>"
    assert hook.on_post_page(clean, page=page, config={}) == clean


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, running MkDocs on a project it wrote
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def _project(root: Path, docstring_role: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "src").mkdir()
    (root / "src" / "demo_module.py").write_text(
        f'"""A module.\n\nUses {docstring_role} for the limit.\n"""\n\nLIMIT = 1\n',
        encoding="utf-8",
    )
    (root / "docs" / "index.md").write_text("# Demo\n\n::: demo_module\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: demo
            hooks:
              - {HOOK_PATH.as_posix()}
            plugins:
              - mkdocstrings:
                  handlers:
                    python:
                      paths: [src]
            """
        ),
        encoding="utf-8",
    )
    return root


def test_a_real_build_fails_on_a_docstring_role_and_passes_without(tmp_path: Path) -> None:
    """A throwaway MkDocs project: mkdocstrings renders the role, and the hook stops the build."""
    pytest.importorskip("mkdocstrings_handlers.python", reason="needs the docs extra")
    failing = _build(_project(tmp_path / "role", ":class:`Budget`"))
    assert failing.returncode != 0
    assert "index.md: 1 raw Sphinx role(s) in the rendered page: :class:`Budget`" in failing.stderr
    passing = _build(_project(tmp_path / "backticks", "`Budget`"))
    assert passing.returncode == 0, passing.stderr[-2000:]
