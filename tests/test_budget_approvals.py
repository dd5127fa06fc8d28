"""Approval matrices, routes and segregation of duties (spendrules.budget, issue 7 item 6)."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract_budget_approvals import routed
from spendrules.budget import (
    Approval,
    ApprovalBand,
    ApprovalLevel,
    ApprovalMatrix,
    ApprovalMode,
    ApprovalRoute,
    Approver,
    BudgetRate,
    SpendLine,
    SpendRequest,
    can_approve,
    route_approval,
)
from spendrules.errors import InvalidInputError, UnknownCurrencyError
from spendrules.results import Severity
from spendrules.serialization import from_json, to_json

DAY = dt.date(2026, 3, 2)

MANAGER = ApprovalLevel("manager", roles=("manager",))
DIRECTOR = ApprovalLevel("director", roles=("director",))
CFO = ApprovalLevel("cfo", users=("carol",))


def request(
    amount: str | Decimal,
    *,
    currency: str = "USD",
    requester: str = "ann",
    reference: str = "PO-1",
    day: dt.date = DAY,
    **fields: str,
) -> SpendRequest:
    centre = fields.pop("cost_center", None)
    dims = {"cost_center": centre} if centre else {}
    return SpendRequest(
        (SpendLine("6100", Decimal(amount), currency, dims),),
        day,
        requester=requester,
        reference=reference,
        **fields,
    )


def doa(mode: ApprovalMode = ApprovalMode.CUMULATIVE, **options: object) -> ApprovalMatrix:
    """The community-ERP bands: < 1,000 none, from 1,000 manager, from 10,000 director (ryan-erp#66)."""
    return ApprovalMatrix(
        (MANAGER, DIRECTOR, CFO),
        (
            ApprovalBand("manager", Decimal("1000")),
            ApprovalBand("director", Decimal("10000")),
            ApprovalBand("cfo", Decimal("100000")),
        ),
        "USD",
        mode=mode,
        **options,  # type: ignore[arg-type]
    )


def levels(route: ApprovalRoute) -> list[str]:
    return [step.level for step in route.steps]


def codes(result: object) -> list[str]:
    return [reason.code for reason in result.reasons]  # type: ignore[attr-defined]


# -- published examples ---------------------------------------------------------------------

ODOO = ApprovalMatrix(
    (ApprovalLevel("purchase_manager", roles=("purchase.group_purchase_manager",)),),
    (ApprovalBand("purchase_manager", Decimal("5000")),),
    "USD",
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param("4999.99", [], id="V31 Odoo _approval_allowed 4,999.99 < 5,000 confirmable"),
        pytest.param(
            "5000.00",
            ["purchase_manager"],
            id="V31 Odoo _approval_allowed 5,000.00 needs purchase manager",
        ),
    ],
)
def test_v31_odoo_two_step_validation(amount: str, expected: list[str]) -> None:
    route = route_approval(request(amount), ODOO)
    assert levels(route) == expected
    assert route.approval_required is bool(expected)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param("500", [], id="ryan-erp#66 below 1,000 auto-approved"),
        pytest.param("5000", ["manager"], id="ryan-erp#66 1,000-10,000 manager"),
        pytest.param("15000", ["manager", "director"], id="ryan-erp#66 over 10,000 director"),
        pytest.param(
            "150000",
            ["manager", "director", "cfo"],
            id="Oracle Workflow Requisition Process each intermediate manager approves",
        ),
    ],
)
def test_cumulative_bands(amount: str, expected: list[str]) -> None:
    assert levels(route_approval(request(amount), doa())) == expected


