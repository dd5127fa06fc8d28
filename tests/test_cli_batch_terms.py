"""Batch mode of the payment-terms commands: ``terms``, ``terms-cost``, ``terms-impact``, ``terms-convert``.

Expected values come from the scalar rules called directly on the same inputs
(``schedule``, ``forgone_discount_rate``, ``should_take_discount``,
``term_change_impact``, the interop readers and writers), and from published
figures (2/10 net 30 on 1,000.00: due 14 April, 980.00 paid by 25 March).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

from spendrules import cli
from spendrules.calendars import Roll, WeekendCalendar
from spendrules.cli import _payment_terms_rows as rows
from spendrules.interop import read_odoo, read_x12, write_odoo, write_sap, write_x12
from spendrules.payment_terms import (
    DiscountConvention,
    PaymentSchedule,
    forgone_discount_rate,
    parse_terms,
    schedule,
    should_take_discount,
    term_change_impact,
)
from spendrules.policy import dump, load
from spendrules.serialization import from_json, unstructure

EXAMPLE = str(resources.files("spendrules").joinpath("data", "policy_example.toml"))

ODOO = {
    "name": "2/10 Net 30",
    "line_ids": [
        {"value": "percent", "value_amount": 100, "delay_type": "days_after", "nb_days": 30}
    ],
    "early_discount": True,
    "discount_percentage": Decimal("2.0"),
    "discount_days": 10,
}


def _main(
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch | None = None,
    stdin: str | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = cli.main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(record, default=str) + "\n" for record in records)


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def _csv(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def _policy_file(tmp_path: Path, **changes: Any) -> str:
    """The bundled example policy with the payment-terms section changed (or removed: None)."""
    policy = load(EXAMPLE)
    if "payment_terms" in changes and changes["payment_terms"] is None:
        policy = attrs.evolve(policy, payment_terms=None)
    elif changes:
        assert policy.payment_terms is not None
        section = attrs.evolve(policy.payment_terms, **changes)
        policy = attrs.evolve(policy, payment_terms=section)
    return _write(tmp_path, "policy.toml", dump(policy))


# -- terms ------------------------------------------------------------------------------------

INVOICES = [
    {
        "id": "A",
        "terms": "2/10 net 30",
        "invoice_date": "2026-03-15",
        "amount": "1000.00",
        "currency": "USD",
        "on_date": "2026-03-20",
    },
    {
        "id": "B",
        "terms": "30% advance, 70% 2/10 net 30",
        "invoice_date": "2026-05-01",
        "amount": "100.01",
        "currency": "EUR",
        "tax_amount": "10",
        "baseline_date": "2026-05-02",
        "roll": "following",
        "grace_days": 1,
    },
    {
        "id": "C",
        "terms": "net 30",
        "invoice_date": "2026-01-31",
        "amount": "-50",
        "currency": "JPY",
    },
]


def _scalar_schedule(record: dict[str, Any]) -> PaymentSchedule:
    roll = Roll(record.get("roll", "unadjusted"))
    return schedule(
        parse_terms(record["terms"]),
        invoice_date=date.fromisoformat(record["invoice_date"]),
        amount=Decimal(record["amount"]),
        currency=record["currency"],
        tax_amount=Decimal(record.get("tax_amount", "0")),
        baseline_date=(
            date.fromisoformat(record["baseline_date"]) if "baseline_date" in record else None
        ),
        calendar=None if roll is Roll.UNADJUSTED else WeekendCalendar(),
        roll=roll,
        grace_days=int(record.get("grace_days", 0)),
    )


def test_terms_jsonl_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "invoices.jsonl", _jsonl(INVOICES))
    status, out, err = _main(capsys, ["terms", "--input", path, "--json"])
    assert (status, err) == (0, "")
    records = _lines(out)
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (1, "A", True),
        (2, "B", True),
        (3, "C", True),
    ]
    first = records[0]["result"]
    expected = _scalar_schedule(INVOICES[0])
    assert from_json(json.dumps(first["schedule"]), PaymentSchedule) == expected
    assert first["on_date"] == "2026-03-20"
    assert first["amount_payable"] == str(expected.amount_payable(date(2026, 3, 20))) == "980.00"
    for record, result in zip(INVOICES[1:], records[1:], strict=True):
        assert from_json(json.dumps(result["result"]), PaymentSchedule) == _scalar_schedule(record)


def _csv_text(records: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: record.get(key, "") for key in columns})
    return buffer.getvalue()


SCHEDULE_INPUT = [*INVOICES[1], "on_date"]  # every key of the richest record


def test_terms_csv_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "invoices.csv", _csv_text(INVOICES, SCHEDULE_INPUT))
    target = tmp_path / "schedules.csv"
    status, out, _ = _main(capsys, ["terms", "--input", source, "--output", str(target)])
    assert (status, out) == (0, "")
    table = _csv(target.read_text(encoding="utf-8"))
    header = ["line", "id", "ok", *rows.SCHEDULE_COLUMNS]
    errors = ["error_field", "error_constraint", "error_value", "error_message"]
    assert list(table[0]) == header + errors
    assert [(r["line"], r["id"], r["ok"]) for r in table] == [
        ("2", "A", "true"),
        ("3", "B", "true"),
        ("4", "C", "true"),
    ]
    for record, row in zip(INVOICES, table, strict=True):
        plan = _scalar_schedule(record)
        best = sum(
            (line.discounts[0].discount for line in plan.lines if line.discounts), Decimal(0)
        )
        offers = [offer.deadline for line in plan.lines for offer in line.discounts]
        assert row["total"] == str(plan.total)
        assert row["currency"] == plan.currency
        assert row["baseline_date"] == plan.baseline_date.isoformat()
        assert row["installments"] == str(len(plan.lines))
        assert row["first_due_date"] == min(line.due_date for line in plan.lines).isoformat()
        assert row["last_due_date"] == max(line.due_date for line in plan.lines).isoformat()
        assert row["discount_offers"] == str(len(offers))
        assert row["first_discount_deadline"] == (min(offers).isoformat() if offers else "")
        assert Decimal(row["best_discount"]) == best
        assert Decimal(row["payable_with_discounts"]) == plan.total - best
        assert row["error_field"] == row["error_message"] == ""
    first = table[0]  # published: 2/10 net 30 on 1,000.00 invoiced 15 March 2026
    assert (first["last_due_date"], first["first_discount_deadline"]) == (
        "2026-04-14",
        "2026-03-25",
    )
    assert (first["best_discount"], first["payable_with_discounts"]) == ("20.00", "980.00")
    assert (first["on_date"], first["amount_payable"]) == ("2026-03-20", "980.00")
    assert table[1]["on_date"] == table[1]["amount_payable"] == ""
    assert table[2]["total"] == "-50"  # a JPY credit note: no minor units


def test_terms_keep_going_writes_an_error_record_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {**INVOICES[1], "amount": "ten"}
    path = _write(tmp_path, "invoices.jsonl", _jsonl([INVOICES[0], bad, INVOICES[2]]))
    status, out, err = _main(capsys, ["terms", "--input", path, "--json", "--keep-going"])
    assert (status, err) == (3, "")
    records = _lines(out)
    assert [r["ok"] for r in records] == [True, False, True]
    error = records[1]
    assert (error["line"], error["id"]) == (2, "B")
    assert error["error"]["field"] == "amount"
    assert error["error"]["constraint"] == "a decimal number"
    assert error["error"]["value"] == "ten"
    expected = _scalar_schedule(INVOICES[2])
    assert from_json(json.dumps(records[2]["result"]), PaymentSchedule) == expected
    # the same batch as CSV output: the error columns of the bad row
    status, out, _ = _main(
        capsys, ["terms", "--input", path, "--output-format", "csv", "--keep-going"]
    )
    table = _csv(out)
    assert status == 3
    assert [row["ok"] for row in table] == ["true", "false", "true"]
    assert (table[1]["error_field"], table[1]["error_value"]) == ("amount", "ten")
    assert table[1]["total"] == ""


def test_terms_without_keep_going_stops_at_the_bad_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {**INVOICES[1], "terms": "2/10 nett 30"}
    path = _write(tmp_path, "invoices.jsonl", _jsonl([INVOICES[0], bad, INVOICES[2]]))
    status, out, err = _main(capsys, ["terms", "--input", path, "--output-format", "csv"])
    assert status == 2
    assert [row["id"] for row in _csv(out)] == ["A"]  # the records before it are written
    assert err.startswith("spendrules: error: line 2 (id 'B'): cannot parse '2/10 nett 30'")
    assert err.count("\n") == 1
    status, _, err = _main(capsys, ["terms", "--input", path, "--json"])
    error = json.loads(err)["error"]
    assert status == 2
    assert (error["line"], error["id"], error["field"], error["position"]) == (2, "B", "terms", 5)


def test_terms_reads_standard_input_and_writes_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = _main(
        capsys, ["terms", "--input", "-"], monkeypatch, stdin=_jsonl(INVOICES[:2])
    )
    assert status == 0
    first, second = out.split("\n\nPaymentSchedule")
    assert first.startswith("PaymentSchedule (payment_terms.schedule@1)")
    assert first.endswith("Amount payable on 2026-03-20: 980.00 USD")
    assert "30 % advance" in second or "30% advance" in second


def test_terms_flags_give_defaults_and_records_override_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        {"id": 1, "amount": "1000.00"},
        {"id": 2, "amount": "1000.00", "terms": "net 10", "currency": "EUR"},
    ]
    argv = ["terms", "2/10 net 30", "--invoice-date", "2026-03-15", "--currency", "USD"]
    status, out, _ = _main(
        capsys, [*argv, "--input", "-", "--json"], monkeypatch, stdin=_jsonl(records)
    )
    results = [r["result"] for r in _lines(out)]
    assert status == 0
    assert [r["id"] for r in _lines(out)] == [1, 2]  # the id as given, a number
    assert results[0]["lines"][0]["due_date"] == "2026-04-14"
    assert (results[1]["lines"][0]["due_date"], results[1]["currency"]) == ("2026-03-25", "EUR")


def test_terms_under_a_policy_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """[payment_terms] standard_terms = "net 60": a record without terms is due 60 days on."""
    records = [
        {"id": "std", "invoice_date": "2026-03-02", "amount": "10", "currency": "EUR"},
        {
            "id": "own",
            "terms": "net 15",
            "invoice_date": "2026-03-02",
            "amount": "10",
            "currency": "EUR",
        },
    ]
    argv = ["terms", "--policy", EXAMPLE, "--input", "-", "--output-format", "csv"]
    status, out, _ = _main(capsys, argv, monkeypatch, stdin=_jsonl(records))
    table = _csv(out)
    assert status == 0
    assert table[0]["last_due_date"] == (date(2026, 3, 2) + timedelta(days=60)).isoformat()
    assert table[0]["terms"] == "net 60"
    assert table[1]["last_due_date"] == "2026-03-17"
    # one invoice: the policy's standard terms, unless TERMS is given
    one = ["terms", "--invoice-date", "2026-03-02", "--amount", "10", "--currency", "EUR"]
    status, out, _ = _main(capsys, [*one, "--policy", EXAMPLE, "--json"])
    assert status == 0 and json.loads(out)["lines"][0]["due_date"] == "2026-05-01"
    status, out, _ = _main(capsys, [*one, "net 10", "--policy", EXAMPLE, "--json"])
    assert status == 0 and json.loads(out)["lines"][0]["due_date"] == "2026-03-12"


def test_a_policy_file_without_the_section_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _policy_file(tmp_path, payment_terms=None)
    for argv in (
        ["terms", "net 30", "--invoice-date", "2026-03-02", "--amount", "1", "--currency", "EUR"],
        ["terms-cost", "net 30"],
        ["terms-impact", "--spend", "1", "--currency", "EUR", "--from", "net 30", "--to", "net 60"],
        ["terms-convert", "--from", "x12", "--input", "-"],
    ):
        status, out, err = _main(capsys, [*argv, "--policy", path])
        assert (status, out) == (2, ""), argv
        assert path in err and "[payment_terms]" in err, argv


def test_single_invoice_needs_its_flags(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["terms", "net 30", "--amount", "1"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "required: --invoice-date, --currency" in err
    with pytest.raises(SystemExit):
        cli.main(["terms", "--invoice-date", "2026-01-01", "--amount", "1", "--currency", "EUR"])
    assert "required: terms (or --policy FILE)" in capsys.readouterr().err


BAD_VALUES = [
    pytest.param("amount", True, "a decimal number", id="amount: a boolean"),
    pytest.param("amount", "NaN", "a finite decimal number", id="amount: NaN"),
    pytest.param("amount", [1], "a decimal number", id="amount: a list"),
    pytest.param("invoice_date", 20260315, "an ISO 8601 date (YYYY-MM-DD)", id="date: a number"),
    pytest.param("invoice_date", "15/03/2026", "an ISO 8601 date (YYYY-MM-DD)", id="date: text"),
    pytest.param("grace_days", "1.5", "a whole number", id="grace days: a fraction"),
    pytest.param("grace_days", False, "a whole number", id="grace days: a boolean"),
    pytest.param("roll", "forward", "one of unadjusted, following", id="roll: unknown"),
    pytest.param("currency", " ", "non-empty text", id="currency: blank"),
    pytest.param("terms", 30, "non-empty text", id="terms: a number"),
    pytest.param("due", "soon", "a field of the record: terms, invoice_date", id="unknown key"),
]


@pytest.mark.parametrize(("field", "value", "constraint"), BAD_VALUES)
def test_a_bad_value_names_its_field(
    field: str,
    value: object,
    constraint: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = {**INVOICES[0], field: value}
    argv = ["terms", "--input", "-", "--json", "--keep-going"]
    status, out, _ = _main(capsys, argv, monkeypatch, stdin=_jsonl([record]))
    error = _lines(out)[0]["error"]
    assert status == 3
    assert error["field"] == field
    assert error["constraint"].startswith(constraint)


def test_a_record_without_a_required_field(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {key: value for key, value in INVOICES[0].items() if key != "currency"}
    status, out, _ = _main(
        capsys, ["terms", "--input", "-", "--json", "--keep-going"], monkeypatch, _jsonl([record])
    )
    error = _lines(out)[0]["error"]
    assert status == 3
    assert (error["field"], error["value"]) == ("currency", None)
    assert error["constraint"] == "given (in the record, or by its flag)"


def test_terms_as_a_json_object_in_json_lines_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    terms = unstructure(parse_terms("2/10 net 30"))
    record = {**INVOICES[0], "terms": terms}
    path = _write(tmp_path, "one.jsonl", json.dumps(record) + "\n")
    status, out, _ = _main(capsys, ["terms", "--input", path, "--output-format", "csv"])
    assert status == 0 and _csv(out)[0]["payable_with_discounts"] == "980.00"
    cells = {**INVOICES[0], "terms": json.dumps(terms)}
    path = _write(tmp_path, "one.csv", _csv_text([cells], SCHEDULE_INPUT))
    status, out, _ = _main(capsys, ["terms", "--input", path, "--output-format", "csv"])
    assert status == 0 and _csv(out)[0]["last_due_date"] == "2026-04-14"


def test_each_distinct_terms_text_is_parsed_once_per_batch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []

    def counting(text: str, *, dialect: str) -> Any:
        calls.append((text, dialect))
        return parse_terms(text, dialect=dialect)

    monkeypatch.setattr(rows, "parse_terms", counting)
    records = [INVOICES[0], INVOICES[2], INVOICES[0], INVOICES[2], {**INVOICES[0], "id": "Z"}]
    status, out, _ = _main(
        capsys, ["terms", "--input", "-", "--json"], monkeypatch, _jsonl(records)
    )
    assert status == 0 and len(_lines(out)) == 5
    assert calls == [("2/10 net 30", "us"), ("net 30", "us")]
    # a full cache starts again
    calls.clear()
    monkeypatch.setattr(rows.TermsCache, "LIMIT", 1)
    status, _, _ = _main(capsys, ["terms", "--input", "-", "--json"], monkeypatch, _jsonl(records))
    assert status == 0 and len(calls) == 5


def test_terms_batch_in_a_subprocess(tmp_path: Path) -> None:
    source = _write(tmp_path, "invoices.csv", _csv_text(INVOICES[:1], SCHEDULE_INPUT))
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests
        [sys.executable, "-m", "spendrules", "terms", "--input", source, "--output-format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert _csv(done.stdout)[0]["amount_payable"] == "980.00"


# -- terms-cost -------------------------------------------------------------------------------

COSTS = [
    {"id": "t1", "terms": "2/10 net 30"},
    {"id": "t2", "terms": "3/10, 2/30, net 60", "cost_of_capital": "0.08"},
    {"id": "t3", "terms": "2/10 net 30", "cost_of_capital": "0.01", "convention": "us_treasury"},
    {"id": "t4", "terms": "net 30"},
    {"id": "t5", "terms": "2/30 net 30", "day_basis": "360", "pay_day": "30"},
]


def _rate(terms: str, compounding: str, **kwargs: Any) -> Decimal:
    return forgone_discount_rate(
        parse_terms(terms), installment=0, tier=0, compounding=compounding, **kwargs
    )


def test_terms_cost_jsonl_in_and_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = _main(
        capsys, ["terms-cost", "--input", "-", "--json"], monkeypatch, stdin=_jsonl(COSTS)
    )
    results = [r["result"] for r in _lines(out)]
    assert status == 0
    assert [r["id"] for r in _lines(out)] == ["t1", "t2", "t3", "t4", "t5"]
    assert results[0]["tiers"][0]["simple"] == str(_rate("2/10 net 30", "simple", day_basis=365))
    assert results[0]["tiers"][0]["simple"] == "0.3724489796"  # 2/98 × 365/20
    assert results[0]["decisions"] == []
    second = should_take_discount(
        parse_terms("3/10, 2/30, net 60"), cost_of_capital=Decimal("0.08"), installment=0
    )
    assert results[1]["decisions"] == [unstructure(second)]
    assert len(results[1]["tiers"]) == 2
    third = should_take_discount(
        parse_terms("2/10 net 30"),
        cost_of_capital=Decimal("0.01"),
        installment=0,
        convention=DiscountConvention.US_TREASURY,
    )
    assert results[2]["decisions"] == [unstructure(third)]
    assert results[3] == {"terms": "net 30", "day_basis": 365, "tiers": [], "decisions": []}
    assert results[4]["tiers"][0]["simple"] is None  # open until the pay day: free
    assert results[4]["day_basis"] == 360


def test_terms_cost_csv_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    columns = ["id", "terms", "cost_of_capital", "convention", "day_basis", "pay_day"]
    source = _write(tmp_path, "terms.csv", _csv_text(COSTS, columns))
    status, out, _ = _main(capsys, ["terms-cost", "--input", source, "--output-format", "csv"])
    table = _csv(out)
    assert status == 0
    assert [row["id"] for row in table] == ["t1", "t2", "t3", "t4", "t5"]
    assert table[0]["simple"] == str(_rate("2/10 net 30", "simple", day_basis=365))
    assert table[0]["effective"] == str(_rate("2/10 net 30", "effective", day_basis=365))
    assert (table[0]["tiers"], table[0]["decisions"], table[0]["take"]) == ("1", "0", "")
    decision = should_take_discount(
        parse_terms("3/10, 2/30, net 60"), cost_of_capital=Decimal("0.08"), installment=0
    )
    assert table[1]["take"] == ("true" if decision.take else "false")
    assert table[1]["margin"] == str(decision.margin)
    assert table[1]["forgone_rate"] == str(decision.forgone_rate)
    assert table[1]["pay_day"] == str(decision.pay_day)
    assert table[1]["deadline"] == "10 days after the baseline date"
    assert (table[3]["tiers"], table[3]["discount"]) == ("0", "")
    assert (table[4]["simple"], table[4]["day_basis"]) == ("", "360")


def test_terms_cost_keep_going_and_stop(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [COSTS[0], {"id": "bad", "terms": "2/10 nett 30"}, COSTS[1]]
    argv = ["terms-cost", "--input", "-", "--json"]
    status, out, _ = _main(capsys, [*argv, "--keep-going"], monkeypatch, _jsonl(records))
    lines = _lines(out)
    assert status == 3
    assert [r["ok"] for r in lines] == [True, False, True]
    error = lines[1]["error"]
    assert (lines[1]["line"], error["field"], error["value"], error["position"]) == (
        2,
        "terms",
        "2/10 nett 30",
        5,
    )
    assert error["constraint"].startswith("'net'")
    status, out, err = _main(capsys, argv, monkeypatch, _jsonl(records))
    assert status == 2 and len(_lines(out)) == 1
    assert json.loads(err)["error"]["line"] == 2


def test_terms_cost_under_a_policy_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The policy's cost of capital (0.08) and convention decide; a flag or a record overrides."""
    argv = ["terms-cost", "--input", "-", "--json", "--policy", EXAMPLE]
    records = [COSTS[0], {"id": "own", "terms": "2/10 net 30", "cost_of_capital": "0.5"}]
    status, out, _ = _main(capsys, argv, monkeypatch, _jsonl(records))
    decisions = [r["result"]["decisions"][0] for r in _lines(out)]
    assert status == 0
    expected = should_take_discount(
        parse_terms("2/10 net 30"), cost_of_capital=Decimal("0.08"), installment=0
    )
    assert decisions[0] == unstructure(expected)
    assert (decisions[1]["cost_of_capital"], decisions[1]["take"]) == ("0.5", False)
    treasury = _policy_file(tmp_path, discount_convention=DiscountConvention.US_TREASURY)
    status, out, _ = _main(capsys, ["terms-cost", "2/10 net 30", "--json", "--policy", treasury])
    assert json.loads(out)["decisions"][0]["convention"] == "us_treasury"
    argv = ["terms-cost", "2/10 net 30", "--json", "--policy", treasury]
    status, out, _ = _main(capsys, [*argv, "--convention", "cost_of_capital"])
    assert json.loads(out)["decisions"][0]["convention"] == "cost_of_capital"
    # no TERMS: the policy's standard terms, net 60, offer nothing to forgo
    status, out, _ = _main(capsys, ["terms-cost", "--policy", EXAMPLE])
    assert (status, out) == (0, "net 60: no early-payment discount, nothing to forgo.\n")
    with pytest.raises(SystemExit):
        cli.main(["terms-cost"])
    assert "required: terms (or --policy FILE)" in capsys.readouterr().err


