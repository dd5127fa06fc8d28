"""Baselines from a list of bids, and awarded savings from a bid table (private).

A tender gives prices from several suppliers for one or more lines. Two
questions follow:

* **What is the baseline?** [`bid_baseline`][spendrules.savings.bid_baseline] forms one from the compliant
  bids of one line: their average (ISM bulletin p=831: "average of Evaluated
  bid prices − Resulting Contract Price"; Fairmarkit), the lowest bid, or the
  second-lowest (NIGP: "the difference between the low bid and the next lowest
  bid"). Its result says which bids counted and why, and carries what a
  [`SavingsEvent`][spendrules.savings.SavingsEvent] needs: the price, the
  [`BaselineMethod`][spendrules.savings.BaselineMethod] and an evidence text. A bid baseline
  is a counterfactual C unless the policy sets ``bids_count_as_baseline`` (the
  public-sector low-bid rule); finance counts only prices paid.
* **What did the award save?** [`awarded_savings`][spendrules.savings.awarded_savings] awards each line of a bid
  table to its lowest compliant bid (line level) and, separately, the whole
  event to the one supplier with the lowest compliant total (event level), and
  values both against a per-line baseline. The difference is the premium paid
  for a single supplier.

Only compliant bids count. A supplier that bid twice on a line counts once, at
its lowest compliant price. Ties go to the supplier whose name sorts first.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from spendrules._checks import check_currency, check_int, check_non_negative, to_enum
from spendrules._decimal import ZERO, exact
from spendrules._enums import SpendEnum
from spendrules._savings import _fields as f
from spendrules._savings.model import BaselineMethod
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import ROUNDING_MODES, minor_units
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "AwardedSavings",
    "Bid",
    "BidBaseline",
    "BidBaselineMethod",
    "LineAward",
    "awarded_savings",
    "bid_baseline",
]


class BidBaselineMethod(SpendEnum):
    """How a baseline is formed from the compliant bids of one line.

    Attributes:
        AVERAGE_COMPLIANT: The average of the compliant bids, one per supplier (ISM
            bulletin p=831; Fairmarkit "average of bid unit prices"). Becomes
            ``BaselineMethod.BID_AVERAGE``.
        LOWEST: The lowest compliant bid: the baseline for savings negotiated after the
            tender (Fairmarkit "Identified" = baseline − lowest bid). Becomes
            ``BaselineMethod.QUOTE``: a quote, never a price paid.
        SECOND_LOWEST: The second-lowest compliant bid of another supplier (NIGP "next
            lowest bid"). Becomes ``BaselineMethod.NEXT_LOWEST_BID``.
    """

    AVERAGE_COMPLIANT = "average_compliant"
    LOWEST = "lowest"
    SECOND_LOWEST = "second_lowest"


_EVENT_METHOD = {
    BidBaselineMethod.AVERAGE_COMPLIANT: BaselineMethod.BID_AVERAGE,
    BidBaselineMethod.LOWEST: BaselineMethod.QUOTE,
    BidBaselineMethod.SECOND_LOWEST: BaselineMethod.NEXT_LOWEST_BID,
}
_NEEDED = {
    BidBaselineMethod.AVERAGE_COMPLIANT: 1,
    BidBaselineMethod.LOWEST: 1,
    BidBaselineMethod.SECOND_LOWEST: 2,
}


@attrs.frozen(kw_only=True)
class Bid:
    """One supplier's price for one line of a tender.

    Attributes:
        supplier: Who bid.
        price: Unit price bid (>= 0), in ``currency``.
        currency: ISO 4217 code of the price.
        compliant: False for a bid that failed evaluation (late, off-spec, incomplete);
            it never counts.
        line: The tender line the bid is for; ``""`` for a one-line event.
        reference: Evidence of the bid (the bid document or portal id).

    Examples:
        >>> Bid(supplier="Acme", price=Decimal("95.00"), currency="USD").compliant
        True
    """

    supplier: str = attrs.field(validator=f.label)
    price: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    currency: str = attrs.field(validator=f.currency)
    compliant: bool = attrs.field(default=True, validator=f.flag)
    line: str = attrs.field(default="", validator=f.text)
    reference: str = attrs.field(default="", validator=f.text)


@attrs.frozen(kw_only=True)
class BidBaseline(Explained):
    """A baseline price formed from bids, with the bids that counted and why.

    Attributes:
        rule: ``"savings.bid_baseline@1"``.
        currency: ISO 4217 code.
        line: The tender line (``""`` for a one-line event).
        method: The [`BidBaselineMethod`][spendrules.savings.BidBaselineMethod] used.
        baseline_price: The baseline unit price; None when too few compliant bids.
        baseline_method: The [`BaselineMethod`][spendrules.savings.BaselineMethod] to put on a
            ``SavingsEvent`` built from it.
        evidence: Evidence text for ``SavingsEvent.baseline_evidence``: the method and the
            bids used, with their references (empty when there is no baseline).
        counted: The bids used, lowest price first.
        excluded: The bids left out: non-compliant bids, a supplier's higher second bid,
            and (``LOWEST``, ``SECOND_LOWEST``) the compliant bids not picked.
        reasons: Why each bid counted or not, and the baseline in words.
    """

    rule: str
    currency: str
    line: str
    method: BidBaselineMethod
    baseline_price: Decimal | None
    baseline_method: BaselineMethod
    evidence: str
    counted: tuple[Bid, ...]
    excluded: tuple[Bid, ...]
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        return [
            f"  {'counted' if bid in self.counted else 'excluded'}: {bid.supplier} {bid.price}"
            for bid in (*self.counted, *self.excluded)
        ]


def _check_bids(bids: object, currency: str) -> tuple[Bid, ...]:
    if not isinstance(bids, Sequence) or isinstance(bids, str):
        raise f.type_error("bids", "a sequence of Bid", bids)
    for index, bid in enumerate(bids):
        if not isinstance(bid, Bid):
            raise f.type_error(f"bids[{index}]", "a Bid", bid)
        if bid.currency != currency:
            raise CurrencyMismatchError(f"bids[{index}].currency", currency, bid.currency)
    return tuple(bids)


def _check_rounding(rounding: object) -> str:
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    return str(rounding)


def _places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def _shown(bid: Bid) -> str:
    return f"{bid.supplier} {bid.price}" + (f" ({bid.reference})" if bid.reference else "")


def _select(line_bids: Sequence[Bid]) -> tuple[list[Bid], list[Bid], list[Reason]]:
    """Split one line's bids into counted (one per supplier, lowest first) and excluded."""
    best: dict[str, Bid] = {}
    excluded: list[Bid] = []
    reasons: list[Reason] = []
    for bid in line_bids:
        if not bid.compliant:
            excluded.append(bid)
            reasons.append(
                Reason.of(
                    "SAVINGS.BID_NON_COMPLIANT",
                    f"{bid.supplier}'s bid of {bid.price} is not compliant and does not count.",
                    supplier=bid.supplier,
                    price=bid.price,
                )
            )
            continue
        kept = best.get(bid.supplier)
        if kept is not None:
            higher, best[bid.supplier] = (bid, kept) if bid.price >= kept.price else (kept, bid)
            excluded.append(higher)
            reasons.append(
                Reason.of(
                    "SAVINGS.BID_DUPLICATE_SUPPLIER",
                    f"{bid.supplier} bid more than once; only its lowest compliant price "
                    f"{best[bid.supplier].price} counts, not {higher.price}.",
                    supplier=bid.supplier,
                    price=higher.price,
                )
            )
            continue
        best[bid.supplier] = bid
    counted = sorted(best.values(), key=lambda b: (b.price, b.supplier))
    return counted, excluded, reasons


def _baseline(
    line_bids: Sequence[Bid],
    *,
    line: str,
    currency: str,
    method: BidBaselineMethod,
    price_places: int | None,
    rounding: str,
) -> BidBaseline:
    counted, excluded, reasons = _select(line_bids)
    used: list[Bid] = counted
    price: Decimal | None = None
    where = f" on line {line!r}" if line else ""
    if len(counted) < _NEEDED[method]:
        reasons.append(
            Reason.of(
                "SAVINGS.BID_BASELINE_UNAVAILABLE",
                f"The {method.value} baseline{where} needs {_NEEDED[method]} compliant "
                f"supplier bid(s); there are {len(counted)}.",
                severity=Severity.WARNING,
                method=method,
                compliant=len(counted),
            )
        )
        return BidBaseline(
            rule="savings.bid_baseline@1",
            currency=currency,
            line=line,
            method=method,
            baseline_price=None,
            baseline_method=_EVENT_METHOD[method],
            evidence="",
            counted=(),
            excluded=(*excluded, *counted),
            reasons=tuple(reasons),
        )
    if method is BidBaselineMethod.AVERAGE_COMPLIANT:
        places = price_places
        if places is None:
            places = max(minor_units(currency), *(_places(b.price) for b in counted))
        with exact():
            total = sum((b.price for b in counted), ZERO)
            price = (total / len(counted)).quantize(Decimal(1).scaleb(-places), rounding=rounding)
        how = f"the average of {len(counted)} compliant bid(s), {total} / {len(counted)}"
    else:
        index = 0 if method is BidBaselineMethod.LOWEST else 1
        used = [counted[index]]
        excluded.extend(b for b in counted if b is not counted[index])
        price = counted[index].price
        ordinal = "lowest" if index == 0 else "second-lowest"
        how = f"the {ordinal} of {len(counted)} compliant supplier bid(s), {used[0].supplier}'s"
    evidence = f"{method.value} of bids{where}: " + ", ".join(_shown(b) for b in used)
    reasons.append(
        Reason.of(
            "SAVINGS.BID_BASELINE",
            f"Baseline{where} {price} {currency} is {how} ("
            + ", ".join(_shown(b) for b in counted)
            + ").",
            baseline=price,
            method=method,
            counted=len(used),
        )
    )
    return BidBaseline(
        rule="savings.bid_baseline@1",
        currency=currency,
        line=line,
        method=method,
        baseline_price=price,
        baseline_method=_EVENT_METHOD[method],
        evidence=evidence,
        counted=tuple(used),
        excluded=tuple(excluded),
        reasons=tuple(reasons),
    )


def _check_places(price_places: object) -> int | None:
    if price_places is None:
        return None
    return check_int(price_places, "price_places", minimum=0)


def bid_baseline(
    bids: Sequence[Bid],
    *,
    currency: str,
    method: BidBaselineMethod = BidBaselineMethod.AVERAGE_COMPLIANT,
    price_places: int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
) -> BidBaseline:
    """Form a baseline price from the bids for one line.

    Non-compliant bids never count; a supplier counts once, at its lowest
    compliant price. ``AVERAGE_COMPLIANT`` averages the remaining bids,
    ``LOWEST`` takes the lowest, ``SECOND_LOWEST`` the next supplier's
    (a tie with the lowest gives the same price). Too few compliant bids is an
    outcome, not an error: ``baseline_price`` is None with a warning.

    Args:
        bids: The bids, all for the same line, all in ``currency``.
        currency: ISO 4217 code.
        method: [`BidBaselineMethod`][spendrules.savings.BidBaselineMethod]; default ``AVERAGE_COMPLIANT`` (ISM).
        price_places: Decimal places of an average (>= 0). Default None: the most places
            among the bids averaged, never fewer than the currency's minor unit (the
            precision the prices were quoted in). The lowest and second-lowest bids are
            used as bid.
        rounding: Rounding of an average; default ROUND_HALF_UP.

    Returns:
        A [`BidBaseline`][spendrules.savings.BidBaseline].

    Raises:
        TypeError: ``bids`` not a sequence of [`Bid`][spendrules.savings.Bid].
        CurrencyMismatchError: a bid in another currency.
        InvalidInputError: bids for more than one line, an unknown method, a negative
            ``price_places``, a bad ``rounding``.
        UnknownCurrencyError: an unknown currency.

    Examples:
        >>> bids = [Bid(supplier="Acme", price=Decimal("95.00"), currency="USD"),
        ...         Bid(supplier="Bolt", price=Decimal("90.00"), currency="USD"),
        ...         Bid(supplier="Crux", price=Decimal("70.00"), currency="USD",
        ...             compliant=False),
        ...         Bid(supplier="Dyne", price=Decimal("100.00"), currency="USD")]
        >>> for method in BidBaselineMethod:
        ...     r = bid_baseline(bids, currency="USD", method=method)
        ...     print(f"{method.value:17} {r.baseline_price} {r.baseline_method.value}")
        average_compliant 95.00 bid_average
        lowest            90.00 quote
        second_lowest     95.00 next_lowest_bid

    References:
        ISM bulletin post p=831 (2013); NIGP "POL – Cost Savings-Avoidance Instructions"
        (2007); Fairmarkit "Analytics calculations"; sorcaro "Savings Baseline
        Methodology" ("Initial bids are poor substitutes for market prices"); domain
        notes §1–§2.
    """
    check_currency(currency, "currency")
    chosen = to_enum(BidBaselineMethod, method, "method")
    places = _check_places(price_places)
    mode = _check_rounding(rounding)
    checked = _check_bids(bids, currency)
    lines = sorted({bid.line for bid in checked})
    if len(lines) > 1:
        raise InvalidInputError(
            "bids", lines, "bids for one line (use awarded_savings for a table)"
        )
    return _baseline(
        checked,
        line=lines[0] if lines else "",
        currency=currency,
        method=chosen,
        price_places=places,
        rounding=mode,
    )


# Awarded savings ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LineAward:
    """One line awarded to one supplier, valued against the line's baseline.

    Attributes:
        line: The tender line.
        supplier: The supplier awarded.
        quantity: Units on the line.
        price: The awarded unit price.
        awarded_spend: round(price × quantity).
        baseline_price: The line's baseline unit price; None when it has none.
        baseline_spend: round(baseline_price × quantity); None without a baseline.
        savings: ``baseline_spend − awarded_spend``; None without a baseline.
    """

    line: str
    supplier: str
    quantity: Decimal
    price: Decimal
    awarded_spend: Decimal
    baseline_price: Decimal | None
    baseline_spend: Decimal | None
    savings: Decimal | None


@attrs.frozen(kw_only=True)
class AwardedSavings(Explained):
    """Awarded savings of a bid table, line by line and for one supplier.

    Totals run over the awarded lines; savings totals over those with a baseline,
    so ``line_level_savings == baseline_spend − Σ awarded_spend`` of those lines.

    Attributes:
        rule: ``"savings.awarded@1"``.
        currency: ISO 4217 code.
        baseline: The [`BidBaselineMethod`][spendrules.savings.BidBaselineMethod] of the line baselines; None when the
            caller gave ``baseline_prices``.
        line_awards: Line level: each awarded line to its lowest compliant bid, lines sorted
            by name.
        unawarded_lines: Lines without any compliant bid (in no total).
        baseline_spend: Σ baseline spend of the awarded lines that have a baseline.
        line_level_spend: Σ awarded spend, line level.
        line_level_savings: Σ line savings, line level.
        event_supplier: The one supplier with compliant bids on every line and the lowest
            total; None when no supplier bid compliantly on every line.
        event_awards: Event level: every line to ``event_supplier``, lines sorted by name
            (empty without one).
        event_level_spend: Σ awarded spend, event level (None without a supplier).
        event_level_savings: Σ line savings, event level (None without a supplier).
        single_supplier_premium: ``event_level_spend − line_level_spend`` (>= 0): what
            awarding the whole event to one supplier costs over splitting it.
        reasons: The awards in words.
    """

    rule: str
    currency: str
    baseline: BidBaselineMethod | None
    line_awards: tuple[LineAward, ...]
    unawarded_lines: tuple[str, ...]
    baseline_spend: Decimal
    line_level_spend: Decimal
    line_level_savings: Decimal
    event_supplier: str | None
    event_awards: tuple[LineAward, ...]
    event_level_spend: Decimal | None
    event_level_savings: Decimal | None
    single_supplier_premium: Decimal | None
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        return [
            f"  {level} {award.line or '(event)'}: {award.supplier} {award.quantity} x "
            f"{award.price} = {award.awarded_spend}, baseline {award.baseline_spend}, savings "
            f"{award.savings}"
            for level, awards in (("line", self.line_awards), ("event", self.event_awards))
            for award in awards
        ]


def _line_award(
    bid: Bid, quantity: Decimal, baseline: Decimal | None, quantum: Decimal, mode: str
) -> LineAward:
    with exact():
        spend = (bid.price * quantity).quantize(quantum, rounding=mode)
        base = None if baseline is None else (baseline * quantity).quantize(quantum, rounding=mode)
        saved = None if base is None else base - spend
    return LineAward(
        line=bid.line,
        supplier=bid.supplier,
        quantity=quantity,
        price=bid.price,
        awarded_spend=spend,
        baseline_price=baseline,
        baseline_spend=base,
        savings=saved,
    )


def _check_mapping(value: object, field: str, lines: Sequence[str]) -> dict[str, Decimal] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise f.type_error(field, "a mapping of line to Decimal", value)
    if set(value) != set(lines):
        raise InvalidInputError(field, sorted(map(str, value)), f"one entry per line {lines}")
    return {line: check_non_negative(value[line], f"{field}[{line!r}]") for line in lines}


def _total(values: Sequence[Decimal | None]) -> Decimal:
    with exact():
        return sum((v for v in values if v is not None), ZERO)


def awarded_savings(
    bids: Sequence[Bid],
    *,
    currency: str,
    quantities: Mapping[str, Decimal | int] | None = None,
    baseline: BidBaselineMethod = BidBaselineMethod.AVERAGE_COMPLIANT,
    baseline_prices: Mapping[str, Decimal | int] | None = None,
    price_places: int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
) -> AwardedSavings:
    """Value a bid table awarded line by line and awarded to one supplier.

    Line level: each line goes to its lowest compliant bid. Event level: the
    whole event goes to the supplier with compliant bids on every line and the
    lowest total spend. Each line is valued against its baseline, from that
    line's bids ([`bid_baseline`][spendrules.savings.bid_baseline] with ``baseline``) or from
    ``baseline_prices`` (a price paid, say); the savings of a line are
    ``round(baseline × quantity) − round(price × quantity)``, so totals are sums
    of line amounts, exact to the cent.

    Args:
        bids: The bid table: one [`Bid`][spendrules.savings.Bid] per supplier and line, all in ``currency``.
        currency: ISO 4217 code.
        quantities: Units per line (>= 0), one entry per line. Default None: 1 per line
            (the bids are line totals).
        baseline: How each line's baseline is formed from its bids; default
            ``AVERAGE_COMPLIANT``. Ignored when ``baseline_prices`` is given.
        baseline_prices: A baseline unit price per line (>= 0), one entry per line, e.g.
            the last price paid. Default None: from the bids.
        price_places: Decimal places of an averaged baseline (see [`bid_baseline`][spendrules.savings.bid_baseline]).
        rounding: Rounding to the minor unit; default ROUND_HALF_UP.

    Returns:
        An [`AwardedSavings`][spendrules.savings.AwardedSavings].

    Raises:
        TypeError: ``bids`` not a sequence of [`Bid`][spendrules.savings.Bid], a mapping of the wrong type,
            a ``float``.
        CurrencyMismatchError: a bid in another currency.
        InvalidInputError: no bids, a mapping without exactly one entry per line, a
            negative quantity or price, an unknown method, a bad ``rounding``.
        UnknownCurrencyError: an unknown currency.

    Examples:
        A base bid and two additive items from three bidders (Public Contracting blog,
        "Determining the Low Bidder", 2008): bidder 3 has the lowest total, 121,000, but
        line by line the event costs 116,000.

        >>> table = {"base": (100_000, 102_000, 105_000), "additive 1": (20_000, 15_000,
        ...          13_000), "additive 2": (6_000, 5_000, 3_000)}
        >>> bids = [Bid(supplier=f"Bidder {n}", price=Decimal(p), currency="USD", line=line)
        ...         for line, prices in table.items() for n, p in enumerate(prices, 1)]
        >>> r = awarded_savings(bids, currency="USD")
        >>> [(a.line, a.supplier) for a in r.line_awards]
        [('additive 1', 'Bidder 3'), ('additive 2', 'Bidder 3'), ('base', 'Bidder 1')]
        >>> r.line_level_spend, r.event_supplier, r.event_level_spend, r.single_supplier_premium
        (Decimal('116000.00'), 'Bidder 3', Decimal('121000.00'), Decimal('5000.00'))
        >>> r.baseline_spend, r.line_level_savings, r.event_level_savings
        (Decimal('123000.00'), Decimal('7000.00'), Decimal('2000.00'))

    References:
        ISM bulletin post p=831 (2013); NIGP (2007); Fairmarkit "Analytics calculations"
        (Identified, Awarded, Missed); Public Contracting blog "Determining the Low
        Bidder" (2008); domain notes §1–§2.
    """
    check_currency(currency, "currency")
    method = to_enum(BidBaselineMethod, baseline, "baseline")
    places = _check_places(price_places)
    mode = _check_rounding(rounding)
    checked = _check_bids(bids, currency)
    if not checked:
        raise InvalidInputError("bids", [], "at least one bid")
    lines = sorted({bid.line for bid in checked})
    units = _check_mapping(quantities, "quantities", lines)
    given = _check_mapping(baseline_prices, "baseline_prices", lines)
    quantum = Decimal(1).scaleb(-minor_units(currency))
    reasons: list[Reason] = []
    line_awards: list[LineAward] = []
    unawarded: list[str] = []
    bases: dict[str, Decimal | None] = {}
    offers: dict[str, dict[str, Bid]] = {}
    for line in lines:
        line_bids = [bid for bid in checked if bid.line == line]
        counted, _excluded, notes = _select(line_bids)
        reasons.extend(notes)
        offers[line] = {bid.supplier: bid for bid in counted}
        if given is None:
            formed = _baseline(
                line_bids,
                line=line,
                currency=currency,
                method=method,
                price_places=places,
                rounding=mode,
            )
            bases[line] = formed.baseline_price
            reasons.extend(r for r in formed.reasons if r.code.startswith("SAVINGS.BID_BASELINE"))
        else:
            bases[line] = given[line]
        if not counted:
            unawarded.append(line)
            reasons.append(
                Reason.of(
                    "SAVINGS.AWARD_LINE_UNAWARDED",
                    f"Line {line!r} has no compliant bid: it is not awarded and in no total.",
                    severity=Severity.WARNING,
                    line=line,
                )
            )
            continue
        quantity = Decimal(1) if units is None else units[line]
        line_awards.append(_line_award(counted[0], quantity, bases[line], quantum, mode))
    line_spend = _total([a.awarded_spend for a in line_awards])
    base_spend = _total([a.baseline_spend for a in line_awards])
    line_saved = _total([a.savings for a in line_awards])
    reasons.append(
        Reason.of(
            "SAVINGS.AWARD_LINE_LEVEL",
            f"Line by line, {len(line_awards)} line(s) go to their lowest compliant bid for "
            f"{line_spend} {currency}; against a baseline of {base_spend} that saves "
            f"{line_saved}.",
            spend=line_spend,
            savings=line_saved,
        )
    )
    candidates = sorted(
        (_total([a.awarded_spend for a in awards]), awards[0].supplier, awards)
        for awards in (
            tuple(
                _line_award(
                    offers[line][supplier],
                    Decimal(1) if units is None else units[line],
                    bases[line],
                    quantum,
                    mode,
                )
                for line in lines
            )
            for supplier in sorted({b.supplier for b in checked})
            if all(supplier in offers[line] for line in lines)
        )
    )
    event_awards: tuple[LineAward, ...] = ()
    event_supplier = event_spend = event_saved = premium = None
    if candidates:
        event_spend, event_supplier, event_awards = candidates[0]
        event_saved = _total([a.savings for a in event_awards])
        with exact():
            premium = event_spend - line_spend
        reasons.append(
            Reason.of(
                "SAVINGS.AWARD_EVENT_LEVEL",
                f"One supplier for the whole event: {event_supplier} has the lowest compliant "
                f"total, {event_spend} {currency} (saving {event_saved} against the same "
                f"baselines), {premium} more than awarding line by line.",
                supplier=event_supplier,
                spend=event_spend,
                savings=event_saved,
                premium=premium,
            )
        )
    else:
        reasons.append(
            Reason.of(
                "SAVINGS.AWARD_NO_SINGLE_SUPPLIER",
                f"No supplier bid compliantly on all {len(lines)} line(s): the event cannot go "
                "to one supplier.",
                severity=Severity.WARNING,
                lines=len(lines),
            )
        )
    return AwardedSavings(
        rule="savings.awarded@1",
        currency=currency,
        baseline=None if given is not None else method,
        line_awards=tuple(line_awards),
        unawarded_lines=tuple(unawarded),
        baseline_spend=base_spend,
        line_level_spend=line_spend,
        line_level_savings=line_saved,
        event_supplier=event_supplier,
        event_awards=event_awards,
        event_level_spend=event_spend,
        event_level_savings=event_saved,
        single_supplier_premium=premium,
        reasons=tuple(reasons),
    )
