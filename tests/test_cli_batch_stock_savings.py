"""Batches through ``spendrules stock`` and ``spendrules savings`` (issue 20, brief D).

CSV in the frames layout, through the frames path (CSV to CSV with the extra) and
through the scalar path (``_table.USE_FRAMES = False``, what runs without it): the
two outputs must be byte-identical, and every row must equal the scalar rule
(``review_stock`` / ``classify_savings``) computed here directly on the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spendrules.cli._table as table
from cli_rows_support import (
    AS_OF,
    EXAMPLE_POLICY,
    SAVINGS_MONEY,
    SAVINGS_ROWS,
    STOCK_MONEY,
    STOCK_ROWS,
    check_row,
    event_from_columns,
    read_csv,
    savings_event,
    savings_expected,
    stock_expected,
    stock_item,
    write_csv,
)
from spendrules.cli import main
from spendrules.errors import InvalidInputError
from spendrules.inventory import (
    StockReview,
    excess_and_obsolete_reserve,
    review_stock,
)
from spendrules.money import minor_units
from spendrules.policy import dump, load
from spendrules.savings import (
    BaselineMethod,
    SavingsClassification,
    SavingsPolicy,
    SavingsSummary,
    classify_savings,
)
from spendrules.serialization import from_json, to_json


@pytest.fixture
def frames_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records whether each chunk went through the frames function (True) or not."""
    calls: list[bool] = []
    original = table._frame_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        rows = original(*args, **kwargs)
        calls.append(rows is not None)
        return rows

    monkeypatch.setattr(table, "_frame_rows", spy)
    return calls


def both_paths(argv: list[str], out: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes]:
    """Run ``argv`` through the frames path and the scalar path; both outputs must be equal."""
    frames_out, scalar_out = out.with_suffix(".frames.csv"), out.with_suffix(".scalar.csv")
    status = main([*argv, "--output", str(frames_out)])
    monkeypatch.setattr(table, "USE_FRAMES", False)
    try:
        assert main([*argv, "--output", str(scalar_out)]) == status
    finally:
        monkeypatch.setattr(table, "USE_FRAMES", True)
    assert frames_out.read_bytes() == scalar_out.read_bytes()
    out.write_bytes(frames_out.read_bytes())
    return status, frames_out.read_bytes()


# -- stock ------------------------------------------------------------------------------------


def test_stock_csv_both_paths_equal_the_scalar_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_calls: list[bool]
) -> None:
    source = write_csv(tmp_path / "items.csv", STOCK_ROWS)
    argv = ["stock", "--input", str(source), "--as-of", AS_OF.isoformat()]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 0
    assert frames_calls == [True]  # the frames path ran (and the scalar one did not call it)
    rows = read_csv(tmp_path / "out.csv")
    assert [(r["line"], r["id"], r["ok"]) for r in rows] == [
        (str(n), row["id"], "true") for n, row in enumerate(STOCK_ROWS, start=2)
    ]
    for cells, row in zip(rows, STOCK_ROWS, strict=True):
        item = stock_item(row)
        check_row(cells, stock_expected(item, review_stock(item, as_of=AS_OF)), STOCK_MONEY)
        assert cells["error_field"] == cells["error_message"] == ""


@pytest.mark.parametrize("backend", ["pyarrow", "pandas"])
def test_stock_and_savings_through_other_frame_libraries(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_calls: list[bool]
) -> None:
    import narwhals.stable.v2 as nw

    items = write_csv(tmp_path / "items.csv", STOCK_ROWS)
    events = write_csv(tmp_path / "events.csv", SAVINGS_ROWS)
    monkeypatch.setattr(table, "frames_backend", lambda: (nw, backend))
    both_paths(
        ["stock", "--input", str(items), "--as-of", "2026-03-31"], tmp_path / "s", monkeypatch
    )
    both_paths(["savings", "--input", str(events)], tmp_path / "e", monkeypatch)
    assert frames_calls == [True, True]


