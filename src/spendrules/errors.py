"""Exceptions raised by spendrules.

Business outcomes (over budget, excess stock, "don't take the discount") are
never exceptions: they are results with reasons. Exceptions are raised only
for input that cannot be evaluated, and each says which field, which
constraint and which value.

Every exception passes all of its constructor arguments to
``Exception.__init__`` and builds its text in ``__str__``, so it survives
``pickle`` (and therefore Spark, Dask and Ray workers) with identical text.

Examples:
    >>> err = InvalidInputError("amount", -5, "a non-negative amount")
    >>> str(err)
    'amount must be a non-negative amount: -5'
    >>> import pickle
    >>> str(pickle.loads(pickle.dumps(err))) == str(err)
    True
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

import reprlib

__all__ = [
    "AmbiguousTermsError",
    "CurrencyMismatchError",
    "FrameInputError",
    "InvalidInputError",
    "JSONInputError",
    "MissingExtraError",
    "ParseError",
    "PolicyFileError",
    "SpendRulesError",
    "UnknownCurrencyError",
]


class _ShortRepr(reprlib.Repr):
    """``reprlib`` that shows an integer too long to print by its size, at any depth."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 256:  # repr may exceed int->str limits
            return f"<an integer of {x.bit_length()} bits>"
        return super().repr_int(x, level)


_SHORT = _ShortRepr()
_SHORT.maxstring = _SHORT.maxother = 60


def _shown(value: object) -> str:
    """``repr(value)``, except an integer too long to print, which is shown by its size.

    A container that holds such an integer (``repr`` raises ``ValueError`` on it) is
    shown shortened, the integer by its size:

    >>> _shown([1, 10**5000])
    '[1, <an integer of 16610 bits>]'
    """
    if isinstance(value, int) and value.bit_length() > 256:  # repr may exceed int->str limits
        return f"<an integer of {value.bit_length()} bits>"
    try:
        return repr(value)
    except (ValueError, RecursionError):  # a huge integer inside, or nesting past the limit
        return _SHORT.repr(value)


class SpendRulesError(Exception):
    """Base class of every exception spendrules raises on purpose."""


class InvalidInputError(SpendRulesError, ValueError):
    """An input value breaks a documented constraint.

    Args:
        field: The parameter or attribute name, with a path where it is nested
            (``"lines[2].amount"``).
        value: The offending value, as given.
        constraint: What the value must be, phrased to follow "must be"
            (``"a non-negative amount"``, ``"<= 1"``).

    Examples:
        >>> str(InvalidInputError("rate", 2, "a fraction between 0 and 1"))
        'rate must be a fraction between 0 and 1: 2'
    """

    def __init__(self, field: str, value: object, constraint: str) -> None:
        super().__init__(field, value, constraint)
        self.field = field
        self.value = value
        self.constraint = constraint

    def __str__(self) -> str:
        return f"{self.field} must be {self.constraint}: {_shown(self.value)}"


class FrameInputError(InvalidInputError):
    """A cell of a DataFrame (or a whole column) that a bulk rule cannot evaluate.

    Args:
        row: 0-based position of the row in the input frame (``None`` when the
            whole column is at fault, such as a float money column).
        column: The column name in the caller's frame.
        value: The offending value, as read.
        constraint: What the value must be, phrased to follow "must be".
        code: A stable code for error columns: ``"INPUT.TYPE"`` (wrong type),
            ``"INPUT.MISSING"`` (a null where a value is needed), ``"INPUT.INVALID"``
            (a value that breaks a constraint) or ``"INPUT.PARSE"`` (terms text
            that does not parse).

    Examples:
        >>> err = FrameInputError(17, "amount", "12,50", "a decimal number", "INPUT.TYPE")
        >>> print(err)
        row 17: column 'amount' must be a decimal number: '12,50'
        >>> print(FrameInputError(None, "amount", "float64", "exact money, not floats"))
        column 'amount' must be exact money, not floats: 'float64'
        >>> err.field, err.row, err.code
        ('amount', 17, 'INPUT.TYPE')
    """

    def __init__(
        self,
        row: int | None,
        column: str,
        value: object,
        constraint: str,
        code: str = "INPUT.INVALID",
    ) -> None:
        super().__init__(column, value, constraint)
        self.args = (row, column, value, constraint, code)
        self.row = row
        self.column = column
        self.code = code

    def __str__(self) -> str:
        where = "" if self.row is None else f"row {self.row}: "
        return f"{where}column {self.column!r} must be {self.constraint}: {_shown(self.value)}"


class UnknownCurrencyError(InvalidInputError):
    """A currency code that is not an active ISO 4217 alphabetic code.

    Examples:
        >>> str(UnknownCurrencyError("currency", "XYZ"))
        "currency must be an active ISO 4217 currency code: 'XYZ'"
    """

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value, "an active ISO 4217 currency code")
        # Keep ``args`` equal to this constructor's signature for pickle.
        self.args = (field, value)


class CurrencyMismatchError(SpendRulesError, ValueError):
    """Two amounts that must share a currency do not.

    Examples:
        >>> str(CurrencyMismatchError("budget.currency", "EUR", "USD"))
        "budget.currency must be 'EUR' to match, got 'USD'"
    """

    def __init__(self, field: str, expected: str, actual: str) -> None:
        super().__init__(field, expected, actual)
        self.field = field
        self.expected = expected
        self.actual = actual

    def __str__(self) -> str:
        return f"{self.field} must be {_shown(self.expected)} to match, got {_shown(self.actual)}"


