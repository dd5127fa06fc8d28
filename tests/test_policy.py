"""The agreed policy file (issue 18 items 1, 2 and 5): reading, errors, fingerprint, sign-offs.

Expected values come from the example file as written (its TOML text), from the
TOML 1.0.0 specification, or from identities (a round trip, a fingerprint that must
or must not move); none is printed by the code under test.
"""

from __future__ import annotations

import pathlib
from datetime import date
from decimal import Decimal

import pytest

from spendrules import policy as pol
from spendrules._policy.toml_lines import key_lines, line_of
from spendrules.budget import Action, ApprovalMode, Basis
from spendrules.errors import InvalidInputError
from spendrules.inventory import ReserveBasis
from spendrules.payment_terms import DiscountConvention, parse_terms
from spendrules.savings import SavingsPolicy

EXAMPLE = pol.example_text()

MINIMAL = """[policy]
name = "Pilot"
version = "1"
effective_from = 2027-01-01
reference_currency = "EUR"
"""


def _line(text: str, marker: str) -> int:
    """The number of the first line of ``text`` that reads ``marker`` (stripped)."""
    return [line.strip() for line in text.splitlines()].index(marker) + 1


def _edit(old: str, new: str, text: str = EXAMPLE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --------------------------------------------------------------------------- the example


def test_example_reads_every_section_exactly() -> None:
    policy = pol.loads(EXAMPLE)
    header = policy.header
    assert (header.name, header.version) == ("Group finance and procurement policy", "2027.1")
    assert (header.effective_from, header.effective_to) == (date(2027, 1, 1), date(2027, 12, 31))
    assert header.reference_currency == "EUR"
    terms = policy.payment_terms
    assert terms is not None
    assert terms.standard_terms == parse_terms("net 60")
    assert (terms.minimum_days, terms.maximum_days) == (30, 90)
    assert terms.discount_convention is DiscountConvention.COST_OF_CAPITAL
    assert str(terms.cost_of_capital) == "0.08"
    assert policy.savings is not None and policy.savings.signoff_threshold == Decimal(50000)
    assert policy.savings.name == "group_2027"
    budget = policy.budget
    assert budget is not None and budget.override_roles == ("budget_owner",)
    assert [(r.action, r.usage) for r in budget.actual.rules] == [
        (Action.WARN, Decimal("0.9")),
        (Action.BLOCK, Decimal("1.05")),
    ]
    assert budget.requisition.rules == budget.order.rules
    assert budget.order.basis is Basis.ANNUAL
    approvals = policy.approvals
    assert approvals is not None and approvals.mode is ApprovalMode.CUMULATIVE
    assert [band.threshold for band in approvals.bands] == [5000, 50000, 250000]
    inventory = policy.inventory
    assert inventory is not None
    assert [(s.item_class, str(s.level)) for s in inventory.service_levels] == [
        ("A", "0.98"),
        ("B", "0.95"),
        ("C", "0.90"),
    ]
    assert inventory.reserve is not None
    assert inventory.reserve.basis is ReserveBasis.MONTHS_OF_SUPPLY
    assert inventory.reserve.rate_for(Decimal(13)) == Decimal("0.25")
    assert policy.kpis is not None
    assert [(k.name, k.target, k.direction) for k in policy.kpis] == [
        ("days_payable_outstanding", 55, pol.Direction.HIGHER),
        ("hard_savings", 2500000, pol.Direction.HIGHER),
        ("on_contract_spend", Decimal("0.85"), pol.Direction.HIGHER),
    ]


def test_a_float_text_becomes_the_decimal_of_that_text() -> None:
    text = _edit("cost_of_capital = 0.08", "cost_of_capital = 0.0800")
    terms = pol.loads(text).payment_terms
    assert terms is not None
    assert terms.cost_of_capital.as_tuple() == Decimal("0.0800").as_tuple()
    # 0.1 has no exact binary float: read through a float it would not be 1/10.
    inventory = pol.loads(_edit("carrying_rate = 0.25", "carrying_rate = 0.1")).inventory
    assert inventory is not None and inventory.carrying_rate == Decimal(1) / Decimal(10)


def test_the_example_is_agreed_by_finance_and_procurement() -> None:
    policy = pol.loads(EXAMPLE)
    agreement = policy.agreement()
    assert agreement.agreed and policy.agreed
    assert [(r.role, r.status) for r in agreement.roles] == [
        ("finance", pol.SignOffStatus.CURRENT),
        ("procurement", pol.SignOffStatus.CURRENT),
    ]
    assert {s.fingerprint for s in policy.sign_offs} == {policy.fingerprint}
    assert [r.code for r in agreement.reasons] == [
        "POLICY.SIGNOFF_CURRENT",
        "POLICY.SIGNOFF_CURRENT",
        "POLICY.AGREED",
    ]
    assert agreement.primary_reason() == agreement.reasons[-1]
    assert "finance: current (Group controller, 2026-12-01)" in agreement.explain()


def test_the_example_file_is_shipped_in_the_package() -> None:
    import spendrules

    path = pathlib.Path(spendrules.__file__).parent / "data" / "policy_example.toml"
    assert pol.load(path) == pol.loads(EXAMPLE)


# --------------------------------------------------------------------------- fingerprint

REFORMATTED = [
    pytest.param(lambda t: "# a comment\n\n" + t.replace("\n\n", "\n\n# note\n\n"), id="comments"),
    pytest.param(lambda t: t.replace(" = ", "   =   "), id="whitespace"),
    pytest.param(
        lambda t: _edit(
            "minimum_days = 30\nmaximum_days = 90", "maximum_days = 90\nminimum_days = 30", t
        ),
        id="key-order",
    ),
    pytest.param(
        lambda t: t[t.index("[kpis.") :] + "\n" + t[: t.index("[kpis.")], id="table-order"
    ),
    pytest.param(
        lambda t: _edit("cost_of_capital = 0.08", "cost_of_capital = 0.080", t), id="0.080"
    ),
    pytest.param(lambda t: _edit("target = 2500000", "target = 2_500_000", t), id="underscores"),
    pytest.param(lambda t: _edit("target = 55", "target = 55.00", t), id="int-as-float"),
    pytest.param(
        lambda t: _edit("carrying_rate = 0.25", "carrying_rate = 25e-2", t), id="exponent"
    ),
    pytest.param(lambda t: _edit('"net 60"', '"NET 60"', t), id="terms-spelling"),
    pytest.param(
        lambda t: _edit(
            '[[budget.order.rules]]\naction = "warn"\nusage = 0.9\n\n[[budget.order.rules]]\n'
            'action = "block"\nusage = 1\n',
            'rules = [{ action = "warn", usage = 0.9 }, { action = "block", usage = 1 }]\n',
            t,
        ),
        id="inline-array",
    ),
    pytest.param(
        lambda t: _edit(
            "carrying_rate = 0.25\n\n[inventory.service_levels]\nA = 0.98\nB = 0.95\nC = 0.90\n",
            "carrying_rate = 0.25\nservice_levels.C = 0.9\nservice_levels . 'B' = 0.95\n"
            'service_levels."A" = 0.98\n',
            t,
        ),
        id="dotted-key",
    ),
    pytest.param(
        lambda t: _edit(
            'name = "group_2027"\n', 'name = "group_2027"\nrounding = "ROUND_HALF_UP"\n', t
        ),
        id="default-spelled-out",
    ),
    pytest.param(lambda t: _edit("on = 2026-12-01", "on = 2026-12-02", t), id="sign-off-date"),
]


@pytest.mark.parametrize("reformat", REFORMATTED)
def test_reformatting_keeps_the_fingerprint_and_the_agreement(reformat: object) -> None:
    text = reformat(EXAMPLE)  # type: ignore[operator]
    assert text != EXAMPLE
    policy = pol.loads(text)
    assert policy.fingerprint == pol.loads(EXAMPLE).fingerprint
    assert policy.agreed


CHANGED = [
    pytest.param(("usage = 0.9\n", "usage = 0.95\n"), id="raise-the-warning-threshold"),
    pytest.param(('"net 60"', '"net 90"'), id="net-60-to-net-90"),
    pytest.param(('version = "2027.1"', 'version = "2027.2"'), id="version"),
    pytest.param(("effective_to = 2027-12-31", "effective_to = 2027-12-30"), id="effective-to"),
    pytest.param(("use_quotes = true", "use_quotes = false"), id="flag"),
    pytest.param(("C = 0.90", "C = 0.91"), id="service-level"),
    pytest.param(("A = 0.98", "AA = 0.98"), id="item-class"),
    pytest.param(('direction = "higher"', 'direction = "lower"'), id="kpi-direction"),
    pytest.param(("threshold = 250000", "threshold = 250001"), id="approval-band"),
    pytest.param(('roles = ["cfo"]', 'roles = ["cfo", "ceo"]'), id="approver-roles"),
    pytest.param(("count_months = 12", "count_months = 24"), id="count-months"),
    pytest.param(("signoff_threshold = 50000", 'signoff_threshold = "none"'), id="never-sign-off"),
    pytest.param(('mode = "cumulative"\n', ""), id="default-left-out-is-the-same"),
]


@pytest.mark.parametrize("change", CHANGED)
def test_changing_a_setting_changes_the_fingerprint_and_stales_the_sign_offs(
    change: tuple[str, str],
) -> None:
    policy = pol.loads(_edit(*change))
    if change == ('mode = "cumulative"\n', ""):  # cumulative is the default: no change
        assert policy.fingerprint == pol.loads(EXAMPLE).fingerprint
        return
    assert policy.fingerprint != pol.loads(EXAMPLE).fingerprint
    agreement = policy.agreement()
    assert not agreement.agreed
    assert [r.code for r in agreement.reasons] == [
        "POLICY.SIGNOFF_STALE",
        "POLICY.SIGNOFF_STALE",
        "POLICY.NOT_AGREED",
    ]
    assert agreement.reasons[-1].fact("waiting") == "finance, procurement"


def test_a_fresh_sign_off_makes_the_changed_policy_agreed_again() -> None:
    old = pol.loads(EXAMPLE)
    changed = pol.loads(_edit('"net 60"', '"net 90"'))
    resigned = _edit(old.fingerprint, changed.fingerprint, _edit('"net 60"', '"net 90"'))
    partly = pol.loads(resigned)
    assert [r.status for r in partly.agreement().roles] == [
        pol.SignOffStatus.CURRENT,
        pol.SignOffStatus.STALE,
    ]
    # a second procurement signature on the new content: the stale one no longer matters
    signed = resigned + (
        '\n[[sign_off]]\nrole = "procurement"\nby = "Deputy CPO"\non = 2026-12-20\n'
        f'fingerprint = "{changed.fingerprint}"\n'
    )
    agreement = pol.loads(signed).agreement()
    assert agreement.agreed
    assert (agreement.roles[1].by, agreement.roles[1].on) == ("Deputy CPO", date(2026, 12, 20))


def test_a_missing_role_is_reported_missing() -> None:
    agreement = pol.check_agreement(pol.loads(EXAMPLE), roles=("finance", "legal", "finance"))
    assert [(r.role, r.status) for r in agreement.roles] == [
        ("finance", pol.SignOffStatus.CURRENT),
        ("legal", pol.SignOffStatus.MISSING),
    ]
    assert agreement.reasons[1].code == "POLICY.SIGNOFF_MISSING"
    assert not agreement.agreed and "legal: missing" in agreement.explain()


def test_a_policy_built_in_code_fingerprints_as_its_file() -> None:
    header = pol.PolicyHeader("Pilot", "1", date(2027, 1, 1), "EUR")
    built = pol.AgreedPolicy(header, savings=SavingsPolicy.finance_strict())
    read = pol.loads(MINIMAL + '\n[savings]\npreset = "finance_strict"\n')
    assert built == read and built.fingerprint == read.fingerprint == pol.fingerprint(read)
    assert pol.loads(pol.dump(built)) == built


# --------------------------------------------------------------------------- dump


def test_dump_writes_text_that_reads_back_equal() -> None:
    policy = pol.loads(EXAMPLE)
    text = pol.dump(policy)
    assert pol.loads(text) == policy
    assert pol.loads(text).agreed
    assert 'standard_terms = "net 60"' in text and "signoff_threshold = 50000" in text


def test_dump_writes_never_as_none() -> None:
    policy = pol.loads(_edit("signoff_threshold = 50000", 'signoff_threshold = "none"'))
    assert policy.savings is not None and policy.savings.signoff_threshold is None
    assert 'signoff_threshold = "none"' in pol.dump(policy)
    assert pol.loads(pol.dump(policy)) == policy


def test_dump_writes_any_terms_in_trade_notation() -> None:
    from spendrules.payment_terms import DayOfMonth, Installment, PaymentTerms

    terms = PaymentTerms((Installment(DayOfMonth(day=25, months_ahead=2)),))
    policy = pol.AgreedPolicy(
        pol.PolicyHeader("Pilot", "1", date(2027, 1, 1), "EUR"),
        payment_terms=pol.PaymentTermsPolicy(terms, Decimal("0.05")),
    )
    assert pol.loads(pol.dump(policy)) == policy


def test_sections_check_their_values_when_built_in_code() -> None:
    header = pol.PolicyHeader("Pilot", "1", date(2027, 1, 1), "EUR")
    level = pol.ServiceLevel("A", Decimal("0.9"))
    kpi = pol.KpiTarget("otif", "On time in full", Decimal("0.95"), "higher")
    signed = pol.SignOff("finance", "Controller", date(2027, 1, 2), "sha256:" + "0" * 64)
    bad = [
        (
            TypeError,
            "name must be a str, not int",
            lambda: pol.PolicyHeader(1, "1", date(2027, 1, 1), "EUR"),
        ),
        (
            InvalidInputError,
            "version must be a non-empty text",
            lambda: pol.PolicyHeader("P", " ", date(2027, 1, 1), "EUR"),
        ),
        (
            TypeError,
            "fingerprint must be a str, not int",
            lambda: pol.SignOff("f", "b", date(2027, 1, 1), 5),
        ),
        (TypeError, "header must be a PolicyHeader, not str", lambda: pol.AgreedPolicy("header")),
        (
            TypeError,
            "service_levels[0] must be a ServiceLevel, not str",
            lambda: pol.InventoryPolicy(("A",)),
        ),
        (
            InvalidInputError,
            "service_levels must be one level per item class",
            lambda: pol.InventoryPolicy((level, level)),
        ),
        (
            TypeError,
            "sign_offs[0] must be a SignOff, not str",
            lambda: pol.AgreedPolicy(header, ("x",)),
        ),
        (
            InvalidInputError,
            "sign_offs[1].by must be not a second sign-off as finance",
            lambda: pol.AgreedPolicy(header, (signed, signed)),
        ),
        (
            TypeError,
            "kpis[0] must be a KpiTarget, not str",
            lambda: pol.AgreedPolicy(header, kpis=("x",)),
        ),
        (
            InvalidInputError,
            "kpis must be one target per KPI name",
            lambda: pol.AgreedPolicy(header, kpis=(kpi, kpi)),
        ),
    ]
    for kind, message, build in bad:
        with pytest.raises(kind, match=message.replace("[", r"\[").replace("]", r"\]")):
            build()
    assert pol.AgreedPolicy(header, kpis=[kpi]).kpis == (kpi,)


# --------------------------------------------------------------------------- diff


def test_diff_lists_every_changed_setting_side_by_side() -> None:
    old = pol.loads(EXAMPLE)
    new = pol.loads(
        _edit('version = "2027.1"', 'version = "2027.2"', _edit('"net 60"', '"net 90"'))
        .replace("usage = 0.9\n", "usage = 0.95\n")
        .replace('{ action = "warn", usage = 0.9 }', '{ action = "warn", usage = 0.95 }')
    )
    result = pol.diff(old, new)
    assert [(c.key, c.old, c.new) for c in result.changes] == [
        ("policy.version", '"2027.1"', '"2027.2"'),
        ("payment_terms.standard_terms", '"net 60"', '"net 90"'),
        ("budget.requisition.rules[0].usage", "0.9", "0.95"),
        ("budget.order.rules[0].usage", "0.9", "0.95"),
        ("budget.actual.rules[0].usage", "0.9", "0.95"),
    ]
    assert not result.same and result.reasons[-1].code == "POLICY.DIFF.CHANGED"
    assert result.reasons[-1].fact("count") == "5"
    assert (result.old_fingerprint, result.new_fingerprint) == (old.fingerprint, new.fingerprint)
    assert 'payment_terms.standard_terms       "net 60"  ->  "net 90"' in result.explain()


def test_diff_of_a_reformatted_file_is_empty() -> None:
    result = pol.diff(pol.loads(EXAMPLE), pol.loads(_edit("0.08", "0.0800")))
    assert result.same and result.changes == ()
    assert [r.code for r in result.reasons] == ["POLICY.DIFF.SAME"]


def test_diff_names_added_and_removed_sections_and_absent_keys() -> None:
    old = pol.loads(MINIMAL + '\n[savings]\npreset = "default"\n')
    new = pol.loads(
        MINIMAL.replace('"EUR"', '"EUR"\neffective_to = 2027-06-30')
        + '\n[kpis.otif]\ndefinition = "On time in full"\ntarget = 0.95\ndirection = "higher"\n'
    )
    result = pol.diff(old, new)
    assert (result.added_sections, result.removed_sections) == (("kpis",), ("savings",))
    changes = {c.key: (c.old, c.new) for c in result.changes}
    assert changes["policy.effective_to"] == (None, "2027-06-30")
    assert changes["kpis.otif.target"] == (None, "0.95")
    assert changes["savings.count_months"] == ("12", None)
    codes = [r.code for r in result.reasons]
    assert codes == [
        "POLICY.DIFF.SECTION_ADDED",
        "POLICY.DIFF.SECTION_REMOVED",
        "POLICY.DIFF.CHANGED",
    ]
    assert "(absent)" in result.explain()


# --------------------------------------------------------------------------- key lines


def test_key_lines_follow_toml_structure() -> None:
    text = (
        '# comment with [brackets] and "quotes"\n'  # 1
        "[a]\n"  # 2
        'x = """\n'  # 3
        "[not.a.table]\n"  # 4
        'y = 1"""\n'  # 5
        "'odd key' . inner = 'it''s' # comment\n"  # 6
        "arr = [\n"  # 7
        "  1, # one\n"  # 8
        '  "]",\n'  # 9
        "]\n"  # 10
        "[[b]]\n"  # 11
        "[[b.c]]\n"  # 12
        "[[b]]\n"  # 13
        "[b.d]\n"  # 14
        '"q.k" = { z = 1 }\n'  # 15
        "lit = '''\n"  # 16
        "a = 1''''\n"  # 17
        's = "a \\" # b"\n'  # 18
    )
    lines = key_lines(text)
    assert lines[("a",)] == 2 and lines[("a", "x")] == 3
    assert ("not", "a", "table") not in lines and ("not",) not in lines
    assert lines[("a", "odd key")] == lines[("a", "odd key", "inner")] == 6
    assert lines[("a", "arr")] == 7
    assert lines[("b",)] == 11 and lines[("b", 0)] == 11
    assert lines[("b", 0, "c", 0)] == 12
    assert lines[("b", 1)] == 13 and lines[("b", 1, "d")] == 14
    assert lines[("b", 1, "d", "q.k")] == 15
    assert ("a", "1") not in lines and lines[("b", 1, "d", "lit")] == 16
    assert lines[("b", 1, "d", "s")] == 18
    assert line_of(lines, ("b", 1, "d", "q.k", "z")) == 15
    assert line_of(lines, ("a", "arr", 1)) == 7


def test_a_value_at_the_end_of_the_text_has_its_line() -> None:
    assert key_lines("[a]\nb = [1,\n 2]") == {("a",): 1, ("a", "b"): 2}


def test_the_writer_writes_inline_tables_and_refuses_floats() -> None:
    from spendrules._policy.toml_write import value_text

    assert value_text({"a": 1, "b c": ["\x01\t"]}) == '{ a = 1, "b c" = ["\\u0001\\t"] }'
    assert value_text({}) == "{}"
    with pytest.raises(TypeError, match=r"value must be TOML data, not float: 1\.5"):
        value_text(1.5)
