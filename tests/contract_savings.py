"""Contract cases for spendrules.savings: every public attrs class and every rule."""

from __future__ import annotations

import decimal
import functools
from datetime import date, timedelta

from hypothesis import strategies as st

from spendrules import savings as s

from contract_support import Call, Case

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
prices = st.decimals(min_value=0, max_value=10_000, places=4, allow_nan=False, allow_infinity=False)
quantities = st.decimals(
    min_value=0, max_value=1_000_000, places=3, allow_nan=False, allow_infinity=False
)
amounts = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)
money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(
    min_value="0.0001", max_value=1000, places=4, allow_nan=False, allow_infinity=False
)
words = st.text(alphabet="abcdefgh XYZ-0123", min_size=1, max_size=12).filter(str.strip)
evidence = st.sampled_from(["", "PO-1", "letter 2025-12-01"])
currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD"])

proposals = st.builds(s.SupplierProposal, price=prices, evidence=evidence)
indices = st.builds(
    s.MarketIndex,
    base=rates,
    current=rates,
    indexed_share=st.decimals(min_value=0, max_value=1, places=2),
    name=st.sampled_from(["", "PPI"]),
    evidence=evidence,
)
fx_rates = st.builds(
    s.FxRates, supplier_currency=st.just("GBP"), baseline_rate=rates, current_rate=rates
)
value_adds = st.builds(
    s.ValueAddItem,
    description=words,
    market_value=money,
    evidence=evidence,
    replaces_budgeted_spend=st.booleans(),
)
one_offs = st.builds(
    s.OneOffAmount, kind=st.sampled_from(s.OneOffKind), amount=money, description=st.just("")
)
signoffs = st.builds(s.FinanceSignOff, approver=words, signed_on=days)


def events_in(currency: st.SearchStrategy[str]) -> st.SearchStrategy[s.SavingsEvent]:
    """Valid events whose currency is drawn from ``currency``."""
    return st.builds(
        s.SavingsEvent,
        item=words,
        currency=currency,
        baseline_price=prices,
        baseline_method=st.sampled_from(s.BaselineMethod),
        baseline_date=days,
        new_price=prices,
        effective_date=days,
        forecast_quantity=quantities,
        baseline_quantity=st.none() | quantities,
        baseline_evidence=evidence,
        same_spec=st.booleans(),
        proposal=st.none() | proposals,
        market_index=st.none() | indices,
        fx=st.none() | fx_rates,
        demand_change=st.sampled_from(s.DemandChange),
        value_add=st.lists(value_adds, max_size=2).map(tuple),
        one_offs=st.lists(one_offs, max_size=2).map(tuple),
        implementation_cost=money,
        finance_signoff=st.none() | signoffs,
    )


events = events_in(currencies)
policies = st.one_of(
    st.sampled_from(s.PRESETS).map(s.SavingsPolicy.preset),
    st.builds(
        s.SavingsPolicy,
        name=words,
        max_baseline_age_months=st.integers(0, 36),
        count_months=st.integers(1, 36),
        use_quotes=st.booleans(),
        cap_quote_by_index=st.booleans(),
        use_index=st.booleans(),
        budget_underspend_counts=st.booleans(),
        bids_count_as_baseline=st.booleans(),
        keep_negatives=st.booleans(),
        signoff_threshold=st.none() | money,
        signoff_at_threshold=st.booleans(),
        require_baseline_evidence=st.booleans(),
        rounding=st.sampled_from([decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN]),
    ),
)
classifications = st.builds(s.classify_savings, events, policy=policies, as_of=days)
periods = st.builds(
    s.fiscal_years,
    st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 1, 1)),
    count=st.integers(1, 3),
)


@st.composite
def windows(draw: st.DrawFn) -> tuple[date, date]:
    start = draw(days)
    return start, start + timedelta(days=draw(st.integers(0, 1100)))