# -- terms-impact -----------------------------------------------------------------------------

CHANGES = [
    {
        "id": "S1",
        "annual_spend": "10000000",
        "currency": "USD",
        "current": "net 30",
        "proposed": "net 90",
        "cost_of_capital": "0.08",
        "supplier_cost_of_capital": "0.12",
    },
    {
        "id": "S2",
        "annual_spend": "1000000",
        "currency": "USD",
        "current": "2/10 net 30",
        "proposed": "net 60",
        "cost_of_capital": "0.40",
        "compounding": "effective",
        "price_increase": "0.01",
        "day_basis": 360,
        "convention": "monthly",
    },
]


def _scalar_impact(record: dict[str, Any]) -> Any:
    decimals = ("supplier_cost_of_capital", "price_increase", "discount_share")
    return term_change_impact(
        annual_spend=Decimal(record["annual_spend"]),
        currency=record["currency"],
        current=parse_terms(record["current"]),
        proposed=parse_terms(record["proposed"]),
        cost_of_capital=Decimal(record["cost_of_capital"]),
        day_basis=int(record.get("day_basis", 365)),
        compounding=record.get("compounding", "simple"),
        convention=record.get("convention", "daily"),
        **{key: Decimal(record[key]) for key in decimals if key in record},
    )


def test_terms_impact_jsonl_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "changes.jsonl", _jsonl(CHANGES))
    status, out, _ = _main(capsys, ["terms-impact", "--input", path, "--output", "-", "--json"])
    results = _lines(out)
    assert status == 0
    for record, result in zip(CHANGES, results, strict=True):
        assert result["id"] == record["id"]
        assert result["result"] == unstructure(_scalar_impact(record))
    assert results[0]["result"]["cash_released"] == "1643835.62"  # 10M × 60 / 365
    columns = ["id", *(key for key in CHANGES[1] if key != "id"), "supplier_cost_of_capital"]
    source = _write(tmp_path, "changes.csv", _csv_text(CHANGES, columns))
    target = tmp_path / "out.csv"
    status, _, _ = _main(capsys, ["terms-impact", "--input", source, "--output", str(target)])
    table = _csv(target.read_text(encoding="utf-8"))
    assert status == 0
    for record, row in zip(CHANGES, table, strict=True):
        impact = _scalar_impact(record)
        for column in rows.IMPACT_COLUMNS:
            value = getattr(impact, column)
            expected = "" if value is None else str(unstructure(value))
            assert row[column] == expected, column
    assert table[0]["verdict"] == "current_better"


