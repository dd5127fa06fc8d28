"""Contract cases for issue 18 items 4-5: replaying data under two versions of the policy.

The strategies here also generate the property tests of ``test_policy_replay.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from spendrules import policy as pol
from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
from spendrules.inventory import Demand, LeadTime, StockItem
from spendrules.savings import BaselineMethod, SavingsEvent

from contract_support import Call, Case

TERMS = ("net 30", "net 45", "net 60", "net 90", "2/10 net 30", "30% advance, 70% net 30")
CURRENCIES = ("EUR", "USD", "JPY")
days = st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2027, 12, 31))


def _version(text: str, version: str) -> str:
    return text.replace('version = "2027.1"', f'version = "{version}"')


@functools.cache
def _policy_text(terms: str, cost: str, warn: str, level_b: str, threshold: str) -> str:
    return (
        pol.example_text()
        .replace('standard_terms = "net 60"', f'standard_terms = "{terms}"')
        .replace("cost_of_capital = 0.08", f"cost_of_capital = {cost}")
        .replace("usage = 0.9\n", f"usage = {warn}\n")
        .replace('{ action = "warn", usage = 0.9 }', f'{{ action = "warn", usage = {warn} }}')
        .replace("B = 0.95", f"B = {level_b}")
        .replace("signoff_threshold = 50000", f"signoff_threshold = {threshold}")
    )


@functools.cache
def _policy(terms: str, cost: str, warn: str, level_b: str, threshold: str) -> pol.AgreedPolicy:
    return pol.loads(_policy_text(terms, cost, warn, level_b, threshold))


#: Versions of the bundled policy that differ in every clause the replay reads.
policies = st.builds(
    _policy,
    st.sampled_from(["net 60", "net 90", "2/10 net 30", "30% advance, 70% net 60"]),
    st.sampled_from(["0.08", "0.4"]),
    st.sampled_from(["0.9", "0.95"]),
    st.sampled_from(["0.95", "0.98"]),
    st.sampled_from(["500", "50000"]),
)


@st.composite
def invoices(draw: st.DrawFn) -> pol.ReplayInvoice:
    currency = draw(st.sampled_from(CURRENCIES))
    places = 0 if currency == "JPY" else 2
    cents = draw(st.integers(-(10**7), 10**9))
    amount = Decimal(cents).scaleb(-2).quantize(Decimal(1).scaleb(-places))
    return pol.ReplayInvoice(
        amount,
        currency,
        draw(days),
        draw(st.none() | st.sampled_from(TERMS)),
        draw(st.sampled_from(["", "INV-1", "INV-2"])),
    )


@st.composite
def events(draw: st.DrawFn) -> SavingsEvent:
    base = Decimal(draw(st.integers(100, 10_000))).scaleb(-2)
    new = Decimal(draw(st.integers(0, 12_000))).scaleb(-2)
    effective = draw(days)
    return SavingsEvent(
        item=draw(st.sampled_from(["W-1", "W-2"])),
        currency="EUR",
        baseline_price=base,
        baseline_method=draw(
            st.sampled_from([BaselineMethod.LAST_PRICE_PAID, BaselineMethod.QUOTE])
        ),
        baseline_date=effective - dt.timedelta(days=draw(st.integers(0, 500))),
        new_price=new,
        effective_date=effective,
        forecast_quantity=Decimal(draw(st.integers(0, 20_000))),
        baseline_evidence=draw(st.sampled_from(["", "PO 1"])),
    )


@st.composite
def items(draw: st.DrawFn) -> StockItem:
    mean = Decimal(draw(st.integers(0, 100)))
    lot = Decimal(draw(st.integers(0, 500)))
    return StockItem(
        sku=draw(st.sampled_from(["S-1", "S-2"])),
        on_hand=Decimal(draw(st.integers(-10, 2000))),
        unit_cost=Decimal(draw(st.integers(0, 10_000))).scaleb(-2),
        currency=draw(st.sampled_from(CURRENCIES)),
        demand=Demand(mean, mean * Decimal(draw(st.integers(0, 80))) / 100),
        lead_time=LeadTime(draw(st.integers(0, 40))),
        service_level=draw(st.none() | st.just(Decimal("0.9"))),
        order_quantity=lot,
        holding_rate=draw(st.sampled_from([Decimal(0), Decimal("0.2")])),
        item_class=draw(st.none() | st.sampled_from(["A", "B", "C", "D"])),
        last_consumption=draw(st.none() | days.map(lambda d: d - dt.timedelta(days=200))),
    )


#: Budgets of 100,000 EUR on two accounts, 80,000 of one consumed.
CONTEXT = pol.BudgetContext(
    [
        Budget("6100", Decimal("100000.00"), "EUR", dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
        Budget("6200", Decimal("100000.00"), "EUR", dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
    ],
    [
        LedgerEntry(
            "6100", Stage.ACTUAL, Decimal("80000.00"), "EUR", dt.date(2027, 1, 5), reference="PI-1"
        )
    ],
)


@st.composite
def requests(draw: st.DrawFn) -> SpendRequest:
    lines = draw(
        st.lists(
            st.builds(
                SpendLine,
                st.sampled_from(["6100", "6200", "7000"]),
                st.integers(0, 30_000).map(Decimal),
                st.just("EUR"),
            ),
            min_size=1,
            max_size=2,
        )
    )
    return SpendRequest(tuple(lines), draw(days), reference=draw(st.sampled_from(["", "PO-1"])))


@st.composite
def replays(draw: st.DrawFn) -> pol.PolicyReplay:
    old = draw(policies)
    new = pol.loads(_version(pol.dump(draw(policies)), "2027.2"))
    return pol.replay(
        old,
        new,
        invoices=draw(st.lists(invoices(), max_size=4)),
        events=draw(st.lists(events(), max_size=3)),
        items=draw(st.lists(items(), max_size=3)),
        requests=draw(st.lists(requests(), max_size=3)),
        context=CONTEXT,
        as_of=dt.date(2027, 6, 30),
        engine="scalar",
    )


OLD = _policy("net 60", "0.08", "0.9", "0.95", "500")
NEW = pol.loads(_version(pol.dump(_policy("net 90", "0.4", "0.95", "0.98", "50000")), "2027.2"))


@st.composite
def changing_replays(draw: st.DrawFn) -> pol.PolicyReplay:
    """A replay with at least one changed row per family (and random rows besides)."""
    day = draw(days)
    bill = pol.ReplayInvoice(Decimal(draw(st.integers(0, 10**6))), "EUR", day)
    own = pol.ReplayInvoice(Decimal(100), "EUR", day, "2/10 net 30")  # take at 8 %, skip at 40 %
    event = SavingsEvent(
        item="W-9",
        currency="EUR",
        baseline_price=Decimal("10.00"),
        baseline_method=BaselineMethod.LAST_PRICE_PAID,
        baseline_date=dt.date(2027, 1, 1),
        new_price=Decimal("9.00"),
        effective_date=dt.date(2027, 2, 1),
        forecast_quantity=Decimal(draw(st.integers(1000, 40_000))),
        baseline_evidence="PO 9",
    )  # a saving of 1,000 to 40,000: above 500, below 50,000 (the sign-off threshold)
    sku = StockItem(
        sku="S-9",
        on_hand=Decimal(draw(st.integers(0, 500))),
        unit_cost=Decimal(5),
        currency="EUR",
        demand=Demand(Decimal(10), Decimal(3)),
        lead_time=LeadTime(9),
        item_class="B",
    )  # class B: 0.95 -> 0.98
    ask = SpendRequest(
        (SpendLine("6100", Decimal(draw(st.integers(10_001, 14_999))), "EUR"),),
        day,
        reference="PO-9",
    )  # 90 % to 95 % of the budget: warned, then passed
    return pol.replay(
        OLD,
        NEW,
        invoices=[bill, own, *draw(st.lists(invoices(), max_size=2))],
        events=[event, *draw(st.lists(events(), max_size=2))],
        items=[sku, *draw(st.lists(items(), max_size=2))],
        requests=[ask, *draw(st.lists(requests(), max_size=2))],
        context=CONTEXT,
        as_of=dt.date(2027, 6, 30),
        engine="scalar",
    )


def _pick(attribute: str) -> Any:
    def pick(result: pol.PolicyReplay) -> st.SearchStrategy[Any]:
        family, field = attribute.split(".")
        return st.sampled_from(getattr(getattr(result, family), field))

    return pick


contexts = st.builds(
    pol.BudgetContext,
    st.just(CONTEXT.budgets),
    st.just(CONTEXT.ledger),
    roles=st.lists(st.sampled_from(["budget_owner", "buyer"]), max_size=2).map(tuple),
)

CASES = [
    Case(pol.ReplayInvoice, invoices()),
    Case(pol.BudgetContext, contexts),
    Case(pol.PolicyReplay, replays()),
    Case(pol.TermsReplay, replays().map(lambda r: r.terms)),
    Case(pol.SavingsReplay, replays().map(lambda r: r.savings)),
    Case(pol.StockReplay, replays().map(lambda r: r.stock)),
    Case(pol.BudgetReplay, replays().map(lambda r: r.budget)),
    Case(pol.InvoiceChange, changing_replays().flatmap(_pick("terms.changes"))),
    Case(pol.SavingsChange, changing_replays().flatmap(_pick("savings.changes"))),
    Case(pol.StockChange, changing_replays().flatmap(_pick("stock.changes"))),
    Case(pol.RequestChange, changing_replays().flatmap(_pick("budget.changes"))),
    Case(pol.OutcomeCount, changing_replays().flatmap(_pick("budget.counts"))),
    Case(pol.CurrencyTotal, changing_replays().flatmap(_pick("terms.cash_released"))),
]


@st.composite
def _replay_calls(draw: st.DrawFn) -> Any:
    return functools.partial(
        pol.replay,
        draw(policies),
        draw(policies),
        invoices=draw(st.lists(invoices(), max_size=3)),
        items=draw(st.lists(items(), max_size=2)),
        as_of=dt.date(2027, 6, 30),
        engine="scalar",
    )


CALLS = [Call("policy.replay", _replay_calls())]
