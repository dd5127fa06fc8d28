"""evaluate_purchase: funds, approvals, split leads and preferred suppliers in one call (issue 7 item 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.budget import (
    Action,
    ApprovalBand,
    ApprovalLevel,
    ApprovalMatrix,
    ApprovedSuppliers,
    Budget,
    BudgetRate,
    ControlPolicy,
    FundsDecision,
    LedgerEntry,
    PurchaseDecision,
    SpendLine,
    SpendRequest,
    SplitKind,
    Stage,
    StagePolicy,
    ToleranceRule,
    Transaction,
    Verdict,
    evaluate_purchase,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.results import Severity
from spendrules.serialization import from_json, to_json

FY = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
DAY = dt.date(2026, 3, 3)
CC = {"cost_center": "CC-10"}
MANAGER = ApprovalLevel("manager", roles=("manager",))
DIRECTOR = ApprovalLevel("director", roles=("director",))


def budget(amount: str | int = 200000, account: str = "6100") -> Budget:
    return Budget(account, Decimal(amount), "USD", *FY, CC)


def purchase(
    amount: str | int,
    *,
    stage: Stage = Stage.ORDER,
    currency: str = "USD",
    reference: str = "PO-2",
    supplier: str = "Desks Inc",
    category: str = "furniture",
    account: str = "6100",
) -> SpendRequest:
    return SpendRequest(
        (SpendLine(account, Decimal(amount), currency, CC),),
        DAY,
        stage=stage,
        category=category,
        requester="ann",
        supplier=supplier,
        reference=reference,
    )


def matrix(*bands: ApprovalBand, inclusive: bool = True) -> ApprovalMatrix:
    return ApprovalMatrix((MANAGER, DIRECTOR), bands, "USD", inclusive=inclusive)


NO_BANDS = matrix()
DOA = matrix(ApprovalBand("manager", 1000), ApprovalBand("director", 10000))


def decide(request: SpendRequest, **kwargs: object) -> PurchaseDecision:
    arguments: dict[str, object] = {
        "budgets": [budget()],
        "ledger": [],
        "policy": ControlPolicy(),
        "matrix": NO_BANDS,
        "as_of": DAY,
        **kwargs,
    }
    return evaluate_purchase(request, **arguments)  # type: ignore[arg-type]


def codes(decision: PurchaseDecision) -> list[str]:
    return [reason.code for reason in decision.reasons]


# -- published scenarios --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "budgets", "approvals", "funds", "verdict"),
    [
        pytest.param(
            purchase(40000, stage=Stage.ACTUAL),
            [budget()],
            NO_BANDS,
            FundsDecision.PASS,
            Verdict.GO,
            id="V1 ERPNext test_monthly_budget_crossed_ignore: JE 40,000 on 200,000 submits",
        ),
        pytest.param(
            purchase(250000, stage=Stage.ACTUAL),
            [budget()],
            DOA,
            FundsDecision.BLOCKED,
            Verdict.BLOCKED,
            id="V8 ERPNext test_yearly_budget_crossed_stop1: JE 250,000 on 200,000 blocked",
        ),
        pytest.param(
            purchase(5000, account="606300"),
            [budget(10000, "606300")],
            NO_BANDS,
            FundsDecision.PASS,
            Verdict.GO,
            id="V28 AX About budget control: PO 5,000 on 10,000 passes",
        ),
    ],
)
def test_published_funds_scenarios(
    request_: SpendRequest,
    budgets: list[Budget],
    approvals: ApprovalMatrix,
    funds: FundsDecision,
    verdict: Verdict,
) -> None:
    decision = decide(request_, budgets=budgets, matrix=approvals)
    assert decision.funds.decision is funds
    assert decision.verdict is verdict


def test_v8_blocked_still_answers_the_route() -> None:
    decision = decide(purchase(250000, stage=Stage.ACTUAL), matrix=DOA)
    assert decision.route.approval_required
    assert decision.reasons[0].severity is Severity.ERROR
    assert decision.reasons[-1].message == "Blocked by the funds check."


def test_v28_available_after() -> None:
    """V28: available after = 10,000 - 5,000 = 5,000 [computed in the notes]."""
    decision = decide(purchase(5000, account="606300"), budgets=[budget(10000, "606300")])
    assert decision.funds.lines[0].available_after == Decimal("5000.00")


@pytest.mark.parametrize(
    ("amount", "verdict"),
    [
        pytest.param("4999.99", Verdict.GO, id="V31 Odoo 4,999.99 confirmable"),
        pytest.param(
            "5000.00", Verdict.NEEDS_APPROVAL, id="V31 Odoo 5,000.00 needs purchase manager"
        ),
    ],
)
def test_v31_odoo_threshold(amount: str, verdict: Verdict) -> None:
    odoo = ApprovalMatrix((MANAGER,), (ApprovalBand("manager", 5000),), "USD")
    assert decide(purchase(amount), matrix=odoo).verdict is verdict


def test_v36_uhv_split_furniture_is_flagged() -> None:
    """V36 (UHV FAQ #84): 2 x 1,600 of furniture under a 3,000 delegated limit."""
    earlier = [
        Transaction(
            "PO-1",
            DAY - dt.timedelta(days=1),
            Decimal("1600.00"),
            "USD",
            requester="ann",
            supplier="Desks Inc",
        )
    ]
    decision = decide(
        purchase(1600),
        matrix=matrix(ApprovalBand("manager", 3000), inclusive=False),
        recent=earlier,
    )
    assert decision.verdict is Verdict.GO_WITH_WARNINGS
    (lead,) = decision.splits
    assert lead.kind is SplitKind.WINDOW_TOTAL
    assert lead.references == ("PO-1", "PO-2")
    assert lead.total == Decimal("3200.00")
    assert "DECISION.SPLIT" in codes(decision)


def test_v34_musc_card_split_via_evaluate() -> None:
    """V34 (MUSC): $1,500 + $1,200 same vendor same day against a $2,500 limit."""
    earlier = [
        Transaction("T1", DAY, Decimal("1500"), "USD", requester="ann", supplier="Desks Inc")
    ]
    decision = decide(
        purchase(1200, reference="T2"),
        matrix=matrix(ApprovalBand("manager", 2500), inclusive=False),
        recent=earlier,
        split_window_days=1,
    )
    assert decision.splits[0].total == Decimal("2700.00")


def test_v39_sarasota_split_leads_never_block() -> None:
    """V39 (Sarasota 2018): 3 of 71 flagged groups confirmed -> leads warn, they never block."""
    earlier = [
        Transaction(f"T{i}", DAY, Decimal("900"), "USD", requester="ann", supplier="Desks Inc")
        for i in range(5)
    ]
    decision = decide(purchase(900), matrix=matrix(ApprovalBand("manager", 1000)), recent=earlier)
    assert decision.splits
    assert decision.verdict is Verdict.GO_WITH_WARNINGS
    assert all(r.severity is not Severity.ERROR for r in decision.reasons)


# -- verdict logic --------------------------------------------------------------------------


def test_funds_warning_gives_go_with_warnings() -> None:
    warn = ControlPolicy.uniform(
        StagePolicy(
            rules=(
                ToleranceRule(Action.WARN, usage=Decimal("0.8")),
                ToleranceRule(Action.BLOCK, usage=Decimal(1)),
            )
        )
    )
    decision = decide(purchase(170000), policy=warn)
    assert decision.funds.decision is FundsDecision.PASS_WITH_WARNING
    assert decision.verdict is Verdict.GO_WITH_WARNINGS
    assert decision.reasons[0].message == "Funds check passes with a warning."


def test_overridable_block_needs_approval() -> None:
    policy = ControlPolicy(override_roles=("budget_owner",))
    decision = decide(purchase(250000), policy=policy)
    assert decision.funds.decision is FundsDecision.BLOCKED
    assert decision.verdict is Verdict.NEEDS_APPROVAL
    assert decision.reasons[0].severity is Severity.WARNING
    assert "may override it" in decision.reasons[0].message
    assert decision.reasons[-1].message == (
        "Needs approval before it can go ahead: a funds override by budget_owner."
    )


def test_route_and_override_together() -> None:
    decision = decide(purchase(250000), policy=ControlPolicy(override_roles=("cfo",)), matrix=DOA)
    assert decision.reasons[-1].message == (
        "Needs approval before it can go ahead: manager, director, a funds override by cfo."
    )


def test_not_controlled_is_information() -> None:
    decision = decide(purchase(100), budgets=[])
    assert decision.funds.decision is FundsDecision.NOT_CONTROLLED
    assert decision.verdict is Verdict.GO
    assert "No budget controls this request" in decision.reasons[0].message


def test_reduction_goes() -> None:
    decision = decide(
        purchase(-500), matrix=DOA, recent=[Transaction("T1", DAY, Decimal(900), "USD")]
    )
    assert decision.verdict is Verdict.GO
    assert "split purchases were not sought" in decision.reasons[2].message


def test_split_to_stay_under_the_director() -> None:
    """Splitting under a higher level is found: each 6,000 needs the manager, but 2 x 6,000 in
    the window pass the director's 10,000."""
    earlier = [
        Transaction("PO-1", DAY, Decimal("6000.00"), "USD", requester="ann", supplier="Desks Inc")
    ]
    decision = decide(purchase(6000), matrix=DOA, recent=earlier)
    assert decision.verdict is Verdict.NEEDS_APPROVAL
    (lead,) = decision.splits
    assert lead.threshold == Decimal("10000")


def test_zero_threshold_band_is_not_a_split_threshold() -> None:
    always = matrix(ApprovalBand("manager", 0))
    earlier = [
        Transaction("PO-1", DAY, Decimal("600"), "USD", requester="ann", supplier="Desks Inc")
    ]
    decision = decide(purchase(600), matrix=always, recent=earlier)
    assert decision.splits == ()
    assert "thresholds checked: none" in decision.reasons[2].message


@pytest.mark.parametrize(
    ("count", "window", "words"),
    [
        pytest.param(0, 14, "window 14 days; 0 recent purchases).", id="none"),
        pytest.param(1, 1, "window 1 day; 1 recent purchase).", id="one (singular)"),
        pytest.param(2, 14, "window 14 days; 2 recent purchases).", id="two (plural)"),
    ],
)
def test_no_split_reason_counts_in_proper_english(count: int, window: int, words: str) -> None:
    others = [
        Transaction(f"T{i}", DAY, Decimal(10), "USD", requester="zoe", supplier="Other")
        for i in range(count)
    ]
    decision = decide(purchase(100), matrix=DOA, recent=others, split_window_days=window)
    (reason,) = [r for r in decision.reasons if r.code == "DECISION.NO_SPLIT"]
    assert reason.message.endswith(words)
    assert reason.fact("recent") == str(count)


def test_an_invoice_for_an_open_order_is_counted_once_issue_36610() -> None:
    """ERPNext issue #36610; figures of the domain notes section 9.3 (20,000,000 budget,
    11,000,000 actual, an order of 5,000,000 and its invoice: 16,000,000 <= limit -> pass)."""
    ledger = [
        LedgerEntry("6100", Stage.ACTUAL, Decimal("11000000"), "USD", dt.date(2026, 2, 1), CC),
        LedgerEntry(
            "6100", Stage.ORDER, Decimal("5000000"), "USD", dt.date(2026, 3, 2), CC, "PO-1"
        ),
    ]
    bill = purchase(5000000, stage=Stage.ACTUAL, reference="PI-1")
    twice = decide(bill, budgets=[budget(20000000)], ledger=ledger)
    assert twice.verdict is Verdict.BLOCKED
    relieving = SpendRequest(
        bill.lines, bill.date, stage=Stage.ACTUAL, reference="PI-1", relieves=["PO-1"]
    )
    once = decide(relieving, budgets=[budget(20000000)], ledger=ledger)
    assert once.verdict is Verdict.GO
    assert once.funds.lines[0].available_after == Decimal("20000000") - Decimal("16000000")
    assert once.funds.relieved[0].amount == Decimal("5000000")
    assert "Relieved first: order PO-1" in once.reasons[0].message
    assert "relieved 5,000,000.00 USD" in once.reasons[0].message


def test_an_invoice_within_its_order_goes_on_a_budget_others_pushed_over() -> None:
    """Domain notes section 7 item 18 with #36610's figures: unrelated actuals of 5,000,000 after
    the order push the budget to 21,000,000 of 20,000,000; the invoice within its order goes."""
    ledger = [
        LedgerEntry("6100", Stage.ACTUAL, Decimal("11000000"), "USD", dt.date(2026, 2, 1), CC),
        LedgerEntry(
            "6100", Stage.ORDER, Decimal("5000000"), "USD", dt.date(2026, 3, 2), CC, "PO-1"
        ),
        LedgerEntry("6100", Stage.ACTUAL, Decimal("5000000"), "USD", dt.date(2026, 3, 2), CC),
    ]
    bill = purchase(5000000, stage=Stage.ACTUAL, reference="PI-1")
    relieving = SpendRequest(
        bill.lines, bill.date, stage=Stage.ACTUAL, reference="PI-1", relieves=["PO-1"]
    )
    decision = decide(relieving, budgets=[budget(20000000)], ledger=ledger)
    assert decision.verdict is Verdict.GO
    assert decision.funds.lines[0].within_commitment
    assert "Within the commitments it relieves on 6100 cost_center=CC-10" in (
        decision.reasons[0].message
    )
    beyond = SpendRequest(
        (SpendLine("6100", Decimal("5000001"), "USD", CC),),
        bill.date,
        stage=Stage.ACTUAL,
        reference="PI-1",
        relieves=["PO-1"],
    )
    assert decide(beyond, budgets=[budget(20000000)], ledger=ledger).verdict is Verdict.BLOCKED
    recheck = ControlPolicy.uniform(StagePolicy(recheck_follow_ons=True))
    again = decide(relieving, budgets=[budget(20000000)], ledger=ledger, policy=recheck)
    assert again.verdict is Verdict.BLOCKED and "Within" not in again.reasons[0].message


def test_an_invoice_is_not_a_split_of_the_order_it_relieves() -> None:
    """V36's figures (UHV FAQ #84: 1,600 under a 3,000 limit), but the second document is the
    invoice of the first order, not a second order: one purchase, no split."""
    order = [
        Transaction("PO-1", DAY, Decimal("1600.00"), "USD", requester="ann", supplier="Desks Inc")
    ]
    limit = matrix(ApprovalBand("manager", 3000), inclusive=False)
    bill = purchase(1600, stage=Stage.ACTUAL, reference="PI-1")
    assert decide(bill, matrix=limit, recent=order).splits[0].total == Decimal("3200.00")
    relieving = SpendRequest(
        bill.lines,
        bill.date,
        stage=Stage.ACTUAL,
        requester="ann",
        supplier="Desks Inc",
        reference="PI-1",
        relieves=["PO-1"],
    )
    decision = decide(relieving, matrix=limit, recent=order)
    assert decision.splits == ()
    (reason,) = [r for r in decision.reasons if r.code == "DECISION.NO_SPLIT"]
    assert (
        "1 recent purchase, of which 1 document this request relieves, left out" in reason.message
    )
    assert reason.fact("relieved") == "1"


def test_recent_entry_for_the_request_itself_is_replaced() -> None:
    same = [Transaction("PO-2", DAY, Decimal("1600"), "USD", requester="ann", supplier="Desks Inc")]
    decision = decide(purchase(1600), matrix=matrix(ApprovalBand("manager", 3000)), recent=same)
    assert decision.splits == ()


def test_request_without_reference() -> None:
    earlier = [
        Transaction("PO-1", DAY, Decimal("1600"), "USD", requester="ann", supplier="Desks Inc")
    ]
    decision = decide(
        purchase(1600, reference=""), matrix=matrix(ApprovalBand("manager", 3000)), recent=earlier
    )
    assert decision.splits[0].references == ("(this request)", "PO-1")


def test_foreign_currency_request_uses_the_rates_everywhere() -> None:
    rates = (BudgetRate("EUR", "USD", Decimal("1.30")),)
    decision = decide(purchase(1000, currency="EUR"), matrix=DOA, rates=iter(rates))
    assert decision.route.amount == Decimal("1300.00")
    assert decision.funds.lines[0].this_request == Decimal("1300.00")


@pytest.mark.parametrize(
    ("supplier", "lists", "compliant", "code", "verdict"),
    [
        pytest.param(
            "Desks Inc",
            [ApprovedSuppliers("furniture", ("Desks Inc",))],
            True,
            "SUPPLIER.APPROVED",
            Verdict.GO,
            id="on the list",
        ),
        pytest.param(
            "Chairs Ltd",
            [ApprovedSuppliers("furniture", ("Desks Inc", "Seats Co"))],
            False,
            "SUPPLIER.NOT_APPROVED",
            Verdict.GO_WITH_WARNINGS,
            id="off the list",
        ),
        pytest.param(
            "Chairs Ltd",
            [ApprovedSuppliers("furniture", ())],
            False,
            "SUPPLIER.NOT_APPROVED",
            Verdict.GO_WITH_WARNINGS,
            id="empty list",
        ),
        pytest.param(
            "",
            [ApprovedSuppliers("furniture", ("Desks Inc",))],
            False,
            "SUPPLIER.UNKNOWN",
            Verdict.GO_WITH_WARNINGS,
            id="no supplier named",
        ),
        pytest.param(
            "Chairs Ltd",
            [ApprovedSuppliers("laptops", ("Dell",))],
            None,
            "SUPPLIER.NO_LIST",
            Verdict.GO,
            id="no list for category",
        ),
        pytest.param(
            "Chairs Ltd", None, None, "SUPPLIER.NOT_CHECKED", Verdict.GO, id="no lists given"
        ),
    ],
)
def test_preferred_supplier_compliance(
    supplier: str,
    lists: list[ApprovedSuppliers] | None,
    compliant: bool | None,
    code: str,
    verdict: Verdict,
) -> None:
    decision = decide(purchase(100, supplier=supplier), approved_suppliers=lists)
    assert decision.supplier_compliant is compliant
    assert code in codes(decision)
    assert decision.verdict is verdict


def test_off_list_message_names_the_list() -> None:
    decision = decide(
        purchase(100, supplier="Chairs Ltd"),
        approved_suppliers=[ApprovedSuppliers("furniture", ())],
    )
    (reason,) = [r for r in decision.reasons if r.code == "SUPPLIER.NOT_APPROVED"]
    assert reason.message == "Chairs Ltd is not on the approved list for furniture (nobody yet)."


def test_explain_and_json_round_trip() -> None:
    earlier = [
        Transaction("PO-1", DAY, Decimal("1600.00"), "USD", requester="ann", supplier="Desks Inc")
    ]
    decision = decide(
        purchase(1600),
        matrix=matrix(ApprovalBand("manager", 3000), ApprovalBand("director", 1500)),
        recent=earlier,
    )
    text = decision.explain()
    assert "verdict: needs_approval" in text
    assert "approval step 1: director" in text
    assert "split lead: window_total, PO-1, PO-2" in text
    assert from_json(to_json(decision), PurchaseDecision) == decision


# -- property: splits and suppliers never block -----------------------------------------------

small = st.decimals(min_value=1, max_value=2999, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=50)
@given(small, st.lists(small, max_size=5), st.booleans())
def test_only_funds_can_block(amount: Decimal, earlier: list[Decimal], listed: bool) -> None:
    recent = [
        Transaction(f"T{i}", DAY, a, "USD", requester="ann", supplier="Desks Inc")
        for i, a in enumerate(earlier)
    ]
    lists = [ApprovedSuppliers("furniture", ("Desks Inc",) if listed else ())]
    decision = decide(
        purchase(amount),
        matrix=matrix(ApprovalBand("manager", 3000)),
        recent=recent,
        approved_suppliers=lists,
    )
    assert decision.verdict in {Verdict.GO, Verdict.GO_WITH_WARNINGS}
    assert (decision.verdict is Verdict.GO) is (listed and not decision.splits)


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        pytest.param(
            lambda: decide("PO"), TypeError, "request must be a SpendRequest", id="request"
        ),
        pytest.param(
            lambda: decide(purchase(1), matrix={}),
            TypeError,
            "matrix must be an ApprovalMatrix",
            id="matrix",
        ),
        pytest.param(
            lambda: decide(purchase(1), split_window_days=0),
            InvalidInputError,
            "split_window_days must be >= 1",
            id="window",
        ),
        pytest.param(
            lambda: decide(purchase(1), recent="T1"),
            TypeError,
            "recent must be a sequence",
            id="recent str",
        ),
        pytest.param(
            lambda: decide(purchase(1), recent=["T1"]),
            TypeError,
            r"recent\[0\] must be a Transaction",
            id="recent item",
        ),
        pytest.param(
            lambda: decide(purchase(1), recent=[Transaction("T1", DAY, Decimal(1), "EUR")]),
            CurrencyMismatchError,
            r"recent\[0\].currency must be 'USD' to match, got 'EUR'",
            id="recent currency",
        ),
        pytest.param(
            lambda: decide(purchase(1), approved_suppliers="Dell"),
            TypeError,
            "approved_suppliers must be a sequence",
            id="lists str",
        ),
        pytest.param(
            lambda: decide(purchase(1), approved_suppliers=[("a", "b")]),
            TypeError,
            r"approved_suppliers\[0\] must be an ApprovedSuppliers",
            id="lists item",
        ),
        pytest.param(
            lambda: decide(
                purchase(1),
                approved_suppliers=[
                    ApprovedSuppliers("furniture", ()),
                    ApprovedSuppliers("furniture", ("x",)),
                ],
            ),
            InvalidInputError,
            r"approved_suppliers\[1\].category must be a category listed once",
            id="lists twice",
        ),
        pytest.param(
            lambda: decide(purchase(1), split_near_band=0.05),
            TypeError,
            "near_band must be a Decimal",
            id="near band float",
        ),
        pytest.param(
            lambda: decide(purchase(1), split_group_by=["vendor"]),
            InvalidInputError,
            r"split_group_by\[0\] must be one of",
            id="group by",
        ),
        pytest.param(
            lambda: decide(purchase(1), rates=5),
            TypeError,
            "rates must be a sequence of BudgetRate",
            id="rates",
        ),
        pytest.param(
            lambda: ApprovedSuppliers(1, ()),
            TypeError,
            "category must be a str",
            id="category type",
        ),
        pytest.param(
            lambda: ApprovedSuppliers("x", "Dell"),
            TypeError,
            "suppliers must be a sequence",
            id="suppliers str",
        ),
        pytest.param(
            lambda: ApprovedSuppliers("x", (1,)),
            TypeError,
            r"suppliers\[0\] must be a str",
            id="supplier type",
        ),
        pytest.param(
            lambda: ApprovedSuppliers("x", ("",)),
            InvalidInputError,
            r"suppliers\[0\] must be a non-empty str",
            id="supplier blank",
        ),
        pytest.param(
            lambda: decide(
                purchase(1), ledger=[LedgerEntry("6100", Stage.ACTUAL, Decimal(1), "EUR", DAY, CC)]
            ),
            CurrencyMismatchError,
            "EUR",
            id="funds error passes through",
        ),
    ],
)
def test_invalid_calls(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]


def test_near_band_can_be_switched_off() -> None:
    earlier = [
        Transaction(
            f"T{i}",
            DAY - dt.timedelta(days=30 * i),
            Decimal("2950"),
            "USD",
            requester="ann",
            supplier="Desks Inc",
        )
        for i in range(1, 3)
    ]
    limit = matrix(ApprovalBand("manager", 3000))
    on = decide(purchase(2990), matrix=limit, recent=earlier)
    assert [lead.kind for lead in on.splits] == [SplitKind.NEAR_THRESHOLD]
    assert decide(purchase(2990), matrix=limit, recent=earlier, split_near_band=None).splits == ()


def test_demo_shows_the_route_and_the_decision(capsys: pytest.CaptureFixture[str]) -> None:
    from spendrules.cli import main

    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Approval route of the sample purchase order (Delegation of authority 2026):" in out
    assert "step 2: director (from 10,000.00; roles director)" in out
    assert "APPROVAL.SOD_REQUESTER: alice asked for this spend" in out
    assert "verdict: needs_approval" in out
    assert "SUPPLIER.NOT_APPROVED: Acme Lab Supply is not on the approved list" in out
    assert "2026-06-11 PO-2026-0801: 4,900.00 EUR" in out