def test_without_the_frames_extra_the_scalar_path_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_calls: list[bool]
) -> None:
    source = write_csv(tmp_path / "items.csv", STOCK_ROWS)
    monkeypatch.setitem(sys.modules, "narwhals.stable.v2", None)  # import fails
    out = tmp_path / "out.csv"
    assert (
        main(["stock", "--input", str(source), "--as-of", "2026-03-31", "--output", str(out)]) == 0
    )
    assert frames_calls == []
    assert len(read_csv(out)) == len(STOCK_ROWS)


def test_frames_backend_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert table.frames_backend()[1] == "polars"
    monkeypatch.setitem(sys.modules, "polars", None)
    assert table.frames_backend()[1] == "pyarrow"
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert table.frames_backend()[1] == "pandas"
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert table.frames_backend() is None


def test_stock_csv_keep_going_bad_rows_in_the_middle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_calls: list[bool]
) -> None:
    monkeypatch.setattr(table, "CHUNK", 2)  # chunks: good+bad, good+bad, good+good, good
    bad_cost = {**STOCK_ROWS[0], "id": "X-1", "unit_cost": "-5"}
    bad_date = {**STOCK_ROWS[0], "id": "X-2", "last_consumption": "2026-02-30"}
    rows = [STOCK_ROWS[0], bad_cost, STOCK_ROWS[1], bad_date, *STOCK_ROWS[2:]]
    source = write_csv(tmp_path / "items.csv", rows)
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    assert frames_calls == [False, False, True, True]  # bad chunks redone record by record
    out = read_csv(tmp_path / "out.csv")
    assert [r["ok"] for r in out] == ["true", "false", "true", "false", "true", "true", "true"]
    failed = out[1]
    assert (failed["line"], failed["id"], failed["error_field"], failed["error_value"]) == (
        "3",
        "X-1",
        "unit_cost",
        "-5",
    )
    assert failed["error_constraint"] == ">= 0"
    assert "unit_cost must be >= 0" in failed["error_message"]
    assert out[1]["currency"] == out[1]["value"] == ""
    assert (out[3]["error_field"], out[3]["error_value"]) == ("last_consumption", "2026-02-30")
    assert out[3]["error_constraint"] == "a date YYYY-MM-DD"
    for cells, row in zip(
        [out[0], out[2], *out[4:]], [STOCK_ROWS[1 - 1], *STOCK_ROWS[1:]], strict=True
    ):
        item = stock_item(row)
        check_row(cells, stock_expected(item, review_stock(item, as_of=AS_OF)), STOCK_MONEY)


