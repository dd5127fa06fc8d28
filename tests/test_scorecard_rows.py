"""The scorecard's data rows (spendrules.scorecard): the strict CSV and JSON lines loader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from spendrules import scorecard
from spendrules._scorecard.rows import parse_rows
from spendrules.errors import InvalidInputError
from spendrules.scorecard import (
    BalanceRow,
    BudgetRow,
    InvoiceRow,
    SavingsRow,
    StockRow,
    sample_rows,
)


def _sample_file(name: str) -> str:
    return resources.files("spendrules").joinpath("data", name).read_text(encoding="utf-8")


_INVOICE_HEADER = (
    "reference,supplier,invoice_date,due_date,paid_date,amount,currency,with_po,"
    "on_contract,preferred,discount_offered,discount_taken,late_interest"
)


@pytest.mark.parametrize(
    ("text", "kind", "form", "match"),
    [
        pytest.param(
            _INVOICE_HEADER + ",colour\nI,S,2027-01-01,2027-02-01,,1,EUR,true,true,true,0,0,0,red",
            InvoiceRow,
            "csv",
            "colour",
            id="unknown-column",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,S,2027-01-01,2027-02-01,,1,EUR,yes,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "line 2: with_po must be true or false",
            id="bool",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,S,01/01/2027,2027-02-01,,1,EUR,true,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "invoice_date must be an ISO 8601 date",
            id="date",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,S,2027-01-01,2027-02-01,,abc,EUR,true,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "amount must be a decimal number",
            id="decimal",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,S,2027-01-01,2027-02-01,,NaN,EUR,true,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "a finite decimal number",
            id="nan",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,S,2027-01-01,2027-02-01,,-1,EUR,true,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "amount must be >= 0",
            id="negative",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,,2027-01-01,2027-02-01,,1,EUR,true,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "supplier must be given",
            id="required",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI, ,2027-01-01,2027-02-01,,1,EUR,true,true,true,0,0,0",
            InvoiceRow,
            "csv",
            "supplier must be a non-empty text",
            id="blank",
        ),
        pytest.param(
            _INVOICE_HEADER + "\nI,S,2027-01-01,2027-02-01,,1,EUR,true,true,true,1,2,0",
            InvoiceRow,
            "csv",
            "discount_taken must be <= discount_offered",
            id="taken-above-offered",
        ),
        pytest.param(
            '{"start": "2027-01-01", "currency": "EUR", "phased": 1, "actual": 1, "requests": "²"}',
            BudgetRow,
            "jsonl",
            "requests must be a whole number",
            id="int",
        ),
        pytest.param(
            '{"start": "2027-01-01", "currency": "EUR", "phased": 1, "actual": 1, "requests": 1, '
            '"blocked": 2}',
            BudgetRow,
            "jsonl",
            "blocked must be <= requests",
            id="blocked",
        ),
        pytest.param(
            '{"start": "2027-01-01", "currency": "EUR", "phased": 1, "actual": 1, "requests": 2, '
            '"blocked": 1, "overridden": 2}',
            BudgetRow,
            "jsonl",
            "overridden must be <= blocked",
            id="overridden",
        ),
        pytest.param(
            '{"start": "2027-01-01", "currency": "EUR", "phased": true, "actual": 1}',
            BudgetRow,
            "jsonl",
            "phased must be a decimal number",
            id="json-bool-amount",
        ),
        pytest.param(
            '{"start": 20270101, "currency": "EUR", "phased": 1, "actual": 1}',
            BudgetRow,
            "jsonl",
            "start must be an ISO 8601 date",
            id="json-number-date",
        ),
        pytest.param(
            '{"reference": 7, "category": "c", "kind": "hard", "date": "2027-01-01", '
            '"currency": "EUR", "negotiated": 1, "realised": 1}',
            SavingsRow,
            "jsonl",
            "reference must be a text",
            id="json-number-text",
        ),
        pytest.param(
            '{"reference": "S", "category": "c", "kind": "gift", "date": "2027-01-01", '
            '"currency": "EUR", "negotiated": 1, "realised": 1}',
            SavingsRow,
            "jsonl",
            "kind must be one of hard, avoidance, increase",
            id="kind",
        ),
        pytest.param(
            '{"reference": "S", "category": "c", "kind": "increase", "date": "2027-01-01", '
            '"currency": "EUR", "negotiated": 1, "realised": 1}',
            SavingsRow,
            "jsonl",
            "negotiated must be 0 for an increase",
            id="increase",
        ),
        pytest.param("[1, 2]", SavingsRow, "jsonl", "line 1 must be a JSON object", id="array"),
        pytest.param("{nope", SavingsRow, "jsonl", "a JSON object", id="json"),
        pytest.param(
            "start,end,currency,payables,inventory,receivables,cost_of_sales,revenue\n"
            "2027-02-01,2027-01-01,EUR,1,1,1,1,1",
            BalanceRow,
            "csv",
            "end must be >= start",
            id="end-before-start",
        ),
        pytest.param(
            "start,end,currency,payables,inventory,receivables,cost_of_sales,revenue\n"
            "2027-01-01,2027-01-31,EUR,1,1,1,0,1",
            BalanceRow,
            "csv",
            "cost_of_sales must be > 0",
            id="zero-cost",
        ),
        pytest.param("", StockRow, "xml", "form must be csv or jsonl", id="form"),
    ],
)
def test_bad_rows_name_the_line_and_field(text: str, kind: type, form: str, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        parse_rows(text, kind, form=form)


def test_row_types_refuse_wrong_python_types() -> None:
    with pytest.raises(TypeError, match="with_po must be a bool"):
        InvoiceRow(
            reference="I",
            supplier="S",
            invoice_date=date(2027, 1, 1),
            due_date=date(2027, 1, 1),
            paid_date=None,
            amount=Decimal(1),
            currency="EUR",
            with_po=1,  # type: ignore[arg-type]
            on_contract=True,
            preferred=True,
        )
    with pytest.raises(TypeError, match="reference must be a str"):
        SavingsRow(
            reference=1,  # type: ignore[arg-type]
            category="c",
            kind="hard",
            date=date(2027, 1, 1),
            currency="EUR",
            negotiated=Decimal(0),
            realised=Decimal(0),
        )
    with pytest.raises(TypeError, match=r"paid_date must be a datetime\.date"):
        InvoiceRow(
            reference="I",
            supplier="S",
            invoice_date=date(2027, 1, 1),
            due_date=date(2027, 1, 1),
            paid_date="2027-01-02",  # type: ignore[arg-type]
            amount=Decimal(1),
            currency="EUR",
            with_po=True,
            on_contract=True,
            preferred=True,
        )


def test_read_rows_reads_csv_and_json_lines(tmp_path: Path) -> None:
    csv_file = tmp_path / "stock.CSV"
    csv_file.write_text(_sample_file("scorecard_stock.csv"), encoding="utf-8")
    assert scorecard.read_rows(csv_file, StockRow) == sample_rows(StockRow)
    lines = tmp_path / "savings.jsonl"
    lines.write_text("\n" + _sample_file("scorecard_savings.jsonl"), encoding="utf-8")
    assert scorecard.read_rows(lines, SavingsRow) == sample_rows(SavingsRow)
    invoice = tmp_path / "invoices.ndjson"
    invoice.write_text(
        '{"reference": "I", "supplier": "S", "invoice_date": "2027-01-05", '
        '"due_date": "2027-02-04", "amount": 100.50, "currency": "EUR", "with_po": true, '
        '"on_contract": false, "preferred": false, "discount_offered": "2"}\n',
        encoding="utf-8",
    )
    (row,) = scorecard.read_rows(invoice, InvoiceRow)
    assert (row.amount, row.with_po, row.on_contract, row.paid_date) == (
        Decimal("100.50"),
        True,
        False,
        None,
    )
    assert (row.discount_offered, row.discount_taken) == (Decimal(2), Decimal(0))
    with pytest.raises(InvalidInputError, match=r"bad\.csv line 2: sku must be given"):
        bad = tmp_path / "bad.csv"
        bad.write_text(
            "sku,category,currency,committed,obsolete,safety,cycle,excess\n,c,EUR,0,0,0,0,0\n",
            encoding="utf-8",
        )
        scorecard.read_rows(bad, StockRow)
