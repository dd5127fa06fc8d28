"""``spendrules terms`` CSV to CSV through the frames engine (brief T).

Each batch runs twice: through the frames path (``frames.schedule`` in chunks,
what runs with the frames extra) and with the extra unavailable
(``_table.frames_backend`` returning ``None``: the scalar path). The two outputs
must be byte-identical, with the same exit status; the fixed cases also check the
figures against the scalar rule (``schedule``) called here directly, and that
the frames path did compute the records it should.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spendrules.cli._table as table
from spendrules.calendars import Roll, WeekendCalendar
from spendrules.cli import main
from spendrules.cli._payment_terms_rows import TermsCache
from spendrules.cli._terms_table import _days, schedule_call
from spendrules.payment_terms import format_terms, parse_terms, schedule
from spendrules.policy import dump, load
from spendrules.serialization import unstructure

EXAMPLE = str(resources.files("spendrules").joinpath("data", "policy_example.toml"))
COLUMNS = (
    "id",
    "terms",
    "invoice_date",
    "amount",
    "currency",
    "tax_amount",
    "baseline_date",
    "dialect",
    "roll",
    "grace_days",
    "on_date",
)

#: Discounts, tiers, EOM, proximo (in their dialects), installments, advances.
GOOD = [
    {"id": "A", "terms": "2/10 net 30", "invoice_date": "2026-03-15", "amount": "1000.00",
     "currency": "USD"},
    {"id": "B", "terms": "3/10, 2/30, net 60", "invoice_date": "2026-03-02", "amount": "500",
     "currency": "EUR", "on_date": "2026-03-13"},
    {"id": "C", "terms": "30% advance, 70% net 30", "invoice_date": "2026-01-31",
     "amount": "100.01", "currency": "EUR", "baseline_date": "2026-02-03"},
    {"id": "D", "terms": "net 30 EOM", "invoice_date": "2026-02-28", "amount": "-250.55",
     "currency": "USD", "tax_amount": "-41.75", "on_date": "2026-03-01"},
    {"id": "E", "terms": "net 10 prox", "dialect": "prox-day", "invoice_date": "2026-12-20",
     "amount": "123457", "currency": "JPY"},
    {"id": "F", "terms": "2/10 net 30 EOM", "dialect": "ama", "invoice_date": "2024-02-29",
     "amount": "10.005", "currency": "BHD", "roll": "following", "grace_days": "2"},
    {"id": "G", "terms": "1/10 net 45", "invoice_date": "2026-05-30", "amount": "0",
     "currency": "USD", "on_date": "2026-06-01"},
    {"id": "H", "terms": "50% net 30, 50% net 60", "invoice_date": "2026-07-04",
     "amount": "0.03", "currency": "USD", "roll": "preceding", "on_date": "2026-08-01"},
    {"id": "I", "terms": "2% 10 days, net 30", "invoice_date": "2026-03-15", "amount": "99.99",
     "currency": "USD", "tax_amount": "16.66"},
    {"id": "J", "terms": "30 jours fin de mois", "dialect": "fr", "invoice_date": "2026-01-15",
     "amount": "77.70", "currency": "EUR"},
]  # fmt: skip

#: One of each way a record goes wrong, between good ones ("x": a value only the scalar
#: path reads: an exponent, an amount beyond int64 minor units).
BAD = [
    {"id": "b1", "terms": "2/10 net 30", "invoice_date": "2026-03-15", "amount": "abc",
     "currency": "USD"},
    {"id": "b2", "terms": "2/10 net 30", "invoice_date": "2026-03-15", "amount": "1",
     "currency": "usd"},
    {"id": "b3", "terms": "net 10 prox", "invoice_date": "2026-03-15", "amount": "1",
     "currency": "USD"},
    {"id": "b4", "terms": "2/10 net 30", "invoice_date": "2026-03-15", "currency": "USD"},
    {"id": "b5", "terms": "2/10 net 30", "invoice_date": "2026-03-15", "amount": "10",
     "currency": "USD", "tax_amount": "11"},
    {"id": "b6", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "10",
     "currency": "USD", "grace_days": "-1"},
    {"id": "b7", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "10",
     "currency": "USD", "dialect": "xx"},
    {"id": "x8", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "1E+3",
     "currency": "USD"},
    {"id": "b9", "terms": "net 30", "invoice_date": "9999-12-20", "amount": "10",
     "currency": "USD"},
    {"id": "x10", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "1" + "0" * 30,
     "currency": "USD"},
    {"id": "b11", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "10",
     "currency": "USD", "grace_days": "two"},
]  # fmt: skip


def write_csv(path: Path, records: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    return str(path)


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many records of each chunk the frames function computed (-1: none, whole chunk)."""
    counts: list[int] = []
    original = table._frame_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        rows = original(*args, **kwargs)
        counts.append(-1 if rows is None else sum(row is not None for row in rows))
        return rows

    monkeypatch.setattr(table, "_frame_rows", spy)
    return counts