class ParseError(SpendRulesError, ValueError):
    """Text that does not follow the grammar it was parsed with.

    Args:
        text: The text being parsed (kept whole; shown shortened).
        position: 0-based index of the first character that could not be read.
        expected: What the parser expected at that position.

    Examples:
        >>> err = ParseError("2/10 nett 30", 5, "'net' or 'n/'")
        >>> print(err)
        cannot parse '2/10 nett 30' at position 5: expected 'net' or 'n/', found 'nett 30'
    """

    def __init__(self, text: str, position: int, expected: str) -> None:
        super().__init__(text, position, expected)
        self.text = text
        self.position = position
        self.expected = expected

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        rest = self.text[self.position : self.position + 20]
        found = repr(rest) if rest else "end of text"
        return (
            f"cannot parse {shown!r} at position {self.position}: "
            f"expected {self.expected}, found {found}"
        )


class AmbiguousTermsError(ParseError):
    """A notation with more than one established reading, which the dialect does not settle.

    Examples:
        >>> print(AmbiguousTermsError("N10 prox", 0, "a dialect that defines 'N10 prox'"))
        cannot parse 'N10 prox' at position 0: expected a dialect that defines 'N10 prox', found 'N10 prox'
    """


class JSONInputError(SpendRulesError, ValueError):
    """JSON input that does not structure into the requested type.

    Args:
        type_name: The type that was being built.
        problems: One entry per problem, each ``"<message> @ <path>"``, the
            path in JSONPath form (``$.lines[2].amount``).
        errors: The same problems as data, for an app that puts each error next
            to its form field: one ``dict`` per bad field with the keys
            ``"path"`` (JSONPath down to the field, ``"$.lines[0].currency"``),
            ``"field"`` (the last name in the path, ``None`` when it names
            none), ``"constraint"`` (phrased to follow "must be") and
            ``"value"`` (the offending JSON value, shortened when huge;
            ``None`` for a missing field or text that could not be read).

    Examples:
        >>> print(JSONInputError("Reason", ("required field missing @ $.code",)))
        invalid Reason: required field missing @ $.code
        >>> err = JSONInputError(
        ...     "Reason",
        ...     ("required field missing @ $.code",),
        ...     ({"path": "$.code", "field": "code", "constraint": "present", "value": None},),
        ... )
        >>> err.errors[0]["path"], err.errors[0]["constraint"]
        ('$.code', 'present')
    """

    def __init__(
        self,
        type_name: str,
        problems: tuple[str, ...],
        errors: tuple[dict[str, object], ...] = (),
    ) -> None:
        super().__init__(type_name, problems, errors)
        self.type_name = type_name
        self.problems = problems
        self.errors = errors

    def __str__(self) -> str:
        return f"invalid {self.type_name}: " + "; ".join(self.problems)


class PolicyFileError(InvalidInputError):
    """A policy file (TOML) that cannot be read: the key path and line of the first problem.

    Args:
        key: The TOML key path (``"budget.order.rules[0].usage"``); ``""`` for the
            text itself (a TOML syntax error, bytes that are not UTF-8).
        value: The offending value, as read (``None`` for a missing key).
        constraint: What the value must be, phrased to follow "must be".
        line: The line (from 1) where the key is, or of the table it is missing
            from; ``None`` when the file has no line for it (a missing ``[policy]``).
        column: The column of a syntax error, else ``None``.
        source: The file name, when read from a file.

    Examples:
        >>> err = PolicyFileError("savings.preset", "strict", "a preset name", 12, source="p.toml")
        >>> print(err)
        p.toml, line 12: savings.preset must be a preset name: 'strict'
        >>> err.field, err.line
        ('savings.preset', 12)
        >>> print(PolicyFileError("", "a = = 1", "valid TOML (Invalid value)", 3, column=5))
        line 3, column 5: the text must be valid TOML (Invalid value): 'a = = 1'
    """

    def __init__(
        self,
        key: str,
        value: object,
        constraint: str,
        line: int | None,
        *,
        column: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(key, value, constraint)
        self.args = (key, value, constraint, line, column, source)
        self.key = key
        self.line = line
        self.column = column
        self.source = source

    def __reduce__(self) -> tuple[object, ...]:
        return (_policy_file_error, (self.args,))

    def __str__(self) -> str:
        where = [] if self.source is None else [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        prefix = ", ".join(where) + ": " if where else ""
        subject = self.key or "the text"
        return f"{prefix}{subject} must be {self.constraint}: {_shown(self.value)}"


def _policy_file_error(args: tuple[object, ...]) -> PolicyFileError:
    """Rebuild a pickled `PolicyFileError` from its ``args`` (its options are keyword-only)."""
    key, value, constraint, line, column, source = args
    return PolicyFileError(
        str(key),
        value,
        str(constraint),
        line if isinstance(line, int) else None,
        column=column if isinstance(column, int) else None,
        source=source if isinstance(source, str) else None,
    )


class MissingExtraError(SpendRulesError, ImportError):
    """An optional feature was used without its extra installed.

    Examples:
        >>> print(MissingExtraError("holidays", "country_calendar"))
        country_calendar needs the optional dependency 'holidays': pip install "spendrules[holidays]"
    """

    def __init__(self, extra: str, feature: str) -> None:
        super().__init__(extra, feature)
        self.extra = extra
        self.feature = feature

    def __str__(self) -> str:
        return (
            f"{self.feature} needs the optional dependency {self.extra!r}: "
            f'pip install "spendrules[{self.extra}]"'
        )
