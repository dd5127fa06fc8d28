"""Contract cases for bid baselines, awarded savings, the price formulas and the 3-way bridge."""

from __future__ import annotations

import decimal
import functools

from hypothesis import strategies as st

from spendrules import savings as s

from contract_support import Call, Case

prices = st.decimals(min_value=0, max_value=10_000, places=4, allow_nan=False, allow_infinity=False)
quantities = st.decimals(
    min_value=0, max_value=1_000_000, places=3, allow_nan=False, allow_infinity=False
)
rates = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD"])
roundings = st.sampled_from([decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN])


@st.composite
def bid_tables(draw: st.DrawFn, *, one_line: bool = False) -> tuple[str, list[s.Bid]]:
    currency = draw(currencies)
    bids = draw(
        st.lists(
            st.builds(
                s.Bid,
                supplier=st.sampled_from(["Acme", "Bolt", "Crux"]),
                price=prices,
                currency=st.just(currency),
                compliant=st.booleans(),
                line=st.just("") if one_line else st.sampled_from(["a", "b"]),
                reference=st.sampled_from(["", "RFQ-1"]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return currency, bids


@st.composite
def baseline_calls(draw: st.DrawFn) -> functools.partial[s.BidBaseline]:
    currency, bids = draw(bid_tables(one_line=True))
    return functools.partial(
        s.bid_baseline,
        bids,
        currency=currency,
        method=draw(st.sampled_from(s.BidBaselineMethod)),
        price_places=draw(st.none() | st.integers(0, 6)),
        rounding=draw(roundings),
    )


@st.composite
def award_calls(draw: st.DrawFn) -> functools.partial[s.AwardedSavings]:
    currency, bids = draw(bid_tables())
    lines = sorted({bid.line for bid in bids})
    quantities_ = draw(st.none() | st.fixed_dictionaries(dict.fromkeys(lines, quantities)))
    given = draw(st.none() | st.fixed_dictionaries(dict.fromkeys(lines, prices)))
    return functools.partial(
        s.awarded_savings,
        bids,
        currency=currency,
        quantities=quantities_,
        baseline=draw(st.sampled_from(s.BidBaselineMethod)),
        baseline_prices=given,
        rounding=draw(roundings),
    )


cost_plus_calls = st.builds(
    functools.partial,
    st.just(s.cost_plus_savings),
    cost=prices,
    old_markup=rates,
    new_markup=rates,
    quantity=quantities,
    currency=currencies,
    new_cost=st.none() | prices,
    rounding=roundings,
)
list_less_calls = st.builds(
    functools.partial,
    st.just(s.list_less_savings),
    list_price=prices,
    old_discount=rates,
    new_discount=rates,
    quantity=quantities,
    currency=currencies,
    new_list_price=st.none() | prices,
    rounding=roundings,
)
three_way_calls = st.builds(
    functools.partial,
    st.just(s.price_volume_bridge),
    baseline_price=prices,
    baseline_quantity=quantities,
    new_price=prices,
    new_quantity=quantities,
    currency=currencies,
    split=st.sampled_from(s.BridgeSplit),
)

awards = award_calls().map(lambda call: call())

CASES = [
    Case(s.Bid, bid_tables().map(lambda table: table[1][0])),
    Case(s.BidBaseline, baseline_calls().map(lambda call: call())),
    Case(s.AwardedSavings, awards),
    Case(
        s.LineAward,
        awards.filter(lambda r: bool(r.line_awards)).map(lambda r: r.line_awards[0]),
    ),
    Case(s.CostPlusSavings, cost_plus_calls.map(lambda call: call())),
    Case(s.ListLessSavings, list_less_calls.map(lambda call: call())),
]

CALLS = [
    Call("savings.bid_baseline", baseline_calls()),
    Call("savings.awarded_savings", award_calls()),
    Call("savings.cost_plus_savings", cost_plus_calls),
    Call("savings.list_less_savings", list_less_calls),
    Call("savings.price_volume_bridge (split)", three_way_calls),
]