def test_erpnext_authorization_rule_any_at_or_above() -> None:
    """ERPNext authorization_control.py: crossed = rules with value <= total; approvers are the
    rules with value == max(crossed) or value > total (budget.md section 3, Approval)."""
    route = route_approval(request("15000"), doa(ApprovalMode.ANY_AT_OR_ABOVE))
    (step,) = route.steps
    assert step.level == "director"
    assert step.roles == ("director",)
    assert step.users == ("carol",)
    assert can_approve(Approver("carol"), request("15000"), route).allowed
    assert not can_approve(Approver("max", roles=("manager",)), request("15000"), route).allowed


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param(
            "15000",
            [
                ("APPROVAL.LEVEL_COVERED", "manager"),
                ("APPROVAL.LEVEL_REQUIRED", "director"),
                ("APPROVAL.LEVEL_NOT_REQUIRED", "cfo"),
            ],
            id="ERPNext authorization_control.py 15,000: one director covers the manager",
        ),
        pytest.param(
            "150000",
            [
                ("APPROVAL.LEVEL_COVERED", "manager"),
                ("APPROVAL.LEVEL_COVERED", "director"),
                ("APPROVAL.LEVEL_REQUIRED", "cfo"),
            ],
            id="ERPNext authorization_control.py 150,000: one cfo covers both",
        ),
    ],
)
def test_any_at_or_above_reasons_ask_for_one_approval(
    amount: str, expected: list[tuple[str, str]]
) -> None:
    """ERPNext: approvers are the rules with value == max(crossed) or above; the lower crossed
    rules need no approval of their own (budget.md section 3, Approval)."""
    route = route_approval(request(amount), doa(ApprovalMode.ANY_AT_OR_ABOVE))
    per_level = [(r.code, r.fact("level")) for r in route.reasons if r.code != "APPROVAL.ROUTE"]
    assert per_level == expected
    top = expected[-1][1] if expected[-1][0] == "APPROVAL.LEVEL_REQUIRED" else expected[-2][1]
    # No level is asked for an approval of its own ("manager approval is required.").
    assert not [r for r in route.reasons if r.message.endswith(" approval is required.")]
    covered = [r for r in route.reasons if r.code == "APPROVAL.LEVEL_COVERED"]
    assert all(f"one approval by {top} or a level above it covers it" in r.message for r in covered)
    (required,) = [r for r in route.reasons if r.code == "APPROVAL.LEVEL_REQUIRED"]
    assert f"one approval by {top} or a level above it is required" in required.message
    # The cumulative route keeps one required approval per level reached.
    cumulative = route_approval(request(amount), doa())
    assert [r.code for r in cumulative.reasons[:-1]] == [
        "APPROVAL.LEVEL_REQUIRED" if code != "APPROVAL.LEVEL_NOT_REQUIRED" else code
        for code, _ in expected
    ]
    assert "manager approval is required." in cumulative.reasons[0].message


@settings(max_examples=200)
@given(routed)
def test_required_reasons_are_exactly_the_steps(pair: tuple[SpendRequest, ApprovalRoute]) -> None:
    _, route = pair
    required = [r.fact("level") for r in route.reasons if r.code == "APPROVAL.LEVEL_REQUIRED"]
    assert required == [step.level for step in route.steps]


def test_erpnext_rule_applies_at_equality_edge_13() -> None:
    """Edge case 13: the ERPNext rule applies when value <= total (inclusive)."""
    assert levels(route_approval(request("1000"), doa())) == ["manager"]
    assert levels(route_approval(request("1000"), doa(inclusive=False))) == []
    assert levels(route_approval(request("1000.01"), doa(inclusive=False))) == ["manager"]


@pytest.mark.parametrize(
    ("eur", "usd", "expected"),
    [
        pytest.param(
            "1000",
            "1300.00",
            [],
            id="V29 AX Define budget exchange rates: EUR 1,000 at 130/100 is USD 1,300",
        ),
        pytest.param(
            "4000",
            "5200.00",
            ["purchase_manager"],
            id="budget.md edge 19 ServiceNow reference currency: EUR 4,000 x 1.30 = USD 5,200",
        ),
    ],
)
def test_conversion_to_the_reference_currency(eur: str, usd: str, expected: list[str]) -> None:
    route = route_approval(
        request(eur, currency="EUR"), ODOO, rates=[BudgetRate("EUR", "USD", Decimal("1.30"))]
    )
    assert route.amount == Decimal(usd)
    assert route.currency == "USD"
    assert levels(route) == expected
    assert "APPROVAL.CONVERTED" in codes(route)