def test_terms_impact_keep_going_and_policy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = {key: value for key, value in CHANGES[0].items() if key != "proposed"}
    records = [CHANGES[0], missing, CHANGES[1]]
    argv = ["terms-impact", "--input", "-", "--output-format", "csv"]
    status, out, _ = _main(capsys, [*argv, "--keep-going"], monkeypatch, _jsonl(records))
    table = _csv(out)
    assert status == 3
    assert [row["ok"] for row in table] == ["true", "false", "true"]
    assert (table[1]["id"], table[1]["error_field"]) == ("S1", "proposed")
    status, _, err = _main(capsys, argv, monkeypatch, _jsonl(records))
    assert status == 2 and err.startswith("spendrules: error: line 2 (id 'S1'): proposed")
    # the policy: current terms net 60 and cost of capital 0.08 unless given
    bare = {"id": "P", "annual_spend": "365000", "currency": "EUR", "proposed": "net 90"}
    status, out, _ = _main(
        capsys, [*argv, "--policy", EXAMPLE], monkeypatch, _jsonl([bare, CHANGES[0]])
    )
    table = _csv(out)
    expected = _scalar_impact({**bare, "current": "net 60", "cost_of_capital": "0.08"})
    assert status == 0
    assert (table[0]["current"], table[0]["cost_of_capital"]) == ("net 60", "0.08")
    assert table[0]["cash_released"] == str(expected.cash_released) == "30000.00"
    assert table[1]["current"] == "net 30"  # the record's own terms
    one = ["terms-impact", "--spend", "365000", "--currency", "EUR", "--to", "net 90"]
    status, out, _ = _main(capsys, [*one, "--policy", EXAMPLE, "--json"])
    assert json.loads(out)["cash_released"] == "30000.00"
    status, out, _ = _main(capsys, [*one, "--policy", EXAMPLE, "--from", "net 30", "--json"])
    assert json.loads(out)["cash_released"] == "60000.00"
    with pytest.raises(SystemExit):
        cli.main(one)
    err = capsys.readouterr().err
    assert "required: --from (or --policy FILE), --cost-of-capital (or --policy FILE)" in err


