"""Interop: errors, rule forms, normalisation, cross-source equality, every writer against every term, CLI."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import cloudpickle
import pytest
from hypothesis import given, settings

from spendrules import cli, interop
from spendrules._interop._common import (
    Record,
    canonical_rule,
    finish,
    forms,
    fraction_to_decimal,
    plain,
)
from spendrules._interop.ubl import CAC, CBC
from spendrules.interop import InteropError, NotRepresentableError, normalize_terms
from spendrules.payment_terms import (
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentDays,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
    parse_terms,
)

from interop_strategies import any_terms, bases, payment_terms, rules

# --------------------------------------------------------------------------- errors


def test_errors_name_source_field_value_and_pickle_with_identical_text() -> None:
    error = InteropError("odoo", "line_ids[0].nb_days", "x" * 100, "an integer")
    text = str(error)
    assert text.startswith("odoo: line_ids[0].nb_days must be an integer: 'xxx")
    assert text.endswith("...") and len(text) < 140
    refused = NotRepresentableError("sap", "T052[0].ZDART", "D", "no posting-date baseline")
    assert str(refused) == "sap: T052[0].ZDART cannot be converted: no posting-date baseline: 'D'"
    assert isinstance(refused, InteropError) and isinstance(refused, ValueError)
    for exc in (error, refused):
        for dumps, loads in ((pickle.dumps, pickle.loads), (cloudpickle.dumps, pickle.loads)):
            again = loads(dumps(exc))
            assert type(again) is type(exc) and str(again) == str(exc) and again.args == exc.args
    assert (refused.source, refused.field, refused.value, refused.reason) == (
        "sap",
        "T052[0].ZDART",
        "D",
        "no posting-date baseline",
    )


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        pytest.param(2.5, {}, "floats are inexact", id="float refused"),
        pytest.param(Decimal("NaN"), {}, "a finite number", id="NaN refused"),
        pytest.param(True, {}, "a finite number", id="bool refused"),
        pytest.param("2.5", {}, "Decimal or int;", id="text refused unless allowed"),
        pytest.param("2,5", {"text": True}, "or a decimal string", id="comma text refused"),
    ],
)
def test_record_decimal_refuses_inexact_and_non_numbers(
    value: object, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InteropError, match=message) as caught:
        Record("src", "row", {"x": value}).decimal("x", **kwargs)
    assert caught.value.field == "row.x"


def test_record_accessors() -> None:
    record = Record("src", "", {"n": "030", "s": "x", "b": True, "l": [1], "u": None})
    assert record.integer("n", low=0, high=99, digits=True) == 30
    assert Record("src", "", {"x": " 2.500 "}).decimal("x", text=True) == Decimal("2.5")
    assert Record("src", "", {"x": 7}).decimal("x") == Decimal(7)
    assert record.text("s") == "x" and record.boolean("b") is True
    assert record.items("l") == [1] and record.items("missing") == []
    assert record.get("u", default=5) == 5 and not record.has("u")
    for call, message in [
        (lambda: record.integer("n", low=0, high=99), "an integer"),
        (lambda: record.integer("b", low=0, high=1, digits=True), "an integer or a digit string"),
        (lambda: record.integer("n", low=0, high=9, digits=True), "an integer from 0 to 9"),
        (lambda: record.text("b"), "a string"),
        (lambda: record.boolean("s"), "true or false"),
        (lambda: record.items("s"), "an array"),
        (lambda: record.items("l", minimum=2), "at least 2 entries"),
        (lambda: record.items("missing", minimum=1), "at least 1 entry"),
        (lambda: record.get("u"), "present"),
        (lambda: record.choice("s", ("a", "b")), "one of 'a', 'b'"),
        (lambda: Record("src", "p", [1]), "an object"),
        (lambda: Record("src", "", "x"), "an object"),
    ]:
        with pytest.raises(InteropError, match=message):
            call()
    with pytest.raises(InteropError, match=r"src: \$ must be an object"):
        Record("src", "", 3)


# --------------------------------------------------------------------------- decimals and shares


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        pytest.param(Fraction(1, 4), Decimal("0.25"), id="quarter"),
        pytest.param(Fraction(-3, 8), Decimal("-0.375"), id="negative"),
        pytest.param(Fraction(5), Decimal(5), id="integer"),
        pytest.param(Fraction(1, 3), None, id="third does not terminate"),
        pytest.param(Fraction(1, 2**70), Decimal(f"{5**70}e-70"), id="70 places, exact"),
    ],
)
def test_fraction_to_decimal_is_exact(fraction: Fraction, expected: Decimal | None) -> None:
    result = fraction_to_decimal(fraction)
    assert result == expected
    if result is not None:
        assert Fraction(result) == fraction


def test_plain_never_uses_exponents() -> None:
    assert str(plain(Decimal("1E+2"))) == "100"
    assert str(plain(Decimal("2.500"))) == "2.5"


def test_finish_gives_canonical_shares() -> None:
    thirty_seventy = finish(
        [
            Installment(NetDays(0), share=Percent(Decimal(30))),
            Installment(NetDays(30), share=Percent(Decimal(70))),
        ]
    )
    remainder_first = finish(
        [
            Installment(NetDays(0), share=Remainder()),
            Installment(NetDays(30), share=Percent(Decimal(70))),
        ]
    )
    assert thirty_seventy == remainder_first
    assert thirty_seventy.installments[1].share == Remainder()
    quarter = finish(
        [Installment(NetDays(0), share=Ratio(Fraction(1, 4))), Installment(NetDays(9))]
    )
    assert quarter.installments[0].share == Percent(Decimal(25))
    third = finish([Installment(NetDays(0), share=Ratio(Fraction(1, 3))), Installment(NetDays(9))])
    assert third.installments[0].share == Ratio(Fraction(1, 3))
    fixed = finish(
        [
            Installment(NetDays(0), share=Remainder()),
            Installment(NetDays(9), share=FixedAmount(Decimal(5))),
            Installment(NetDays(9), share=Ratio(Fraction(1, 2))),
        ]
    )
    assert [i.share for i in fixed.installments] == [
        Remainder(),
        FixedAmount(Decimal(5)),
        Percent(Decimal(50)),
    ]
    mixed = finish(
        [Installment(NetDays(30), ())], discount_base=DiscountBase.MIXED
    )  # no discount: the base changes nothing
    assert mixed.discount_base is DiscountBase.GROSS


# --------------------------------------------------------------------------- rule forms


@settings(max_examples=300)
@given(rule=rules, base=bases)
def test_every_form_and_the_canonical_rule_give_the_same_date(rule: Any, base: date) -> None:
    expected = rule.due_date(base)
    assert canonical_rule(rule).due_date(base) == expected
    for form in forms(rule):
        assert form.due_date(base) == expected, form


@settings(max_examples=100)
@given(rule=rules)
def test_canonical_rule_is_idempotent_and_first_form_is_the_rule(rule: Any) -> None:
    assert canonical_rule(canonical_rule(rule)) == canonical_rule(rule)
    assert forms(rule)[0] == rule
    assert canonical_rule(rule) in forms(rule)


@pytest.mark.parametrize(
    ("rule", "canonical"),
    [
        pytest.param(NetMonths(0), NetDays(0), id="0 months is 0 days"),
        pytest.param(EomDating(30), DaysAfterEndOfMonth(30), id="EOM dating without cutoff"),
        pytest.param(DaysEndOfMonthOn(0, 0), DaysAfterEndOfMonth(0), id="0 days then EOM"),
        pytest.param(DaysEndOfMonthOn(0, 10), DaysAfterEndOfMonth(10), id="0 days then the 10th"),
        pytest.param(DaysEndOfMonthOn(0, 30), DayOfMonth(30, months_ahead=1), id="the 30th next"),
        pytest.param(DayOfMonth(31, months_ahead=2), DaysAfterEndOfMonth(0, months=2), id="31st"),
        pytest.param(DayOfMonth(5, cutoff_day=31), DaysAfterEndOfMonth(5), id="cutoff 31 is none"),
        pytest.param(DayOfMonth(5, months_ahead=0), DayOfMonth(5, months_ahead=0), id="this month"),
        pytest.param(
            PaymentDays((5, 20), after=EomDating(0)),
            PaymentDays((5, 20), after=DaysAfterEndOfMonth(0)),
            id="payment days after EOM",
        ),
        pytest.param(
            DayLimit((DayLimitEntry(15, NetDays(3)), DayLimitEntry(31, NetDays(3)))),
            NetDays(3),
            id="day limit with one rule",
        ),
        pytest.param(
            DayLimit(
                (
                    DayLimitEntry(25, DaysAfterEndOfMonth(10)),
                    DayLimitEntry(31, DaysAfterEndOfMonth(10, months=1)),
                )
            ),
            EomDating(10, late_cutoff_day=25),
            id="day limit spelling EOM dating after the 25th",
        ),
        pytest.param(
            DayLimit(
                (
                    DayLimitEntry(10, NetDays(1)),
                    DayLimitEntry(20, NetDays(2)),
                    DayLimitEntry(31, NetDays(2)),
                )
            ),
            DayLimit((DayLimitEntry(10, NetDays(1)), DayLimitEntry(31, NetDays(2)))),
            id="merge equal neighbours",
        ),
        pytest.param(
            DayLimit((DayLimitEntry(10, NetDays(1)), DayLimitEntry(31, NetDays(2)))),
            DayLimit((DayLimitEntry(10, NetDays(1)), DayLimitEntry(31, NetDays(2)))),
            id="two rules stay",
        ),
        pytest.param(
            DayLimit(
                (
                    DayLimitEntry(5, NetDays(1)),
                    DayLimitEntry(15, NetDays(2)),
                    DayLimitEntry(31, NetDays(3)),
                )
            ),
            DayLimit(
                (
                    DayLimitEntry(5, NetDays(1)),
                    DayLimitEntry(15, NetDays(2)),
                    DayLimitEntry(31, NetDays(3)),
                )
            ),
            id="three rules stay",
        ),
    ],
)
def test_canonical_rule_table(rule: Any, canonical: Any) -> None:
    assert canonical_rule(rule) == canonical


@settings(max_examples=150)
@given(terms=payment_terms())
def test_normalize_terms_keeps_every_date_and_is_idempotent(terms: PaymentTerms) -> None:
    normal = normalize_terms(terms)
    assert normalize_terms(normal) == normal
    base = date(2026, 1, 31)
    for a, b in zip(terms.installments, normal.installments, strict=True):
        assert a.due.due_date(base) == b.due.due_date(base)
        assert [t.deadline.due_date(base) for t in a.discounts] == [
            t.deadline.due_date(base) for t in b.discounts
        ]


def test_normalize_terms_equates_wordings_and_refuses_non_terms() -> None:
    assert normalize_terms(parse_terms("net 10th prox")) == normalize_terms(
        PaymentTerms.of(DaysAfterEndOfMonth(10))
    )
    assert normalize_terms(parse_terms("net 60 EOM")) == interop.read_x12("ITD*02*3*****60~")
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        normalize_terms("net 30")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- one term, every source

TWO_TEN_NET_30 = PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10)))
SPLIT = PaymentTerms(
    (
        Installment(NetDays(15), share=Percent(Decimal(30))),
        Installment(NetDays(45)),
    )
)


@pytest.mark.parametrize(
    ("reader", "record"),
    [
        pytest.param(
            interop.read_odoo,
            {
                "line_ids": [
                    {
                        "value": "percent",
                        "value_amount": 100,
                        "delay_type": "days_after",
                        "nb_days": 30,
                    }
                ],
                "early_discount": True,
                "discount_percentage": 2,
                "discount_days": 10,
            },
            id="Odoo 17 (early discount)",
        ),
        pytest.param(
            interop.read_odoo16,
            {
                "line_ids": [
                    {"value": "balance", "days": 30, "discount_percentage": 2, "discount_days": 10}
                ]
            },
            id="Odoo 16 (discount per line)",
        ),
        pytest.param(
            interop.read_erpnext,
            {
                "terms": [
                    {
                        "invoice_portion": 100,
                        "due_date_based_on": "Day(s) after invoice date",
                        "credit_days": 30,
                        "discount": 2,
                        "discount_validity": 10,
                    }
                ]
            },
            id="ERPNext",
        ),
        pytest.param(
            interop.read_sap,
            {
                "ZTERM": "ZB03",
                "T052": [{"ZTERM": "ZB03", "ZDART": "B", "ZTAG1": 10, "ZPRZ1": 2, "ZTAG2": 30}],
            },
            id="SAP T052",
        ),
        pytest.param(interop.read_x12, "ITD*01*3*2**10**30~", id="X12 ITD"),
        pytest.param(
            interop.read_edifact, "PAT+1++5:3:D:30'PAT+22++5:3:D:10'PCD+12:2'", id="EDIFACT"
        ),
        pytest.param(
            interop.read_ubl,
            f"""<Invoice xmlns:cac="{CAC}" xmlns:cbc="{CBC}">
              <cac:PaymentTerms><cac:SettlementPeriod>
                <cbc:DurationMeasure unitCode="DAY">30</cbc:DurationMeasure></cac:SettlementPeriod>
              </cac:PaymentTerms>
              <cac:PaymentTerms><cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>
                <cac:SettlementPeriod><cbc:DurationMeasure unitCode="DAY">10</cbc:DurationMeasure>
                </cac:SettlementPeriod></cac:PaymentTerms></Invoice>""",
            id="UBL",
        ),
        pytest.param(
            lambda text: interop.read_xrechnung(text, due=NetDays(30)),
            "#SKONTO#TAGE=10#PROZENT=2.00#\n",
            id="XRechnung (net from BT-9)",
        ),
        pytest.param(lambda _: parse_terms("2/10 net 30"), None, id="trade notation"),
    ],
)
def test_the_same_term_from_every_source_is_one_object(
    reader: Callable[[Any], Any], record: Any
) -> None:
    assert reader(record) == TWO_TEN_NET_30


@pytest.mark.parametrize(
    ("reader", "record"),
    [
        pytest.param(
            interop.read_odoo,
            {
                "line_ids": [
                    {
                        "value": "percent",
                        "value_amount": 30,
                        "delay_type": "days_after",
                        "nb_days": 15,
                    },
                    {
                        "value": "percent",
                        "value_amount": 70,
                        "delay_type": "days_after",
                        "nb_days": 45,
                    },
                ]
            },
            id="D2 Odoo test_payment_term",
        ),
        pytest.param(
            interop.read_odoo16,
            {
                "line_ids": [
                    {"value": "percent", "value_amount": 30, "days": 15},
                    {"value": "balance", "days": 45},
                ]
            },
            id="D2 as Odoo 16",
        ),
        pytest.param(
            interop.read_erpnext,
            {
                "terms": [
                    {
                        "invoice_portion": 30,
                        "due_date_based_on": "Day(s) after invoice date",
                        "credit_days": 15,
                    },
                    {
                        "invoice_portion": 70,
                        "due_date_based_on": "Day(s) after invoice date",
                        "credit_days": 45,
                    },
                ]
            },
            id="D2 as ERPNext",
        ),
        pytest.param(
            interop.read_tryton,
            {
                "lines": [
                    {
                        "type": "percent_on_total",
                        "ratio": Decimal("0.3"),
                        "divisor": Decimal("3.33333333333333"),
                        "relativedeltas": [{"days": 15}],
                    },
                    {"type": "remainder", "relativedeltas": [{"days": 45}]},
                ]
            },
            id="D2 as Tryton",
        ),
        pytest.param(
            interop.read_x12, "ITD*04*3*****15****30\nITD*04*3*****45****70", id="D2 as X12 04"
        ),
        pytest.param(
            interop.read_sap,
            {
                "ZTERM": "Z030",
                "T052": [
                    {"ZTERM": "Z030", "ZDART": "B", "XSPLT": "X"},
                    {"ZTERM": "Z015", "ZDART": "B", "ZTAG1": 15},
                    {"ZTERM": "Z045", "ZDART": "B", "ZTAG1": 45},
                ],
                "T052S": [
                    {"ZTERM": "Z030", "RATNR": 2, "RATPZ": "70.000", "RATZT": "Z045"},
                    {"ZTERM": "Z030", "RATNR": 1, "RATPZ": "30.000", "RATZT": "Z015"},
                ],
            },
            id="D2 as SAP installments",
        ),
    ],
)
def test_the_same_split_from_every_source_is_one_object(
    reader: Callable[[Any], Any], record: Any
) -> None:
    assert reader(record) == SPLIT


# --------------------------------------------------------------------------- every writer, any term


def _sap_keys(terms: PaymentTerms) -> list[str] | None:
    """One installment key per installment (required for several), none for one."""
    count = len(terms.installments)
    return [f"K{n:03d}" for n in range(count)] if count > 1 else None


WRITERS: list[
    tuple[str, Callable[[PaymentTerms], Any], Callable[[Any, PaymentTerms], PaymentTerms]]
] = [
    ("odoo", interop.write_odoo, lambda d, _: interop.read_odoo(d)),
    ("odoo16", interop.write_odoo16, lambda d, _: interop.read_odoo16(d)),
    ("erpnext", interop.write_erpnext, lambda d, _: interop.read_erpnext(d)),
    (
        "sap",
        lambda t: interop.write_sap(t, installment_keys=_sap_keys(t)),
        lambda d, _: interop.read_sap(d),
    ),
    (
        "tryton",
        lambda t: interop.write_tryton(t, currency="EUR"),
        lambda d, _: interop.read_tryton(d, currency="EUR"),
    ),
    (
        "tryton/remainder",
        lambda t: interop.write_tryton(t, currency="EUR", percent_of=interop.PercentOf.REMAINDER),
        lambda d, _: interop.read_tryton(d, currency="EUR"),
    ),
    ("x12", interop.write_x12, lambda d, _: interop.read_x12(d)),
    ("edifact", interop.write_edifact, lambda d, _: interop.read_edifact(d)),
    ("ubl", interop.write_ubl, lambda d, _: interop.read_ubl(d)),
    (
        "xrechnung",
        interop.write_xrechnung,
        lambda d, t: interop.read_xrechnung(d, due=t.installments[0].due),
    ),
]


@pytest.mark.parametrize(("name", "write", "read"), WRITERS, ids=[w[0] for w in WRITERS])
@settings(max_examples=150)
@given(terms=any_terms)
def test_every_writer_either_refuses_or_round_trips_to_an_equivalent_term(
    name: str,
    write: Callable[[PaymentTerms], Any],
    read: Callable[[Any, PaymentTerms], PaymentTerms],
    terms: PaymentTerms,
) -> None:
    try:
        written = write(terms)
    except NotRepresentableError as exc:
        assert exc.source == name.split("/", maxsplit=1)[0]
        return
    again = read(written, terms)
    assert normalize_terms(again) == normalize_terms(terms)
    assert write(again) == written


# --------------------------------------------------------------------------- CLI


def _cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str
) -> tuple[int, str, str]:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = cli.main(["terms-convert", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


ODOO_JSON = json.dumps(
    {
        "line_ids": [
            {"value": "percent", "value_amount": 100.0, "delay_type": "days_after", "nb_days": 30}
        ],
        "early_discount": True,
        "discount_percentage": 2.0,
        "discount_days": 10,
    }
)


def test_cli_converts_odoo_to_x12_and_back(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, err = _cli(capsys, monkeypatch, ODOO_JSON, "--from", "odoo", "--to", "x12")
    assert (status, out, err) == (0, "ITD*01*3*2**10**30~\n", "")
    status, out, _ = _cli(capsys, monkeypatch, out, "--from", "x12", "--to", "odoo")
    assert status == 0
    assert json.loads(out) == {
        "line_ids": [
            {"value": "percent", "value_amount": 100, "delay_type": "days_after", "nb_days": 30}
        ],
        "early_discount": True,
        "discount_percentage": 2,
        "discount_days": 10,
        "early_pay_discount_computation": "included",
    }
    assert '"value_amount": 100,' in out  # an exact JSON number, not a string


def test_cli_reads_files_describes_and_prints_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    path = tmp_path / "term.json"
    path.write_text(ODOO_JSON, encoding="utf-8")
    status, out, _ = _cli(capsys, monkeypatch, "", "--from", "odoo", str(path))
    assert status == 0 and out.startswith("100 % (the whole amount) due 30 days")
    status, out, _ = _cli(
        capsys, monkeypatch, ODOO_JSON, "--from", "odoo", "--to", "edifact", "--json"
    )
    data = json.loads(out)
    assert data["from"] == "odoo" and data["to"] == "edifact"
    assert data["output"] == "PAT+1++5:3:D:30'\nPAT+22++5:3:D:10'\nPCD+12:2'"
    assert data["terms"]["installments"][0]["due"] == {"type": "NetDays", "days": 30}
    status, out, _ = _cli(
        capsys, monkeypatch, ODOO_JSON, "--from", "odoo", "--to", "sap", "--sap-key", "ZB01"
    )
    assert json.loads(out)["T052"][0]["ZTERM"] == "ZB01"
    status, out, _ = _cli(
        capsys,
        monkeypatch,
        "#SKONTO#TAGE=10#PROZENT=2.00#\n",
        "--from",
        "xrechnung",
        "--net-days",
        "30",
        "--to",
        "ubl",
    )
    assert status == 0 and "SettlementDiscountPercent>2<" in out
    tryton = json.dumps(
        {"lines": [{"type": "fixed", "amount": 10, "currency": "EUR"}, {"type": "remainder"}]}
    )
    status, out, _ = _cli(
        capsys, monkeypatch, tryton, "--from", "tryton", "--currency", "EUR", "--to", "tryton"
    )
    assert status == 0 and json.loads(out)["lines"][0]["currency"] == "EUR"
    status, out, _ = _cli(capsys, monkeypatch, "<x/>", "--from", "ubl")
    assert status == 2
    status, out, _ = _cli(
        capsys, monkeypatch, "PAT+1++5:1'", "--from", "edifact", "--to", "erpnext"
    )
    assert status == 0 and json.loads(out)["terms"][0]["credit_days"] == 0
    empty = json.dumps(
        {
            "line_ids": [
                {"value": "percent", "value_amount": 100, "delay_type": "days_after", "nb_days": 0}
            ]
        }
    )
    status, out, _ = _cli(capsys, monkeypatch, empty, "--from", "odoo", "--to", "odoo16")
    assert status == 0 and '"line_ids": [\n' in out
    assert cli.main(["terms-convert", "--from", "odoo16", str(path)]) == 2


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        pytest.param("{", ["--from", "odoo"], "input must be valid JSON", id="bad JSON"),
        pytest.param(
            "ITD*03*3~", ["--from", "x12"], "x12: ITD[0].ITD01 cannot be converted", id="refused"
        ),
        pytest.param(
            "#SKONTO#TAGE=1#PROZENT=1.00#\n",
            ["--from", "xrechnung"],
            "--net-days must be given",
            id="no net days",
        ),
        pytest.param(
            ODOO_JSON,
            ["--from", "odoo", "--to", "tryton"],
            "tryton: discounts cannot be converted",
            id="cannot write",
        ),
        pytest.param("{}", ["--from", "sap"], "sap: ZTERM must be present", id="missing field"),
        pytest.param(
            "ITD*04*3*****30****30~ITD*04*3*****60****70~",
            ["--from", "x12", "--to", "sap", "--sap-key", "ZB10"],
            "sap: installment_keys must be given for terms with 2 installments",
            id="sap installments: no derived keys (ZB10 would give ZB01, ZB02)",
        ),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str,
    args: list[str],
    message: str,
) -> None:
    status, out, err = _cli(capsys, monkeypatch, stdin, *args)
    assert status == 2 and out == ""
    assert err.startswith("spendrules: error: ") and message in err and err.count("\n") == 1


def test_demo_shows_one_term_in_several_formats() -> None:
    from spendrules.cli import _interop as _cli_interop

    text = _cli_interop.demo()
    assert "gives equal terms: True" in text
    assert "ITD*01*3*2**10**30~" in text and "PCD+12:2'" in text
    assert "Tryton:       not written" in text
    assert _cli_interop.TITLE == "Payment terms interop"


@pytest.mark.parametrize(
    "value",
    [{}, [], {"a": {}, "b": [], "c": [Decimal("1.10"), None, "x"]}, Decimal("-0.50")],
    ids=["empty-dict", "empty-list", "nested-empties", "decimal"],
)
def test_cli_json_output_reads_back_exactly(value: object) -> None:
    from spendrules.cli._interop import dumps

    text = dumps(value)
    assert json.loads(text, parse_float=Decimal) == value  # exact: no float on the way


def test_cli_writes_sap_installments_under_the_keys_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # X12 type 04 (installment): 30 % at 30 days, 70 % at 60 days.
    itd = "ITD*04*3*****30****30~ITD*04*3*****60****70~"
    args = ["--from", "x12", "--to", "sap", "--sap-key", "Y100"]
    status, out, _ = _cli(capsys, monkeypatch, itd, *args, "--sap-installment-keys", "Y101, Y102")
    assert status == 0
    rows = json.loads(out)
    assert [(r["RATNR"], r["RATPZ"], r["RATZT"]) for r in rows["T052S"]] == [
        (1, 30, "Y101"),
        (2, 70, "Y102"),
    ]
    assert sorted(r["ZTERM"] for r in rows["T052"]) == ["Y100", "Y101", "Y102"]


@pytest.mark.parametrize(
    ("read", "record", "field"),
    [
        # Exponents like these made exact arithmetic run for minutes (a hang, not an error).
        pytest.param(
            interop.read_tryton,
            {
                "lines": [
                    {
                        "type": "percent_on_total",
                        "ratio": Decimal("1e-999999999"),
                        "divisor": Decimal("1e999999999"),
                        "relativedeltas": [{"days": 10}],
                    },
                    {"type": "remainder", "relativedeltas": [{"days": 30}]},
                ]
            },
            "lines[0].ratio",
            id="tryton ratio exponent",
        ),
        pytest.param(
            interop.read_odoo,
            {
                "line_ids": [
                    {
                        "value": "percent",
                        "value_amount": Decimal("1e-999999999"),
                        "delay_type": "days_after",
                        "nb_days": 1,
                    },
                    {
                        "value": "percent",
                        "value_amount": 100,
                        "delay_type": "days_after",
                        "nb_days": 30,
                    },
                ]
            },
            "line_ids[0].value_amount",
            id="odoo percent exponent",
        ),
        pytest.param(
            interop.read_erpnext,
            {
                "terms": [
                    {
                        "invoice_portion": Decimal("0E-999999999"),
                        "due_date_based_on": "Day(s) after invoice date",
                        "credit_days": 1,
                    }
                ]
            },
            "terms[0].invoice_portion",
            id="erpnext zero with exponent",
        ),
        pytest.param(
            interop.read_erpnext,
            {
                "terms": [
                    {"invoice_portion": 10**5000, "due_date_based_on": "Day(s) after invoice date"}
                ]
            },
            "terms[0].invoice_portion",
            id="erpnext 5000-digit int",
        ),
    ],
)
def test_numbers_beyond_any_source_fail_fast_naming_the_field(
    read: Callable[[Any], Any], record: dict[str, Any], field: str
) -> None:
    with pytest.raises(InteropError) as caught:
        read(record)
    assert type(caught.value) is InteropError
    assert caught.value.field == field
    assert "below 10**40" in str(caught.value)


def test_error_text_survives_integers_too_long_to_print() -> None:
    error = InteropError("sap", "T052[0].ZTAG1", 10**5000, "an integer from 0 to 999")
    assert (
        str(error)
        == "sap: T052[0].ZTAG1 must be an integer from 0 to 999: <an integer of 16610 bits>"
    )
