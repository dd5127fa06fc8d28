"""The private decimal context every rule computes in.

Rules never read the caller's thread-local decimal context and never leave
it changed: arithmetic that could depend on precision or rounding runs inside
``with exact():``, which installs a copy of `CONTEXT` for the block and
restores the caller's context on exit (``decimal.localcontext``). Rounding to
money happens only through explicit ``quantize(..., rounding=...)`` calls.
"""

from __future__ import annotations

import decimal
import re
from decimal import Context, Decimal

__all__ = ["CONTEXT", "PLAIN_NUMBER", "exact"]

#: A plain decimal number as text: optional sign, digits, optional fraction (no exponent).
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")

#: 60 significant digits: amounts of 10**15 with 10 decimal places, multiplied
#: by rates with 20 significant digits, stay exact. Overflow, division by zero
#: and invalid operations raise instead of returning Infinity or NaN.
CONTEXT = Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

ZERO = Decimal(0)
ONE = Decimal(1)


def exact() -> decimal._ContextManager:
    """Return a context manager that computes in `CONTEXT`.

    Examples:
        >>> import decimal
        >>> with decimal.localcontext() as caller:
        ...     caller.prec = 3
        ...     with exact():
        ...         third = Decimal(1) / Decimal(3)
        ...     len(str(third)) > 50
        True
    """
    return decimal.localcontext(CONTEXT)
