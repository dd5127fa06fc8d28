"""Contract cases for the economics of payment terms (``spendrules._terms``, through spendrules.payment_terms)."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import payment_terms as eco
from spendrules.payment_terms import DiscountTier, NetDays, PaymentTerms, parse_terms

from contract_support import Call, Case

TEXTS = (
    "net 30",
    "2/10 net 30",
    "1/10 net 60",
    "3/10, 2/30, net 60",
    "2/30 net 60",
    "30% advance, 70% net 30",
    "net 60 EOM",
    "1/10 EOM net 30; from invoice date",
    "net 10th prox",
    "COD",
)

currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD", "GBP"])
rates = st.decimals(
    min_value=0, max_value=Decimal("0.5"), places=4, allow_nan=False, allow_infinity=False
)
costs = st.decimals(
    min_value=Decimal("0.001"),
    max_value=Decimal("0.6"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
spends = st.decimals(min_value=1, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
text = st.text(max_size=20)


@st.composite
def simple_terms(draw: st.DrawFn) -> PaymentTerms:
    net = draw(st.integers(1, 180))
    early = draw(st.integers(0, net - 1))
    rate = draw(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.1"), places=3))
    return PaymentTerms.of(NetDays(net), DiscountTier(rate, NetDays(early)))


terms = st.one_of(st.sampled_from(TEXTS).map(parse_terms), simple_terms())
discount_terms = st.one_of(
    st.sampled_from(
        ("2/10 net 30", "3/10, 2/30, net 60", "1/10 EOM net 30; from invoice date")
    ).map(parse_terms),
    simple_terms(),
)


@st.composite
def explicit_discount(draw: st.DrawFn) -> dict[str, object]:
    net = draw(st.integers(1, 365))
    early = draw(st.integers(0, net - 1))
    return {"rate": draw(rates), "discount_days": early, "net_days": net}


def _decision(
    terms_or_none: PaymentTerms | None, cost: Decimal, explicit: dict[str, object]
) -> eco.DiscountDecision:
    if terms_or_none is None:
        return eco.should_take_discount(cost_of_capital=cost, **explicit)  # type: ignore[arg-type]
    return eco.should_take_discount(terms_or_none, cost_of_capital=cost)


decisions = st.builds(_decision, st.one_of(st.none(), discount_terms), costs, explicit_discount())

impacts = st.builds(
    functools.partial(eco.term_change_impact),
    annual_spend=spends,
    currency=currencies,
    current=st.one_of(st.integers(0, 120), terms),
    proposed=st.one_of(st.integers(0, 120), terms),
    cost_of_capital=costs,
    supplier_cost_of_capital=st.one_of(st.none(), costs),
    price_increase=st.one_of(
        st.none(), st.decimals(min_value=0, max_value=Decimal("0.05"), places=4)
    ),
    discount_share=st.one_of(st.none(), st.decimals(min_value=0, max_value=1, places=2)),
    convention=st.sampled_from(eco.SpendConvention),
)

comparisons = st.builds(
    lambda alternatives, cost: eco.compare_terms(alternatives, cost_of_capital=cost),
    st.lists(
        st.one_of(
            terms,
            st.builds(
                eco.TermsOffer,
                terms,
                price_change=st.decimals(
                    min_value=Decimal("-0.05"), max_value=Decimal("0.05"), places=4
                ),
                label=text,
            ),
        ),
        min_size=1,
        max_size=3,
    ),
    costs,
)

dynamic = st.builds(
    functools.partial(eco.dynamic_discount),
    amounts,
    currency=currencies,
    apr=rates,
    days_early=st.integers(0, 120),
)


@st.composite
def scf_calls(draw: st.DrawFn) -> functools.partial[eco.SupplyChainFinance]:
    term = draw(st.integers(0, 180))
    return functools.partial(
        eco.supply_chain_finance,
        draw(amounts),
        currency=draw(currencies),
        term_days=term,
        funding_day=draw(st.integers(0, term)),
        extended_term_days=draw(st.integers(term, term + 120)),
        funder_rate=draw(costs),
        supplier_cost_of_capital=draw(costs),
        buyer_cost_of_capital=draw(costs),
    )


interest = st.builds(
    functools.partial(eco.late_payment_interest),
    amounts,
    currency=currencies,
    annual_rate=rates,
    due_date=days,
    paid_date=days,
    method=st.sampled_from(eco.InterestMethod),
)

directive = st.one_of(
    st.builds(
        functools.partial(eco.check_late_payment_directive),
        payment_days=st.integers(0, 200),
        debtor=st.sampled_from(eco.Debtor),
        expressly_agreed=st.booleans(),
    ),
    st.builds(functools.partial(eco.check_late_payment_directive), terms),
)

cash_flows = st.builds(
    eco.CashFlow, days, st.decimals(min_value=-(10**6), max_value=10**6, places=2)
)
# flows after any valuation date drawn for npv (simple discounting needs 1 + r·t > 0)
future_flows = st.builds(
    eco.CashFlow,
    st.dates(min_value=date(2026, 1, 1), max_value=date(2060, 12, 31)),
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
)

CASES = [
    Case(eco.CashFlow, cash_flows),
    Case(eco.DiscountDecision, decisions),
    Case(eco.TermChangeImpact, impacts),
    Case(eco.TermsComparison, comparisons),
    Case(eco.RankedTerms, comparisons.map(lambda c: c.ranking[0])),
    Case(eco.TermsOffer, st.builds(eco.TermsOffer, terms, label=text)),
    Case(eco.DynamicDiscount, dynamic),
    Case(eco.SupplyChainFinance, scf_calls().map(lambda call: call())),
    Case(eco.LatePaymentInterest, interest),
    Case(eco.LatePaymentDirectiveCheck, directive),
]

CALLS = [
    Call(
        "payment_terms.forgone_discount_rate",
        st.one_of(
            st.builds(
                lambda kw, basis, mode: functools.partial(
                    eco.forgone_discount_rate, day_basis=basis, compounding=mode, **kw
                ),
                explicit_discount(),
                st.sampled_from([360, 365]),
                st.sampled_from(eco.Compounding),
            ),
            st.builds(functools.partial, st.just(eco.forgone_discount_rate), discount_terms),
        ),
    ),
    Call(
        "payment_terms.should_take_discount",
        st.builds(
            lambda t, cost, kw: functools.partial(_decision, t, cost, kw),
            st.one_of(st.none(), discount_terms),
            costs,
            explicit_discount(),
        ),
    ),
    Call(
        "payment_terms.effective_payment_days",
        st.builds(
            lambda t, cost: functools.partial(
                eco.effective_payment_days, t, take_discounts="when_worth_it", cost_of_capital=cost
            ),
            terms,
            costs,
        ),
    ),
    Call(
        "payment_terms.compare_terms",
        st.builds(
            lambda ts, cost: functools.partial(eco.compare_terms, ts, cost_of_capital=cost),
            st.lists(terms, min_size=1, max_size=2),
            costs,
        ),
    ),
    Call(
        "payment_terms.term_change_impact",
        st.builds(
            lambda spend, cur, a, b, cost, sup: functools.partial(
                eco.term_change_impact,
                annual_spend=spend,
                currency=cur,
                current=a,
                proposed=b,
                cost_of_capital=cost,
                supplier_cost_of_capital=sup,
            ),
            spends,
            currencies,
            terms,
            terms,
            costs,
            st.one_of(st.none(), costs),
        ),
    ),
    Call(
        "payment_terms.dynamic_discount",
        st.builds(
            lambda amount, cur, apr, early: functools.partial(
                eco.dynamic_discount, amount, currency=cur, apr=apr, days_early=early
            ),
            amounts,
            currencies,
            rates,
            st.integers(0, 120),
        ),
    ),
    Call("payment_terms.supply_chain_finance", scf_calls()),
    Call(
        "payment_terms.npv",
        st.builds(
            lambda flows, rate, on, cur, mode, count: functools.partial(
                eco.npv,
                flows,
                rate=rate,
                valuation_date=on,
                currency=cur,
                compounding=mode,
                day_count=count,
            ),
            st.lists(future_flows, max_size=5),
            costs,
            st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 1, 1)),
            currencies,
            st.sampled_from([eco.Compounding.SIMPLE, eco.Compounding.EFFECTIVE]),
            st.sampled_from(eco.DayCount),
        ),
    ),
    Call(
        "payment_terms.days_payable_outstanding",
        st.builds(
            lambda ap, cogs: functools.partial(
                eco.days_payable_outstanding, ap, cost_of_sales=cogs
            ),
            amounts,
            spends,
        ),
    ),
    Call(
        "payment_terms.late_payment_interest",
        st.builds(
            lambda amount, cur, rate, due, paid, how: functools.partial(
                eco.late_payment_interest,
                amount,
                currency=cur,
                annual_rate=rate,
                due_date=due,
                paid_date=paid,
                method=how,
            ),
            amounts,
            currencies,
            rates,
            days,
            days,
            st.sampled_from(eco.InterestMethod),
        ),
    ),
    Call(
        "payment_terms.check_late_payment_directive",
        st.builds(lambda t: functools.partial(eco.check_late_payment_directive, t), terms),
    ),
    Call(
        "payment_terms.eu_statutory_interest_rate",
        st.builds(functools.partial, st.just(eco.eu_statutory_interest_rate), rates),
    ),
]
