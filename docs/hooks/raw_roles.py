"""MkDocs hook: fail the build when a page still shows a raw Sphinx role.

mkdocstrings renders docstrings as Markdown, so a Sphinx role such as
``:class:`Budget``` is not a cross-reference there: the backticks become a code
span and the page shows ``:class:<code>Budget</code>``. ``mkdocs build --strict``
lets that through, so this hook reads every page's final HTML and raises
``mkdocs.exceptions.PluginError`` naming the page and its first offending roles.

What counts as a raw role: ``:class:``, ``:func:``, ``:meth:``, ``:data:``,
``:attr:``, ``:mod:``, ``:exc:``, ``:obj:`` or ``:const:`` (optionally with the
``py:`` domain) in running text, followed by a code span, by a backtick-quoted
name, or by a bare dotted name. Text inside ``<pre>``, ``<code>``, ``<script>``,
``<style>`` and ``<textarea>`` is not running text: a page may quote a role to talk
about it. Write cross-references as ``[Budget][spendrules.budget.Budget]`` or plain
backticks instead. Registered under ``hooks:`` in ``mkdocs.yml``.

Examples:
    >>> find_raw_roles("<p>See :class:<code>Budget</code> and :func:`roll`.</p>")
    [':class:`Budget`', ':func:`roll`']
    >>> find_raw_roles("<p>Quoted: <code>:class:`Budget`</code></p><pre>:meth:`x`</pre>")
    []
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

#: Sphinx roles of the Python domain that mkdocstrings does not understand.
ROLES = ("class", "func", "meth", "data", "attr", "mod", "exc", "obj", "const")

#: How many offending roles the error message quotes per page.
SHOWN = 5

#: Elements whose text is code or machinery, never running text.
_VERBATIM = frozenset({"pre", "script", "style", "textarea"})

#: Marks a code span in the flattened text (characters HTML text never carries).
_OPEN, _CLOSE = "\x02", "\x03"

_ROLE = re.compile(
    rf"(?<![\w:])(?P<role>:(?:py:)?(?:{'|'.join(ROLES)}):)"
    rf"(?:{_OPEN}(?P<code>[^{_CLOSE}]*){_CLOSE}"
    r"|`(?P<ticked>[^`\n]+)`"
    r"|(?P<bare>[~.]?[A-Za-z_][\w.]*))"
)


class _Flattener(HTMLParser):
    """Running text of a page, each ``<code>`` element's text between marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._verbatim = 0
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VERBATIM:
            self._verbatim += 1
        elif tag == "code" and not self._verbatim:
            self._code += 1
            if self._code == 1:
                self.parts.append(_OPEN)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VERBATIM:
            self._verbatim = max(self._verbatim - 1, 0)
        elif tag == "code" and self._code and not self._verbatim:
            self._code -= 1
            if not self._code:
                self.parts.append(_CLOSE)

    def handle_data(self, data: str) -> None:
        if not self._verbatim:
            self.parts.append(data.replace(_OPEN, "").replace(_CLOSE, ""))


def find_raw_roles(html: str) -> list[str]:
    """Every raw role in the running text of ``html``, as ``:role:`target```, in order."""
    flattener = _Flattener()
    flattener.feed(html)
    flattener.close()
    text = "".join(flattener.parts)
    inside = _code_spans(text)
    found = []
    for match in _ROLE.finditer(text):
        if any(start < match.start() < end for start, end in inside):
            continue
        target = match.group("code") or match.group("ticked") or match.group("bare") or ""
        found.append(f"{match.group('role')}`{target}`")
    return found


def _code_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(_OPEN)
    while start != -1:
        end = text.find(_CLOSE, start)
        if end == -1:
            end = len(text)
        spans.append((start, end))
        start = text.find(_OPEN, end)
    return spans


def describe(page: str, roles: list[str]) -> str:
    """The build error for ``page``: how many raw roles, the first few, and the fix."""
    shown = ", ".join(roles[:SHOWN])
    more = f" and {len(roles) - SHOWN} more" if len(roles) > SHOWN else ""
    return (
        f"{page}: {len(roles)} raw Sphinx role(s) in the rendered page: {shown}{more}. "
        "mkdocstrings does not resolve Sphinx roles: write [Name][module.Name] or `Name`."
    )


def on_post_page(output: str, *, page: Any, config: Any) -> str:
    """MkDocs event: check the page's final HTML; raise ``PluginError`` on a raw role."""
    roles = find_raw_roles(output)
    if roles:
        from mkdocs.exceptions import PluginError  # noqa: PLC0415 - only when MkDocs runs the hook

        raise PluginError(describe(page.file.src_uri, roles))
    return output