# -- terms-convert ----------------------------------------------------------------------------


def test_terms_convert_jsonl_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    itd = "ITD*01*3*2**10**30~"
    records = [
        {"id": "o1", "terms": ODOO},
        {"id": "o2", "terms": json.dumps({**ODOO, "discount_percentage": 2.0})},
        {"id": "x1", "terms": itd, "from": "x12", "to": "odoo"},
        {"id": "x2", "terms": itd, "from": "x12", "to": "sap", "sap_installment_keys": ["K1"]},
    ]
    path = _write(tmp_path, "docs.jsonl", _jsonl(records).replace('"2.0"', "2.0"))
    argv = ["terms-convert", "--from", "odoo", "--to", "x12", "--input", path]
    status, out, _ = _main(capsys, [*argv, "--json"])
    results = [r["result"] for r in _lines(out)]
    assert status == 0
    expected = write_x12(read_odoo(ODOO))
    assert results[0] == {
        "from": "odoo",
        "to": "x12",
        "terms": unstructure(read_odoo(ODOO)),
        "output": expected,
    }
    assert results[1]["output"] == expected == itd
    odoo = json.loads(results[2]["output"], parse_float=Decimal)
    assert odoo == write_odoo(read_x12(itd))  # numbers exact: no float on the way
    sap = json.loads(results[3]["output"], parse_float=Decimal)
    assert sap == write_sap(read_x12(itd), key="Z001")  # Decimal("2") == 2: values, exact
    # CSV in and out
    source = _write(
        tmp_path,
        "docs.csv",
        _csv_text(
            [{"id": "c1", "terms": itd}, {"id": "c2", "terms": itd, "to": "edifact"}],
            ["id", "terms", "to"],
        ),
    )
    status, out, _ = _main(
        capsys, ["terms-convert", "--from", "x12", "--input", source, "--output-format", "csv"]
    )
    table = _csv(out)
    assert status == 0
    assert table[0]["output"] == read_x12(itd).describe()
    assert table[0]["terms"] == read_x12(itd).describe()
    assert (table[1]["to"], table[1]["output"]) == (
        "edifact",
        "PAT+1++5:3:D:30'\nPAT+22++5:3:D:10'\nPCD+12:2'",
    )
    # text output: each converted document
    status, out, _ = _main(capsys, ["terms-convert", "--from", "x12", "--input", source])
    assert out.startswith(read_x12(itd).describe())