def both_paths(
    argv: list[str], out: Path, monkeypatch: pytest.MonkeyPatch, stdin: str | None = None
) -> tuple[int, bytes]:
    """``argv`` through the frames path and without the extra: same status, same bytes."""
    outputs = []
    statuses = []
    for use_frames in (True, False):
        target = out.with_suffix(f".{use_frames}.csv")
        with monkeypatch.context() as patch:
            if stdin is not None:
                patch.setattr(sys, "stdin", io.StringIO(stdin))
            if not use_frames:
                patch.setattr(table, "frames_backend", lambda: None)
            statuses.append(main([*argv, "--output", str(target)]))
        outputs.append(target.read_bytes())
    assert statuses[0] == statuses[1]
    assert outputs[0] == outputs[1]
    return statuses[0], outputs[0]


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def scalar(record: dict[str, str]) -> Any:
    """The scalar rule on one record, called directly (the CLI's defaults: us, unadjusted, 0)."""
    roll = Roll(record.get("roll") or "unadjusted")
    return schedule(
        parse_terms(record["terms"], dialect=record.get("dialect") or "us"),
        invoice_date=date.fromisoformat(record["invoice_date"]),
        amount=Decimal(record["amount"]),
        currency=record["currency"],
        tax_amount=Decimal(record.get("tax_amount") or 0),
        baseline_date=date.fromisoformat(record["baseline_date"])
        if record.get("baseline_date")
        else None,
        calendar=None if roll is Roll.UNADJUSTED else WeekendCalendar(),
        roll=roll,
        grace_days=int(record.get("grace_days") or 0),
    )


