"""Mistakes in a policy file (issue 18 item 1): each names its TOML key path and line.

Each row of ``ERRORS`` is one kind of mistake made to the bundled example (or to a
minimal file); the expected line is found by reading the mutated text, not by the
code under test.
"""

from __future__ import annotations

import pathlib
import pickle

import pytest

from spendrules import policy as pol
from spendrules.errors import InvalidInputError, PolicyFileError

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


# --------------------------------------------------------------------------- errors

#: (id, text, key path, the line reported (its text, or None), part of the constraint)
ERRORS = [
    (
        "toml-syntax",
        _edit('rollup = "pooled"', 'rollup = = "pooled"'),
        "",
        'rollup = = "pooled"',
        "valid TOML (Invalid value)",
    ),
    (
        "unknown-section",
        _edit("[policy]\n", "[colour]\nred = 1\n\n[policy]\n"),
        "colour",
        "[colour]",
        "a known section",
    ),
    ("missing-header", '[savings]\npreset = "default"\n', "policy", None, "present"),
    (
        "header-field-missing",
        _edit('version = "2027.1"\n', ""),
        "policy.version",
        "[policy]",
        "present",
    ),
    (
        "header-unknown-key",
        _edit('version = "2027.1"\n', 'version = "2027.1"\nowner = "CFO office"\n'),
        "policy.owner",
        'owner = "CFO office"',
        "a known key",
    ),
    (
        "number-for-string",
        _edit('version = "2027.1"', "version = 2027.1"),
        "policy.version",
        "version = 2027.1",
        "a string, in quotes",
    ),
    (
        "number-for-date",
        _edit("on = 2026-12-03", "on = 20261203"),
        "sign_off[1].on",
        "on = 20261203",
        "a TOML date (2027-01-01)",
    ),
    (
        "service-levels-not-a-table",
        _edit("carrying_rate = 0.25", "carrying_rate = 0.25\nservice_levels = 0.95").replace(
            "[inventory.service_levels]\nA = 0.98\nB = 0.95\nC = 0.90\n", ""
        ),
        "inventory.service_levels",
        "service_levels = 0.95",
        "a TOML table",
    ),
    (
        "header-date-as-string",
        _edit("effective_from = 2027-01-01", 'effective_from = "2027-01-01"'),
        "policy.effective_from",
        'effective_from = "2027-01-01"',
        "a TOML date, unquoted",
    ),
    (
        "header-date-time",
        _edit("effective_from = 2027-01-01", "effective_from = 2027-01-01T09:00:00"),
        "policy.effective_from",
        "effective_from = 2027-01-01T09:00:00",
        "a date without a time",
    ),
    (
        "effective-to-before-from",
        _edit("effective_to = 2027-12-31", "effective_to = 2026-12-31"),
        "policy.effective_to",
        "effective_to = 2026-12-31",
        "on or after effective_from (2027-01-01)",
    ),
    (
        "unknown-currency",
        _edit('2027-12-31\nreference_currency = "EUR"', '2027-12-31\nreference_currency = "EURO"'),
        "policy.reference_currency",
        'reference_currency = "EURO"',
        "an active ISO 4217 currency code",
    ),
    (
        "sign-off-as-a-table",
        MINIMAL + '\n[sign_off]\nrole = "finance"\n',
        "sign_off",
        "[sign_off]",
        "an array of tables",
    ),
    (
        "sign-off-bad-fingerprint",
        _edit('fingerprint = "sha256:', 'fingerprint = "md5:'),
        "sign_off[0].fingerprint",
        'fingerprint = "md5:0af4214c72fb0493b82cba0d7498b4c4aa8313fb2a1af3d6abf52825d88be33d"',
        "'sha256:' followed by 64 lower-case hex digits",
    ),
    (
        "sign-off-date-as-string",
        _edit("on = 2026-12-03", 'on = "2026-12-03"'),
        "sign_off[1].on",
        'on = "2026-12-03"',
        "a TOML date, unquoted",
    ),
    (
        "sign-off-duplicate-role-and-signer",
        _edit(
            'role = "procurement"\nby = "Chief procurement officer"',
            'role = "finance"\nby  = "Group controller"',
        ),
        "sign_off[1].by",
        'by  = "Group controller"',
        "someone who has not signed as finance already (sign_off[0])",
    ),
    (
        "terms-not-trade-notation",
        _edit('"net 60"', '"nett 60"'),
        "payment_terms.standard_terms",
        'standard_terms = "nett 60"',
        "payment terms in trade notation (cannot parse 'nett 60' at position 0",
    ),
    (
        "terms-not-a-string",
        _edit('"net 60"', "60"),
        "payment_terms.standard_terms",
        "standard_terms = 60",
        "payment terms in trade notation, in quotes",
    ),
    (
        "number-as-string",
        _edit("cost_of_capital = 0.08", 'cost_of_capital = "0.08"'),
        "payment_terms.cost_of_capital",
        'cost_of_capital = "0.08"',
        "a number, unquoted",
    ),
    (
        "number-infinite",
        _edit("cost_of_capital = 0.08", "cost_of_capital = inf"),
        "payment_terms.cost_of_capital",
        "cost_of_capital = inf",
        "a finite number",
    ),
    (
        "cost-of-capital-a-percent",
        _edit("cost_of_capital = 0.08", "cost_of_capital = 8"),
        "payment_terms.cost_of_capital",
        "cost_of_capital = 8",
        "a fraction between 0 and 1",
    ),
    (
        "maximum-below-minimum",
        _edit("maximum_days = 90", "maximum_days = 20"),
        "payment_terms.maximum_days",
        "maximum_days = 20",
        ">= minimum_days (30)",
    ),
    (
        "unknown-discount-convention",
        _edit('discount_convention = "cost_of_capital"', 'discount_convention = "always"'),
        "payment_terms.discount_convention",
        'discount_convention = "always"',
        "one of ['cost_of_capital', 'us_treasury']",
    ),
    (
        "terms-unknown-key",
        _edit("minimum_days = 30", "minimum_days = 30\nmax_days = 3"),
        "payment_terms.max_days",
        "max_days = 3",
        "a known key (a field of PaymentTermsPolicy)",
    ),
    (
        "unknown-savings-preset",
        MINIMAL + '\n[savings]\npreset = "strict"\n',
        "savings.preset",
        'preset = "strict"',
        "'default' or one of finance_strict, procurement_broad",
    ),
    (
        "savings-preset-not-a-string",
        MINIMAL + "\n[savings]\npreset = 1\n",
        "savings.preset",
        "preset = 1",
        "a preset name, in quotes",
    ),
    (
        "savings-preset-and-fields",
        _edit('[savings]\nname = "group_2027"', '[savings]\npreset = "finance_strict"\nname = "x"'),
        "savings.name",
        'name = "x"',
        "absent when preset is set",
    ),
    (
        "bool-as-string",
        _edit("use_quotes = true", 'use_quotes = "yes"'),
        "savings.use_quotes",
        'use_quotes = "yes"',
        "true or false",
    ),
    (
        "float-for-whole-number",
        _edit("count_months = 12", "count_months = 12.5"),
        "savings.count_months",
        "count_months = 12.5",
        "a whole number",
    ),
    (
        "savings-unknown-key",
        _edit("keep_negatives = true", "keep_negative = true"),
        "savings.keep_negative",
        "keep_negative = true",
        "a known key (a field of SavingsPolicy)",
    ),
    (
        "section-not-a-table",
        "budget = 5\n" + MINIMAL,
        "budget",
        "budget = 5",
        "a TOML table",
    ),
    (
        "rule-unknown-key-in-array-of-tables",
        _edit("usage = 1.05", "usage = 1.05\npercent = 105"),
        "budget.actual.rules[1].percent",
        "percent = 105",
        "a known key (a field of ToleranceRule)",
    ),
    (
        "rule-unknown-key-in-inline-table",
        _edit('{ action = "warn", usage = 0.9 }', '{ action = "warn", usage = 0.9, percent = 90 }'),
        "budget.requisition.rules[0].percent",
        "rules = [",
        "a known key (a field of ToleranceRule)",
    ),
    (
        "negative-tolerance",
        _edit("usage = 1.05", "usage = -1.05"),
        "budget.actual.rules[1].usage",
        "usage = -1.05",
        ">= 0",
    ),
    (
        "string-for-array",
        _edit('override_roles = ["budget_owner"]', 'override_roles = "budget_owner"'),
        "budget.override_roles",
        'override_roles = "budget_owner"',
        "an array",
    ),
    (
        "unknown-enum-value",
        _edit('[budget.order]\nbasis = "annual"', '[budget.order]\nbasis = "yearly"'),
        "budget.order.basis",
        'basis = "yearly"',
        "one of ['annual', 'year_to_date', 'period', 'total', 'linear']",
    ),
    (
        "approval-band-unknown-level",
        _edit('level = "cfo"', 'level = "ceo"'),
        "approvals.bands[2].level",
        'level = "ceo"',
        "one of the levels ['cfo', 'director', 'manager']",
    ),
    (
        "approvals-missing-currency",
        _edit('currency = "EUR"\nmode = "cumulative"', 'mode = "cumulative"'),
        "approvals.currency",
        "[approvals]",
        "present",
    ),
    (
        "service-level-above-one",
        _edit("B = 0.95", "B = 1.2"),
        "inventory.service_levels.B",
        "B = 1.2",
        "a fraction strictly between 0 and 1",
    ),
    (
        "service-level-as-string",
        _edit("B = 0.95", 'B = "95 %"'),
        "inventory.service_levels.B",
        'B = "95 %"',
        "a number, unquoted",
    ),
    (
        "carrying-rate-above-one",
        _edit("carrying_rate = 0.25", "carrying_rate = 25"),
        "inventory.carrying_rate",
        "carrying_rate = 25",
        "a fraction between 0 and 1",
    ),
    (
        "reserve-rate-falls-in-multi-line-array",
        _edit("{ threshold = 24, rate = 0.5 }", "{ threshold = 24, rate = 0.1 }"),
        "inventory.reserve.steps[2].rate",
        "steps = [",
        ">= 0.25 (a reserve never falls as the key grows)",
    ),
    (
        "inventory-unknown-key",
        _edit("carrying_rate = 0.25", "carrying_rate = 0.25\nholding_rate = 0.25"),
        "inventory.holding_rate",
        "holding_rate = 0.25",
        "a known key (a field of InventoryPolicy)",
    ),
    (
        "kpi-missing-target",
        _edit("target = 55\n", ""),
        "kpis.days_payable_outstanding.target",
        "[kpis.days_payable_outstanding]",
        "present",
    ),
    (
        "kpi-unknown-direction",
        _edit('target = 55\ndirection = "higher"', 'target = 55\ndirection = "up"'),
        "kpis.days_payable_outstanding.direction",
        'direction = "up"',
        "one of ['higher', 'lower']",
    ),
    (
        "kpi-not-a-table",
        _edit("[kpis.hard_savings]", "[kpis]\nspend_under_management = 0.8\n\n[kpis.hard_savings]"),
        "kpis.spend_under_management",
        "spend_under_management = 0.8",
        "a TOML table with definition, target and direction",
    ),
    (
        "kpi-target-as-string",
        _edit("target = 0.85", 'target = "85 %"'),
        "kpis.on_contract_spend.target",
        'target = "85 %"',
        "a number, unquoted",
    ),
    (
        "kpi-name-key",
        _edit("target = 0.85", 'target = 0.85\nname = "OCS"'),
        "kpis.on_contract_spend.name",
        'name = "OCS"',
        "a known key (a field of KpiTarget)",
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "marker", "constraint"),
    [pytest.param(*row[1:], id=row[0]) for row in ERRORS],
)
def test_a_mistake_names_the_key_path_and_line(
    text: str, key: str, marker: str | None, constraint: str
) -> None:
    with pytest.raises(PolicyFileError) as caught:
        pol.loads(text, source="policy.toml")
    err = caught.value
    line = None if marker is None else _line(text, marker)
    assert (err.key, err.line) == (key, line)
    assert constraint in err.constraint
    where = "policy.toml" if line is None else f"policy.toml, line {line}"
    assert str(err).startswith(f"{where}{', column' if err.column else ''}")
    assert isinstance(err, InvalidInputError)