def test_approval_by_category_irrespective_of_amount_adempiere_1877() -> None:
    matrix = ApprovalMatrix(
        (MANAGER, ApprovalLevel("it_security", roles=("ciso",))),
        (ApprovalBand("manager", 1000), ApprovalBand("it_security", 0, categories=("software",))),
        "USD",
    )
    assert levels(route_approval(request("10", category="software"), matrix)) == ["it_security"]
    assert levels(route_approval(request("10", category="paper"), matrix)) == []


def test_department_thresholds_efeone_beams_558() -> None:
    """Department (cost-centre) thresholds escalating to the CEO."""
    ceo = ApprovalLevel("ceo", users=("ceo",))
    matrix = ApprovalMatrix(
        (MANAGER, ceo),
        (
            ApprovalBand("manager", 1000),
            ApprovalBand("ceo", 50000),
            ApprovalBand("ceo", 5000, cost_centers=("MARKETING",)),
        ),
        "USD",
    )
    assert levels(route_approval(request("6000", cost_center="MARKETING"), matrix)) == [
        "manager",
        "ceo",
    ]
    assert levels(route_approval(request("6000", cost_center="OPS"), matrix)) == ["manager"]


def test_requester_holding_the_role_cannot_approve_aureuserp_1045() -> None:
    """Edge 20 (aureuserp#1045): SoD is checked against the actor, not just the configuration."""
    po = request("7000", requester="max")
    route = route_approval(po, ODOO)
    check = can_approve(Approver("max", roles=("purchase.group_purchase_manager",)), po, route)
    assert not check.allowed
    assert codes(check) == ["APPROVAL.SOD_REQUESTER"]
    assert check.reasons[0].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("amount", "allowed", "code"),
    [
        pytest.param("1200", True, "APPROVAL.SELF_APPROVAL", id="Coupa self-approval below limit"),
        pytest.param("2000", False, "APPROVAL.SOD_REQUESTER", id="Coupa self-approval at limit"),
        pytest.param("2500", False, "APPROVAL.SOD_REQUESTER", id="Coupa self-approval above limit"),
    ],
)
def test_coupa_self_approval_limit(amount: str, allowed: bool, code: str) -> None:
    po = request(amount, requester="max")
    route = route_approval(po, doa(self_approval_below=Decimal("2000")))
    check = can_approve(Approver("max", roles=("manager",)), po, route)
    assert check.allowed is allowed
    assert code in codes(check)


# -- route details --------------------------------------------------------------------------


def test_reduction_needs_no_approval() -> None:
    route = route_approval(request("-5000"), doa())
    assert not route.approval_required
    assert codes(route) == ["APPROVAL.NO_INCREASE", "APPROVAL.NOT_REQUIRED"]
    check = can_approve(Approver("ann"), request("-5000"), route)
    assert check.allowed
    assert check.level is None
    assert codes(check) == ["APPROVAL.NOT_REQUIRED"]


def test_no_band_applies() -> None:
    matrix = ApprovalMatrix((MANAGER,), (ApprovalBand("manager", 1, categories=("x",)),), "USD")
    route = route_approval(request("50"), matrix)
    assert codes(route) == ["APPROVAL.NO_BAND", "APPROVAL.NOT_REQUIRED"]


def test_effective_dates_select_the_band_version() -> None:
    matrix = ApprovalMatrix(
        (MANAGER,),
        (
            ApprovalBand("manager", 5000, valid_to=dt.date(2026, 6, 30)),
            ApprovalBand("manager", 10000, valid_from=dt.date(2026, 7, 1)),
        ),
        "USD",
    )
    assert levels(route_approval(request("7000", day=dt.date(2026, 6, 30)), matrix)) == ["manager"]
    assert levels(route_approval(request("7000", day=dt.date(2026, 7, 1)), matrix)) == []


def test_most_specific_band_wins_then_lowest_threshold() -> None:
    matrix = ApprovalMatrix(
        (MANAGER,),
        (
            ApprovalBand("manager", 1000),
            ApprovalBand("manager", 900),
            ApprovalBand("manager", 5000, document_types=("expense_claim",)),
        ),
        "USD",
    )
    assert levels(route_approval(request("950"), matrix)) == ["manager"]
    claim = request("2000", document_type="expense_claim")
    assert levels(route_approval(claim, matrix)) == []


