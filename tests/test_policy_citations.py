"""Issue 18 item 3: every result computed under a loaded policy cites it.

For each family, one rule computed three ways: under the bundled example policy
(signed by finance and procurement: agreed), under a copy with one setting changed
(both sign-offs stale: not agreed) and under the same settings built in code (no
file: no citation). The contract, over the registry of result types: a result
computed under a file carries ``policy_reference`` with that file's fingerprint, the
section read and the clauses that decided (derived by hand from the example file),
and ``POLICY.CITED``; ``POLICY.NOT_AGREED`` appears exactly when the file is not
agreed; without a file there is no reference, no ``POLICY.*`` reason, and the
numbers are the same.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from contract_policy_reference import references
from spendrules import budget as b
from spendrules import inventory as inv
from spendrules import payment_terms as pt
from spendrules import policy as pol
from spendrules import savings as s
from spendrules.errors import InvalidInputError, PolicyFileError
from spendrules.results import Severity
from spendrules.serialization import from_json, to_json
from test_contract import CASES

AGREED = pol.loads(pol.example_text())
#: One KPI target changed: no result's number moves, but both sign-offs go stale.
STALE = pol.loads(pol.example_text().replace("target = 2500000", "target = 3000000"))
#: The same settings built in code: no file, so nothing to cite.
PLAIN = attrs.evolve(
    AGREED,
    payment_terms=attrs.evolve(AGREED.payment_terms, source=None),
    savings=attrs.evolve(AGREED.savings, source=None),
    budget=attrs.evolve(AGREED.budget, source=None),
    approvals=attrs.evolve(AGREED.approvals, source=None),
    inventory=attrs.evolve(
        AGREED.inventory,
        source=None,
        reserve=attrs.evolve(AGREED.inventory.reserve, source=None),
    ),
)
DAY = dt.date(2027, 3, 15)


def _request(amount: str, stage: b.Stage = b.Stage.ORDER) -> b.SpendRequest:
    return b.SpendRequest((b.SpendLine("6100", Decimal(amount), "EUR"),), DAY, stage=stage)


BUDGET = b.Budget("6100", Decimal("200000"), "EUR", dt.date(2027, 1, 1), dt.date(2027, 12, 31))


def _check(policy: pol.AgreedPolicy, amount: str, stage: b.Stage = b.Stage.ORDER) -> Any:
    assert policy.budget is not None
    return b.check_budget(
        _request(amount, stage), budgets=[BUDGET], ledger=[], policy=policy.budget, as_of=DAY
    )


def _book(policy: pol.AgreedPolicy, amount: str) -> Any:
    assert policy.budget is not None
    return b.BudgetBook([BUDGET], policy=policy.budget).check(_request(amount), as_of=DAY)


def _route(policy: pol.AgreedPolicy, amount: str) -> Any:
    assert policy.approvals is not None
    return b.route_approval(_request(amount), policy.approvals)


def _event(saving_per_unit: str) -> s.SavingsEvent:
    return s.SavingsEvent(
        item="widget",
        currency="EUR",
        baseline_price=Decimal("10.00"),
        baseline_method=s.BaselineMethod.LAST_PRICE_PAID,
        baseline_date=dt.date(2026, 11, 3),
        baseline_evidence="PO-4711",
        new_price=Decimal("10.00") - Decimal(saving_per_unit),
        effective_date=dt.date(2027, 1, 1),
        forecast_quantity=100000,
    )


def _classify(policy: pol.AgreedPolicy, saving_per_unit: str) -> Any:
    return s.classify_savings(_event(saving_per_unit), policy=policy.savings, as_of=DAY)


ITEM = inv.StockItem(
    sku="A-100",
    on_hand=180,
    unit_cost=5,
    currency="EUR",
    demand=inv.Demand(10, 3),
    lead_time=inv.LeadTime(9),
    order_quantity=100,
    item_class="A",
)


def _review(policy: pol.AgreedPolicy, **own: Any) -> Any:
    return inv.review_stock(attrs.evolve(ITEM, **own), as_of=DAY, policy=policy.inventory)


def _reserve(policy: pol.AgreedPolicy) -> Any:
    assert policy.inventory is not None and policy.inventory.reserve is not None
    split = inv.classify_on_hand(
        500,
        policy=inv.StockPolicy(20, 100),
        demand=inv.Demand(30, period=inv.TimeUnit.MONTH),
        currency="EUR",
        as_of=DAY,
        unit_cost=2,
    )
    return inv.excess_and_obsolete_reserve(split, table=policy.inventory.reserve)


def _decide(policy: pol.AgreedPolicy) -> Any:
    return pt.should_take_discount(pt.parse_terms("2/10 net 30"), policy=policy.payment_terms)


def _impact(policy: pol.AgreedPolicy) -> Any:
    return pt.term_change_impact(
        annual_spend=Decimal("1000000"),
        currency="EUR",
        current=60,
        proposed=90,
        policy=policy.payment_terms,
    )


def _terms_check(policy: pol.AgreedPolicy, text: str) -> Any:
    assert policy.payment_terms is not None
    return pt.check_terms(pt.parse_terms(text), policy.payment_terms)


# (id, build(policy), section, clauses derived by hand from policy_example.toml)
ROWS: list[tuple[str, Callable[[pol.AgreedPolicy], Any], str, tuple[str, ...]]] = [
    # 100 of 200,000: within every rule, so the order stage itself decided.
    ("budget check passes", lambda p: _check(p, "100"), "budget", ("budget.order",)),
    # 185,000 is 92.5 % of 200,000: the warn rule at 0.9 (the first order rule).
    ("budget check warns", lambda p: _check(p, "185000"), "budget", ("budget.order.rules[0]",)),
    # 250,000 is 125 %: the block rule at 1 (the second order rule).
    ("budget check blocks", lambda p: _check(p, "250000"), "budget", ("budget.order.rules[1]",)),
    # An invoice at 205,000 (102.5 %) is under the actual stage's block at 1.05: it warns.
    (
        "budget check actual stage",
        lambda p: _check(p, "205000", b.Stage.ACTUAL),
        "budget",
        ("budget.actual.rules[0]",),
    ),
    ("budget book", lambda p: _book(p, "250000"), "budget", ("budget.order.rules[1]",)),
    # 60,000 reaches manager (5,000) and director (50,000), not cfo (250,000).
    ("approval route", lambda p: _route(p, "60000"), "approvals", ("approvals.bands[1]",)),
    # 1,000 reaches no band: the lowest band (manager at 5,000) decided "not required".
    ("approval not required", lambda p: _route(p, "1000"), "approvals", ("approvals.bands[0]",)),
    ("approval no increase", lambda p: _route(p, "-10"), "approvals", ("approvals",)),
    # 0.10 x 100,000 = 10,000 EUR, under the 50,000 sign-off threshold.
    ("savings below threshold", lambda p: _classify(p, "0.10"), "savings", ("savings",)),
    # 1.00 x 100,000 = 100,000 EUR, above it: the threshold decided the status.
    (
        "savings above threshold",
        lambda p: _classify(p, "1.00"),
        "savings",
        ("savings.signoff_threshold",),
    ),
    (
        "stock review, class level and carrying rate",
        _review,
        "inventory",
        ("inventory.service_levels.A", "inventory.carrying_rate"),
    ),
    (
        "stock review, the item's own values",
        lambda p: _review(p, service_level=Decimal("0.9"), holding_rate=Decimal("0.3")),
        "inventory",
        (),
    ),
    ("reserve", _reserve, "inventory", ("inventory.reserve",)),
    (
        "discount decision",
        _decide,
        "payment_terms",
        ("payment_terms.cost_of_capital", "payment_terms.discount_convention"),
    ),
    ("term change", _impact, "payment_terms", ("payment_terms.cost_of_capital",)),
    # net 120 is above the 90-day maximum and not the standard net 60.
    (
        "terms check",
        lambda p: _terms_check(p, "net 120"),
        "payment_terms",
        ("payment_terms.maximum_days", "payment_terms.standard_terms"),
    ),
]


def _policy_codes(result: Any) -> list[str]:
    return [reason.code for reason in result.reasons if reason.code.startswith("POLICY.")]


def test_every_result_type_that_cites_has_a_row() -> None:
    cites = {case.type for case in CASES if attrs.has(case.type)}
    cites = {t for t in cites if "policy_reference" in attrs.fields_dict(t)}
    built = {type(build(AGREED)) for _, build, _, _ in ROWS}
    assert cites == built
    families = {t.__module__.split(".")[1] for t in built}
    assert families == {"_budget", "_savings", "_inventory", "_terms"}


@pytest.mark.parametrize(
    ("build", "section", "clauses"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_a_result_under_the_agreed_file_cites_it(
    build: Callable[[pol.AgreedPolicy], Any], section: str, clauses: tuple[str, ...]
) -> None:
    result = build(AGREED)
    ref = result.policy_reference
    assert ref is not None
    assert (ref.name, ref.version) == ("Group finance and procurement policy", "2027.1")
    assert ref.fingerprint == AGREED.fingerprint == AGREED.sign_offs[0].fingerprint
    assert (ref.section, ref.clauses, ref.agreed, ref.waiting) == (section, clauses, True, ())
    assert _policy_codes(result) == ["POLICY.CITED"]
    cited = next(r for r in result.reasons if r.code == "POLICY.CITED")
    assert cited.message.startswith(
        "Decided under Group finance and procurement policy 2027.1 (sha256:0af4214c72fb), "
    )
    assert cited.fact("fingerprint") == AGREED.fingerprint
    assert cited.fact("clause") == ", ".join(clauses)
    assert from_json(to_json(result), type(result)) == result
    assert pickle.loads(pickle.dumps(result)).policy_reference == ref


@pytest.mark.parametrize(
    ("build", "section", "clauses"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_a_result_under_a_file_with_stale_sign_offs_says_it_is_not_agreed(
    build: Callable[[pol.AgreedPolicy], Any], section: str, clauses: tuple[str, ...]
) -> None:
    result = build(STALE)
    ref = result.policy_reference
    assert STALE.fingerprint != AGREED.fingerprint
    assert (ref.fingerprint, ref.section, ref.clauses) == (STALE.fingerprint, section, clauses)
    assert (ref.agreed, ref.waiting) == (False, ("finance", "procurement"))
    assert _policy_codes(result) == ["POLICY.CITED", "POLICY.NOT_AGREED"]
    warning = next(r for r in result.reasons if r.code == "POLICY.NOT_AGREED")
    assert warning.severity is Severity.WARNING
    assert "the finance and procurement sign-offs are stale or missing" in warning.message
    # The same numbers: only the citation differs.
    assert _without_citation(result) == _without_citation(build(AGREED))
    # ... and the same outcome first: the policy's warning is context, never the primary reason
    # (bulk rows carry the primary reason's code).
    assert result.primary_reason() == build(PLAIN).primary_reason()


def _without_citation(result: Any) -> Any:
    kept = tuple(r for r in result.reasons if not r.code.startswith("POLICY."))
    return attrs.evolve(result, reasons=kept, policy_reference=None)


@pytest.mark.parametrize("build", [r[1] for r in ROWS], ids=[r[0] for r in ROWS])
def test_the_same_settings_built_in_code_cite_nothing_and_give_the_same_numbers(
    build: Callable[[pol.AgreedPolicy], Any],
) -> None:
    plain = build(PLAIN)
    assert plain.policy_reference is None
    assert _policy_codes(plain) == []
    assert plain == _without_citation(build(AGREED))


def test_without_a_policy_the_inventory_and_terms_rules_are_unchanged() -> None:
    # The agreed values passed as the item's own and as arguments give the same numbers.
    own = attrs.evolve(ITEM, service_level=Decimal("0.98"), holding_rate=Decimal("0.25"))
    alone = inv.review_stock(own, as_of=DAY)
    cited = _review(AGREED)
    assert (alone.safety_stock, alone.split) == (cited.safety_stock, cited.split)
    assert alone.policy_reference is None
    decision = pt.should_take_discount(
        pt.parse_terms("2/10 net 30"), cost_of_capital=Decimal("0.08")
    )
    assert decision == _without_citation(_decide(AGREED))
    impact = pt.term_change_impact(
        annual_spend=Decimal("1000000"),
        currency="EUR",
        current=60,
        proposed=90,
        cost_of_capital=Decimal("0.08"),
    )
    assert impact == _without_citation(_impact(AGREED))
    # 1,000,000 x 30 / 365 released, worth 8 % a year.
    assert (impact.cash_released, impact.annual_value) == (Decimal("82191.78"), Decimal("6575.34"))


def test_the_source_is_not_a_setting() -> None:
    assert AGREED == PLAIN
    assert hash(AGREED.budget) == hash(PLAIN.budget)
    assert pol.dump(AGREED) == pol.dump(PLAIN)
    assert AGREED.fingerprint == PLAIN.fingerprint
    assert pol.diff(AGREED, PLAIN).same
    assert "source" not in repr(AGREED.budget)
    assert pol.loads(pol.dump(AGREED)).budget.source == AGREED.budget.source
    assert from_json(to_json(AGREED.budget), b.ControlPolicy).source == AGREED.budget.source


@pytest.mark.parametrize(
    ("section", "line"),
    [("budget", 'override_roles = ["budget_owner"]'), ("inventory", "carrying_rate = 0.25")],
)
def test_a_file_cannot_set_the_source(section: str, line: str) -> None:
    text = pol.example_text().replace(line, f'{line}\nsource = "elsewhere"')
    with pytest.raises(PolicyFileError, match=rf"{section}\.source must be a known key"):
        pol.loads(text)


def test_a_file_cannot_set_the_reserve_tables_source() -> None:
    text = pol.example_text().replace(
        'basis = "months_of_supply"', 'basis = "months_of_supply"\nsource = 1'
    )
    with pytest.raises(PolicyFileError, match=r"inventory\.reserve\.source must be a known key"):
        pol.loads(text)


def test_a_section_that_is_not_a_table_names_its_key() -> None:
    header = '[policy]\nname = "P"\nversion = "1"\neffective_from = 2027-01-01\n'
    text = "payment_terms = 5\n" + header + 'reference_currency = "EUR"\n'
    with pytest.raises(PolicyFileError, match=r"line 1: payment_terms must be a TOML table"):
        pol.loads(text)


def test_an_explicit_argument_wins_and_says_so() -> None:
    terms = pt.parse_terms("2/10 net 30")
    decision = pt.should_take_discount(
        terms, policy=AGREED.payment_terms, cost_of_capital=Decimal("0.5"), convention="us_treasury"
    )
    # Under the Treasury rule 2/10 net 30 costs 2/98 x 360/20 = 36.73 % a year, below 50 %.
    assert (decision.take, decision.cost_of_capital) == (False, Decimal("0.5"))
    overridden = [r for r in decision.reasons if r.code == "POLICY.OVERRIDDEN"]
    assert [r.fact("clause") for r in overridden] == [
        "payment_terms.cost_of_capital",
        "payment_terms.discount_convention",
    ]
    assert all(r.severity is Severity.WARNING for r in overridden)
    assert decision.policy_reference.clauses == ()
    assert decision.primary_reason().code == "TERMS.DISCOUNT.SKIP"
    same = pt.should_take_discount(
        terms,
        policy=AGREED.payment_terms,
        cost_of_capital=Decimal("0.08"),
        convention="cost_of_capital",
    )
    assert _policy_codes(same) == ["POLICY.CITED"]
    impact = pt.term_change_impact(
        annual_spend=Decimal("1000000"),
        currency="EUR",
        current=60,
        proposed=90,
        cost_of_capital=Decimal("0.10"),
        policy=AGREED.payment_terms,
    )
    assert _policy_codes(impact)[0] == "POLICY.OVERRIDDEN"
    assert impact.annual_value == Decimal("8219.18")  # 82,191.78 x 10 %


def test_a_policy_built_in_code_lends_its_settings_without_a_citation() -> None:
    assert PLAIN.payment_terms is not None
    decision = pt.should_take_discount(
        pt.parse_terms("2/10 net 30"), policy=PLAIN.payment_terms, cost_of_capital=Decimal("0.5")
    )
    assert decision.policy_reference is None
    assert _policy_codes(decision) == ["POLICY.OVERRIDDEN"]


def test_a_rate_is_needed_from_the_caller_or_the_policy() -> None:
    with pytest.raises(InvalidInputError, match="cost_of_capital must be given"):
        pt.should_take_discount(pt.parse_terms("2/10 net 30"))
    with pytest.raises(InvalidInputError, match="cost_of_capital must be given"):
        pt.term_change_impact(annual_spend=Decimal(1), currency="EUR", current=30, proposed=60)
    with pytest.raises(TypeError, match="policy must be a PaymentTermsPolicy or None"):
        pt.should_take_discount(pt.parse_terms("net 30"), policy=AGREED.budget)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- check_terms

CHECK_ROWS = [
    # (terms, within, standard, first code, clauses) against 30..90 days, standard net 60
    (
        "net 60",
        True,
        True,
        "TERMS.POLICY.WITHIN_RANGE",
        (
            "payment_terms.minimum_days",
            "payment_terms.maximum_days",
            "payment_terms.standard_terms",
        ),
    ),
    (
        "net 10",
        False,
        False,
        "TERMS.POLICY.BELOW_MINIMUM",
        ("payment_terms.minimum_days", "payment_terms.standard_terms"),
    ),
    (
        "net 120",
        False,
        False,
        "TERMS.POLICY.ABOVE_MAXIMUM",
        ("payment_terms.maximum_days", "payment_terms.standard_terms"),
    ),
    # 30 % at once, 70 % at day 30: the last cent is due on day 30.
    (
        "30% advance, 70% net 30",
        True,
        False,
        "TERMS.POLICY.WITHIN_RANGE",
        (
            "payment_terms.minimum_days",
            "payment_terms.maximum_days",
            "payment_terms.standard_terms",
        ),
    ),
]


@pytest.mark.parametrize(("text", "within", "standard", "code", "clauses"), CHECK_ROWS)
def test_check_terms(
    text: str, within: bool, standard: bool, code: str, clauses: tuple[str, ...]
) -> None:
    check = _terms_check(AGREED, text)
    assert (check.within_range, check.standard) == (within, standard)
    assert check.primary_reason().code == code
    assert check.policy_reference.clauses == clauses
    assert (check.minimum_days, check.maximum_days, check.standard_terms) == (30, 90, "net 60")


def test_check_terms_without_a_maximum() -> None:
    assert PLAIN.payment_terms is not None
    open_ended = attrs.evolve(PLAIN.payment_terms, maximum_days=None)
    check = pt.check_terms(pt.parse_terms("net 365"), open_ended)
    assert (check.within_range, check.net_days, check.policy_reference) == (
        True,
        Decimal("365.00"),
        None,
    )
    assert "at least 30 and no maximum" in check.reasons[0].message
    assert check.explain().startswith("TermsCheck (payment_terms.check_terms@1)")


def test_check_terms_refuses_wrong_types() -> None:
    with pytest.raises(TypeError, match="terms"):
        pt.check_terms("net 30", AGREED.payment_terms)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a PaymentTermsPolicy"):
        pt.check_terms(pt.parse_terms("net 30"), AGREED.budget)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- inventory


def test_review_stock_under_a_policy_explains_each_setting() -> None:
    fill = _review(AGREED, fill_rate=Decimal("0.99"))
    assert [r.code for r in fill.reasons[:2]] == [
        "INVENTORY.REVIEW.OWN_SERVICE_LEVEL",
        "INVENTORY.REVIEW.AGREED_CARRYING_RATE",
    ]
    assert "fill rate 0.99 wins over the service level 0.98" in fill.reasons[0].message
    agreed_ss = _review(AGREED, safety_stock=Decimal("20"))
    assert "agreed safety stock 20 wins" in agreed_ss.reasons[0].message
    own = _review(AGREED, service_level=Decimal("0.9"), holding_rate=Decimal("0.3"))
    assert [r.code for r in own.reasons[:2]] == [
        "INVENTORY.REVIEW.OWN_SERVICE_LEVEL",
        "INVENTORY.REVIEW.OWN_HOLDING_RATE",
    ]
    unknown = _review(AGREED, item_class="Z")
    assert unknown.reasons[0].code == "INVENTORY.REVIEW.NO_CLASS_LEVEL"
    assert unknown.safety_stock is None
    assert unknown.policy_reference.clauses == ("inventory.carrying_rate",)
    unclassed = _review(AGREED, item_class=None)
    assert unclassed.reasons[0].code == "INVENTORY.REVIEW.AGREED_CARRYING_RATE"
    unclassed_item = attrs.evolve(ITEM, item_class=None)
    bare = inv.review_stock(unclassed_item, as_of=DAY, policy=pol.InventoryPolicy())
    assert bare == inv.review_stock(unclassed_item, as_of=DAY)


def test_a_class_name_that_toml_quotes_is_cited_quoted() -> None:
    policy = pol.InventoryPolicy((pol.ServiceLevel("spare parts", Decimal("0.9")),))
    cited = attrs.evolve(policy, source=AGREED.inventory.source)
    review = inv.review_stock(attrs.evolve(ITEM, item_class="spare parts"), as_of=DAY, policy=cited)
    assert review.policy_reference.clauses == ('inventory.service_levels."spare parts"',)


@pytest.mark.parametrize(
    ("value", "error"),
    [(" ", InvalidInputError), (3, TypeError)],
)
def test_item_class_is_checked(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="item_class"):
        attrs.evolve(ITEM, item_class=value)


def test_review_stock_refuses_another_policy() -> None:
    with pytest.raises(TypeError, match="policy must be an InventoryPolicy or None"):
        inv.review_stock(ITEM, as_of=DAY, policy=AGREED.budget)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- PolicyReference


@settings(max_examples=25)
@given(references())
def test_cited_reasons_follow_the_reference(ref: pol.PolicyReference) -> None:
    from spendrules._policy.reference import cited_reasons

    reasons = cited_reasons(ref)
    assert [r.code for r in reasons] == ["POLICY.CITED"] + (
        [] if ref.agreed else ["POLICY.NOT_AGREED"]
    )
    assert ref.fingerprint[:19] in reasons[0].message
    assert ref.clause == (ref.clauses[0] if ref.clauses else None)
    assert ref.at().clauses == ()


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"name": " "}, InvalidInputError, "name must be a non-empty text"),
        ({"name": 1}, TypeError, "name must be a str"),
        ({"fingerprint": "sha256:12"}, InvalidInputError, "fingerprint must be 'sha256:'"),
        ({"fingerprint": 1}, TypeError, "fingerprint must be a str"),
        ({"agreed": 1}, TypeError, "agreed must be a bool"),
        ({"clauses": "budget"}, TypeError, "clauses must be a collection of str"),
        ({"clauses": (1,)}, TypeError, r"clauses\[\] must be a str"),
        ({"waiting": ("",)}, InvalidInputError, r"waiting\[\] must be a non-empty text"),
    ],
)
def test_a_reference_checks_its_fields(
    change: dict[str, Any], error: type[Exception], match: str
) -> None:
    assert AGREED.budget is not None and AGREED.budget.source is not None
    with pytest.raises(error, match=match):
        attrs.evolve(AGREED.budget.source, **change)


def test_a_section_refuses_a_source_that_is_not_a_reference() -> None:
    with pytest.raises(TypeError, match="source"):
        attrs.evolve(AGREED.budget, source="file.toml")


def test_one_stale_role_is_named() -> None:
    signed = pol.example_text().replace('role = "procurement"', 'role = "audit"')
    route = _route(pol.loads(signed), "60000")
    warning = route.reasons[-1]
    assert warning.code == "POLICY.NOT_AGREED"
    assert "the procurement sign-off is stale or missing" in warning.message
    assert route.policy_reference.waiting == ("procurement",)
