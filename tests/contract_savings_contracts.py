"""Contract cases for multi-year contracts, dated one-offs and recurring rebates."""

from __future__ import annotations

import functools
from datetime import date

import attrs
from hypothesis import strategies as st

from contract_savings import currencies, events_in, money, periods, policies, prices
from spendrules import savings as s

from contract_support import Call, Case

as_of = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
dates = st.none() | st.dates(min_value=date(2018, 1, 1), max_value=date(2033, 12, 31))


@st.composite
def dated_one_offs(draw: st.DrawFn) -> s.OneOffAmount:
    kind = draw(st.sampled_from(s.OneOffKind))
    previous = draw(st.none() | money) if kind is s.OneOffKind.REBATE else None
    return s.OneOffAmount(
        kind=kind,
        amount=draw(money),
        earned_on=draw(dates),
        received_on=draw(dates),
        previous_amount=previous,
    )


@st.composite
def contract_policies(draw: st.DrawFn) -> s.SavingsPolicy:
    return attrs.evolve(
        draw(policies),
        one_off_date=draw(st.sampled_from(s.OneOffDate)),
        contract_counting=draw(st.sampled_from(s.ContractCounting)),
    )


@st.composite
def contracts_in(draw: st.DrawFn, currency: str) -> s.MultiYearContract:
    event = draw(events_in(st.just(currency)))
    event = attrs.evolve(event, one_offs=tuple(draw(st.lists(dated_one_offs(), max_size=2))))
    return s.MultiYearContract(
        event=event,
        later_prices=tuple(draw(st.lists(prices, max_size=3))),
        reference=draw(st.sampled_from(["", "MSA-7"])),
    )


contracts = currencies.flatmap(contracts_in)


@st.composite
def contract_calls(draw: st.DrawFn) -> functools.partial[s.ContractClassification]:
    return functools.partial(
        s.classify_contract, draw(contracts), policy=draw(contract_policies()), as_of=draw(as_of)
    )


@st.composite
def contract_slice_calls(draw: st.DrawFn) -> functools.partial[s.ContractFiscalYearSlice]:
    result = draw(contract_calls())()
    return functools.partial(
        s.contract_fiscal_year_slice,
        result,
        period=draw(periods)[0],
        convention=draw(
            st.sampled_from(
                [s.ProrationConvention.CONTRACT_YEARS, s.ProrationConvention.ACTUAL_DAYS]
            )
        ),
        leap_day=draw(st.sampled_from(s.LeapDayStart)),
    )


@st.composite
def dated_slice_calls(draw: st.DrawFn) -> functools.partial[s.FiscalYearSlice]:
    contract = draw(contracts)
    result = s.classify_savings(contract.event, policy=draw(contract_policies()), as_of=draw(as_of))
    return functools.partial(
        s.fiscal_year_slice,
        result,
        period=draw(periods)[0],
        leap_day=draw(st.sampled_from(s.LeapDayStart)),
    )


classified_contracts = contract_calls().map(lambda call: call())
contract_slices = contract_slice_calls().map(lambda call: call())

CASES = [
    Case(s.MultiYearContract, contracts),
    Case(s.ContractClassification, classified_contracts),
    Case(s.ContractYearClassification, classified_contracts.map(lambda c: c.years[0])),
    Case(s.ContractFiscalYearSlice, contract_slices),
]

CALLS = [
    Call("savings.classify_contract", contract_calls()),
    Call("savings.contract_fiscal_year_slice", contract_slice_calls()),
    Call("savings.fiscal_year_slice (dated one-offs)", dated_slice_calls()),
]