# -- fixed cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["polars", "pyarrow", "pandas"])
def test_fixed_invoices_through_every_frame_library(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    monkeypatch.setattr(table, "frames_backend", lambda: (nw, backend))
    path = write_csv(tmp_path / "in.csv", GOOD)
    status, data = both_paths(["terms", "--input", path], tmp_path / "out.csv", monkeypatch)
    assert status == 0
    assert computed == [len(GOOD)]  # every record through frames.schedule
    for record, row in zip(GOOD, rows_of(data), strict=True):
        plan = scalar(record)
        assert row["id"] == record["id"] and row["ok"] == "true"
        assert row["terms"] == format_terms(plan.terms)
        assert row["total"] == str(plan.total)
        assert row["installments"] == str(len(plan.lines))
        assert row["first_due_date"] == min(x.due_date for x in plan.lines).isoformat()
        assert row["last_due_date"] == max(x.due_date for x in plan.lines).isoformat()
        assert row["baseline_date"] == plan.baseline_date.isoformat()
        offers = [offer for x in plan.lines for offer in x.discounts]
        assert row["discount_offers"] == str(len(offers))
        first = min((offer.deadline for offer in offers), default=None)
        assert row["first_discount_deadline"] == ("" if first is None else first.isoformat())
        best = sum((x.discounts[0].discount for x in plan.lines if x.discounts), Decimal(0))
        assert Decimal(row["best_discount"]) == best
        assert Decimal(row["payable_with_discounts"]) == plan.total - best
        if record.get("on_date"):
            on = date.fromisoformat(record["on_date"])
            assert row["amount_payable"] == str(plan.amount_payable(on))
        else:
            assert row["on_date"] == row["amount_payable"] == ""


def test_published_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2/10 net 30 on 1,000.00 from 15 March: due 14 April, 980.00 paid by 25 March."""
    path = write_csv(tmp_path / "in.csv", GOOD[:2])
    _, data = both_paths(["terms", "--input", path], tmp_path / "out.csv", monkeypatch)
    row = rows_of(data)[0]
    assert (row["last_due_date"], row["first_discount_deadline"]) == ("2026-04-14", "2026-03-25")
    assert (row["best_discount"], row["payable_with_discounts"]) == ("20.00", "980.00")
    # 3/10, 2/30, net 60 on 500 EUR paid 13 March: the 2 % tier (490.00).
    assert rows_of(data)[1]["amount_payable"] == "490.00"


def test_bad_records_keep_going(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    monkeypatch.setattr(table, "CHUNK", 5)
    mixed = [record for pair in zip(GOOD, BAD, strict=False) for record in pair] + BAD[10:]
    json_terms = json.dumps(unstructure(parse_terms("2/10 net 30")))
    mixed.append({**GOOD[0], "id": "j", "terms": json_terms})  # a JSON cell: the scalar path
    path = write_csv(tmp_path / "in.csv", mixed)
    argv = ["terms", "--input", path, "--keep-going"]
    status, data = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    table_rows = rows_of(data)
    assert [row["id"] for row in table_rows] == [record["id"] for record in mixed]
    assert all((row["ok"] == "true") == (not row["id"].startswith("b")) for row in table_rows)
    assert table_rows[1]["error_field"] == "amount"
    assert table_rows[-1]["payable_with_discounts"] == "980.00"
    assert 0 < sum(count for count in computed if count > 0) < len(mixed)


def test_bad_row_shapes_and_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    """A row with too many cells, a day that does not exist, a date that is not ISO."""
    monkeypatch.setattr(table, "CHUNK", 3)
    text = (
        "id,terms,invoice_date,amount,currency\n"
        "A,net 30,2026-03-15,10,USD\n"
        "B,net 30,2026-03-15,10,USD,extra\n"
        "C,net 30,2026-03-15,10,USD\n"
        "D,net 30,2026-02-30,10,USD\n"
        "E,net 30,15.03.2026,10,USD\n"
        "F,net 30,2026-03-15,10,USD\n"
        "G,2/10 net 30,2026-03-15,10,USD\n"
    )
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    argv = ["terms", "--input", str(path), "--keep-going"]
    status, data = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    assert [row["ok"] for row in rows_of(data)] == ["true", "false", "true", "false", "false"] + [
        "true"
    ] * 2
    assert computed == [2, -1, 1]  # the bad row alone; the chunk with bad dates whole


def test_a_chunk_of_odd_records_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    json_terms = json.dumps(unstructure(parse_terms("net 30")))
    records = [{**GOOD[0], "terms": json_terms}, GOOD[0]]
    monkeypatch.setattr(table, "CHUNK", 1)
    path = write_csv(tmp_path / "in.csv", records)
    status, _ = both_paths(["terms", "--input", path], tmp_path / "out.csv", monkeypatch)
    assert status == 0 and computed == [-1, 1]


def test_without_keep_going_the_first_bad_record_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(table, "CHUNK", 4)
    path = write_csv(tmp_path / "in.csv", [*GOOD[:6], BAD[0], *GOOD[6:]])
    status, data = both_paths(["terms", "--input", path], tmp_path / "out.csv", monkeypatch)
    assert status == 2
    assert [row["id"] for row in rows_of(data)] == [record["id"] for record in GOOD[:6]]
    assert "line 8" in capsys.readouterr().err


def test_flags_give_what_records_leave_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    records = [
        {"id": "1", "invoice_date": "2026-03-16"},
        {"id": "2", "terms": "net 10 prox", "amount": "10.10", "tax_amount": "0"},
        {"id": "3", "roll": "unadjusted", "grace_days": "0", "on_date": "2026-03-20"},
    ]
    path = write_csv(tmp_path / "in.csv", records)
    argv = [
        "terms", "2/10 net 30", "--input", path, "--invoice-date", "2026-03-14",
        "--amount", "1E+3", "--currency", "USD", "--tax-amount", "100", "--dialect",
        "prox-day", "--roll", "following", "--grace-days", "1", "--baseline-date",
        "2026-03-15", "--on", "2026-03-25",
    ]  # fmt: skip
    status, data = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 0 and computed == [3]
    first, second, third = rows_of(data)
    assert (first["invoice_date"], first["baseline_date"], first["total"]) == (
        "2026-03-16",
        "2026-03-15",
        "1000.00",
    )
    assert first["on_date"] == "2026-03-25" and second["terms"] == "net 10th prox"
    assert third["last_due_date"] == "2026-04-14" and third["amount_payable"] == "980.00"


def test_a_tax_column_of_zeros_and_empty_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    # No tax is 0 on the scalar path: a column holding only that is read as no column.
    records = [
        {"id": "1", "terms": "2/10 net 30", "invoice_date": "2026-03-15", "amount": "1000",
         "currency": "USD", "tax_amount": "0"},
        {"id": "2", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "250.50",
         "currency": "EUR", "tax_amount": ""},
    ]  # fmt: skip
    path = write_csv(tmp_path / "in.csv", records)
    status, data = both_paths(["terms", "--input", path], tmp_path / "out.csv", monkeypatch)
    assert status == 0 and computed == [2]
    first, second = rows_of(data)
    # 2/10 net 30 on 1,000.00 (the published figure): 20.00 off, 980.00 payable.
    assert (first["total"], first["best_discount"], first["payable_with_discounts"]) == (
        "1000.00",
        "20.00",
        "980.00",
    )
    assert (second["total"], second["discount_offers"]) == ("250.50", "0")


def test_policy_standard_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    """The policy's "net 60" reads back in English dialects; in French the scalar path takes it."""
    records = [
        {"id": "1", "invoice_date": "2026-03-15", "amount": "10", "currency": "USD"},
        {"id": "2", "invoice_date": "2026-03-15", "amount": "10", "currency": "USD",
         "dialect": "fr"},
        {"id": "3", "terms": "net 30", "invoice_date": "2026-03-15", "amount": "10",
         "currency": "USD", "dialect": "fr"},
    ]  # fmt: skip
    path = write_csv(tmp_path / "in.csv", records, ("id", "terms", *COLUMNS[2:]))
    argv = ["terms", "--policy", EXAMPLE, "--input", path, "--keep-going"]
    status, data = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3  # "net 30" is not French
    assert computed == [1]
    assert [row["last_due_date"] for row in rows_of(data)[:2]] == ["2026-05-14"] * 2
    # Without a terms column at all.
    path = write_csv(tmp_path / "in2.csv", records[:1], ("id", *COLUMNS[2:]))
    status, data = both_paths(
        ["terms", "--policy", EXAMPLE, "--input", path], tmp_path / "out2.csv", monkeypatch
    )
    assert status == 0 and rows_of(data)[0]["terms"] == "net 60"


def test_policy_terms_written_only_in_a_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    """AMA dating written as its own notation: records without terms take it, in every English dialect."""
    agreed = load(EXAMPLE)
    ama = parse_terms("2/10 net 30 EOM", dialect="ama")
    section = attrs.evolve(agreed.payment_terms, standard_terms=ama)
    policy = tmp_path / "policy.toml"
    policy.write_text(dump(attrs.evolve(agreed, payment_terms=section)), encoding="utf-8")
    records = [{**GOOD[0], "terms": ""}, {**GOOD[0], "id": "2", "terms": "", "dialect": "ama"}]
    path = write_csv(tmp_path / "in.csv", records)
    argv = ["terms", "--policy", str(policy), "--input", path]
    status, data = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 0 and computed == [2]
    plan = schedule(ama, invoice_date=date(2026, 3, 15), amount=Decimal(1000), currency="USD")
    for row in rows_of(data):
        assert row["terms"] == format_terms(ama)
        assert row["last_due_date"] == plan.lines[0].due_date.isoformat()


def test_id_column_stdin_and_no_discounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    text = "ref,terms,invoice_date,amount,currency,on_date\n"
    text += "R1,net 30,2026-03-15,10,USD,\nR2,net 60,2026-03-15,10,USD,\n"
    argv = ["terms", "--input", "-", "--input-format", "csv", "--id-column", "ref"]
    status, data = both_paths(argv, tmp_path / "out.csv", monkeypatch, stdin=text)
    assert status == 0 and computed == [2]
    rows = rows_of(data)
    assert [row["id"] for row in rows] == ["R1", "R2"]
    assert rows[0]["discount_offers"] == "0" and rows[0]["first_discount_deadline"] == ""


def test_a_part_of_bad_records_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    records = [GOOD[0], {**BAD[0], "roll": "following"}]
    path = write_csv(tmp_path / "in.csv", records)
    argv = ["terms", "--input", path, "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3 and computed == [1]


@pytest.mark.parametrize("chunk", [1, 50_000])
def test_text_that_is_not_utf8_writes_what_came_before(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table, "CHUNK", chunk)
    path = tmp_path / "in.csv"
    good = "".join(f"I{i},net 30,2026-03-15,{i}.00,USD\n" for i in range(800))
    path.write_bytes(b"id,terms,invoice_date,amount,currency\n" + good.encode() + b"\xff\xfe\n")
    status, data = both_paths(["terms", "--input", str(path)], tmp_path / "o.csv", monkeypatch)
    assert status == 2 and len(rows_of(data)) > 0


def test_without_numpy_in_a_fresh_process(tmp_path: Path, computed: list[int]) -> None:
    """The command imports and runs without the extra (numpy unimportable): the same bytes."""
    path = write_csv(tmp_path / "in.csv", [*GOOD, *BAD])
    frames_out, bare_out = tmp_path / "frames.csv", tmp_path / "bare.csv"
    argv = ["terms", "--input", path, "--keep-going"]
    assert main([*argv, "--output", str(frames_out)]) == 3
    assert computed and computed[0] > 0
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "from spendrules.cli import main\n"
        f"sys.exit(main({[*argv, '--output', str(bare_out)]!r}))\n"
    )
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests
        [sys.executable, "-c", code], capture_output=True, check=False
    )
    assert done.returncode == 3, done.stderr
    assert bare_out.read_bytes() == frames_out.read_bytes()