def test_lines_in_several_currencies_are_converted_and_summed() -> None:
    po = SpendRequest(
        (
            SpendLine("6100", Decimal("100.00"), "USD"),
            SpendLine("6100", Decimal("100.00"), "EUR"),
            SpendLine("6200", Decimal("50.00"), "EUR"),
        ),
        DAY,
    )
    route = route_approval(po, ODOO, rates=(BudgetRate("EUR", "USD", Decimal("1.1")),))
    assert route.amount == Decimal("265.00")  # 100 + 150 x 1.1
    (converted,) = [r for r in route.reasons if r.code == "APPROVAL.CONVERTED"]
    assert converted.fact("amount") == "150.00"


def test_rounding_of_the_converted_amount_is_explicit() -> None:
    rate = (BudgetRate("EUR", "USD", Decimal("1.005")),)
    po = request("4975.12", currency="EUR")  # 4,999.9956 USD
    assert route_approval(po, ODOO, rates=rate).amount == Decimal("5000.00")
    down = route_approval(po, ODOO, rates=rate, rounding=decimal.ROUND_DOWN)
    assert down.amount == Decimal("4999.99")
    assert not down.approval_required


def test_route_explains_steps() -> None:
    text = route_approval(request("15000"), doa()).explain()
    assert "step 1: manager (from 1,000; roles manager)" in text
    assert "step 2: director" in text
    assert "2 approval levels required, in order: manager, then director." in text


def test_route_json_round_trip() -> None:
    route = route_approval(request("15000"), doa(self_approval_below=100))
    assert from_json(to_json(route), ApprovalRoute) == route
    matrix = doa(ApprovalMode.ANY_AT_OR_ABOVE)
    assert from_json(to_json(matrix), ApprovalMatrix) == matrix


# -- can_approve ----------------------------------------------------------------------------

BIG = request("15000")
BIG_ROUTE = route_approval(BIG, doa())


def test_next_step_in_sequence() -> None:
    check = can_approve(Approver("bob", roles=("manager",)), BIG, BIG_ROUTE)
    assert check.allowed
    assert check.level == "manager"
    assert codes(check) == ["APPROVAL.ALLOWED"]
    second = can_approve(
        Approver("dan", roles=("director",)), BIG, BIG_ROUTE, history=[Approval("bob", "manager")]
    )
    assert second.allowed
    assert second.level == "director"


def test_not_eligible() -> None:
    check = can_approve(Approver("bob", roles=("clerk",)), BIG, BIG_ROUTE)
    assert not check.allowed
    assert codes(check) == ["APPROVAL.NOT_ELIGIBLE"]


def test_out_of_sequence_and_parallel() -> None:
    director = Approver("dan", roles=("director",))
    check = can_approve(director, BIG, BIG_ROUTE, level="director")
    assert not check.allowed
    assert codes(check) == ["APPROVAL.OUT_OF_SEQUENCE"]
    assert can_approve(director, BIG, BIG_ROUTE, level="director", in_sequence=False).allowed


def test_one_person_cannot_fill_two_levels() -> None:
    both = Approver("bob", roles=("manager", "director"))
    check = can_approve(both, BIG, BIG_ROUTE, history=[Approval("bob", "manager")])
    assert not check.allowed
    assert codes(check) == ["APPROVAL.SOD_TWO_LEVELS"]


def test_level_already_filled_and_route_complete() -> None:
    history = [Approval("bob", "manager"), Approval("dan", "director")]
    check = can_approve(
        Approver("eve", roles=("manager",)), BIG, BIG_ROUTE, history=history[:1], level="manager"
    )
    assert not check.allowed
    assert codes(check) == ["APPROVAL.LEVEL_FILLED"]
    done = can_approve(Approver("eve", roles=("manager",)), BIG, BIG_ROUTE, history=history)
    assert not done.allowed
    assert done.level is None
    assert codes(done) == ["APPROVAL.COMPLETE"]


