"""Contract cases for spendrules.payment_terms (issue 3: model, parser, schedules).

The strategies here are also the generators of the property tests in
``test_payment_terms*.py``: every kind of share, due rule and discount tier.
"""

from __future__ import annotations

import functools
import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from spendrules import payment_terms as pt
from spendrules.calendars import Roll, WeekendCalendar

from contract_support import Call, Case

# --------------------------------------------------------------------------- due rules

net_days = st.builds(pt.NetDays, st.integers(0, 400))
net_months = st.builds(pt.NetMonths, st.integers(0, 36))
after_eom = st.builds(pt.DaysAfterEndOfMonth, st.integers(0, 90), months=st.integers(0, 4))
eom_on = st.builds(pt.DaysEndOfMonthOn, st.integers(0, 120), day=st.integers(0, 31))
day_of_month = st.builds(
    pt.DayOfMonth,
    st.integers(1, 31),
    months_ahead=st.integers(0, 4),
    cutoff_day=st.none() | st.integers(1, 31),
)
eom_dating = st.builds(
    pt.EomDating, st.integers(0, 90), late_cutoff_day=st.none() | st.integers(1, 30)
)
advance = st.just(pt.Advance())

#: Basic rules other than Advance (what PaymentDays and discount deadlines may use).
plain_rules: st.SearchStrategy[Any] = st.one_of(
    net_days, net_months, after_eom, eom_on, day_of_month, eom_dating
)
basic_rules: st.SearchStrategy[Any] = st.one_of(plain_rules, advance)

payment_day_lists = st.lists(st.integers(1, 31), min_size=1, max_size=4, unique=True).map(
    lambda days: tuple(sorted(days))
)
payment_days = st.builds(pt.PaymentDays, payment_day_lists, after=plain_rules)


@st.composite
def day_limits(draw: st.DrawFn) -> pt.DayLimit:
    limits = [*sorted(draw(st.lists(st.integers(1, 30), max_size=3, unique=True))), 31]
    rules = st.one_of(basic_rules, payment_days)
    return pt.DayLimit(tuple(pt.DayLimitEntry(limit, draw(rules)) for limit in limits))


#: Every due rule, DayLimit included.
due_rules: st.SearchStrategy[Any] = st.one_of(basic_rules, payment_days, day_limits())
#: The rules whose due date never decreases when the baseline increases (all but DayLimit).
monotone_rules: st.SearchStrategy[Any] = st.one_of(basic_rules, payment_days)
deadline_rules: st.SearchStrategy[Any] = st.one_of(plain_rules, payment_days, day_limits())

# --------------------------------------------------------------------------- tiers, shares, terms

rates = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.5"), places=4)


@st.composite
def tiers(
    draw: st.DrawFn, deadlines: st.SearchStrategy[Any] = deadline_rules
) -> tuple[pt.DiscountTier, ...]:
    chosen = sorted(draw(st.lists(rates, max_size=3, unique=True)), reverse=True)
    return tuple(pt.DiscountTier(rate, draw(deadlines)) for rate in chosen)


@st.composite
def shares(draw: st.DrawFn, count: int) -> list[Any]:
    """``count`` shares that add up to the whole."""
    if count == 1:
        return [
            draw(st.sampled_from([pt.Remainder(), pt.Percent(Decimal(100)), pt.Ratio(Fraction(1))]))
        ]
    kind = draw(st.sampled_from(["percent", "ratio", "mixed"]))
    if kind == "percent":
        cuts = sorted(
            draw(
                st.lists(st.integers(1, 9999), min_size=count - 1, max_size=count - 1, unique=True)
            )
        )
        bounds = [0, *cuts, 10000]
        return [pt.Percent(Decimal(b - a).scaleb(-2)) for a, b in itertools.pairwise(bounds)]
    if kind == "ratio":
        weights = draw(st.lists(st.integers(1, 7), min_size=count, max_size=count))
        return [pt.Ratio(Fraction(w, sum(weights))) for w in weights]
    parts: list[Any] = []
    budget = Fraction(1)
    for _ in range(count - 1):
        choice = draw(st.sampled_from(["percent", "ratio", "fixed"]))
        if choice == "fixed":
            parts.append(pt.FixedAmount(Decimal(draw(st.integers(1, 50)))))
        elif choice == "percent":
            value = Decimal(draw(st.integers(1, 20)))
            budget -= Fraction(value) / 100
            parts.append(pt.Percent(value))
        else:
            value_r = Fraction(1, draw(st.integers(6, 12)))
            budget -= value_r
            parts.append(pt.Ratio(value_r))
    parts.insert(draw(st.integers(0, len(parts))), pt.Remainder())
    assert budget > 0
    return parts


