"""Reasons and the behaviour every result shares: ``explain()`` and ``_repr_html_()``.

Every rule returns a frozen result carrying ``rule`` (a versioned rule id such
as ``"budget.check@1"``, bumped whenever the numbers the rule produces can
change) and ``reasons``: a tuple of [`Reason`][spendrules.results.Reason], each a stable machine
``code``, an English ``message`` carrying the numbers used, a
[`Severity`][spendrules.results.Severity] and the ``facts`` (name, value) the message was built from.

Examples:
    >>> r = Reason.of("MONEY.ROUNDED", "Rounded 2.675 to 2.68 (ROUND_HALF_UP).", amount=Decimal("2.675"))
    >>> r.code, r.severity, r.fact("amount")
    ('MONEY.ROUNDED', <Severity.INFO: 'info'>, '2.675')
    >>> print(r)
    [info] MONEY.ROUNDED: Rounded 2.675 to 2.68 (ROUND_HALF_UP).
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from spendrules._checks import to_enum
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError

__all__ = ["Explained", "Reason", "Severity"]

_CODE = re.compile(r"[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)+")


class Severity(SpendEnum):
    """How much a reason matters to the reader.

    Attributes:
        INFO: How the number was derived; nothing to act on.
        WARNING: A business outcome to look at (cost avoidance not recognised,
            a tolerance crossed, intermittent demand under a normal formula).
        ERROR: A business outcome that stops the action (a blocking budget rule).
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


def _fact_text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _check_code(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise InvalidInputError("code", value, "an upper-case dotted code like 'BUDGET.OVER'")


def _to_severity(value: object) -> Severity:
    """attrs converter: ``severity`` as a Severity, or an error naming the field."""
    return to_enum(Severity, value, "severity")


@attrs.frozen
class Reason:
    """One step of an explanation.

    Attributes:
        code: Stable, documented machine code, upper case and dotted
            (``"BUDGET.OVER_TOLERANCE"``). Codes never change meaning.
        message: English sentence with the numbers used.
        severity: See [`Severity`][spendrules.results.Severity].
        facts: The named values the message was built from, as text
            (Decimals keep their scale, dates are ISO 8601).
    """

    code: str = attrs.field(validator=_check_code)
    message: str
    severity: Severity = attrs.field(default=Severity.INFO, converter=_to_severity)
    facts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.INFO,
        **facts: object,
    ) -> Reason:
        """Build a reason, turning each fact into text (dates ISO 8601, enums by value)."""
        return cls(
            code,
            message,
            severity,
            tuple((name, _fact_text(value)) for name, value in facts.items()),
        )

    def fact(self, name: str) -> str:
        """Return the fact called ``name``.

        Raises:
            KeyError: no such fact.
        """
        for key, value in self.facts:
            if key == name:
                return value
        raise KeyError(name)

    def __str__(self) -> str:
        return f"[{self.severity.value}] {self.code}: {self.message}"


_SCALARS = (str, int, Decimal, date, Enum, Fraction, type(None))


def _summary_fields(result: Any) -> list[tuple[str, str]]:
    rows = []
    for field in attrs.fields(type(result)):
        if field.name in {"reasons", "rule"} or field.name.startswith("_"):
            continue
        value = getattr(result, field.name)
        if value is None and field.name.endswith("_unrounded"):
            continue  # asked-for detail (``unrounded=True``): not a line when not asked
        if value is None and field.name == "policy_reference":
            continue  # computed without a policy file: nothing to cite (the reasons cite one)
        if isinstance(value, _SCALARS):
            rows.append((field.name, _fact_text(value)))
    return rows


class Explained:
    """Mixin for result classes (attrs classes with ``rule`` and ``reasons`` fields).

    Gives ``explain()`` (plain text) and ``_repr_html_()`` (a small escaped
    HTML table for notebooks, no dependencies). Subclasses may override
    `_detail_lines` to add rows such as schedule lines.
    """

    __slots__ = ()

    rule: str
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        """Extra lines for [`explain`][spendrules.frames.explain], between the summary and the reasons."""
        return []

    def primary_reason(self) -> Reason | None:
        """Return the reason a reader should see first (``None`` when there is none).

        The first reason of the highest severity present: an error before any
        warning, a warning before any note. The reasons that cite an agreed policy
        (``POLICY.*``: which file decided, whether it is agreed) are context, not the
        outcome: they are first only when there is no other reason. Results whose outcome is one
        decision (take the discount, pass the check) override this to return
        the reason that states the decision. Bulk results (``spendrules.frames``)
        carry this reason's code on every row.

        Examples:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from spendrules.payment_terms import parse_terms, schedule
            >>> plan = schedule(parse_terms("net 30 EOM"), invoice_date=date(2026, 3, 15),
            ...                 amount=Decimal("100.00"), currency="USD")
            >>> plan.primary_reason().code
            'TERMS.BASELINE'
        """
        rank = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}
        best: Reason | None = None
        outcome = [reason for reason in self.reasons if not reason.code.startswith("POLICY.")]
        for reason in outcome or self.reasons:
            if best is None or rank[reason.severity] > rank[best.severity]:
                best = reason
        return best

    def explain(self) -> str:
        """Return a plain-text explanation: the summary values, details, then every reason."""
        lines = [f"{type(self).__name__} ({self.rule})"]
        lines += [f"  {name}: {value}" for name, value in _summary_fields(self)]
        lines += self._detail_lines()
        if self.reasons:
            lines.append("Reasons:")
            lines += [f"  - {reason}" for reason in self.reasons]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Return an HTML rendering for Jupyter (values escaped)."""
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(name)}</th><td>{esc(value)}</td></tr>"
            for name, value in _summary_fields(self)
        )
        details = "".join(
            f"<li><code>{esc(line.strip())}</code></li>" for line in self._detail_lines()
        )
        reasons = "".join(
            f"<tr><td>{esc(r.severity.value)}</td><td><code>{esc(r.code)}</code></td>"
            f"<td>{esc(r.message)}</td></tr>"
            for r in self.reasons
        )
        parts = [
            f'<div class="spendrules-result"><strong>{esc(type(self).__name__)}</strong> '
            f"<code>{esc(self.rule)}</code>",
            f"<table>{rows}</table>" if rows else "",
            f"<ul>{details}</ul>" if details else "",
            f"<table><tr><th>severity</th><th>code</th><th>reason</th></tr>{reasons}</table>"
            if reasons
            else "",
            "</div>",
        ]
        return "".join(parts)