def test_a_syntax_error_keeps_the_column() -> None:
    with pytest.raises(PolicyFileError) as caught:
        pol.loads(ERRORS[0][1])
    assert caught.value.column == len('rollup = = "') - 2  # the second "=", from 1
    with pytest.raises(PolicyFileError) as caught:
        pol.loads(MINIMAL + 'name = "unterminated')
    assert caught.value.line is not None and "valid TOML" in caught.value.constraint


def test_at_least_twenty_kinds_of_mistake() -> None:
    assert len(ERRORS) >= 20


def test_a_quoted_key_is_written_quoted_in_the_path() -> None:
    text = _edit("target = 2500000\n", "", _edit("[kpis.hard_savings]", '[kpis."hard savings"]'))
    with pytest.raises(PolicyFileError) as caught:
        pol.loads(text)
    assert caught.value.key == 'kpis."hard savings".target'
    assert caught.value.line == _line(text, '[kpis."hard savings"]')


def test_policy_file_errors_pickle_with_their_text() -> None:
    err = PolicyFileError("policy.name", None, "present", 3, column=4, source="p.toml")
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.args, again.line, again.column) == (str(err), err.args, 3, 4)
    assert str(PolicyFileError("policy", None, "present", None)) == "policy must be present: None"


def test_load_reads_a_path_and_names_the_file(tmp_path: pathlib.Path) -> None:
    good = tmp_path / "policy.toml"
    good.write_text(EXAMPLE, encoding="utf-8")
    assert pol.load(str(good)) == pol.load(good) == pol.loads(EXAMPLE)
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.encode())
    assert pol.load(bom) == pol.loads(EXAMPLE)
    bad = tmp_path / "bad.toml"
    bad.write_text(_edit("B = 0.95", "B = 1.2"), encoding="utf-8")
    with pytest.raises(PolicyFileError, match=rf"^{bad}, line \d+: inventory.service_levels.B"):
        pol.load(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(MINIMAL.encode() + b'\n[savings]\nname = "caf\xe9"\n')
    with pytest.raises(PolicyFileError) as caught:
        pol.load(latin)
    assert (caught.value.line, caught.value.key) == (8, "")
    assert "UTF-8 text (bad byte at offset" in str(caught.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pol.loads(b"[policy]"), "text must be a str, not bytes"),
        (lambda: pol.loads(MINIMAL, source=1), "source must be a str or None, not int"),
        (lambda: pol.load(3), "path must be a str or os.PathLike, not int"),
        (lambda: pol.dump("policy"), "policy must be an AgreedPolicy, not str"),
        (lambda: pol.fingerprint(None), "policy must be an AgreedPolicy, not NoneType"),
        (lambda: pol.check_agreement(1), "policy must be an AgreedPolicy, not int"),
        (lambda: pol.diff(1, 2), "old must be an AgreedPolicy, not int"),
        (
            lambda: pol.check_agreement(pol.loads(MINIMAL), roles="finance"),
            "roles must be a collection of str, not str",
        ),
        (
            lambda: pol.check_agreement(pol.loads(MINIMAL), roles=[1]),
            "roles[] must be a str, not int",
        ),
    ],
)
def test_wrong_argument_types_are_type_errors(call: object, message: str) -> None:
    with pytest.raises(TypeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call()  # type: ignore[operator]


def test_no_roles_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError, match="roles must be at least one role"):
        pol.check_agreement(pol.loads(MINIMAL), roles=())
