"""Split-purchase detection: purchases that together cross an approval threshold (private).

Public names live in [`spendrules.budget`][spendrules.budget].

A *split purchase* is one need bought as several smaller purchases so that each
stays under an approval threshold or a card's transaction limit. The published
audit rules all have the same shape: group the purchases (same cardholder or
requester, same supplier; optionally the same cost centre), look within a
window of days (the same day for most p-card programmes, 48 hours at Amazon
Business, 14 days in delegation-of-authority reviews), and flag the group when
its combined total crosses the threshold although each purchase is below it.
A second pattern is amounts clustered just below the threshold (95–99 %).

[`detect_split_purchases`][spendrules.budget.detect_split_purchases] returns [`SplitFinding`][spendrules.budget.SplitFinding] objects. They are
**leads for review, not verdicts**: in the Sarasota County audit, 3 of 71
flagged groups were confirmed splits; standing orders, different projects and
legitimate repeat purchases match the same pattern.

Conventions:

* A purchase "needs approval" when ``amount >= threshold`` (``inclusive=True``,
  an approval threshold) or ``amount > threshold`` (``inclusive=False``, a
  limit one may spend up to, as p-card single-purchase limits). Only purchases
  that do not need approval on their own take part: one that does went
  through approval already.
* A window of ``window_days`` days starts on a purchase's date and includes
  that day: ``window_days=1`` is "the same day", ``2`` is "within 48 hours"
  counted in whole days.
* Overlapping windows that qualify are merged into one finding per run of
  purchases; the finding reports the run's total and the largest total
  within one window.
* A purchase is "just below" the threshold when it is at least
  ``threshold × (1 − near_band)`` and within the band's upper edge
  ``near_upper`` ([`NearUpper`][spendrules.budget.NearUpper]): by default it must not need approval
  (below the threshold with ``inclusive=True``, up to and including it with
  ``inclusive=False``); ``BELOW_THRESHOLD`` and ``UP_TO_THRESHOLD`` fix the
  edge whatever ``inclusive`` says. Purchases just below the
  threshold that are not part of a window finding are reported together as
  one near-threshold finding per group when there are at least ``min_count``
  of them, whatever their dates (pass the audit period you want).
* The result does not depend on the order of the input: findings are sorted
  by group, first date and kind, and their purchases by date and reference.

References:
    MUSC PCard "Split Transactions" (same vendor, same day, combined over the
    $2,500 limit); Massachusetts State Auditor, UMass Amherst procurement-card
    audit (same cardholder and vendor, same date, over the $1,000 limit);
    Sarasota County Clerk "Audit of Purchasing Card Program" (2018: 71 groups
    flagged, 3 confirmed); GAO purchase-card audit methodology (same cardholder,
    vendor and day); Amazon Business spend anomaly monitoring (48 hours);
    fitgap "Enforce spend thresholds and delegation of authority" (requester,
    supplier and cost centre over 14 days); ProcureLabs split invoice detection
    (clustering at 95–99 % of the threshold); UHV purchasing FAQ #84
    (2 × $1,600 under a $3,000 limit is a prohibited split).
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Iterable
from decimal import Decimal

import attrs

from spendrules._budget.approval_matrix import COST_CENTER, tidy
from spendrules._budget.approvals import reference_amount
from spendrules._budget.model import BudgetRate, SpendRequest
from spendrules._checks import (
    check_currency,
    check_date,
    check_fraction,
    check_int,
    check_positive,
    to_enum,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules.errors import CurrencyMismatchError, InvalidInputError, _shown
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "NearUpper",
    "SplitFinding",
    "SplitKey",
    "SplitKind",
    "Transaction",
    "detect_split_purchases",
]

SPLITS_RULE = "budget.splits@1"


class SplitKey(SpendEnum):
    """A field purchases are grouped by.

    Attributes:
        REQUESTER: The requester or cardholder.
        SUPPLIER: The supplier, vendor or merchant.
        COST_CENTER: The cost centre.
        CATEGORY: The purchasing category.
    """

    REQUESTER = "requester"
    SUPPLIER = "supplier"
    COST_CENTER = "cost_center"
    CATEGORY = "category"


class SplitKind(SpendEnum):
    """The pattern a finding matches.

    Attributes:
        WINDOW_TOTAL: Purchases each below the threshold whose total within the
            window reaches it.
        NEAR_THRESHOLD: Several purchases just below the threshold.
    """

    WINDOW_TOTAL = "window_total"
    NEAR_THRESHOLD = "near_threshold"


class NearUpper(SpendEnum):
    """The upper edge of the "just below the threshold" band of [`detect_split_purchases`][spendrules.budget.detect_split_purchases].

    The lower edge is ``threshold × (1 − near_band)``, included.

    Attributes:
        BELOW_APPROVAL: Amounts that do not need approval on their own (the
            default, the behaviour before this option existed): below the
            threshold with ``inclusive=True``, up to and including it with
            ``inclusive=False``.
        BELOW_THRESHOLD: Amounts below the threshold only, whatever ``inclusive``
            (with ``inclusive=False`` an amount equal to the limit still takes part
            in window totals, but is not "just below").
        UP_TO_THRESHOLD: Amounts up to and including the threshold, whatever
            ``inclusive``. With ``inclusive=True`` an amount equal to the threshold
            needs approval, so it never takes part in a window total, but it is
            counted in the near-threshold pattern (amounts clustered at the
            threshold).
    """

    BELOW_APPROVAL = "below_approval"
    BELOW_THRESHOLD = "below_threshold"
    UP_TO_THRESHOLD = "up_to_threshold"


def _type_error(field: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{field} must be {expected}, not {type(value).__name__}: {_shown(value)}")


def _check_text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise _type_error(attribute.name, "a str", value)


def _check_reference(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _check_text(_instance, attribute, value)
    if not value:
        raise InvalidInputError(
            attribute.name, value, "a non-empty str (it identifies the purchase)"
        )


def _check_date(_instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    check_date(value, attribute.name)


def _check_currency(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_currency(value, attribute.name)


def _to_amount(value: Decimal | int) -> Decimal:
    return check_positive(value, "amount")


@attrs.frozen
class Transaction:
    """One purchase, as split detection sees it.

    Attributes:
        reference: Unique identifier (card transaction id, PO number).
        date: Purchase date.
        amount: Amount (``> 0``; refunds and credits are not purchases).
        currency: ISO 4217 code.
        requester: Requester or cardholder.
        supplier: Supplier, vendor or merchant.
        cost_center: Cost centre.
        category: Purchasing category.

    Examples:
        >>> import datetime as dt
        >>> Transaction("T1", dt.date(2026, 3, 2), Decimal("1500.00"), "USD", supplier="ACME").amount
        Decimal('1500.00')
        >>> Transaction("T1", dt.date(2026, 3, 2), Decimal("-5"), "USD")
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: amount must be > 0: Decimal('-5')
    """

    reference: str = attrs.field(validator=_check_reference)
    date: dt.date = attrs.field(validator=_check_date)
    amount: Decimal = attrs.field(converter=_to_amount)
    currency: str = attrs.field(validator=_check_currency)
    requester: str = attrs.field(default="", validator=_check_text)
    supplier: str = attrs.field(default="", validator=_check_text)
    cost_center: str = attrs.field(default="", validator=_check_text)
    category: str = attrs.field(default="", validator=_check_text)

    @classmethod
    def from_request(
        cls,
        request: SpendRequest,
        *,
        currency: str | None = None,
        rates: Iterable[BudgetRate] = (),
        rounding: str = decimal.ROUND_HALF_UP,
    ) -> Transaction:
        """Return the purchase a [`SpendRequest`][spendrules.budget.SpendRequest] represents.

        The amount is the net total of the lines, converted to ``currency``
        (default: the first line's currency) and rounded once. The cost centre
        is the lines' ``cost_center`` dimension; lines on several cost centres
        give their sorted names joined by ``","``.

        Raises:
            InvalidInputError: an empty reference, a net total that is not
                positive, a line currency without a rate.

        Examples:
            >>> import datetime as dt
            >>> from spendrules.budget import SpendLine
            >>> request = SpendRequest((SpendLine("6100", Decimal("800"), "USD", {"cost_center": "CC-1"}),),
            ...                        dt.date(2026, 3, 2), requester="ann", supplier="ACME", reference="PO-1")
            >>> Transaction.from_request(request).cost_center
            'CC-1'
        """
        if not isinstance(request, SpendRequest):
            raise _type_error("request", "a SpendRequest", request)
        target = request.lines[0].currency if currency is None else currency
        amount, _ = reference_amount(request.lines, target, rates=rates, rounding=rounding)
        return cls(
            request.reference,
            request.date,
            amount,
            target,
            requester=request.requester,
            supplier=request.supplier,
            cost_center=cost_centers_of(request),
            category=request.category,
        )


def cost_centers_of(request: SpendRequest) -> str:
    """Return the cost centre of ``request``'s lines; several are sorted and joined by ``","``."""
    centres = {line.dimension(COST_CENTER) for line in request.lines}
    return ",".join(sorted(centre for centre in centres if centre))


@attrs.frozen
class SplitFinding(Explained):
    """A group of purchases that looks like a split purchase: a lead for review.

    Attributes:
        rule: ``"budget.splits@1"``.
        kind: [`SplitKind`][spendrules.budget.SplitKind].
        group: The grouping fields and their values, e.g.
            ``(("requester", "ann"), ("supplier", "ACME"))``.
        transactions: The purchases, by date and reference.
        first_date: Date of the first purchase.
        last_date: Date of the last purchase.
        total: Total of the purchases.
        window_total: The largest total of these purchases within one window.
        threshold: The approval threshold or limit.
        currency: Currency of the amounts.
        window_days: The window length used.
        reasons: ``SPLIT.WINDOW_TOTAL`` or ``SPLIT.NEAR_THRESHOLD`` (warning),
            ``SPLIT.NEAR_THRESHOLD`` also inside a window finding whose purchases
            are just below the threshold, and ``SPLIT.LEAD`` (info).
    """

    rule: str
    kind: SplitKind
    group: tuple[tuple[str, str], ...]
    transactions: tuple[Transaction, ...]
    first_date: dt.date
    last_date: dt.date
    total: Decimal
    window_total: Decimal
    threshold: Decimal
    currency: str
    window_days: int
    reasons: tuple[Reason, ...]

    @property
    def count(self) -> int:
        """The number of purchases."""
        return len(self.transactions)

    @property
    def references(self) -> tuple[str, ...]:
        """The purchases' references."""
        return tuple(t.reference for t in self.transactions)

    def _detail_lines(self) -> list[str]:
        lines = [f"  group: {_describe_group(self.group)}; {self.count} purchases"]
        lines += [f"  {t.date} {t.reference}: {t.amount:,} {t.currency}" for t in self.transactions]
        return lines


def check_group_by(value: object, field: str = "group_by") -> tuple[SplitKey, ...]:
    """Return ``value`` as a tuple of distinct [`SplitKey`][spendrules.budget.SplitKey] (strings are read by value)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise _type_error(field, "a sequence of SplitKey", value)
    keys: list[SplitKey] = []
    for index, item in enumerate(value):
        try:
            keys.append(SplitKey(item))
        except ValueError:
            raise InvalidInputError(
                f"{field}[{index}]", item, f"one of {[k.value for k in SplitKey]}"
            ) from None
    if len(set(keys)) != len(keys):
        raise InvalidInputError(field, tuple(keys), "fields named once")
    return tuple(keys)


def _describe_group(group: tuple[tuple[str, str], ...]) -> str:
    if not group:
        return "all purchases"
    return ", ".join(f"{name} {value or '(blank)'}" for name, value in group)


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{amount:,} {currency}"


def _lead() -> Reason:
    return Reason.of(
        "SPLIT.LEAD",
        "This is a lead for review, not a verdict: standing orders, different projects and "
        "legitimate repeat purchases match the same pattern (Sarasota County audit: 3 of 71 "
        "flagged groups confirmed).",
    )


def detect_split_purchases(
    transactions: Iterable[Transaction],
    *,
    threshold: Decimal | int,
    window_days: int,
    group_by: Iterable[SplitKey | str] = (SplitKey.REQUESTER, SplitKey.SUPPLIER),
    near_band: Decimal | int | None = Decimal("0.05"),
    min_count: int = 2,
    inclusive: bool = True,
    near_upper: NearUpper | str = NearUpper.BELOW_APPROVAL,
) -> tuple[SplitFinding, ...]:
    """Return the groups of purchases that look like split purchases.

    Args:
        transactions: The purchases to review, in any order, all in one
            currency, with unique references.
        threshold: The approval threshold or limit, in the purchases' currency (``> 0``).
        window_days: Window length in days, counting the first day (``>= 1``;
            1 = the same day).
        group_by: The fields that must match (default requester and supplier;
            empty: all purchases form one group).
        near_band: Width of the "just below the threshold" band as a fraction
            of the threshold (default ``0.05``: 95 % to 100 %); None turns the
            near-threshold pattern off.
        min_count: Fewest purchases a finding needs (``>= 2``).
        inclusive: True (default): an amount equal to the threshold needs
            approval (approval thresholds); False: only amounts above it do
            (spending limits, "combined over the $2,500 limit").
        near_upper: The upper edge of the near-threshold band, see
            [`NearUpper`][spendrules.budget.NearUpper]: ``BELOW_APPROVAL`` (default: amounts that do not
            need approval, so below the threshold when ``inclusive`` and up to
            and including it otherwise), ``BELOW_THRESHOLD`` (below the threshold
            only) or ``UP_TO_THRESHOLD`` (up to and including the threshold).

    Returns:
        The findings, sorted by group, first date and kind; empty when nothing
        looks split.

    Raises:
        TypeError: a wrong type (a ``float`` threshold, a transaction that is
            not a [`Transaction`][spendrules.budget.Transaction]).
        InvalidInputError: a non-positive threshold, ``window_days < 1``,
            ``min_count < 2``, ``near_band`` outside ``[0, 1]``, repeated
            references, an unknown ``group_by`` field or ``near_upper`` edge.
        CurrencyMismatchError: purchases in more than one currency.

    Examples:
        Same vendor, same day, $1,500 + $1,200 against a $2,500 card limit (MUSC, V34):

        >>> import datetime as dt
        >>> day = dt.date(2026, 3, 2)
        >>> card = [Transaction("T1", day, Decimal("1500"), "USD", requester="ann", supplier="ACME"),
        ...         Transaction("T2", day, Decimal("1200"), "USD", requester="ann", supplier="ACME")]
        >>> (finding,) = detect_split_purchases(card, threshold=Decimal("2500"), window_days=1,
        ...                                     inclusive=False)
        >>> finding.kind, finding.total, finding.references
        (<SplitKind.WINDOW_TOTAL: 'window_total'>, Decimal('2700'), ('T1', 'T2'))

        Two $2,500.00 purchases on different days against a $2,500 approval
        threshold: each needed approval, so by default neither is "just below";
        ``UP_TO_THRESHOLD`` reports them as clustered at the threshold:

        >>> at = [Transaction(f"T{i}", dt.date(2026, 3, i), Decimal("2500"), "USD",
        ...                   requester="ann", supplier="ACME") for i in (2, 20)]
        >>> detect_split_purchases(at, threshold=Decimal("2500"), window_days=1)
        ()
        >>> (finding,) = detect_split_purchases(at, threshold=Decimal("2500"), window_days=1,
        ...                                     near_upper=NearUpper.UP_TO_THRESHOLD)
        >>> finding.kind, finding.references
        (<SplitKind.NEAR_THRESHOLD: 'near_threshold'>, ('T2', 'T20'))

    References:
        MUSC PCard "Split Transactions"; Massachusetts State Auditor (UMass
        Amherst); Sarasota County Clerk (2018); GAO purchase-card audit;
        Amazon Business; fitgap; ProcureLabs; UHV FAQ #84.
    """
    if isinstance(transactions, str | bytes) or not isinstance(transactions, Iterable):
        raise _type_error("transactions", "a sequence of Transaction", transactions)
    items = tuple(transactions)
    for index, item in enumerate(items):
        if not isinstance(item, Transaction):
            raise _type_error(f"transactions[{index}]", "a Transaction", item)
    limit = check_positive(threshold, "threshold")
    days = check_int(window_days, "window_days", minimum=1)
    count = check_int(min_count, "min_count", minimum=2)
    band = None if near_band is None else check_fraction(near_band, "near_band")
    if not isinstance(inclusive, bool):
        raise _type_error("inclusive", "a bool", inclusive)
    upper = to_enum(NearUpper, near_upper, "near_upper")
    keys = check_group_by(group_by)
    references = sorted(t.reference for t in items)
    repeated = sorted({a for a, b in itertools.pairwise(references) if a == b})
    if repeated:
        raise InvalidInputError("transactions[].reference", repeated[0], "unique references")
    currencies = sorted({t.currency for t in items})
    if len(currencies) > 1:
        raise CurrencyMismatchError("transactions[].currency", currencies[0], currencies[1])
    if not items:
        return ()

    with exact():
        setup = _Setup(
            limit,
            days,
            count,
            inclusive,
            None if band is None else limit * (1 - band),
            currencies[0],
            upper,
        )
        groups: dict[tuple[tuple[str, str], ...], list[Transaction]] = {}
        for item in items:
            if not setup.needs(item.amount) or setup.near(item.amount):
                group = tuple((key.value, _field(item, key)) for key in keys)
                groups.setdefault(group, []).append(item)

        findings: list[SplitFinding] = []
        for group, members in groups.items():
            members.sort(key=lambda t: (t.date, t.reference))
            windows = _window_findings(
                group, [t for t in members if not setup.needs(t.amount)], setup
            )
            findings += windows
            floor = setup.floor
            if floor is not None:
                flagged = {t.reference for f in windows for t in f.transactions}
                near = [t for t in members if setup.near(t.amount) and t.reference not in flagged]
                if len(near) >= count:
                    findings.append(_near_finding(group, near, setup, floor))
    return tuple(
        sorted(findings, key=lambda f: (f.group, f.first_date, f.kind.value, f.references))
    )


@attrs.frozen
class _Setup:
    """The settings of one detection run (private)."""

    limit: Decimal
    days: int
    count: int
    inclusive: bool
    floor: Decimal | None
    currency: str
    upper: NearUpper

    def needs(self, amount: Decimal) -> bool:
        """Whether ``amount`` needs approval on its own (call inside ``exact()``)."""
        return amount >= self.limit if self.inclusive else amount > self.limit

    def near(self, amount: Decimal) -> bool:
        """Whether ``amount`` is in the near-threshold band (call inside ``exact()``)."""
        if self.floor is None or amount < self.floor:
            return False
        if self.upper is NearUpper.BELOW_APPROVAL:
            return not self.needs(amount)
        if self.upper is NearUpper.BELOW_THRESHOLD:
            return amount < self.limit
        return amount <= self.limit


def _field(item: Transaction, key: SplitKey) -> str:
    value: str = getattr(item, key.value)
    return value


def _window_total(members: list[Transaction], days: int) -> Decimal:
    """The largest total of ``members`` (sorted by date) within one window (inside ``exact()``)."""
    best = Decimal(0)
    end = 0
    running = Decimal(0)
    for first in members:
        while end < len(members) and members[end].date.toordinal() < first.date.toordinal() + days:
            running += members[end].amount
            end += 1
        best = max(best, running)
        running -= first.amount
    return best


def _near_reason(
    near: list[Transaction], group: tuple[tuple[str, str], ...], setup: _Setup, floor: Decimal
) -> Reason:
    """The ``SPLIT.NEAR_THRESHOLD`` reason for purchases at or above ``floor`` (inside ``exact()``)."""
    amounts = ", ".join(f"{t.amount:,}" for t in near)
    share = (floor / setup.limit * 100).normalize()
    floor = tidy(floor, setup.currency)
    plural = len(near) > 1
    at = "at or " if any(t.amount == setup.limit for t in near) else ""
    return Reason.of(
        "SPLIT.NEAR_THRESHOLD",
        f"{len(near)} purchase{'s' if plural else ''} ({_describe_group(group)}: {amounts} "
        f"{setup.currency}) {'are' if plural else 'is'} {at}just below the threshold "
        f"{_fmt(setup.limit, setup.currency)}, at or above {share:f} % of it "
        f"({_fmt(floor, setup.currency)}).",
        severity=Severity.WARNING,
        count=len(near),
        threshold=setup.limit,
        floor=floor,
    )


def _window_findings(
    group: tuple[tuple[str, str], ...], members: list[Transaction], setup: _Setup
) -> list[SplitFinding]:
    """Merge the qualifying windows of one date-sorted group into findings (inside ``exact()``).

    A window starts on each purchase date and covers ``setup.days`` days; it
    qualifies when it holds at least ``setup.count`` purchases whose total
    needs approval. Qualifying windows that share a purchase form one run.
    """
    ordinals = [t.date.toordinal() for t in members]
    prefix = [Decimal(0)]
    for t in members:
        prefix.append(prefix[-1] + t.amount)
    runs: list[tuple[int, int, Decimal]] = []  # (first index, last index, largest window total)
    end = 0
    for start, ordinal in enumerate(ordinals):
        if start and ordinal == ordinals[start - 1]:
            continue  # the window from the same day's first purchase covers this one
        end = max(end, start)
        while end + 1 < len(members) and ordinals[end + 1] < ordinal + setup.days:
            end += 1
        total = prefix[end + 1] - prefix[start]
        if end - start + 1 < setup.count or not setup.needs(total):
            continue
        if runs and start <= runs[-1][1]:
            first, _, best = runs[-1]
            runs[-1] = (first, end, max(best, total))
        else:
            runs.append((start, end, total))
    findings = []
    currency = setup.currency
    for first, last, best in runs:
        chosen = members[first : last + 1]
        total = prefix[last + 1] - prefix[first]
        days = setup.days
        reasons = [
            Reason.of(
                "SPLIT.WINDOW_TOTAL",
                f"{len(chosen)} purchases ({_describe_group(group)}) from "
                f"{chosen[0].date} to {chosen[-1].date} total {_fmt(total, currency)}, "
                f"each below the threshold {_fmt(setup.limit, currency)}; within "
                f"{days} day{'s' if days > 1 else ''} they reach {_fmt(best, currency)}.",
                severity=Severity.WARNING,
                count=len(chosen),
                total=total,
                window_total=best,
                threshold=setup.limit,
                window_days=days,
            )
        ]
        floor = setup.floor
        near = [t for t in chosen if setup.near(t.amount)]
        if floor is not None and near:
            reasons.append(_near_reason(near, group, setup, floor))
        reasons.append(_lead())
        findings.append(
            SplitFinding(
                SPLITS_RULE,
                SplitKind.WINDOW_TOTAL,
                group,
                tuple(chosen),
                chosen[0].date,
                chosen[-1].date,
                total,
                best,
                setup.limit,
                currency,
                days,
                tuple(reasons),
            )
        )
    return findings


def _near_finding(
    group: tuple[tuple[str, str], ...], near: list[Transaction], setup: _Setup, floor: Decimal
) -> SplitFinding:
    """Build the near-threshold finding of one group (inside ``exact()``)."""
    return SplitFinding(
        SPLITS_RULE,
        SplitKind.NEAR_THRESHOLD,
        group,
        tuple(near),
        near[0].date,
        near[-1].date,
        sum((t.amount for t in near), Decimal(0)),
        _window_total(near, setup.days),
        setup.limit,
        setup.currency,
        setup.days,
        (_near_reason(near, group, setup, floor), _lead()),
    )
