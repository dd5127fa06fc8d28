"""Hypothesis strategies shared by the interop tests: any valid payment term, any due rule."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from spendrules.payment_terms import (
    Advance,
    Basis,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentDays,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
)

days = st.integers(0, 400)
months = st.integers(0, 24)
bases = st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31))

basic_rules = st.one_of(
    st.builds(NetDays, days),
    st.builds(NetMonths, months),
    st.builds(DaysAfterEndOfMonth, days, months=st.integers(0, 3)),
    st.builds(DaysEndOfMonthOn, days, st.integers(0, 31)),
    st.builds(
        DayOfMonth,
        st.integers(1, 31),
        months_ahead=st.integers(0, 3),
        cutoff_day=st.none() | st.integers(1, 31),
    ),
    st.builds(EomDating, days, late_cutoff_day=st.none() | st.integers(1, 30)),
)


@st.composite
def day_limits(draw: st.DrawFn) -> DayLimit:
    cuts = draw(st.lists(st.integers(1, 30), max_size=2, unique=True).map(sorted))
    limits = [*cuts, 31]
    return DayLimit(tuple(DayLimitEntry(limit, draw(basic_rules)) for limit in limits))


payment_days = st.builds(
    PaymentDays,
    st.lists(st.integers(1, 31), min_size=1, max_size=3, unique=True).map(
        lambda d: tuple(sorted(d))
    ),
    after=basic_rules,
)

deadlines = st.one_of(basic_rules, basic_rules, day_limits(), payment_days)
rules = st.one_of(deadlines, st.just(Advance()))
simple_rules = st.one_of(
    st.builds(NetDays, days),
    st.builds(DaysAfterEndOfMonth, days, months=st.integers(0, 1)),
    basic_rules,
)
rates = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.25"), places=3)


@st.composite
def tiers(
    draw: st.DrawFn, deadline: st.SearchStrategy[object] = deadlines
) -> tuple[DiscountTier, ...]:
    chosen = draw(st.lists(rates, max_size=3, unique=True))
    chosen.sort(reverse=True)
    return tuple(DiscountTier(rate, draw(deadline)) for rate in chosen)


@st.composite
def shares(draw: st.DrawFn, count: int) -> list[object]:
    """Shares of ``count`` installments that add up to the whole (the model's rule)."""
    mode = draw(st.sampled_from(["percent", "ratio", "fixed", "remainder"]))
    if count == 1:
        return [Remainder()] if mode != "percent" else [Percent(Decimal(100))]
    if mode == "fixed":
        out: list[object] = [
            FixedAmount(draw(st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2)))
            for _ in range(count - 1)
        ]
        out.insert(draw(st.integers(0, count - 1)), Remainder())
        return out
    if mode == "ratio":
        denominator = draw(st.integers(count, 12))
        parts = [Fraction(1, denominator)] * (count - 1)
        return [Ratio(p) for p in parts] + [Ratio(1 - sum(parts))]
    cuts = sorted(
        draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True))
    )
    points = [0, *cuts, 100]
    percents = [Percent(Decimal(b - a)) for a, b in itertools.pairwise(points)]
    if mode == "remainder":
        percents[draw(st.integers(0, count - 1))] = Remainder()  # type: ignore[call-overload]
    return percents


@st.composite
def payment_terms(
    draw: st.DrawFn,
    due: st.SearchStrategy[object] = rules,
    deadline: st.SearchStrategy[object] = deadlines,
) -> PaymentTerms:
    count = draw(st.sampled_from([1, 1, 2, 3]))
    parts = draw(shares(count))
    items = tuple(
        Installment(draw(due), draw(tiers(deadline)), share=share)  # type: ignore[arg-type]
        for share in parts
    )
    return PaymentTerms(
        items,
        discount_base=draw(st.sampled_from([DiscountBase.GROSS] * 4 + list(DiscountBase))),
        basis=draw(st.sampled_from([Basis.INVOICE] * 6 + list(Basis))),
    )


#: Any term, half of them with simple rules (so that most writers accept them).
any_terms = st.one_of(payment_terms(), payment_terms(due=simple_rules, deadline=simple_rules))