def test_terms_convert_keep_going_stop_and_policy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        {"id": 1, "terms": "ITD*01*3*2**10**30~"},
        {"id": 2, "terms": {"not": "x12 text"}},
        {"id": 3, "terms": "ITD*01*3*2**10**30~", "to": "nowhere"},
        {"id": 4, "terms": "ITD*01*3*2**10**30~", "net_days": "x"},
        {"id": 5},
    ]
    argv = ["terms-convert", "--from", "x12", "--input", "-", "--json"]
    status, out, _ = _main(capsys, [*argv, "--keep-going"], monkeypatch, _jsonl(records))
    lines = _lines(out)
    assert status == 3
    assert [r["ok"] for r in lines] == [True, False, False, False, False]
    assert [r["error"]["field"] for r in lines[1:]] == ["terms", "to", "net_days", "terms"]
    assert lines[1]["error"]["constraint"] == "x12 text"
    status, _, err = _main(capsys, argv, monkeypatch, _jsonl(records))
    assert status == 2 and json.loads(err)["error"]["line"] == 2
    # the policy's standard terms for a record without terms; no --from needed
    argv = ["terms-convert", "--to", "x12", "--input", "-", "--json", "--policy", EXAMPLE]
    status, out, _ = _main(capsys, argv, monkeypatch, _jsonl([{"id": 5}]))
    assert status == 0 and _lines(out)[0]["result"]["output"] == write_x12(parse_terms("net 60"))
    status, out, _ = _main(capsys, ["terms-convert", "--to", "x12", "--policy", EXAMPLE])
    assert (status, out) == (0, write_x12(parse_terms("net 60")).rstrip("\n") + "\n")
    status, out, _ = _main(
        capsys, ["terms-convert", "--input", "-", "--json"], monkeypatch, _jsonl(records[:1])
    )
    assert status == 2
    with pytest.raises(SystemExit):
        cli.main(["terms-convert", "--from", "x12", "doc.txt", "--input", "-"])
    assert "give an input document or --input, not both" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["terms-convert", "doc.txt"])
    assert "required: --from" in capsys.readouterr().err


