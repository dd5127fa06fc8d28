"""Contract cases for the foundation modules."""

from __future__ import annotations

import functools
from datetime import date

from hypothesis import strategies as st

from spendrules import calendars, errors, money
from spendrules.results import Reason, Severity

from contract_support import Call, Case

codes = st.from_regex(r"[A-Z]{2,8}\.[A-Z][A-Z_]{1,12}", fullmatch=True)
amounts = st.decimals(
    min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4
)
currency_codes = st.sampled_from(sorted(money.currencies()))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
text = st.text(max_size=30)
weekends = st.frozensets(st.integers(0, 6), max_size=6)

reasons = st.builds(
    Reason,
    code=codes,
    message=text,
    severity=st.sampled_from(Severity),
    facts=st.lists(st.tuples(st.text(max_size=8), text), max_size=3).map(tuple),
)

CASES = [
    Case(Reason, reasons),
    Case(calendars.WeekendCalendar, st.builds(calendars.WeekendCalendar, weekend=weekends)),
    Case(
        calendars.HolidayCalendar,
        st.tuples(st.frozensets(days, max_size=5), st.frozensets(days, max_size=3), weekends).map(
            lambda hww: calendars.HolidayCalendar(hww[0], weekend=hww[2], workdays=hww[1] - hww[0])
        ),
    ),
    Case(errors.SpendRulesError, st.builds(errors.SpendRulesError, text)),
    Case(errors.InvalidInputError, st.builds(errors.InvalidInputError, text, amounts, text)),
    Case(errors.UnknownCurrencyError, st.builds(errors.UnknownCurrencyError, text, text)),
    Case(
        errors.FrameInputError,
        st.builds(
            errors.FrameInputError,
            st.none() | st.integers(min_value=0),
            text,
            amounts,
            text,
            st.sampled_from(["INPUT.TYPE", "INPUT.MISSING", "INPUT.INVALID", "INPUT.PARSE"]),
        ),
    ),
    Case(errors.CurrencyMismatchError, st.builds(errors.CurrencyMismatchError, text, text, text)),
    Case(errors.ParseError, st.builds(errors.ParseError, text, st.integers(0, 40), text)),
    Case(
        errors.AmbiguousTermsError,
        st.builds(errors.AmbiguousTermsError, text, st.integers(0, 40), text),
    ),
    Case(
        errors.JSONInputError,
        st.builds(errors.JSONInputError, text, st.lists(text, max_size=3).map(tuple)),
    ),
    Case(errors.MissingExtraError, st.builds(errors.MissingExtraError, text, text)),
]

CALLS = [
    Call(
        "money.quantize",
        st.builds(functools.partial, st.just(money.quantize), amounts, currency_codes),
    ),
    Call(
        "money.allocate",
        st.builds(
            functools.partial,
            st.just(money.allocate),
            amounts,
            st.lists(st.integers(0, 50), min_size=1, max_size=6).filter(any),
            currency_codes,
        ),
    ),
    Call(
        "calendars.roll",
        st.builds(
            functools.partial,
            st.just(calendars.roll),
            days,
            st.builds(calendars.WeekendCalendar, weekend=weekends),
            st.sampled_from(calendars.Roll),
        ),
    ),
]