prorate_calls = st.builds(
    lambda amount, window, chosen, currency, convention: functools.partial(
        s.prorate,
        amount,
        start=window[0],
        end=window[1],
        periods=chosen,
        currency=currency,
        convention=convention,
    ),
    amounts,
    windows(),
    periods,
    currencies,
    st.sampled_from(s.ProrationConvention),
)
bridge_calls = st.builds(
    functools.partial,
    st.just(s.price_volume_bridge),
    baseline_price=prices,
    baseline_quantity=quantities,
    new_price=prices,
    new_quantity=quantities,
    currency=currencies,
)
ppv_calls = st.one_of(
    st.builds(
        functools.partial,
        st.just(s.purchase_price_variance),
        standard_price=prices,
        actual_price=prices,
        quantity=quantities,
        additional_costs=money,
        currency=currencies,
    ),
    st.builds(
        functools.partial,
        st.just(s.purchase_price_variance),
        standard_price=prices,
        actual_amount=money,
        quantity=st.decimals(min_value=1, max_value=10**6, places=3),
        currency=currencies,
    ),
)


@st.composite
def realised_calls(draw: st.DrawFn) -> functools.partial[s.RealisedSavings]:
    event = draw(events)
    lines = draw(
        st.lists(
            st.builds(
                s.InvoiceLine,
                invoice_date=days,
                quantity=quantities,
                unit_price=prices,
                currency=st.just(event.price_currency),
                on_contract=st.booleans(),
                reference=st.just("INV-1"),
            ),
            max_size=4,
        )
    )
    return functools.partial(s.realised_savings, event, lines, policy=draw(policies))


@st.composite
def summary_calls(draw: st.DrawFn) -> functools.partial[s.SavingsSummary]:
    currency = draw(currencies)
    batch = draw(
        st.lists(
            st.builds(
                s.classify_savings, events_in(st.just(currency)), policy=policies, as_of=days
            ),
            max_size=3,
        )
    )
    by = draw(st.sampled_from(s.SummaryBy))
    chosen = draw(periods) if by is s.SummaryBy.PERIOD else ()
    return functools.partial(s.summarise_savings, batch, by=by, periods=chosen, currency=currency)


realised = realised_calls().map(lambda call: call())
summaries = summary_calls().map(lambda call: call())

CASES = [
    Case(s.SupplierProposal, proposals),
    Case(s.MarketIndex, indices),
    Case(s.FxRates, fx_rates),
    Case(s.ValueAddItem, value_adds),
    Case(s.OneOffAmount, one_offs),
    Case(s.FinanceSignOff, signoffs),
    Case(s.SavingsEvent, events),
    Case(s.SavingsPolicy, policies),
    Case(s.SavingsClassification, classifications),
    Case(
        s.SavingsComponent,
        classifications.filter(lambda r: bool(r.components)).map(lambda r: r.components[0]),
    ),
    Case(s.FiscalPeriod, periods.map(lambda p: p[0])),
    Case(s.Proration, prorate_calls.map(lambda call: call())),
    Case(
        s.ProratedAmount,
        prorate_calls.map(lambda call: call().lines[0]),
    ),
    Case(s.PriceVolumeBridge, bridge_calls.map(lambda call: call())),
    Case(s.PurchasePriceVariance, ppv_calls.map(lambda call: call())),
    Case(
        s.InvoiceLine,
        st.builds(
            s.InvoiceLine,
            invoice_date=days,
            quantity=quantities,
            unit_price=prices,
            currency=currencies,
            on_contract=st.booleans(),
            reference=st.just("INV-9"),
        ),
    ),
    Case(s.RealisedSavings, realised),
    Case(s.SavingsSummary, summaries),
    Case(s.SummaryRow, summaries.map(lambda summary: summary.total)),
    Case(
        s.KindTotal,
        st.builds(s.KindTotal, kind=st.sampled_from(s.ComponentKind), amount=amounts),
    ),
]

CALLS = [
    Call(
        "savings.classify_savings",
        st.builds(
            functools.partial, st.just(s.classify_savings), events, policy=policies, as_of=days
        ),
    ),
    Call("savings.prorate", prorate_calls),
    Call("savings.price_volume_bridge", bridge_calls),
    Call("savings.purchase_price_variance", ppv_calls),
    Call("savings.realised_savings", realised_calls()),
    Call("savings.summarise_savings", summary_calls()),
    Call(
        "savings.savings_percentage",
        st.builds(
            functools.partial,
            st.just(s.savings_percentage),
            money.map(lambda m: m + 1),
            current_spend=money,
        ),
    ),
    Call(
        "savings.fiscal_years",
        st.builds(functools.partial, st.just(s.fiscal_years), days, count=st.integers(1, 5)),
    ),
]