def test_unknown_requester_is_a_warning() -> None:
    po = request("15000", requester="")
    route = route_approval(po, doa())
    check = can_approve(Approver("bob", roles=("manager",)), po, route)
    assert check.allowed
    assert codes(check) == ["APPROVAL.REQUESTER_UNKNOWN", "APPROVAL.ALLOWED"]


def test_requester_without_self_approval_message() -> None:
    route = route_approval(BIG, doa(self_approval_below=Decimal("500")))
    check = can_approve(Approver("ann", roles=("manager",)), BIG, route)
    assert not check.allowed
    assert "self-approval only below 500 USD" in check.reasons[0].message


def test_check_explains() -> None:
    text = can_approve(Approver("ann", roles=("manager",)), BIG, BIG_ROUTE).explain()
    assert "allowed: False" in text
    assert "APPROVAL.SOD_REQUESTER" in text


# -- properties -----------------------------------------------------------------------------

thresholds = st.decimals(
    min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False
)
amounts = st.decimals(
    min_value=-1000, max_value=200000, places=2, allow_nan=False, allow_infinity=False
)
level_pool = (MANAGER, DIRECTOR, CFO)


@st.composite
def matrices(draw: st.DrawFn) -> ApprovalMatrix:
    count = draw(st.integers(1, 3))
    chosen = level_pool[:count]
    bands = draw(
        st.lists(
            st.builds(
                ApprovalBand,
                st.sampled_from([level.name for level in chosen]),
                thresholds,
                categories=st.sampled_from([(), ("a",), ("b",)]),
                document_types=st.sampled_from([(), ("po",)]),
            ),
            max_size=6,
        )
    )
    return ApprovalMatrix(
        chosen,
        bands,
        "USD",
        mode=draw(st.sampled_from(ApprovalMode)),
        inclusive=draw(st.booleans()),
        self_approval_below=draw(st.one_of(st.none(), st.decimals(1, 5000, places=0))),
    )


requests_scope = st.fixed_dictionaries(
    {"category": st.sampled_from(["", "a", "b"]), "document_type": st.sampled_from(["", "po"])}
)


@settings(max_examples=200)
@given(matrices(), amounts, amounts, requests_scope)
def test_routing_is_monotone_in_amount(
    matrix: ApprovalMatrix, a: Decimal, b: Decimal, scope: dict[str, str]
) -> None:
    low, high = sorted((a, b))
    small = route_approval(request(low, **scope), matrix)
    large = route_approval(request(high, **scope), matrix)
    assert len(large.steps) >= len(small.steps)
    if matrix.mode is ApprovalMode.CUMULATIVE:
        assert set(levels(small)) <= set(levels(large))
    elif small.steps:
        assert large.steps[0].rank >= small.steps[0].rank


@settings(max_examples=100)
@given(matrices(), amounts, st.integers(1, 4), requests_scope)
def test_splitting_a_line_does_not_change_the_route(
    matrix: ApprovalMatrix, amount: Decimal, parts: int, scope: dict[str, str]
) -> None:
    whole = request(amount, **scope)
    share = (amount / parts).quantize(Decimal("0.01"), rounding=decimal.ROUND_DOWN)
    pieces = [share] * (parts - 1) + [amount - share * (parts - 1)]
    split = SpendRequest(
        tuple(SpendLine("6100", piece, "USD") for piece in pieces),
        DAY,
        requester="ann",
        reference="PO-1",
        **scope,
    )
    assert route_approval(split, matrix).steps == route_approval(whole, matrix).steps


people = st.builds(
    Approver,
    st.sampled_from(["ann", "bob", "carol", "dan"]),
    roles=st.lists(st.sampled_from(["manager", "director", "clerk"]), unique=True).map(tuple),
)


@st.composite
def histories(draw: st.DrawFn, route: ApprovalRoute) -> list[Approval]:
    filled = (
        draw(st.lists(st.sampled_from([s.level for s in route.steps]), unique=True))
        if route.steps
        else []
    )
    return [
        Approval(draw(st.sampled_from(["ann", "bob", "carol", "dan"])), level) for level in filled
    ]


