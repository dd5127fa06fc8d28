"""Hypothesis properties of spendrules.payment_terms (the issue's "Done means")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contract_payment_terms import (
    days,
    monotone_rules,
    payment_terms,
    schedule_kwargs,
)
from spendrules.calendars import HolidayCalendar, Roll, WeekendCalendar
from spendrules.errors import ParseError
from spendrules.money import minor_units, quantize
from spendrules.payment_terms import (
    PaymentTerms,
    format_terms,
    parse_terms,
    schedule,
)
from spendrules.serialization import from_json, to_json

EXAMPLES = settings(max_examples=200, deadline=None)


@EXAMPLES
@given(schedule_kwargs())
def test_lines_sum_exactly_to_the_quantized_total(kwargs: dict[str, Any]) -> None:
    plan = schedule(**kwargs)
    assert plan.total == quantize(kwargs["amount"], kwargs["currency"])
    assert sum((line.amount for line in plan.lines), Decimal(0)) == plan.total
    for line in plan.lines:
        assert line.amount == quantize(line.amount, kwargs["currency"])
        assert line.amount == 0 or (line.amount < 0) == (plan.total < 0)


@EXAMPLES
@given(
    schedule_kwargs(payment_terms().filter(lambda t: not t.has_advance)),
    st.sampled_from([Roll.UNADJUSTED, Roll.FOLLOWING]),
)
def test_due_dates_never_precede_the_baseline_without_advance_payment(
    kwargs: dict[str, Any], roll: Roll
) -> None:
    kwargs.update(roll=roll, calendar=None if roll is Roll.UNADJUSTED else WeekendCalendar())
    plan = schedule(**kwargs)
    for line in plan.lines:
        assert line.unadjusted_due_date >= plan.baseline_date
        assert line.due_date >= plan.baseline_date


@EXAMPLES
@given(schedule_kwargs(), st.sampled_from(Roll), st.integers(0, 5))
def test_discount_deadline_never_after_the_net_due_date(
    kwargs: dict[str, Any], discount_roll: Roll, grace: int
) -> None:
    kwargs.update(
        discount_roll=discount_roll, discount_grace_days=grace, calendar=WeekendCalendar()
    )
    plan = schedule(**kwargs)
    for line in plan.lines:
        for offer in line.discounts:
            assert offer.deadline <= line.due_date


@EXAMPLES
@given(monotone_rules, days, days)
def test_due_dates_never_decrease_when_the_baseline_increases(
    rule: Any, first: date, second: date
) -> None:
    early, late = sorted((first, second))
    assert rule.due_date(early) <= rule.due_date(late)


@EXAMPLES
@given(monotone_rules, days)
def test_due_dates_are_monotone_day_by_day(rule: Any, base: date) -> None:
    previous = rule.due_date(base)
    for step in range(1, 40):
        current = rule.due_date(date.fromordinal(base.toordinal() + step))
        assert current >= previous
        previous = current


@EXAMPLES
@given(payment_terms())
def test_format_then_parse_is_the_identity(terms: PaymentTerms) -> None:
    text = format_terms(terms)
    assert parse_terms(text) == terms
    assert format_terms(parse_terms(text)) == text  # canonical: a fixed point


@EXAMPLES
@given(payment_terms())
def test_terms_round_trip_through_json(terms: PaymentTerms) -> None:
    assert from_json(to_json(terms), PaymentTerms) == terms


holiday_calendars = st.builds(
    HolidayCalendar,
    st.frozensets(st.dates(min_value=date(1990, 1, 1), max_value=date(2101, 12, 31)), max_size=40),
    weekend=st.sampled_from([frozenset({5, 6}), frozenset({4, 5}), frozenset()]),
)


@EXAMPLES
@given(
    schedule_kwargs(),
    st.sampled_from([r for r in Roll if r is not Roll.UNADJUSTED]),
    st.sampled_from([r for r in Roll if r is not Roll.UNADJUSTED]),
    st.one_of(st.just(WeekendCalendar()), holiday_calendars),
)
def test_rolled_dates_are_business_days(
    kwargs: dict[str, Any], roll: Roll, discount_roll: Roll, calendar: Any
) -> None:
    kwargs.update(calendar=calendar, roll=roll, discount_roll=discount_roll, grace_days=0)
    plan = schedule(**kwargs)
    assume(plan.total != 0)
    for line in plan.lines:
        assert calendar.is_business_day(line.due_date)
        for offer in line.discounts:
            assert calendar.is_business_day(offer.deadline)


@EXAMPLES
@given(schedule_kwargs(), days, days)
def test_amount_payable_is_bounded_and_never_falls_as_the_payment_date_moves_later(
    kwargs: dict[str, Any], first: date, second: date
) -> None:
    plan = schedule(**kwargs)
    early, late = sorted((first, second))
    for line in plan.lines:
        assert abs(line.amount_payable(early)) <= abs(line.amount_payable(late)) <= abs(line.amount)
        assert line.amount_payable(date.max) == line.amount
    assert abs(plan.amount_payable(early)) <= abs(plan.amount_payable(late)) <= abs(plan.total)


@EXAMPLES
@given(schedule_kwargs())
def test_each_discount_is_on_its_own_installment(kwargs: dict[str, Any]) -> None:
    """The discount of a tier never exceeds its rate times the line's own amount (plus half a minor unit)."""
    plan = schedule(**kwargs)
    half_unit = Decimal(1).scaleb(-minor_units(kwargs["currency"])) / 2
    for line in plan.lines:
        for offer in line.discounts:
            assert abs(offer.discount) <= abs(offer.rate * line.amount) + half_unit
            assert offer.payable == line.amount - offer.discount


vocabulary = st.sampled_from(
    [
        "net",
        "n/",
        "N",
        "days",
        "day",
        "month",
        "months",
        "EOM",
        "eom",
        "prox",
        "of",
        "the",
        "this",
        "next",
        "month",
        "+",
        "end",
        "after",
        "on",
        "cutoff",
        "payment",
        "and",
        "advance",
        "in",
        "due",
        "receipt",
        "COD",
        "CIA",
        "CWO",
        "ROI",
        "monthly",
        "balance",
        "fixed",
        "total",
        "from",
        "delivery",
        "goods",
        "invoice",
        "discount",
        "before",
        "tax",
        "mixed",
        "gross",
        "to",
        ":",
        "(",
        ")",
        ",",
        ";",
        "%",
        "10th",
        "1st",
        "2/10",
        "1/3",
        "30",
        "0",
        "31",
        "99",
        "12.5",
        "2 %",
        "until",
    ]
)
token_soup = st.lists(vocabulary, max_size=14).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(st.text(max_size=60), token_soup),
    st.sampled_from(["us", "ama", "prox-day", "prox-days"]),
)
def test_arbitrary_text_parses_or_raises_parse_error(text: str, dialect: str) -> None:
    try:
        terms = parse_terms(text, dialect=dialect)
    except ParseError as exc:
        assert 0 <= exc.position <= len(text)
        assert exc.expected
        assert str(exc)
    else:
        assert isinstance(terms, PaymentTerms)
        assert parse_terms(format_terms(terms)) == terms
