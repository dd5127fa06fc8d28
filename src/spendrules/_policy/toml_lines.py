"""Where each key of a TOML text is: key paths mapped to line numbers (private).

``tomllib`` gives values, not positions. `key_lines` scans text that
``tomllib`` has already read (so it is valid TOML) and records, for every key
path, the line where it is first defined: table headers ``[a.b]``, arrays of
tables ``[[a]]`` (each element by its index: ``("a", 0)``, ``("a", 1)``), and
keys ``a.b = 1`` (each dotted prefix too). A value that spans lines (a
multi-line array or string) or nests (an inline table) belongs to the line of its
key: `line_of` answers for any path with the line of its longest recorded
prefix.
"""

from __future__ import annotations

import tomllib

__all__ = ["Steps", "key_lines", "line_of"]

#: A key path: table keys (``str``) and array indexes (``int``).
Steps = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.lines: dict[Steps, int] = {}
        self.arrays: dict[Steps, int] = {}  # an array of tables -> index of its last element
        self.table: Steps = ()

    def peek(self, count: int = 1) -> str:
        return self.text[self.at : self.at + count]

    def advance(self, count: int = 1) -> None:
        self.line += self.text.count("\n", self.at, self.at + count)
        self.at += count

    def skip_blank(self) -> None:
        while self.peek() in (" ", "\t"):
            self.advance()

    def skip_line(self) -> None:
        end = self.text.find("\n", self.at)
        self.advance((len(self.text) if end < 0 else end + 1) - self.at)

    def string(self) -> None:
        """Skip a string of any of the four kinds, starting at its first quote."""
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            while self.peek(3) != quote * 3:
                self.advance(2 if quote == '"' and self.peek() == "\\" else 1)
            self.advance(3)
            while self.peek() == quote:  # up to two quotes of the content end it
                self.advance()
            return
        self.advance()
        while self.peek() != quote:
            self.advance(2 if quote == '"' and self.peek() == "\\" else 1)
        self.advance()

    def key(self) -> tuple[str, ...]:
        """Read a (dotted) key and return its parts, decoded as TOML decodes them."""
        start = self.at
        while True:
            self.skip_blank()
            if self.peek() in ('"', "'"):
                self.string()
            else:
                while self.peek() in _BARE and self.peek():
                    self.advance()
            self.skip_blank()
            if self.peek() != ".":
                break
            self.advance()
        parsed: object = tomllib.loads(self.text[start : self.at] + " = 0")
        parts: list[str] = []
        while isinstance(parsed, dict):
            (name, parsed), *_ = parsed.items()
            parts.append(name)
        return tuple(parts)

    def value(self) -> None:
        """Skip a value: a scalar, a string, or a bracketed array or inline table."""
        depth = 0
        while self.at < len(self.text):
            char = self.peek()
            if char in ('"', "'"):
                self.string()
            elif char in "[{":
                depth += 1
                self.advance()
            elif char in "]}":
                depth -= 1
                self.advance()
            elif char == "#" or (char == "\n" and depth == 0):
                if depth == 0:
                    return
                self.skip_line()
            else:
                self.advance()

    def record(self, steps: Steps) -> None:
        for end in range(1, len(steps) + 1):
            self.lines.setdefault(steps[:end], self.line)

    def resolve(self, parts: tuple[str, ...]) -> Steps:
        """The concrete path of a header's key: each array of tables at its last element."""
        steps: Steps = ()
        for part in parts:
            steps = (*steps, part)
            if steps in self.arrays:
                steps = (*steps, self.arrays[steps])
        return steps

    def header(self) -> None:
        array = self.peek(2) == "[["
        self.advance(2 if array else 1)
        parts = self.key()
        self.advance(2 if array else 1)
        if array:
            where = (*self.resolve(parts[:-1]), parts[-1])
            self.arrays[where] = self.arrays.get(where, -1) + 1
            self.table = (*where, self.arrays[where])
        else:
            self.table = self.resolve(parts)
        self.record(self.table)

    def scan(self) -> dict[Steps, int]:
        while self.at < len(self.text):
            self.skip_blank()
            char = self.peek()
            if char == "[":
                self.header()
            elif char not in ("#", "\n", "\r", ""):
                parts = self.key()
                self.record((*self.table, *parts))
                self.advance()  # the "="
                self.skip_blank()
                self.value()
            self.skip_line()
        return self.lines


def key_lines(text: str) -> dict[Steps, int]:
    """Return the line (from 1) where each key path of ``text`` is first defined.

    ``text`` must be valid TOML.

    Examples:
        >>> lines = key_lines('[policy]\\nname = "x"\\n\\n[[sign_off]]\\nrole = "finance"\\n')
        >>> lines[("policy", "name")], lines[("sign_off", 0)], lines[("sign_off", 0, "role")]
        (2, 4, 5)
    """
    return _Scanner(text).scan()


def line_of(lines: dict[Steps, int], steps: Steps) -> int | None:
    """The line of ``steps``, or of its longest recorded prefix; None when none is recorded.

    Examples:
        >>> line_of({("budget",): 3, ("budget", "order"): 7}, ("budget", "order", "rules", 0))
        7
        >>> line_of({("budget",): 3}, ("policy", "name")) is None
        True
    """
    for end in range(len(steps), 0, -1):
        if steps[:end] in lines:
            return lines[steps[:end]]
    return None