def test_json_lines_and_text_output_stay_on_the_scalar_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[int]
) -> None:
    path = write_csv(tmp_path / "in.csv", GOOD[:2])
    assert main(["terms", "--input", path, "--output", str(tmp_path / "o.jsonl")]) == 0
    assert computed == []


def test_the_frames_call_refuses_a_chunk_without_its_options() -> None:
    """From the CLI dialect, roll and grace always have a default; a frame without them is refused."""
    frame = nw.from_dict({"terms": ["net 30"]}, backend="polars")
    with pytest.raises(Exception):  # noqa: B017 - narwhals' own error: _frame_rows catches it
        schedule_call(TermsCache(), None)(frame, nw)


def test_dates_held_as_objects() -> None:
    """A date column of Python objects (None for null) reads as days, NaT for the null."""
    import pandas as pd

    series = nw.from_native(pd.Series([date(1970, 1, 2), None], dtype=object), series_only=True)
    days = _days(series)
    assert days[0] == 1 and days[1] == np.iinfo(np.int64).min


def test_help_says_csv_runs_through_the_frames_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["terms", "--help"])
    assert "CSV to CSV runs through the frames engine" in " ".join(capsys.readouterr().out.split())


# -- generated batches ------------------------------------------------------------------------

_CELLS = {
    "terms": ["2/10 net 30", "net 30", "3/10, 2/30, net 60", "30% advance, 70% net 30",
              "net 30 EOM", "net 10 prox", "1/10 net 45", "50% net 30, 50% net 60", "bogus", ""],
    "invoice_date": ["2026-03-15", "2024-02-29", "2026-12-31", "2026-01-31", ""],
    "amount": ["1000.00", "0", "-250.55", "12.345", "0.01", "99999999.99", "-0.004", "7", "x", ""],
    "currency": ["USD", "EUR", "JPY", "BHD", "XXX", ""],
    "tax_amount": ["", "", "0", "1.00", "-0.50"],
    "baseline_date": ["", "", "2026-02-28", "2026-03-20"],
    "dialect": ["", "", "us", "prox-days", "prox-day"],
    "roll": ["", "", "following", "modified_following", "preceding"],
    "grace_days": ["", "", "0", "3"],
    "on_date": ["", "", "2026-03-25", "2026-04-30"],
}  # fmt: skip

_RECORD = st.fixed_dictionaries({name: st.sampled_from(cells) for name, cells in _CELLS.items()})


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    records=st.lists(_RECORD, min_size=1, max_size=12),
    chunk=st.sampled_from([2, 5, 50_000]),
    keep_going=st.booleans(),
)
def test_generated_batches_are_byte_identical(
    records: list[dict[str, str]],
    chunk: int,
    keep_going: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(table, "CHUNK", chunk)
    rows = [{"id": f"R{i}", **record} for i, record in enumerate(records)]
    path = write_csv(tmp_path / "gen.csv", rows)
    argv = ["terms", "--input", path, *(["--keep-going"] if keep_going else [])]
    status, data = both_paths(argv, tmp_path / "gen-out.csv", monkeypatch)
    assert status in (0, 2, 3)
    if status != 2:
        assert [row["id"] for row in rows_of(data)] == [row["id"] for row in rows]