@st.composite
def payment_terms(
    draw: st.DrawFn,
    *,
    rules: st.SearchStrategy[Any] = due_rules,
    deadlines: st.SearchStrategy[Any] = deadline_rules,
    max_installments: int = 3,
) -> pt.PaymentTerms:
    count = draw(st.integers(1, max_installments))
    items = tuple(
        pt.Installment(draw(rules), draw(tiers(deadlines)), share) for share in draw(shares(count))
    )
    return pt.PaymentTerms(
        items,
        discount_base=draw(st.sampled_from(pt.DiscountBase)),
        basis=draw(st.sampled_from(pt.Basis)),
    )


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD", "CLF"])
totals = st.decimals(
    min_value=-(10**7), max_value=10**7, places=3, allow_nan=False, allow_infinity=False
)


@st.composite
def schedule_kwargs(
    draw: st.DrawFn, terms: st.SearchStrategy[pt.PaymentTerms] | None = None
) -> dict[str, Any]:
    chosen = draw(terms if terms is not None else payment_terms())
    amount = draw(totals)
    fixed = sum(
        (
            item.share.amount
            for item in chosen.installments
            if isinstance(item.share, pt.FixedAmount)
        ),
        Decimal(0),
    )
    if fixed:
        amount = amount.copy_sign(1) + fixed * 4 if amount >= 0 else amount - fixed * 4
    tax = draw(st.sampled_from([Decimal(0), Decimal("0.1"), Decimal("0.25")])) * amount
    convention = draw(st.sampled_from(Roll))
    return {
        "terms": chosen,
        "invoice_date": draw(days),
        "amount": amount,
        "currency": draw(currencies),
        "tax_amount": tax,
        "calendar": None if convention is Roll.UNADJUSTED else WeekendCalendar(),
        "roll": convention,
        "grace_days": draw(st.integers(0, 3)),
    }


def _schedule(kwargs: dict[str, Any]) -> pt.PaymentSchedule:
    return pt.schedule(**kwargs)


schedules = schedule_kwargs().map(_schedule)

# --------------------------------------------------------------------------- registry

CASES = [
    Case(pt.NetDays, net_days),
    Case(pt.NetMonths, net_months),
    Case(pt.DaysAfterEndOfMonth, after_eom),
    Case(pt.DaysEndOfMonthOn, eom_on),
    Case(pt.DayOfMonth, day_of_month),
    Case(pt.EomDating, eom_dating),
    Case(pt.Advance, advance),
    Case(pt.PaymentDays, payment_days),
    Case(pt.DayLimitEntry, st.builds(pt.DayLimitEntry, st.integers(1, 31), basic_rules)),
    Case(pt.DayLimit, day_limits()),
    Case(
        pt.Percent,
        st.builds(pt.Percent, st.decimals(min_value=Decimal("0.01"), max_value=100, places=2)),
    ),
    Case(
        pt.Ratio,
        st.builds(
            pt.Ratio, st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=10**6)
        ),
    ),
    Case(
        pt.FixedAmount,
        st.builds(
            pt.FixedAmount, st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2)
        ),
    ),
    Case(pt.Remainder, st.just(pt.Remainder())),
    Case(pt.DiscountTier, st.builds(pt.DiscountTier, rates, deadline_rules)),
    Case(pt.Installment, payment_terms(max_installments=1).map(lambda t: t.installments[0])),
    Case(pt.PaymentTerms, payment_terms()),
    Case(pt.PaymentSchedule, schedules),
    Case(pt.ScheduleLine, schedules.map(lambda s: s.lines[-1])),
    Case(
        pt.DiscountOffer,
        schedule_kwargs(payment_terms(max_installments=1).filter(lambda t: t.has_discount))
        .map(_schedule)
        .filter(lambda s: bool(s.lines[0].discounts))
        .map(lambda s: s.lines[0].discounts[0]),
    ),
]

CALLS = [
    Call(
        "payment_terms.parse_terms",
        st.builds(functools.partial, st.just(pt.parse_terms), payment_terms().map(pt.format_terms)),
    ),
    Call(
        "payment_terms.format_terms",
        st.builds(functools.partial, st.just(pt.format_terms), payment_terms()),
    ),
    Call(
        "payment_terms.schedule",
        schedule_kwargs().map(lambda kw: functools.partial(pt.schedule, **kw)),
    ),
    Call(
        "payment_terms.PaymentSchedule.amount_payable",
        st.builds(lambda s, d: functools.partial(s.amount_payable, d), schedules, days),
    ),
]
