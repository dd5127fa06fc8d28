"""Contract cases for fiscal-year recognition: slices per event and the summary by period."""

from __future__ import annotations

import functools
from datetime import date

from hypothesis import strategies as st

from contract_savings import currencies, events_in, periods, policies
from spendrules import savings as s

from contract_support import Call, Case

conventions = st.sampled_from(
    [s.ProrationConvention.CONTRACT_YEARS, s.ProrationConvention.ACTUAL_DAYS]
)
as_of = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def slice_calls(draw: st.DrawFn) -> functools.partial[s.FiscalYearSlice]:
    currency = draw(currencies)
    result = s.classify_savings(
        draw(events_in(st.just(currency))), policy=draw(policies), as_of=draw(as_of)
    )
    period = draw(periods)[0]
    return functools.partial(
        s.fiscal_year_slice, result, period=period, convention=draw(conventions)
    )


@st.composite
def fiscal_summary_calls(draw: st.DrawFn) -> functools.partial[s.FiscalYearSummary]:
    currency = draw(currencies)
    batch = draw(
        st.lists(
            st.builds(
                s.classify_savings, events_in(st.just(currency)), policy=policies, as_of=as_of
            ),
            max_size=3,
        )
    )
    by = draw(st.sampled_from([b for b in s.SummaryBy if b is not s.SummaryBy.PERIOD]))
    return functools.partial(
        s.summarise_fiscal_years,
        batch,
        periods=draw(periods),
        by=by,
        convention=draw(conventions),
        currency=currency,
    )


slices = slice_calls().map(lambda call: call())
fiscal_summaries = fiscal_summary_calls().map(lambda call: call())

CASES = [
    Case(s.FiscalYearSlice, slices),
    Case(s.DayShare, slices.filter(lambda part: bool(part.shares)).map(lambda p: p.shares[0])),
    Case(s.SliceLine, slices.filter(lambda part: bool(part.lines)).map(lambda p: p.lines[0])),
    Case(s.FiscalYearSummary, fiscal_summaries),
    Case(s.PeriodRows, fiscal_summaries.map(lambda summary: summary.periods[0])),
]

CALLS = [
    Call("savings.fiscal_year_slice", slice_calls()),
    Call("savings.summarise_fiscal_years", fiscal_summary_calls()),
]