@pytest.mark.parametrize("use_frames", [True, False], ids=["frames", "scalar"])
def test_stock_csv_without_keep_going_stops_at_the_bad_line(
    use_frames: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(table, "USE_FRAMES", use_frames)
    rows = [STOCK_ROWS[0], {**STOCK_ROWS[1], "demand_mean": "-1"}, STOCK_ROWS[2]]
    source = write_csv(tmp_path / "items.csv", rows)
    out = tmp_path / "out.csv"
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--output", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("spendrules: error: line 3 (id 'B-2'): demand_mean must be >= 0")
    assert [r["id"] for r in read_csv(out)] == ["A-1"]  # the records before it are written


@pytest.mark.parametrize(
    ("change", "field", "constraint"),
    [
        pytest.param(
            {"colour": "red"}, "colour", "a column of the documented layout", id="unknown column"
        ),
        pytest.param({"end_of_life": "yes"}, "end_of_life", "true or false", id="bad flag"),
        pytest.param(
            {"last_consumption": "31/12/2025"},
            "last_consumption",
            "a date YYYY-MM-DD",
            id="bad date",
        ),
        pytest.param({"sku": "[1]"}, "sku", "one plain cell", id="JSON cell"),
        pytest.param({"demand_period": "fortnight"}, "demand_period", "", id="bad unit"),
        pytest.param({"lead_time": "-2"}, "lead_time", ">= 0", id="bad lead time"),
        pytest.param({"service_level": "95"}, "service_level", "", id="percent service level"),
        pytest.param({"on_hand": "many"}, "on_hand", "", id="not a number"),
    ],
)
def test_stock_csv_bad_cells_become_error_records(
    change: dict[str, str],
    field: str,
    constraint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [STOCK_ROWS[0], {**STOCK_ROWS[0], "id": "bad", **change}, STOCK_ROWS[1]]
    source = write_csv(tmp_path / "items.csv", rows)
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    out = read_csv(tmp_path / "out.csv")
    assert [r["ok"] for r in out] == ["true", "false", "true"]
    assert out[1]["error_field"] == field
    assert constraint in out[1]["error_constraint"]


def test_stock_csv_malformed_rows_and_dotted_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "items.csv"
    source.write_text(
        "id,sku,on_hand,unit_cost,currency,demand_mean\nA,A,1,2,USD,3\nB,B,1,2\n\nC,C,1,2,USD,3\n",
        encoding="utf-8",
    )
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    out = read_csv(tmp_path / "out.csv")
    assert [(r["line"], r["ok"]) for r in out] == [("2", "true"), ("3", "false"), ("5", "true")]
    dotted = tmp_path / "dotted.csv"
    dotted.write_text("sku,on_hand,unit_cost,currency,demand.mean\nA,1,2,USD,3\n", encoding="utf-8")
    argv = ["stock", "--input", str(dotted), "--as-of", "2026-03-31", "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out2.csv", monkeypatch)
    assert status == 3
    assert read_csv(tmp_path / "out2.csv")[0]["error_field"] == "demand"


def test_stock_csv_from_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = [{k: v for k, v in row.items() if k != "id"} for row in STOCK_ROWS[:2]]
    text = write_csv(tmp_path / "items.csv", rows).read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    argv = ["stock", "--input", "-", "--input-format", "csv", "--output-format", "csv"]
    assert main([*argv, "--as-of", "2026-03-31", "--id-column", "sku"]) == 0
    out = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in out] == ["A-1", "B-2"]  # the sku column is also the item's sku
    item = stock_item(STOCK_ROWS[1])
    check_row(out[1], stock_expected(item, review_stock(item, as_of=AS_OF)), STOCK_MONEY)


def test_stock_csv_to_json_lines_is_the_full_review(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "items.csv", STOCK_ROWS)
    out = tmp_path / "out.jsonl"
    assert (
        main(["stock", "--input", str(source), "--as-of", "2026-03-31", "--output", str(out)]) == 0
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record, row in zip(records, STOCK_ROWS, strict=True):
        assert record["id"] == row["id"] and record["ok"] is True
        expected = review_stock(stock_item(row), as_of=AS_OF)
        assert from_json(json.dumps(record["result"]), StockReview) == expected


def test_stock_json_lines_in_csv_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [stock_item(row) for row in STOCK_ROWS[:3]]
    source = tmp_path / "items.jsonl"
    lines = [json.dumps({"id": f"J{n}", **json.loads(to_json(i))}) for n, i in enumerate(items)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _ = both_paths(
        ["stock", "--input", str(source), "--as-of", "2026-03-31"], tmp_path / "o.csv", monkeypatch
    )
    assert status == 0
    out = read_csv(tmp_path / "o.csv")
    assert [r["id"] for r in out] == ["J0", "J1", "J2"]
    for cells, item in zip(out, items, strict=True):
        check_row(cells, stock_expected(item, review_stock(item, as_of=AS_OF)), STOCK_MONEY)


def test_stock_policy_file_carrying_rate_and_reserve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = load(EXAMPLE_POLICY).inventory
    assert section is not None and section.carrying_rate == Decimal("0.25")
    assert section.reserve is not None
    rows = [{**row, "holding_rate": ""} for row in STOCK_ROWS]
    rows[0]["holding_rate"] = "0.1"  # an item's own rate wins over the policy's
    source = write_csv(tmp_path / "items.csv", rows)
    argv = [
        "stock",
        "--input",
        str(source),
        "--as-of",
        "2026-03-31",
        "--policy",
        str(EXAMPLE_POLICY),
    ]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 0
    out = read_csv(tmp_path / "out.csv")
    for cells, row in zip(out, rows, strict=True):
        item = stock_item(row)  # an empty holding rate is 0: the policy's carrying rate applies
        review = review_stock(item, as_of=AS_OF, policy=section)
        reserve = excess_and_obsolete_reserve(review.split, table=section.reserve)
        expected = stock_expected(item, review)
        expected |= {
            "reserve_rate": reserve.table_rate,
            "obsolete_reserve": reserve.obsolete_reserve,
            "table_reserve": reserve.table_reserve,
            "reserve": reserve.total,
        }
        check_row(cells, expected, STOCK_MONEY)
    assert Decimal(out[0]["carrying_cost"]) == Decimal("90.00")  # 180 × 5 × 0.1
    # a CSV without a holding_rate column takes the policy's rate in both paths
    bare = write_csv(
        tmp_path / "bare.csv", [{k: v for k, v in STOCK_ROWS[0].items() if k != "holding_rate"}]
    )
    argv = ["stock", "--input", str(bare), "--as-of", "2026-03-31", "--policy", str(EXAMPLE_POLICY)]
    both_paths(argv, tmp_path / "bare_out.csv", monkeypatch)
    assert read_csv(tmp_path / "bare_out.csv")[0]["carrying_cost"] == "225.00"  # 900 × 0.25


def test_stock_policy_file_single_and_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = ["--policy", str(EXAMPLE_POLICY)]
    single = [
        "stock", "--as-of", "2026-03-31", "--on-hand", "180", "--unit-cost", "5",
        "--currency", "USD", "--demand-mean", "1", "--json", *policy,
    ]  # fmt: skip
    assert main(single) == 0
    result = json.loads(capsys.readouterr().out)
    assert Decimal(result["review"]["split"]["annual_carrying_cost"]) == Decimal("225.00")
    assert "reserve" in result
    assert main([*single, "--holding-rate", "0.1"]) == 0  # the flag wins over the file
    result = json.loads(capsys.readouterr().out)
    assert Decimal(result["review"]["split"]["annual_carrying_cost"]) == Decimal("90.00")
    source = tmp_path / "items.jsonl"
    item = json.loads(to_json(stock_item(STOCK_ROWS[0])))
    del item["holding_rate"]
    source.write_text(json.dumps(item) + "\n", encoding="utf-8")
    assert main(["stock", "--input", str(source), "--as-of", "2026-03-31", "--json", *policy]) == 0
    record = json.loads(capsys.readouterr().out)
    assert Decimal(record["result"]["review"]["split"]["annual_carrying_cost"]) == Decimal("225.00")


def test_stock_policy_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    agreed = load(EXAMPLE_POLICY)
    without = tmp_path / "no_inventory.toml"
    import attrs

    without.write_text(dump(attrs.evolve(agreed, inventory=None)), encoding="utf-8")
    argv = ["stock", "--as-of", "2026-03-31", "--input", "-", "--policy", str(without)]
    assert main(argv) == 2
    assert (
        f"--policy {without} must be a policy file with a [inventory] section"
        in capsys.readouterr().err
    )
    assert agreed.inventory is not None and agreed.inventory.reserve is not None
    by_age = attrs.evolve(agreed.inventory.reserve, basis="age_days")
    aged = tmp_path / "aged.toml"
    aged.write_text(
        dump(attrs.evolve(agreed, inventory=attrs.evolve(agreed.inventory, reserve=by_age))),
        encoding="utf-8",
    )
    assert main([*argv[:-1], str(aged)]) == 2
    assert "an [inventory.reserve] table by months of supply" in capsys.readouterr().err
    assert main([*argv[:-1], str(tmp_path / "missing.toml")]) == 2


# -- savings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [None, "2026-03-31"], ids=["effective date", "as-of"])
def test_savings_csv_both_paths_equal_the_scalar_rule(
    as_of: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_calls: list[bool]
) -> None:
    source = write_csv(tmp_path / "events.csv", SAVINGS_ROWS)
    argv = ["savings", "--input", str(source)] + ([] if as_of is None else ["--as-of", as_of])
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 0
    assert frames_calls == [True]
    out = read_csv(tmp_path / "out.csv")
    assert [r["id"] for r in out] == [row["id"] for row in SAVINGS_ROWS]
    for cells, row in zip(out, SAVINGS_ROWS, strict=True):
        event = savings_event(row)
        when = event.effective_date if as_of is None else date.fromisoformat(as_of)
        expected = savings_expected(classify_savings(event, as_of=when))
        check_row(cells, expected, SAVINGS_MONEY)


def test_savings_csv_keep_going(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames_calls: list[bool]
) -> None:
    rows = [SAVINGS_ROWS[0], {**SAVINGS_ROWS[1], "baseline_method": "guess"}, *SAVINGS_ROWS[2:]]
    rows.append({**SAVINGS_ROWS[0], "id": "E-9", "effective_date": ""})
    source = write_csv(tmp_path / "events.csv", rows)
    argv = ["savings", "--input", str(source), "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    assert frames_calls == [False]
    out = read_csv(tmp_path / "out.csv")
    assert [r["ok"] for r in out] == ["true", "false", "true", "true", "false"]
    assert (out[1]["line"], out[1]["id"], out[1]["error_field"], out[1]["error_value"]) == (
        "3",
        "E-2",
        "baseline_method",
        "guess",
    )
    assert out[1]["error_constraint"].startswith("one of 'last_price_paid'")
    assert (out[4]["error_field"], out[4]["error_constraint"]) == ("effective_date", "given")
    for cells, row in zip(
        [out[0], out[2], out[3]], [SAVINGS_ROWS[0], *SAVINGS_ROWS[2:]], strict=True
    ):
        event = savings_event(row)
        check_row(
            cells,
            savings_expected(classify_savings(event, as_of=event.effective_date)),
            SAVINGS_MONEY,
        )


def test_savings_csv_without_keep_going(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [SAVINGS_ROWS[0], {**SAVINGS_ROWS[1], "new_price": "-1"}]
    source = write_csv(tmp_path / "events.csv", rows)
    assert main(["savings", "--input", str(source), "--output-format", "csv", "--json"]) == 2
    captured = capsys.readouterr()
    error = json.loads(captured.err)["error"]
    assert (error["line"], error["id"], error["field"], error["value"]) == (
        3,
        "E-2",
        "new_price",
        "-1",
    )
    assert [r["id"] for r in csv.DictReader(io.StringIO(captured.out))] == ["E-1"]


def test_savings_json_lines_in_and_out_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    events = [savings_event(row) for row in SAVINGS_ROWS]
    lines = [json.dumps({"id": f"J{n}", **json.loads(to_json(e))}) for n, e in enumerate(events)]
    lines.insert(2, '{"id": "bad", "item": "x"}')
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["savings", "--input", "-", "--json", "--keep-going", "--as-of", "2026-03-31"]) == 3
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (1, "J0", True), (2, "J1", True), (3, "bad", False), (4, "J2", True), (5, "J3", True),
    ]  # fmt: skip
    assert records[2]["error"]["field"] == "$.currency"
    for record, event in zip([*records[:2], *records[3:]], events, strict=True):
        expected = classify_savings(event, as_of=AS_OF)
        assert from_json(json.dumps(record["result"]), SavingsClassification) == expected


def test_savings_policy_file_and_presets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = load(EXAMPLE_POLICY).savings
    assert policy is not None and policy != SavingsPolicy()
    assert policy.reference_currency == "EUR"  # other currencies need a reference rate
    rows = [{**row, "currency": "EUR"} for row in SAVINGS_ROWS]
    rows.append({**SAVINGS_ROWS[0], "id": "E-5", "reference_rate": "0.92"})
    source = write_csv(tmp_path / "events.csv", rows)
    argv = ["savings", "--input", str(source), "--policy", str(EXAMPLE_POLICY)]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 0
    for cells, row in zip(read_csv(tmp_path / "out.csv"), rows, strict=True):
        event = savings_event(row)
        expected = classify_savings(event, policy=policy, as_of=event.effective_date)
        check_row(cells, savings_expected(expected), SAVINGS_MONEY)
    preset = ["savings", "--input", str(source), "--policy", "finance_strict", "--output"]
    assert main([*preset, str(tmp_path / "strict.csv")]) == 0
    event = savings_event(SAVINGS_ROWS[2])
    strict = classify_savings(
        event, policy=SavingsPolicy.preset("finance_strict"), as_of=event.effective_date
    )
    check_row(read_csv(tmp_path / "strict.csv")[2], savings_expected(strict), SAVINGS_MONEY)
    assert main(["savings", "--input", str(source), "--policy", "lenient"]) == 2
    assert "--policy must be a preset (" in capsys.readouterr().err
    agreed = load(EXAMPLE_POLICY)
    import attrs

    without = tmp_path / "no_savings.toml"
    without.write_text(dump(attrs.evolve(agreed, savings=None)), encoding="utf-8")
    assert main(["savings", "--input", str(source), "--policy", str(without)]) == 2
    assert "a policy file with a [savings] section" in capsys.readouterr().err


def test_savings_summary_goes_to_its_own_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{**row, "currency": "USD"} for row in SAVINGS_ROWS]  # a summary is in one currency
    source = write_csv(tmp_path / "events.csv", rows)
    summary = tmp_path / "summary.json"
    argv = ["savings", "--input", str(source), "--output-format", "csv", "--summary-by", "primary"]
    assert main([*argv, "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(SAVINGS_ROWS)  # records only
    read = from_json(summary.read_text(encoding="utf-8"), SavingsSummary)
    results = [
        classify_savings(e, as_of=e.effective_date) for e in map(savings_event, SAVINGS_ROWS)
    ]
    assert sum(row.events for row in read.rows) == len(results)
    assert sum((row.finance_view for row in read.rows), Decimal(0)) == sum(
        (r.finance_view or Decimal(0) for r in results), Decimal(0)
    )
    assert main([*argv, "--summary", str(tmp_path / "summary.txt")]) == 0
    assert "SavingsSummary" in (tmp_path / "summary.txt").read_text(encoding="utf-8")
    assert main(["savings", "--input", str(source), "--summary", "s.json"]) == 2
    assert "--summary must be given with --summary-by" in capsys.readouterr().err
    assert main(["savings", "--input", str(source), "--events", str(source)]) == 2
    assert "--events must be left out when --input is given" in capsys.readouterr().err


def test_help_documents_formats_columns_and_exit_statuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command, column in (("stock", "months_of_supply"), ("savings", "finance_recognised")):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "batch (many records)" in text and "--keep-going" in text
        assert "CSV output columns" in text and column in text
        assert "exit status:" in text and "--policy" in text


# -- the property: random tables through both paths -------------------------------------------

_decimal_text = st.decimals(min_value=0, max_value=5000, places=2).map(str)
_stock_row = st.fixed_dictionaries(
    {
        "sku": st.sampled_from(["A", "B", "C"]),
        "on_hand": st.decimals(min_value=-50, max_value=5000, places=3).map(str),
        "unit_cost": st.sampled_from(["0.01", "2.50", "1000", "12.345"]),
        "currency": st.sampled_from(["USD", "JPY", "BHD"]),
        "demand_mean": st.integers(0, 200).map(str),
        "demand_sd": st.integers(0, 40).map(str),
        "lead_time": st.integers(0, 30).map(str),
    },
    optional={
        "service_level": st.sampled_from(["0.9", "0.95", "0.99"]),
        "safety_stock": st.integers(0, 300).map(str),
        "holding_rate": st.sampled_from(["0.1", "0.25", ""]),
        "committed": st.integers(0, 100).map(str),
        "on_order": st.integers(0, 500).map(str),
        "last_consumption": st.dates(date(2023, 1, 1), date(2026, 3, 31)).map(str),
        "end_of_life": st.sampled_from(["true", "false", ""]),
    },
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_stock_row, min_size=1, max_size=6))
def test_random_stock_tables_both_paths_equal_the_rule(
    rows: list[dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for row in rows:
        if row["currency"] == "JPY":  # yen costs are whole
            row["unit_cost"] = row["unit_cost"].split(".")[0]
    source = write_csv(tmp_path / "items.csv", rows)
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going"]
    both_paths(argv, tmp_path / "out.csv", monkeypatch)
    for cells, row in zip(read_csv(tmp_path / "out.csv"), rows, strict=True):
        item = stock_item(row)
        check_row(cells, stock_expected(item, review_stock(item, as_of=AS_OF)), STOCK_MONEY)


# -- one subprocess per command ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "rows"),
    [("stock", STOCK_ROWS), ("savings", SAVINGS_ROWS)],
    ids=["stock", "savings"],
)
def test_subprocess_exit_status_and_output(
    command: str, rows: list[dict[str, str]], tmp_path: Path
) -> None:
    bad = {**rows[0], "id": "bad", "currency": "EURO"}
    source = write_csv(tmp_path / "in.csv", [rows[0], bad])
    argv = [sys.executable, "-m", "spendrules", command, "--input", str(source), "--keep-going"]
    argv += ["--as-of", "2026-03-31", "--output-format", "csv"]
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests
        argv, capture_output=True, text=True, check=False
    )
    assert done.returncode == 3, done.stderr
    out = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["id"], r["ok"], r["error_field"]) for r in out] == [
        (rows[0]["id"], "true", ""), ("bad", "false", "currency"),
    ]  # fmt: skip


def test_stock_text_output_with_a_reserve_and_an_empty_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    single = [
        "stock", "--as-of", "2026-03-31", "--on-hand", "180", "--unit-cost", "5",
        "--currency", "USD", "--demand-mean", "1", "--policy", str(EXAMPLE_POLICY),
    ]  # fmt: skip
    assert main(single) == 0
    text = capsys.readouterr().out
    assert text.index("StockReview (inventory.review@1)") < text.index("Reserve (")
    empty = tmp_path / "empty.csv"
    empty.write_text("sku,on_hand,unit_cost,currency,demand_mean\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert (
        main(["stock", "--input", str(empty), "--as-of", "2026-03-31", "--output", str(out)]) == 0
    )
    assert read_csv(out) == []


def test_savings_csv_groups_and_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = {"index_base": "100", "index_current": "104.5", "index_evidence": "PPI"}
    fx = {"supplier_currency": "EUR", "fx_baseline_rate": "1.1", "fx_current_rate": "1.05"}
    rows = [
        {**SAVINGS_ROWS[0], "id": "I", **index},
        {**SAVINGS_ROWS[0], "id": "P", "proposal_price": "-1"},
        {**SAVINGS_ROWS[0], "id": "F", **fx},
        {**SAVINGS_ROWS[0], "id": "S", "signoff_approver": "cfo"},
    ]
    source = write_csv(tmp_path / "events.csv", rows)
    argv = ["savings", "--input", str(source), "--keep-going"]
    status, _ = both_paths(argv, tmp_path / "out.csv", monkeypatch)
    assert status == 3
    out = read_csv(tmp_path / "out.csv")
    assert [r["ok"] for r in out] == ["true", "false", "true", "false"]
    assert (out[1]["error_field"], out[1]["error_value"]) == ("proposal_price", "-1")
    assert out[3]["error_field"] == "signoff_date"
    for at in (0, 2):
        event = classify_savings(
            event_from_columns(rows[at]), as_of=date.fromisoformat(rows[at]["effective_date"])
        )
        assert Decimal(out[at]["procurement_view"]) == event.procurement_view
    # without an effective_date column every record is refused, naming it
    missing = write_csv(
        tmp_path / "no_date.csv",
        [{k: v for k, v in SAVINGS_ROWS[0].items() if k != "effective_date"}],
    )
    argv = ["savings", "--input", str(missing), "--keep-going"]
    assert both_paths(argv, tmp_path / "out2.csv", monkeypatch)[0] == 3
    assert read_csv(tmp_path / "out2.csv")[0]["error_field"] == "effective_date"


def test_event_of_takes_enum_members_and_cells() -> None:
    from spendrules._savings.rows import NAMES, event_of

    class Flat:
        params = dict.fromkeys(NAMES)

        @staticmethod
        def column_of(name: str) -> str:
            return f"col_{name}"

    values = {
        "item": "A", "currency": "USD", "baseline_price": Decimal(10),
        "baseline_method": BaselineMethod.QUOTE, "baseline_date": date(2025, 1, 1),
        "new_price": Decimal(9), "effective_date": date(2025, 6, 1),
        "forecast_quantity": Decimal(100),
    }  # fmt: skip
    assert event_of(Flat(), 0, values).baseline_method is BaselineMethod.QUOTE
    with pytest.raises(InvalidInputError) as refused:
        event_of(Flat(), 4, {**values, "demand_change": "more"})
    assert refused.value.field == "col_demand_change"
    assert table.bool_text(None) == table.text_of(None) == ""
    assert (table.bool_text(True), table.bool_text(float("nan"))) == ("true", "")


def test_both_service_targets_name_the_service_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [{**STOCK_ROWS[0], "fill_rate": "0.99"}]
    source = write_csv(tmp_path / "items.csv", rows)
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going"]
    assert both_paths(argv, tmp_path / "out.csv", monkeypatch)[0] == 3
    assert read_csv(tmp_path / "out.csv")[0]["error_field"] == "service_level"


def test_stock_json_lines_refusal_by_the_review_keeps_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = json.loads(to_json(stock_item(STOCK_ROWS[0])))
    source = tmp_path / "items.jsonl"
    source.write_text(json.dumps({**item, "fill_rate": "0.99"}) + "\n", encoding="utf-8")
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going", "--json"]
    assert main(argv) == 3
    record = json.loads(capsys.readouterr().out)
    assert (record["ok"], record["error"]["field"]) == (False, "service_level/fill_rate/z")


def test_records_with_only_an_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "ids.csv"
    source.write_text("id,sku\nA,\nB,\n", encoding="utf-8")
    argv = ["stock", "--input", str(source), "--as-of", "2026-03-31", "--keep-going"]
    assert both_paths(argv, tmp_path / "out.csv", monkeypatch)[0] == 3
    out = read_csv(tmp_path / "out.csv")
    assert [(r["id"], r["ok"]) for r in out] == [("A", "false"), ("B", "false")]


_price = st.integers(1, 100_000)
_day = st.dates(date(2024, 1, 1), date(2026, 3, 31))
_savings_row = st.fixed_dictionaries(
    {
        "item": st.sampled_from(["a", "b"]),
        "currency": st.sampled_from(["USD", "JPY", "BHD"]),
        "baseline_price": _price,
        "new_price": _price,
        "baseline_date": _day,
        "effective_date": _day,
        "forecast_quantity": st.integers(0, 10_000).map(str),
    },
    optional={
        "baseline_evidence": st.sampled_from(["PO-1", ""]),
        "baseline_quantity": st.integers(0, 10_000).map(str),
        "proposal_price": _price,
        "signoff_approver": st.just("cfo"),
        "same_spec": st.sampled_from(["true", "false", ""]),
    },
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.lists(_savings_row, min_size=1, max_size=5))
def test_random_savings_tables_both_paths_equal_the_rule(
    raw: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = []
    for row in raw:
        places = minor_units(row["currency"])
        text = {k: v for k, v in row.items() if not isinstance(v, int | date)}
        for name in ("baseline_price", "new_price", "proposal_price"):
            if name in row:
                text[name] = str(Decimal(row[name]).scaleb(-places))
        text["baseline_method"] = "last_price_paid"
        text["baseline_date"] = row["baseline_date"].isoformat()
        text["effective_date"] = row["effective_date"].isoformat()
        if "signoff_approver" in row:
            text["signoff_date"] = row["effective_date"].isoformat()
        rows.append(text)
    source = write_csv(tmp_path / "events.csv", rows)
    argv = ["savings", "--input", str(source), "--keep-going", "--as-of", "2026-03-31"]
    both_paths(argv, tmp_path / "out.csv", monkeypatch)
    for cells, row in zip(read_csv(tmp_path / "out.csv"), rows, strict=True):
        try:
            expected = classify_savings(savings_event(row), as_of=AS_OF)
        except InvalidInputError:
            assert cells["ok"] == "false"
            continue
        check_row(cells, savings_expected(expected), SAVINGS_MONEY)