def test_an_id_column_that_is_also_a_field_stays_in_the_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {key: value for key, value in INVOICES[0].items() if key != "id"}
    argv = ["terms", "--input", "-", "--id-column", "currency", "--output-format", "csv"]
    status, out, _ = _main(capsys, argv, monkeypatch, _jsonl([record]))
    table = _csv(out)
    assert status == 0
    assert (table[0]["id"], table[0]["currency"]) == ("USD", "USD")


@pytest.mark.parametrize(
    ("command", "columns"),
    [
        pytest.param("terms", rows.SCHEDULE_COLUMNS, id="terms"),
        pytest.param("terms-cost", rows.COST_COLUMNS, id="terms-cost"),
        pytest.param("terms-impact", rows.IMPACT_COLUMNS, id="terms-impact"),
        pytest.param("terms-convert", ("from", "to", "terms", "output"), id="terms-convert"),
    ],
)
def test_help_shows_the_batch_flags_columns_policy_and_exit_statuses(
    command: str, columns: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([command, "--help"])
    assert info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # the words, whatever the wrapping
    assert "batch (many records):" in text and "--keep-going" in text and "--policy FILE" in text
    assert "CSV output columns: line, id, ok, " + ", ".join(columns) in text
    assert "exit status: 0 every record computed" in text
    assert "3 --keep-going: at least one record failed" in text
