"""XRechnung cash discount (Skonto) lines in the payment terms text BT-20.

EN 16931 has no structured cash discount; XRechnung's rule BR-DE-18 gives
BT-20 (``cac:PaymentTerms/cbc:Note`` in UBL) lines of the form
``#SKONTO#TAGE=14#PROZENT=2.00#`` with an optional ``#BASISBETRAG=...#``: the
days from the invoice date, the percent with exactly two decimals, and a
base amount. Every line that starts with ``#`` must match; the block ends
with a line break; other lines are free text. The net due date is BT-9, a
date of one invoice, so [`read_xrechnung`][spendrules.interop.read_xrechnung] takes the net due rule as an
argument and [`write_xrechnung`][spendrules.interop.write_xrechnung] writes the discount lines only.

Limits: a BT-20 text longer than `MAX_BT20_LENGTH` (100,000) characters
is refused before its lines are split (by [`read_xrechnung`][spendrules.interop.read_xrechnung] and by the
UBL reader for a ``cbc:Note`` with Skonto lines); below that, reading takes
time linear in the length of the text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from spendrules._decimal import exact
from spendrules._interop._common import (
    InteropError,
    NotRepresentableError,
    check_writable,
    encode_first,
    finish,
    make,
    percent_of,
    places,
    rate_of,
)
from spendrules._terms.due_rules import (
    MAX_DAYS,
    DueRule,
    NetDays,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
)
from spendrules.errors import _shown

__all__ = ["read_xrechnung", "skonto_tiers", "write_xrechnung"]

XRECHNUNG = "xrechnung"

#: The longest BT-20 text read for Skonto lines, in characters. A Skonto line is
#: under 60 characters and BT-20 holds a few of them with some free text; this is
#: over a thousand such lines, and keeps a pasted document out of the line loop.
MAX_BT20_LENGTH = 100_000

_HUNDRED = Decimal(100)
#: BR-DE-18's pattern for a Skonto line (XRechnung schematron ``XR-SKONTO-REGEX``).
_LINE = re.compile(
    r"#(SKONTO|VERZUG)#TAGE=([0-9]+)#PROZENT=([0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#"
)


def skonto_tiers(text: str, *, source: str, field: str) -> tuple[DiscountTier, ...]:
    """Return the discount tiers of the BR-DE-18 lines in ``text``, highest percent first.

    The one parser of Skonto lines, shared by [`read_xrechnung`][spendrules.interop.read_xrechnung] and the
    UBL reader (whose ``cbc:Note`` holds BT-20). Lines not starting with ``#``
    are free text and skipped; no ``#`` line gives no tiers.

    Args:
        text: The BT-20 text.
        source: The format named in errors (``"xrechnung"``, ``"ubl"``).
        field: The text's field (``"BT-20"``, ``"PaymentTerms[0]/cbc:Note"``);
            a line's errors name ``"<field> line <n>"``.

    Returns:
        One tier per ``#SKONTO#`` line (``NetDays(TAGE)``, rate
        ``PROZENT``/100); empty when no line starts with ``#``.

    Raises:
        InteropError: a text longer than `MAX_BT20_LENGTH` characters
            (refused before its lines are split), a ``#`` line that does not
            match BR-DE-18, a block without its closing line break, a percent
            of 100 or more, two lines with the same percent.
        NotRepresentableError: a ``BASISBETRAG`` or a ``VERZUG`` line.
    """
    if len(text) > MAX_BT20_LENGTH:
        raise InteropError(
            source,
            field,
            text[:60],
            f"at most {MAX_BT20_LENGTH:,} characters (MAX_BT20_LENGTH), not {len(text):,}",
        )
    tiers = []
    lines = re.split(r"\r?\n", text)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line.startswith("#"):
            continue
        where = f"{field} line {number}"
        match = _LINE.fullmatch(line)
        if match is None:
            raise InteropError(
                source,
                where,
                line,
                "#SKONTO#TAGE=n#PROZENT=n.nn# (optionally #BASISBETRAG=n.nn#) (BR-DE-18)",
            )
        kind, days, percent, base = match.groups()
        if kind == "VERZUG":
            raise NotRepresentableError(
                source, where, line, "late interest has no place in the payment-terms model"
            )
        if base is not None:
            raise NotRepresentableError(
                source,
                where,
                line,
                "a base amount belongs to one invoice; the model's discount base is a mode",
            )
        if number == len(lines):
            raise InteropError(source, where, line, "followed by a line break (BR-DE-18)")
        value = Decimal(percent)
        if not 0 < value < _HUNDRED:
            raise InteropError(source, where, percent, "a percent above 0 and below 100")
        if len(days) > 9:  # far beyond the model's range; int() of thousands of digits fails
            raise NotRepresentableError(
                source, where, days, f"TAGE of at most {MAX_DAYS} days (the model's range)"
            )
        count = int(days)
        tiers.append(DiscountTier(rate_of(value), make(source, where, count, NetDays, count)))
    tiers.sort(key=lambda tier: tier.rate, reverse=True)
    rates = [tier.rate for tier in tiers]
    if len(set(rates)) != len(rates):
        raise InteropError(
            source, field, [percent_of(r) for r in rates], "a different percent on each line"
        )
    return tuple(tiers)


def read_xrechnung(text: str, *, due: DueRule) -> PaymentTerms:
    """Read the Skonto lines of an XRechnung BT-20 text as discount tiers of a one-installment term.

    Args:
        text: The BT-20 payment terms text, e.g.
            ``"#SKONTO#TAGE=14#PROZENT=2.00#\\n"``; lines not starting with
            ``#`` are free text and ignored.
        due: The net due rule (BT-20 lines carry none; BT-9 is one invoice's date).

    Returns:
        One installment due by ``due``, each Skonto line a tier
        (``NetDays(TAGE)``, rate ``PROZENT``/100), highest percent first.

    Raises:
        TypeError: ``text`` is not a str, or ``due`` is not a due rule.
        InteropError: a text longer than `MAX_BT20_LENGTH` (100,000)
            characters (field ``BT-20``, refused before its lines are split),
            a ``#`` line that does not match BR-DE-18, a block
            without its closing line break, no Skonto line, two lines with the
            same percent, a percent of 100 or more.
        NotRepresentableError: a ``BASISBETRAG`` (a base amount of one
            invoice) or a ``VERZUG`` (late interest) line.

    Examples:
        >>> terms = read_xrechnung("#SKONTO#TAGE=10#PROZENT=3.00#\\n", due=NetDays(30))
        >>> print(terms.describe())
        100 % (the whole amount) due 30 days after the baseline date; 3 % discount until 10 days after the baseline date

    References:
        KoSIT XRechnung schematron rule BR-DE-18 (``XR-SKONTO-REGEX``); EN 16931
        BT-20; mustangproject#284 (no structured cash discount in EN 16931).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}: {_shown(text)}")
    Installment(due)  # the model checks the rule's type
    tiers = skonto_tiers(text, source=XRECHNUNG, field="BT-20")
    if not tiers:
        raise InteropError(XRECHNUNG, "BT-20", text[:60], "one or more #SKONTO# lines")
    return finish([Installment(due, tuple(tiers))], basis=Basis.INVOICE)


def write_xrechnung(terms: PaymentTerms) -> str:
    """Write the discount tiers of terms as XRechnung BT-20 Skonto lines.

    Only the discounts are written (the net due date is BT-9, a date of the
    invoice, computed with [`schedule`][spendrules.payment_terms.schedule]).

    Args:
        terms: One-installment terms counting from the invoice date, with at
            least one discount tier.

    Returns:
        One ``#SKONTO#TAGE=n#PROZENT=n.nn#`` line per tier, each ending with a
        line break.

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        NotRepresentableError: several installments, no discount, a baseline
            other than the invoice date, a discount base other than gross, a
            deadline other than days, a percent with more than two decimals.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> write_xrechnung(parse_terms("3/10, 2/30, net 60"))
        '#SKONTO#TAGE=10#PROZENT=3.00#\\n#SKONTO#TAGE=30#PROZENT=2.00#\\n'

    References:
        KoSIT XRechnung schematron BR-DE-18.
    """
    terms = check_writable(terms, XRECHNUNG)
    if len(terms.installments) > 1:
        raise NotRepresentableError(
            XRECHNUNG,
            "installments",
            len(terms.installments),
            "Skonto lines apply to the whole invoice",
        )
    item = terms.installments[0]
    if not item.discounts:
        raise NotRepresentableError(
            XRECHNUNG, "discounts", (), "BT-20 Skonto lines carry discounts only"
        )
    if terms.basis is not Basis.INVOICE:
        raise NotRepresentableError(
            XRECHNUNG, "basis", terms.basis.value, "Skonto days count from the invoice date"
        )
    if terms.discount_base is not DiscountBase.GROSS:
        raise NotRepresentableError(
            XRECHNUNG,
            "discount_base",
            terms.discount_base.value,
            "Skonto applies to the amount due (gross) unless a base amount is given",
        )
    lines = []
    for index, tier in enumerate(item.discounts):
        field = f"installments[0].discounts[{index}]"
        days = encode_first(
            tier.deadline, lambda rule: rule.days if isinstance(rule, NetDays) else None
        )
        if days is None:
            raise NotRepresentableError(
                XRECHNUNG, f"{field}.deadline", tier.deadline.describe(), "TAGE counts days"
            )
        percent = percent_of(tier.rate)
        if places(percent) > 2:
            raise NotRepresentableError(
                XRECHNUNG, f"{field}.rate", percent, "PROZENT has two decimals"
            )
        with exact():
            shown = percent.quantize(Decimal("0.01"))
        lines.append(f"#SKONTO#TAGE={days}#PROZENT={shown}#\n")
    return "".join(lines)
