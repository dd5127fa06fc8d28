"""``spendrules.policy.replay`` and ``spendrules policy replay`` (issue 18, items 4 and 5).

Expected figures are worked by hand from the definition of each measure (cash
released = amount × change in due days / day basis; the safety stock z × σ × √L
with the published normal quantiles) or, for the bulk engine, are the scalar
engine's (the scalar rules are the specification of the bulk path).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import pathlib
import sys
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contract_policy_replay as cases
from spendrules import policy as pol
from spendrules.budget import SpendLine, SpendRequest
from spendrules.cli import main
from spendrules.errors import InvalidInputError, MissingExtraError, ParseError
from spendrules.inventory import Demand, LeadTime, Lot, StockItem
from spendrules.savings import (
    BaselineMethod,
    OneOffAmount,
    OneOffKind,
    SavingsEvent,
    SavingsPolicy,
    classify_savings,
)
from spendrules.serialization import structure

DATA = resources.files("spendrules").joinpath("data")
AS_OF = dt.date(2027, 3, 31)


def _data(name: str) -> str:
    return str(DATA.joinpath(name))


def _with(text: str, *replacements: tuple[str, str]) -> pol.AgreedPolicy:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return pol.loads(text)


OLD = pol.loads(pol.example_text())
NET_90 = _with(pol.example_text(), ('"net 60"', '"net 90"'))
NEXT = pol.loads(DATA.joinpath("policy_example_next.toml").read_text(encoding="utf-8"))


def _invoice(
    amount: str, currency: str = "EUR", day: dt.date = dt.date(2027, 1, 15), **kw: Any
) -> pol.ReplayInvoice:
    return pol.ReplayInvoice(Decimal(amount), currency, day, **kw)


def _requests() -> list[SpendRequest]:
    lines = DATA.joinpath("replay_requests.jsonl").read_text(encoding="utf-8").splitlines()
    return [structure(json.loads(line), SpendRequest) for line in lines if line.strip()]


def _context() -> pol.BudgetContext:
    from spendrules.cli._policy import read_context

    return read_context(_data("replay_context.json"))[0]


# -- payment terms: cash released = amount × (new days − old days) / day basis ------------------

TERMS_ROWS = [
    pytest.param("36500.00", "EUR", 365, decimal.ROUND_HALF_UP, "3000.00", id="36500 x 30 / 365"),
    pytest.param(
        "12000.00", "EUR", 365, decimal.ROUND_HALF_UP, "986.30", id="986.3013 rounds down"
    ),
    pytest.param("5000.00", "USD", 365, decimal.ROUND_HALF_UP, "410.96", id="410.9589 rounds up"),
    pytest.param("5000.00", "USD", 365, decimal.ROUND_DOWN, "410.95", id="ROUND_DOWN is named"),
    pytest.param("36500.00", "EUR", 360, decimal.ROUND_HALF_UP, "3041.67", id="360-day basis"),
    pytest.param("100000", "JPY", 365, decimal.ROUND_HALF_UP, "8219", id="JPY has no minor unit"),
    pytest.param("-36500.00", "EUR", 365, decimal.ROUND_HALF_UP, "-3000.00", id="credit note"),
]


@pytest.mark.parametrize("engine", ["scalar", "frames"])
@pytest.mark.parametrize(("amount", "currency", "basis", "rounding", "expected"), TERMS_ROWS)
def test_cash_released_net_60_to_net_90(  # noqa: PLR0917 - parametrised arguments
    amount: str, currency: str, basis: int, rounding: str, expected: str, engine: str
) -> None:
    result = pol.replay(
        OLD,
        NET_90,
        invoices=[_invoice(amount, currency, reference="A")],
        as_of=AS_OF,
        day_basis=basis,
        rounding=rounding,
        engine=engine,
    )
    (change,) = result.terms.changes
    assert (change.old_terms, change.new_terms) == ("net 60", "net 90")
    assert (change.old_due_date, change.new_due_date) == (
        dt.date(2027, 3, 16),
        dt.date(2027, 4, 15),
    )
    assert (change.old_days, change.new_days) == (60, 90)
    assert change.cash_released == Decimal(expected)
    assert str(change.cash_released) == expected
    assert result.terms.cash_released == (pol.CurrencyTotal(currency, Decimal(expected)),)
    assert result.day_basis == basis


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_installments_weigh_each_due_date(engine: str) -> None:
    # 30 % due on the invoice date, 70 % net 30 -> net 60: 700.00 x 30 / 365 = 57.534...
    old = _with(pol.example_text(), ('"net 60"', '"30% advance, 70% net 30"'))
    new = _with(pol.example_text(), ('"net 60"', '"30% advance, 70% net 60"'))
    result = pol.replay(old, new, invoices=[_invoice("1000.00")], as_of=AS_OF, engine=engine)
    (change,) = result.terms.changes
    assert change.cash_released == Decimal("57.53")
    assert (change.old_days, change.new_days) == (30, 60)


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_the_sample_invoices(engine: str) -> None:
    from spendrules.cli._policy import read_rows

    invoices, _lines = read_rows(_data("replay_invoices.csv"), pol.ReplayInvoice)
    result = pol.replay(OLD, NEXT, invoices=invoices, as_of=AS_OF, engine=engine)
    assert [(c.reference, c.cash_released) for c in result.terms.changes] == [
        ("INV-101", Decimal("986.30")),
        ("INV-102", Decimal("3000.00")),
        ("INV-104", Decimal("410.96")),
        ("INV-105", Decimal("6000.00")),
    ]
    assert result.terms.cash_released == (
        pol.CurrencyTotal("EUR", Decimal("9986.30")),
        pol.CurrencyTotal("USD", Decimal("410.96")),
    )
    assert result.terms.discount_flips == 0
    assert result.reasons[1].code == "POLICY.REPLAY.CASH_RELEASED"


def test_discount_decision_flips_with_the_cost_of_capital() -> None:
    # 2/10 net 30 forgoes 2/98 x 365/20 = 37.24 % a year (AccountingTools, "Cost of credit
    # formula"): take it at a cost of capital of 8 %, skip it at 40 %.
    new = _with(pol.example_text(), ("cost_of_capital = 0.08", "cost_of_capital = 0.40"))
    result = pol.replay(
        OLD,
        new,
        invoices=[_invoice("1000.00", terms="2/10 net 30"), _invoice("1000.00", terms="net 30")],
        as_of=AS_OF,
    )
    (change,) = result.terms.changes
    assert (change.old_discount, change.new_discount) == ("take", "skip")
    assert change.cash_released == Decimal("0.00")
    assert change.old_due_date == change.new_due_date == dt.date(2027, 2, 14)
    assert result.terms.discount_flips == 1
    assert [r.code for r in result.reasons][1:3] == [
        "POLICY.REPLAY.CASH_RELEASED",
        "POLICY.REPLAY.DISCOUNT_FLIPPED",
    ]


def test_standard_terms_with_a_discount_and_several_discounted_installments() -> None:
    new = _with(pol.example_text(), ('"net 60"', '"2/10 net 30"'))
    two = "50% 2/10 net 30, 50% 1/10 net 60"
    result = pol.replay(
        OLD, new, invoices=[_invoice("3650.00"), _invoice("10.00", terms=two)], as_of=AS_OF
    )
    (change,) = result.terms.changes
    # 3650.00 x (30 − 60) / 365 = −300.00: paid earlier, cash goes out sooner
    assert change.cash_released == Decimal("-300.00")
    assert (change.old_discount, change.new_discount) == ("none", "take")
    again = pol.replay(
        OLD,
        _with(pol.example_text(), ("cost_of_capital = 0.08", "cost_of_capital = 0.30")),
        invoices=[_invoice("10.00", terms=two)],
        as_of=AS_OF,
    )
    # 1/10 net 60 forgoes 1/99 x 365/50 = 7.4 %: skipped at 8 % and at 30 %;
    # 2/10 net 30 (37.2 %) is taken at 8 % and at 30 %: no flip
    assert again.terms.changes == ()
    flipped = pol.replay(
        OLD,
        _with(pol.example_text(), ("cost_of_capital = 0.08", "cost_of_capital = 0.05")),
        invoices=[_invoice("10.00", terms=two)],
        as_of=AS_OF,
    )
    (change,) = flipped.terms.changes
    assert (change.old_discount, change.new_discount) == ("take,skip", "take,take")


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_a_zero_invoice_changes_nothing(engine: str) -> None:
    # a zero total is one zero line due on the invoice date, whatever the terms
    result = pol.replay(OLD, NET_90, invoices=[_invoice("0.00")], as_of=AS_OF, engine=engine)
    assert result.terms == pol.TermsReplay(1)


def test_same_terms_change_nothing() -> None:
    result = pol.replay(OLD, OLD, invoices=[_invoice("100.00")], as_of=AS_OF)
    assert result.terms == pol.TermsReplay(1)
    assert [r.code for r in result.reasons] == ["POLICY.REPLAY.SUMMARY", "POLICY.REPLAY.NO_CHANGE"]


def test_replay_invoice_terms_are_canonical() -> None:
    assert _invoice("1", terms="2/10, n/30").terms == "2/10 net 30"
    assert _invoice("1", terms="").terms is None
    with pytest.raises(ParseError):
        _invoice("1", terms="sometime soon")
    with pytest.raises(TypeError, match="terms must be a str or None"):
        _invoice("1", terms=30)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reference must be a str"):
        _invoice("1", reference=7)  # type: ignore[arg-type]


# -- savings ------------------------------------------------------------------------------------


def _event(quantity: str, **kw: Any) -> SavingsEvent:
    return SavingsEvent(
        item="W-1",
        currency="EUR",
        baseline_price=Decimal("10.00"),
        baseline_method=BaselineMethod.LAST_PRICE_PAID,
        baseline_date=dt.date(2026, 12, 1),
        new_price=Decimal("9.00"),
        effective_date=dt.date(2027, 1, 1),
        forecast_quantity=Decimal(quantity),
        baseline_evidence="PO 4500017311",
        **kw,
    )


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_savings_under_a_higher_signoff_threshold(engine: str) -> None:
    new = _with(pol.example_text(), ("signoff_threshold = 50000", "signoff_threshold = 100000"))
    events = [_event("70000"), _event("1000"), _event("200000")]
    result = pol.replay(OLD, new, events=events, as_of=AS_OF, engine=engine)
    # (10.00 − 9.00) x 70,000 = 70,000.00: above 50,000, below 100,000
    (change,) = result.savings.changes
    assert change.row == 0
    expected = [classify_savings(events[0], policy=p.savings, as_of=AS_OF) for p in (OLD, new)]
    assert (change.old_status, change.new_status) == tuple(e.status.value for e in expected)
    assert change.old_status != change.new_status
    assert change.new_recognised == expected[1].finance_recognised
    total = Decimal("70000.00") + Decimal("1000.00") + Decimal("200000.00")
    assert result.savings.old_recognised == result.savings.new_recognised
    assert result.savings.old_recognised == (pol.CurrencyTotal("EUR", total),)
    assert result.savings.recognised_change == (pol.CurrencyTotal("EUR", Decimal("0.00")),)
    assert "1 of them their status" in result.reasons[1].message


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_savings_under_a_stricter_baseline_age(engine: str) -> None:
    new = _with(pol.example_text(), ("max_baseline_age_months = 12", "max_baseline_age_months = 1"))
    old_baseline = attrs.evolve(_event("1000"), baseline_date=dt.date(2026, 6, 1))
    events = [
        old_baseline,
        _event("500", one_offs=(OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal(5)),)),
    ]
    result = pol.replay(OLD, new, events=events, as_of=AS_OF, engine=engine)
    scalar = [classify_savings(events[0], policy=p.savings, as_of=AS_OF) for p in (OLD, new)]
    change = result.savings.changes[0]
    assert change.old_recognised == scalar[0].finance_recognised == Decimal("1000.00")
    assert change.new_recognised == scalar[1].finance_recognised
    assert change.change == change.new_recognised - change.old_recognised < 0


def test_savings_without_a_section_use_the_default_policy() -> None:
    bare = pol.AgreedPolicy(OLD.header)
    stale = attrs.evolve(_event("1000"), baseline_date=dt.date(2025, 1, 1))
    result = pol.replay(bare, OLD, events=[stale], as_of=AS_OF, engine="scalar")
    default = classify_savings(stale, policy=SavingsPolicy(), as_of=AS_OF)
    assert result.savings.old_recognised == (pol.CurrencyTotal("EUR", default.finance_recognised),)


# -- inventory ----------------------------------------------------------------------------------


def _sku(**kw: Any) -> StockItem:
    base: dict[str, Any] = {
        "sku": "A-100",
        "on_hand": Decimal(180),
        "unit_cost": Decimal(5),
        "currency": "EUR",
        "demand": Demand(Decimal(10), Decimal(3)),
        "lead_time": LeadTime(9),
        "order_quantity": Decimal(100),
        "item_class": "B",
    }
    return StockItem(**(base | kw))


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_service_level_of_class_b_up(engine: str) -> None:
    # σ over the lead time = 3 x √9 = 9 units; z(0.95) = 1.6448536, z(0.98) = 2.0537489
    new = _with(pol.example_text(), ("B = 0.95", "B = 0.98"))
    own = _sku(sku="OWN", service_level=Decimal("0.9"))
    items = [_sku(), own, _sku(sku="C", item_class="C")]
    result = pol.replay(OLD, new, items=items, as_of=AS_OF, engine=engine)
    (change,) = result.stock.changes
    assert change.sku == "A-100"
    assert change.old_safety_target == Decimal("14.803683")  # 1.6448536 x 9
    # 2.0537489 x 9 = 18.4837402, rounded up to the millionth as the rule rounds safety stock
    assert change.new_safety_target == Decimal("18.483741")
    assert (change.old_safety_quantity, change.new_safety_quantity) == (
        change.old_safety_target,
        change.new_safety_target,
    )
    assert (change.old_safety_value, change.new_safety_value) == (
        Decimal("74.02"),
        Decimal("92.42"),
    )
    assert change.safety_value_change == Decimal("18.40")
    assert result.stock.safety_value_change == (pol.CurrencyTotal("EUR", Decimal("18.40")),)
    assert result.stock.safety_quantity_change == Decimal("3.680058")
    # the carrying rate 0.25 fills the holding rate 0: 180 x 5 x 0.25 = 225.00 both times
    assert change.old_carrying_cost == change.new_carrying_cost == Decimal("225.00")
    assert result.reasons[1].code == "POLICY.REPLAY.STOCK_RESERVED"


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_carrying_rate_and_reserve_table(engine: str) -> None:
    new = _with(
        pol.example_text(),
        ("carrying_rate = 0.25", "carrying_rate = 0.30"),
        ("{ threshold = 12, rate = 0.25 }", "{ threshold = 12, rate = 0.5 }"),
    )
    slow = _sku(sku="SLOW", on_hand=Decimal(5000), demand=Demand(Decimal(10), Decimal(0)))
    own = _sku(sku="OWN", holding_rate=Decimal("0.1"), on_hand=Decimal(10))
    lots = _sku(sku="LOTS", lots=(Lot(Decimal(10), dt.date(2028, 1, 1)),), on_hand=Decimal(10))
    result = pol.replay(OLD, new, items=[slow, own, lots], as_of=AS_OF, engine=engine)
    changed = {c.sku: c for c in result.stock.changes}
    assert set(changed) == {"SLOW", "LOTS"}
    # 5,000 x 5.00 = 25,000.00 on hand: carrying 25 % -> 30 % is 6,250.00 -> 7,500.00
    assert (changed["SLOW"].old_carrying_cost, changed["SLOW"].new_carrying_cost) == (
        Decimal("6250.00"),
        Decimal("7500.00"),
    )
    assert changed["SLOW"].new_reserve > changed["SLOW"].old_reserve > 0
    assert result.stock.reserve_change == (
        pol.CurrencyTotal("EUR", changed["SLOW"].reserve_change + changed["LOTS"].reserve_change),
    )


def test_an_age_reserve_table_is_refused() -> None:
    aged = _with(pol.example_text(), ('basis = "months_of_supply"', 'basis = "age_days"'))
    with pytest.raises(InvalidInputError, match=r"new\.inventory\.reserve\.basis"):
        pol.replay(OLD, aged, items=[_sku()], as_of=AS_OF)


def test_equal_inventory_clauses_review_nothing() -> None:
    result = pol.replay(OLD, NET_90, items=[_sku()], as_of=AS_OF)
    assert result.stock == pol.StockReplay(1)


# -- budget -------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_the_sample_requests_under_a_warning_at_95(engine: str) -> None:
    # 82,000 of 100,000 consumed: 91 % and 94 % warn at 90 %, not at 95 %; 96 % warns at
    # both; 102 % blocks, and the budget owner may release it; 30,000 + 16,000 of 50,000 is 92 %.
    result = pol.replay(
        OLD, NEXT, requests=_requests(), context=_context(), as_of=AS_OF, engine=engine
    )
    assert [
        (c.reference, c.old_outcome.value, c.new_outcome.value) for c in result.budget.changes
    ] == [
        ("PO-2702", "warned", "pass"),
        ("PO-2703", "warned", "pass"),
        ("PO-2706", "warned", "pass"),
    ]
    counts = {c.outcome.value: (c.old, c.new) for c in result.budget.counts}
    assert counts == {
        "pass": (1, 4),
        "warned": (4, 1),
        "needs_approval": (1, 1),
        "blocked": (0, 0),
        "not_controlled": (0, 0),
    }
    assert result.budget.count("needs_approval") == pol.OutcomeCount(
        pol.RequestOutcome.NEEDS_APPROVAL, 1, 1
    )


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_the_submitters_roles_and_relieving_requests(engine: str) -> None:
    context = attrs.evolve(_context(), roles=("budget_owner",))
    requests = _requests()
    follow_on = attrs.evolve(requests[4], relieves=("PR-1",), reference="PO-2799")
    result = pol.replay(
        OLD, NEXT, requests=[*requests, follow_on], context=context, as_of=AS_OF, engine=engine
    )
    # the budget owner's override turns the block into a warning under both versions
    assert result.budget.count("needs_approval") == pol.OutcomeCount(
        pol.RequestOutcome.NEEDS_APPROVAL, 0, 0
    )
    assert result.budget.count("warned").old == 6


def test_without_override_roles_a_block_is_blocked() -> None:
    strict = _with(pol.example_text(), ('override_roles = ["budget_owner"]', "override_roles = []"))
    result = pol.replay(strict, strict, requests=_requests(), context=_context(), as_of=AS_OF)
    assert result.budget.count("blocked") == pol.OutcomeCount(pol.RequestOutcome.BLOCKED, 1, 1)
    assert result.budget.changes == ()


def test_a_missing_budget_section_uses_the_default_control_policy() -> None:
    unbudgeted = pol.AgreedPolicy(OLD.header)
    result = pol.replay(
        unbudgeted,
        unbudgeted,
        requests=[SpendRequest((SpendLine("9999", Decimal(1), "EUR"),), AS_OF)],
        context=_context(),
        as_of=AS_OF,
    )
    assert result.budget.count("not_controlled").old == 1
    assert result.stock == pol.StockReplay()


# -- the whole replay ---------------------------------------------------------------------------


def test_explain_lists_every_family_and_the_agreement() -> None:
    result = pol.replay(
        OLD,
        NEXT,
        invoices=[_invoice("36500.00")],
        events=[_event("10")],
        items=[_sku()],
        requests=_requests(),
        context=_context(),
        as_of=AS_OF,
    )
    text = result.explain()
    assert "invoices: 1 of 1 change; cash released 3000.00 EUR" in text
    assert "savings events: 0 of 1 change" in text
    assert "SKUs: 0 of 1 change" in text
    assert "requests: 3 of 6 change; pass 1 -> 4, warned 4 -> 1, needs_approval 1 -> 1" in text
    assert result.changed == 4
    assert result.rows == 9
    assert result.primary_reason() == result.reasons[0]
    codes = [r.code for r in result.reasons]
    assert codes == [
        "POLICY.REPLAY.SUMMARY",
        "POLICY.REPLAY.CASH_RELEASED",
        "POLICY.REPLAY.NO_CHANGE",
        "POLICY.REPLAY.NO_CHANGE",
        "POLICY.REPLAY.REQUESTS_HELD",
        "POLICY.NOT_AGREED",
    ]
    assert result.reasons[-1].fact("version") == "2027.2"
    empty = pol.PolicyReplay("1", "2", OLD.fingerprint, OLD.fingerprint, AS_OF)
    assert empty.primary_reason() is None
    assert empty.budget.count("pass") == pol.OutcomeCount(pol.RequestOutcome.PASS, 0, 0)


def test_explain_with_stock_and_savings_changes() -> None:
    new = _with(
        pol.example_text(),
        ("B = 0.95", "B = 0.98"),
        ("signoff_threshold = 50000", "signoff_threshold = 100000"),
    )
    result = pol.replay(OLD, new, events=[_event("70000")], items=[_sku()], as_of=AS_OF)
    text = result.explain()
    assert "savings events: 1 of 1 change; finance recognised 70000.00 EUR -> 70000.00 EUR" in text
    assert "SKUs: 1 of 1 change; safety stock value +18.40 EUR, reserve +0.00 EUR" in text
    assert result.reasons[-2].code == "POLICY.REPLAY.STOCK_RESERVED"


BAD_CALLS = [
    pytest.param({"old": "x"}, TypeError, "old must be an AgreedPolicy", id="old"),
    pytest.param({"new": None}, TypeError, "new must be an AgreedPolicy", id="new"),
    pytest.param({"as_of": "2027-03-31"}, TypeError, "as_of", id="as_of text"),
    pytest.param({"day_basis": 364}, InvalidInputError, "day_basis must be one of", id="basis"),
    pytest.param({"day_basis": True}, InvalidInputError, "day_basis", id="basis bool"),
    pytest.param({"rounding": "UP"}, InvalidInputError, "rounding must be one of", id="rounding"),
    pytest.param({"engine": "spark"}, InvalidInputError, "engine must be one of", id="engine"),
    pytest.param({"invoices": "INV-1"}, TypeError, "invoices must be an iterable", id="text"),
    pytest.param({"invoices": 3}, TypeError, "invoices must be an iterable", id="number"),
    pytest.param({"events": [1]}, TypeError, r"events\[0\] must be a SavingsEvent", id="event"),
    pytest.param({"requests": [_requests()[0]]}, InvalidInputError, "context", id="no context"),
    pytest.param(
        {"requests": [_requests()[0]], "context": {}},
        TypeError,
        "context must be a BudgetContext",
        id="context type",
    ),
    pytest.param(
        {"old": pol.AgreedPolicy(OLD.header), "invoices": [_invoice("1")]},
        InvalidInputError,
        r"old\.payment_terms",
        id="no terms section",
    ),
    pytest.param(
        {"invoices": [_invoice("1"), _invoice("1", day=dt.date(9999, 12, 1))]},
        InvalidInputError,
        r"invoices\[1\]\.",
        id="a row the rule refuses",
    ),
]


@pytest.mark.parametrize(("change", "error", "match"), BAD_CALLS)
def test_bad_calls(change: dict[str, Any], error: type[Exception], match: str) -> None:
    arguments: dict[str, Any] = {"old": OLD, "new": NET_90, "as_of": AS_OF, **change}
    with pytest.raises(error, match=match):
        pol.replay(arguments.pop("old"), arguments.pop("new"), **arguments)


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_a_bad_row_names_its_family_and_position(engine: str) -> None:
    # a fill-rate target needs an order quantity: the rule refuses the SKU
    bad = _sku(sku="BAD", fill_rate=Decimal("0.5"), order_quantity=Decimal(0))
    with pytest.raises(InvalidInputError, match=r"items\[1\]"):
        pol.replay(
            OLD,
            _with(pol.example_text(), ("carrying_rate = 0.25", "carrying_rate = 0.3")),
            items=[_sku(), bad],
            as_of=AS_OF,
            engine=engine,
        )


def test_frames_engine_needs_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import spendrules._policy

    monkeypatch.setitem(sys.modules, "spendrules._policy.replay_frames", None)
    monkeypatch.delattr(spendrules._policy, "replay_frames", raising=False)
    with pytest.raises(MissingExtraError, match="frames"):
        pol.replay(OLD, NET_90, invoices=[_invoice("1")], as_of=AS_OF, engine="frames")
    auto = pol.replay(OLD, NET_90, invoices=[_invoice("36500.00")], as_of=AS_OF)
    assert auto.terms.cash_released == (pol.CurrencyTotal("EUR", Decimal("3000.00")),)


# -- properties ---------------------------------------------------------------------------------


def _sums(pairs: list[tuple[str, Decimal]]) -> tuple[pol.CurrencyTotal, ...]:
    sums: dict[str, Decimal] = {}
    for code, amount in pairs:
        sums[code] = sums.get(code, Decimal(0)) + amount
    return tuple(pol.CurrencyTotal(code, sums[code]) for code in sorted(sums))


@settings(max_examples=25, deadline=None)
@given(result=cases.replays() | cases.changing_replays())
def test_totals_reconcile_exactly_with_the_changed_rows(result: pol.PolicyReplay) -> None:
    terms, savings, stock, budget = result.terms, result.savings, result.stock, result.budget
    assert terms.cash_released == _sums([(c.currency, c.cash_released) for c in terms.changes])
    assert terms.discount_flips == sum(c.old_discount != c.new_discount for c in terms.changes)
    assert savings.recognised_change == _sums([(c.currency, c.change) for c in savings.changes])
    old = {t.currency: t.amount for t in savings.old_recognised}
    for total in savings.new_recognised:
        moved = sum((c.change for c in savings.changes if c.currency == total.currency), Decimal(0))
        assert total.amount - old[total.currency] == moved
    assert stock.safety_value_change == _sums(
        [(c.currency, c.safety_value_change) for c in stock.changes]
    )
    assert stock.reserve_change == _sums([(c.currency, c.reserve_change) for c in stock.changes])
    assert stock.carrying_cost_change == _sums(
        [(c.currency, c.carrying_cost_change) for c in stock.changes]
    )
    assert stock.safety_quantity_change == sum(
        (c.new_safety_quantity - c.old_safety_quantity for c in stock.changes), Decimal(0)
    )
    for count in budget.counts:
        gained = sum(c.new_outcome is count.outcome for c in budget.changes)
        lost = sum(c.old_outcome is count.outcome for c in budget.changes)
        assert count.new - count.old == gained - lost
    assert sum(c.old for c in budget.counts) == budget.rows
    for change in terms.changes:  # a listed row changed
        assert (
            (change.old_due_date, change.old_discount)
            != (
                change.new_due_date,
                change.new_discount,
            )
            or change.cash_released != 0
            or change.old_days != change.new_days
        )


@settings(max_examples=15, deadline=None)
@given(
    old=cases.policies,
    new=cases.policies,
    invoices=st.lists(cases.invoices(), max_size=6),
    events=st.lists(cases.events(), max_size=4),
    items=st.lists(cases.items(), max_size=4),
    requests=st.lists(cases.requests(), max_size=4),
)
def test_the_frames_engine_equals_the_scalar_engine(  # noqa: PLR0917 - hypothesis arguments
    old: pol.AgreedPolicy,
    new: pol.AgreedPolicy,
    invoices: list[pol.ReplayInvoice],
    events: list[SavingsEvent],
    items: list[StockItem],
    requests: list[SpendRequest],
) -> None:
    data: dict[str, Any] = {
        "invoices": invoices,
        "events": events,
        "items": items,
        "requests": requests,
        "context": cases.CONTEXT,
        "as_of": dt.date(2027, 6, 30),
    }
    assert pol.replay(old, new, engine="frames", **data) == pol.replay(
        old, new, engine="scalar", **data
    )


# -- the command line ---------------------------------------------------------------------------

SAMPLE_ARGS = [
    "policy",
    "replay",
    _data("policy_example.toml"),
    _data("policy_example_next.toml"),
    "--invoices",
    _data("replay_invoices.csv"),
    "--requests",
    _data("replay_requests.jsonl"),
    "--context",
    _data("replay_context.json"),
]


def test_cli_replay_prints_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(SAMPLE_ARGS) == 0
    out = capsys.readouterr().out
    assert "invoices: 4 of 6 change; cash released 9986.30 EUR, 410.96 USD" in out
    assert "requests: 3 of 6 change; pass 1 -> 4, warned 4 -> 1, needs_approval 1 -> 1" in out
    assert "as_of: 2027-03-31" in out  # from the context file


def test_cli_replay_json_and_changes(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = tmp_path / "changes.jsonl"
    table = tmp_path / "changes.csv"
    assert main([*SAMPLE_ARGS, "--json", "--as-of", "2027-03-30", "--changes", str(lines)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2027-03-30"
    assert data["terms"]["cash_released"] == [
        {"currency": "EUR", "amount": "9986.30"},
        {"currency": "USD", "amount": "410.96"},
    ]
    records = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [(r["family"], r.get("reference")) for r in records] == [
        ("invoices", "INV-101"),
        ("invoices", "INV-102"),
        ("invoices", "INV-104"),
        ("invoices", "INV-105"),
        ("requests", "PO-2702"),
        ("requests", "PO-2703"),
        ("requests", "PO-2706"),
    ]
    assert main([*SAMPLE_ARGS, "--changes", str(table)]) == 0
    header, first, *_rest = table.read_text(encoding="utf-8").splitlines()
    assert header.startswith("family,row,reference,currency,amount,old_terms,new_terms")
    assert header.endswith(",old_outcome,new_outcome")
    assert first.startswith("invoices,0,INV-101,EUR,12000.00,net 60,net 90,2027-03-16,2027-04-15")
    empty = tmp_path / "none.csv"
    base = [_data("policy_example.toml"), _data("policy_example.toml")]
    invoices = ["--invoices", _data("replay_invoices.csv"), "--as-of", "2027-03-31"]
    assert main(["policy", "replay", *base, *invoices, "--changes", str(empty)]) == 0
    assert empty.read_text(encoding="utf-8") == "family\n"


def test_cli_replay_reads_flat_csv_columns(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "id,item,currency,baseline_price,baseline_method,baseline_date,new_price,"
        "effective_date,forecast_quantity,baseline_evidence,proposal_price,signoff_approver,"
        "signoff_date\n"
        "E1,W-1,EUR,10.00,last_price_paid,2026-12-01,9.00,2027-01-01,70000,PO 1,,,\n"
        "E2,W-2,EUR,10.00,last_price_paid,2026-12-01,9.00,2027-01-01,70000,PO 2,10.50,"
        "controller,2027-01-05\n",
        encoding="utf-8",
    )
    stock = tmp_path / "stock.csv"
    stock.write_text(
        "sku,on_hand,unit_cost,currency,demand_mean,demand_sd,lead_time,lead_time_sd,"
        "order_quantity,item_class\n"
        "A-100,180,5,EUR,10,3,9,0,100,B\n",
        encoding="utf-8",
    )
    new = tmp_path / "new.toml"
    new.write_text(
        pol.example_text()
        .replace("B = 0.95", "B = 0.98")
        .replace("signoff_threshold = 50000", "signoff_threshold = 100000"),
        encoding="utf-8",
    )
    args = ["policy", "replay", _data("policy_example.toml"), str(new), "--as-of", "2027-03-31"]
    assert main([*args, "--events", str(events), "--stock", str(stock), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["item"] for c in data["savings"]["changes"]] == ["W-1"]
    assert data["stock"]["changes"][0]["new_safety_target"] == "18.483741"


CLI_ERRORS = [
    pytest.param([], "--invoices, --events, --stock or --requests", id="no data"),
    pytest.param(
        ["--requests", _data("replay_requests.jsonl"), "--as-of", "2027-03-31"],
        "--context",
        id="requests without context",
    ),
    pytest.param(["--invoices", _data("replay_invoices.csv")], "--as-of", id="no as_of"),
]


@pytest.mark.parametrize(("extra", "message"), CLI_ERRORS)
def test_cli_replay_usage_errors(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["policy", "replay", _data("policy_example.toml"), _data("policy_example_next.toml")]
    assert main([*args, *extra]) == 2
    assert message in capsys.readouterr().err


def test_cli_replay_bad_records_name_their_line(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["policy", "replay", _data("policy_example.toml"), _data("policy_example_next.toml")]
    bad = tmp_path / "bad.csv"
    bad.write_text("amount,currency,invoice_date\n1.00,EUR,2027-01-01\n1.00,EUR,someday\n")
    assert main([*args, "--invoices", str(bad), "--as-of", "2027-03-31"]) == 2
    assert "line 3" in capsys.readouterr().err
    refused = tmp_path / "refused.jsonl"
    refused.write_text(
        '{"amount": "1.00", "currency": "EUR", "invoice_date": "2027-01-01"}\n\n'
        '{"amount": "1.00", "currency": "EUR", "invoice_date": "2027-01-01", '
        '"terms": "50 % on order, 50 % on delivery"}\n'
        '{"amount": "1.00", "currency": "EUR", "invoice_date": "9999-12-01"}\n'
    )
    assert main([*args, "--invoices", str(refused), "--as-of", "2027-03-31"]) == 2
    err = capsys.readouterr().err
    assert f"{refused} line 4: invoices[2]" in err
    garbled = tmp_path / "garbled.jsonl"
    garbled.write_text("{not json\n")
    assert main([*args, "--invoices", str(garbled), "--as-of", "2027-03-31"]) == 2
    assert "line 1" in capsys.readouterr().err
    aged = tmp_path / "aged.toml"
    aged.write_text(pol.example_text().replace('"months_of_supply"', '"age_days"'))
    stock = tmp_path / "stock.jsonl"
    stock.write_text(
        json.dumps(
            {
                "sku": "A",
                "on_hand": "1",
                "unit_cost": "1",
                "currency": "EUR",
                "demand": {"mean": "1"},
            }
        )
        + "\n"
    )
    assert (
        main(
            [
                "policy",
                "replay",
                str(aged),
                str(aged),
                "--stock",
                str(stock),
                "--as-of",
                "2027-03-31",
            ]
        )
        == 2
    )
    assert "old.inventory.reserve.basis" in capsys.readouterr().err


CONTEXT_ERRORS = [
    pytest.param("[]", "a JSON object", id="not an object"),
    pytest.param('{"budgets": [], "tolerance": 1}', "free of unknown keys", id="unknown key"),
    pytest.param('{"ledger": []}', "budgets must be present", id="no budgets"),
]


@pytest.mark.parametrize(("text", "message"), CONTEXT_ERRORS)
def test_cli_replay_context_errors(
    text: str, message: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    context = tmp_path / "context.json"
    context.write_text(text)
    args = ["policy", "replay", _data("policy_example.toml"), _data("policy_example_next.toml")]
    extra = ["--requests", _data("replay_requests.jsonl"), "--context", str(context)]
    assert main([*args, *extra, "--as-of", "2027-03-31"]) == 2
    assert message in capsys.readouterr().err


# -- the remaining paths ------------------------------------------------------------------------


def test_a_rule_failing_otherwise_still_names_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kw: Any) -> None:
        raise ValueError("no decision today")

    monkeypatch.setattr("spendrules._policy.replay.should_take_discount", refuse)
    dearer = _with(pol.example_text(), ("cost_of_capital = 0.08", "cost_of_capital = 0.09"))
    with pytest.raises(InvalidInputError, match=r"invoices\[0\] must be accepted by the rule"):
        pol.replay(OLD, dearer, invoices=[_invoice("1", terms="2/10 net 30")], as_of=AS_OF)


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_a_savings_event_the_rule_refuses(engine: str) -> None:
    usd = attrs.evolve(_event("10"), currency="USD")  # the policy states EUR: a rate is needed
    new = _with(pol.example_text(), ("signoff_threshold = 50000", "signoff_threshold = 1"))
    with pytest.raises(InvalidInputError, match=r"events\[1\]\.reference_rate"):
        pol.replay(OLD, new, events=[_event("10"), usd], as_of=AS_OF, engine=engine)


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_only_rows_the_frames_cannot_lay_out(engine: str) -> None:
    lots = _sku(lots=(Lot(Decimal(10), dt.date(2028, 1, 1)),))
    unreserved = pol.example_text().split("[inventory.reserve]")[0]
    new = _with(unreserved, ("B = 0.95", "B = 0.98"))
    result = pol.replay(pol.loads(unreserved), new, items=[lots], as_of=AS_OF, engine=engine)
    (change,) = result.stock.changes
    assert change.old_reserve == change.new_reserve == Decimal("0.00")
    follow_on = attrs.evolve(_requests()[1], relieves=("PR-1",))
    result = pol.replay(
        OLD, NEXT, requests=[follow_on], context=_context(), as_of=AS_OF, engine=engine
    )
    assert [c.new_outcome for c in result.budget.changes] == [pol.RequestOutcome.PASS]
    credit = _event("70000", one_offs=(OneOffAmount(kind=OneOffKind.CREDIT, amount=Decimal(5)),))
    new = _with(pol.example_text(), ("signoff_threshold = 50000", "signoff_threshold = 100000"))
    result = pol.replay(OLD, new, events=[credit], as_of=AS_OF, engine=engine)
    assert len(result.savings.changes) == 1


@pytest.mark.parametrize("engine", ["scalar", "frames"])
def test_due_dates_beyond_the_calendar(engine: str) -> None:
    late = _invoice("1.00", day=dt.date(9999, 12, 1))
    with pytest.raises(
        InvalidInputError, match=r"invoices\[1\]\.invoice_date must be a date whose"
    ):
        pol.replay(OLD, NET_90, invoices=[_invoice("1.00"), late], as_of=AS_OF, engine=engine)


def test_budget_context_checks_its_parts() -> None:
    with pytest.raises(TypeError, match=r"budgets\[0\] must be a Budget"):
        pol.BudgetContext(["6100"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"roles\[0\] must be a str"):
        pol.BudgetContext((), roles=(1,))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="rounding must be one of"):
        pol.BudgetContext((), rounding="nearest")