@settings(max_examples=200)
@given(matrices(), amounts, people, st.data(), st.booleans())
def test_segregation_of_duties_holds(
    matrix: ApprovalMatrix, amount: Decimal, person: Approver, data: st.DataObject, seq: bool
) -> None:
    po = request(amount, requester="ann")
    route = route_approval(po, matrix)
    history = data.draw(histories(route))
    level = (
        data.draw(st.one_of(st.none(), st.sampled_from([s.level for s in route.steps])))
        if route.steps
        else None
    )
    check = can_approve(person, po, route, history=history, level=level, in_sequence=seq)
    if not check.allowed or check.level is None:
        return
    step = next(s for s in route.steps if s.level == check.level)
    assert step.admits(person)
    assert all(a.approver != person.user for a in history)
    if person.user == "ann":
        assert matrix.self_approval_below is not None
        assert route.amount < matrix.self_approval_below


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (lambda: ApprovalBand("manager", 1000.0), TypeError, "threshold must be a Decimal or int"),
        (
            lambda: ApprovalBand("manager", Decimal("NaN")),
            InvalidInputError,
            "threshold must be a finite",
        ),
        (lambda: ApprovalBand("manager", -1), InvalidInputError, "threshold must be >= 0"),
        (lambda: ApprovalBand("", 1), InvalidInputError, "level must be a non-empty str"),
        (lambda: ApprovalBand(3, 1), TypeError, "level must be a str"),
        (
            lambda: ApprovalBand("m", 1, categories="abc"),
            TypeError,
            "categories must be a sequence",
        ),
        (
            lambda: ApprovalBand("m", 1, categories=("a", "a")),
            InvalidInputError,
            "without repeated",
        ),
        (
            lambda: ApprovalBand("m", 1, document_types=("",)),
            InvalidInputError,
            r"document_types\[0\]",
        ),
        (
            lambda: ApprovalBand("m", 1, cost_centers=(1,)),
            TypeError,
            r"cost_centers\[0\] must be a str",
        ),
        (
            lambda: ApprovalBand("m", 1, valid_from="2026-01-01"),
            TypeError,
            "valid_from must be a datetime.date",
        ),
        (
            lambda: ApprovalBand("m", 1, valid_to="2026-01-01"),
            TypeError,
            "valid_to must be a datetime.date",
        ),
        (
            lambda: ApprovalBand(
                "m", 1, valid_from=dt.date(2026, 2, 1), valid_to=dt.date(2026, 1, 1)
            ),
            InvalidInputError,
            "valid_to must be >= valid_from",
        ),
        (lambda: ApprovalLevel("m"), InvalidInputError, "users must be non-empty"),
        (lambda: ApprovalLevel("m", users=("",)), InvalidInputError, r"users\[0\]"),
        (
            lambda: ApprovalMatrix((), (), "USD"),
            InvalidInputError,
            "levels must be at least one level",
        ),
        (lambda: ApprovalMatrix(5, (), "USD"), TypeError, "levels must be a sequence"),
        (
            lambda: ApprovalMatrix(("m",), (), "USD"),
            TypeError,
            r"levels\[0\] must be an ApprovalLevel",
        ),
        (
            lambda: ApprovalMatrix((MANAGER, MANAGER), (), "USD"),
            InvalidInputError,
            "distinct names",
        ),
        (lambda: ApprovalMatrix((MANAGER,), 5, "USD"), TypeError, "bands must be a sequence"),
        (
            lambda: ApprovalMatrix((MANAGER,), ("b",), "USD"),
            TypeError,
            r"bands\[0\] must be an ApprovalBand",
        ),
        (
            lambda: ApprovalMatrix((MANAGER,), (ApprovalBand("boss", 1),), "USD"),
            InvalidInputError,
            r"bands\[0\].level must be one of the levels",
        ),
        (lambda: ApprovalMatrix((MANAGER,), (), "usd"), UnknownCurrencyError, "currency"),
        (lambda: ApprovalMatrix((MANAGER,), (), "USD", mode="any"), ValueError, "any"),
        (
            lambda: ApprovalMatrix((MANAGER,), (), "USD", inclusive=1),
            TypeError,
            "inclusive must be a bool",
        ),
        (
            lambda: ApprovalMatrix((MANAGER,), (), "USD", self_approval_below=0),
            InvalidInputError,
            "self_approval_below must be > 0",
        ),
        (
            lambda: ApprovalMatrix((MANAGER,), (), "USD", self_approval_below=1.5),
            TypeError,
            "self_approval_below must be a Decimal",
        ),
        (lambda: ApprovalMatrix((MANAGER,), (), "USD", name=1), TypeError, "name must be a str"),
        (lambda: Approver(""), InvalidInputError, "user must be a non-empty str"),
        (lambda: Approver("x", roles=["a", 2]), TypeError, r"roles\[1\] must be a str"),
        (lambda: Approval("x", ""), InvalidInputError, "level must be a non-empty str: ''"),
    ],
)
def test_invalid_inputs(build: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: route_approval("PO", ODOO), TypeError, "request must be a SpendRequest"),
        (lambda: route_approval(BIG, {}), TypeError, "matrix must be an ApprovalMatrix"),
        (
            lambda: route_approval(request("1", currency="EUR"), ODOO),
            InvalidInputError,
            "a BudgetRate from EUR to USD",
        ),
        (lambda: route_approval(BIG, ODOO, rates="EUR"), TypeError, "rates must be a sequence"),
        (
            lambda: route_approval(BIG, ODOO, rates=[1]),
            TypeError,
            r"rates\[0\] must be a BudgetRate",
        ),
        (
            lambda: route_approval(
                BIG,
                ODOO,
                rates=[BudgetRate("EUR", "USD", Decimal(1)), BudgetRate("EUR", "USD", Decimal(2))],
            ),
            InvalidInputError,
            r"rates\[1\] must be the only rate from EUR to USD",
        ),
        (
            lambda: route_approval(BIG, ODOO, rounding="up"),
            InvalidInputError,
            "rounding must be one of",
        ),
        (lambda: can_approve("bob", BIG, BIG_ROUTE), TypeError, "approver must be an Approver"),
        (
            lambda: can_approve(Approver("bob"), "PO", BIG_ROUTE),
            TypeError,
            "request must be a SpendRequest, not str",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, "route"),
            TypeError,
            "route must be an ApprovalRoute",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, BIG_ROUTE, level=1),
            TypeError,
            "level must be a str",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, BIG_ROUTE, in_sequence=1),
            TypeError,
            "in_sequence must be a bool",
        ),
        (
            lambda: can_approve(Approver("bob"), request("15000", reference="PO-2"), BIG_ROUTE),
            InvalidInputError,
            "route must be the route of this request",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, BIG_ROUTE, history=5),
            TypeError,
            "history must be a sequence",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, BIG_ROUTE, history=["x"]),
            TypeError,
            r"history\[0\] must be an Approval",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, BIG_ROUTE, history=[Approval("x", "cfo")]),
            InvalidInputError,
            r"history\[0\].level must be a level of the route",
        ),
        (
            lambda: can_approve(
                Approver("bob"),
                BIG,
                BIG_ROUTE,
                history=[Approval("x", "manager"), Approval("y", "manager")],
            ),
            InvalidInputError,
            "a level approved once",
        ),
        (
            lambda: can_approve(Approver("bob"), BIG, BIG_ROUTE, level="cfo"),
            InvalidInputError,
            "level must be a level of the route",
        ),
    ],
)
def test_invalid_calls(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]


def test_results_do_not_depend_on_the_decimal_context() -> None:
    rates = (BudgetRate("EUR", "USD", Decimal("1.123456789")),)
    po = request("12345.67", currency="EUR")
    expected = route_approval(po, doa(), rates=rates)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert route_approval(po, doa(), rates=rates) == expected
    assert expected.amount == Decimal("13869.83")  # 12,345.67 x 1.123456789 = 13,869.8267...
