"""``spendrules budget-check`` in batch: JSON lines and CSV, queues, the policy file, exit statuses.

Every expected decision and figure comes from the scalar rules called directly on the
same inputs ([`check_budget`][spendrules.budget.check_budget] and
[`evaluate_purchase`][spendrules.budget.evaluate_purchase]); a queue (``--commit``) is
checked against ``check_budget`` over the ledger extended with the earlier requests' lines.
The context is the bundled ``budget_sample.json`` (the P-42 equipment budget of 30,000 EUR
with 15,000 EUR ordered; the OPS pool of 120,000 EUR with 103,000 EUR consumed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from spendrules import policy as agreed_policy
from spendrules.budget import (
    BudgetCheck,
    FundsDecision,
    LedgerEntry,
    PurchaseDecision,
    SpendLine,
    SpendRequest,
    Stage,
    Verdict,
    check_budget,
    evaluate_purchase,
)
from spendrules.cli import _budget as cli_budget
from spendrules.cli import main
from spendrules.cli._batch import EXIT_BAD_INPUT, EXIT_DECISION, EXIT_OK, EXIT_SOME_FAILED
from spendrules.cli._common import sample_text
from spendrules.serialization import structure, unstructure

POLICY_FILE = Path(agreed_policy.__file__).parent / "data" / "policy_example.toml"

SAMPLE = json.loads(sample_text("budget_sample.json"))
_LINE = {"account": "6100", "currency": "EUR", "dimensions": {"cost_center": "CC-110"}}


def _request(reference: str, amount: str, **line: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "date": "2026-06-15",
        "requester": "bob",
        "lines": [{**_LINE, "amount": amount, **line}],
    }


# A: the sample order (pass with warning); B: 1 EUR (pass); C: 20,000 EUR on P-42 (blocked);
# D: an account no budget controls (not controlled); E: 2,000 EUR on P-42 (passes alone,
# blocked once A is booked: 30,000 - 15,000 - 13,540 = 1,460 EUR left).
REQUESTS = {
    "A": SAMPLE["request"],
    "B": _request("PO-B", "1.00"),
    "C": _request("PO-C", "20000.00", dimensions={"cost_center": "CC-110", "project": "P-42"}),
    "D": _request("PO-D", "50.00", account="7000"),
    "E": _request("PO-E", "2000.00", dimensions={"cost_center": "CC-110", "project": "P-42"}),
}


@pytest.fixture
def context(tmp_path: Path) -> Path:
    """The sample without its request: the batch context."""
    data = {key: value for key, value in SAMPLE.items() if key in cli_budget.DEMO_KEYS}
    del data["request"]
    path = tmp_path / "context.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def bare_context(tmp_path: Path) -> Path:
    """The context without its control policy (for --policy)."""
    data = {key: value for key, value in SAMPLE.items() if key in cli_budget.DEMO_KEYS}
    del data["request"], data["policy"]
    path = tmp_path / "bare.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _kwargs(**changes: Any) -> dict[str, Any]:
    """The keyword arguments of check_budget for the sample context."""
    kwargs = cli_budget.load_check_input(SAMPLE, strict=False)
    del kwargs["request"]
    return {**kwargs, **changes}


def _expected(ident: str, **changes: Any) -> BudgetCheck:
    return check_budget(structure(REQUESTS[ident], SpendRequest), **_kwargs(**changes))


def _jsonl(path: Path, idents: list[str], bad: dict[int, dict[str, Any]] | None = None) -> Path:
    rows = [{"id": ident, **REQUESTS[ident]} for ident in idents]
    for index, record in (bad or {}).items():
        rows.insert(index, record)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _csv_rows(idents: list[str]) -> list[dict[str, str]]:
    """The requests as CSV rows: one per request line, request cells on the first row only."""
    rows = []
    for ident in idents:
        request = REQUESTS[ident]
        for index, line in enumerate(request["lines"]):
            row = {"id": ident, "account": line["account"], "amount": line["amount"]}
            row["currency"] = line["currency"]
            for name, value in dict(line["dimensions"]).items():
                row[f"dimensions.{name}"] = value
            if index == 0:
                row |= {key: request.get(key, "") for key in ("date", "reference", "requester")}
                row["stage"] = request.get("stage", "order")
            rows.append(row)
    return rows


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    header = ["id", "date", "stage", "reference", "requester", "account", "amount", "currency"]
    header += ["dimensions.cost_center", "dimensions.project"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _deciding(check: BudgetCheck) -> Any:
    return next(line for line in check.lines if line.outcome is check.decision)


# -- JSON lines -------------------------------------------------------------------------------


def test_jsonl_in_jsonl_out_is_the_full_check_of_each_request(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _jsonl(tmp_path / "requests.jsonl", ["A", "B", "C", "D"])
    assert main(["budget-check", str(context), "--input", str(source), "--json"]) == EXIT_DECISION
    records = _records(capsys.readouterr().out)
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (1, "A", True),
        (2, "B", True),
        (3, "C", True),
        (4, "D", True),
    ]
    for record in records:
        assert structure(record["result"], BudgetCheck) == _expected(record["id"])
    decisions = [r["result"]["decision"] for r in records]
    assert decisions == ["pass_with_warning", "pass", "blocked", "not_controlled"]


def test_a_batch_that_may_all_go_ahead_exits_0(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _jsonl(tmp_path / "requests.jsonl", ["A", "B", "D"])
    output = tmp_path / "out.jsonl"
    assert (
        main(["budget-check", str(context), "--input", str(source), "--output", str(output)]) == 0
    )
    assert capsys.readouterr().out == ""
    assert len(_records(output.read_text(encoding="utf-8"))) == 3


def test_commit_books_each_request_that_may_go_ahead_before_the_next(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _jsonl(tmp_path / "requests.jsonl", ["A", "C", "E", "B"])
    argv = ["budget-check", str(context), "--input", str(source), "--json"]
    assert main(argv) == EXIT_DECISION
    independent = {r["id"]: r["result"]["decision"] for r in _records(capsys.readouterr().out)}
    assert independent["E"] == "pass" == _expected("E").decision.value
    assert main([*argv, "--commit"]) == EXIT_DECISION
    queued = _records(capsys.readouterr().out)
    # The queue, by the scalar rule: A is booked (it may go ahead), C is held (not booked),
    # E then sees A's order lines in the ledger.
    request_a = structure(REQUESTS["A"], SpendRequest)
    booked = tuple(
        LedgerEntry(
            line.account,
            Stage.ORDER,
            line.amount,
            line.currency,
            request_a.date,
            line.dimensions,
            reference=request_a.reference,
        )
        for line in request_a.lines
    )
    ledger = (*_kwargs()["ledger"], *booked)
    assert structure(queued[0]["result"], BudgetCheck) == _expected("A")
    assert structure(queued[1]["result"], BudgetCheck) == _expected("C", ledger=ledger)
    assert structure(queued[2]["result"], BudgetCheck) == _expected("E", ledger=ledger)
    assert queued[2]["result"]["decision"] == "blocked"
    assert structure(queued[3]["result"], BudgetCheck) == _expected("B", ledger=ledger)


def test_commit_refuses_a_reference_booked_already(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = {"id": "B2", **REQUESTS["B"]}
    source = _jsonl(tmp_path / "requests.jsonl", ["B"], bad={1: again})
    argv = ["budget-check", str(context), "--input", str(source), "--json", "--keep-going"]
    assert main(argv) == EXIT_OK  # independent checks: the same document twice is fine
    capsys.readouterr()
    assert main([*argv, "--commit"]) == EXIT_SOME_FAILED
    error = _records(capsys.readouterr().out)[1]
    assert (error["line"], error["id"], error["ok"]) == (2, "B2", False)
    assert (error["error"]["field"], error["error"]["value"]) == ("entry.reference", "PO-B")


def test_keep_going_writes_the_error_record_and_computes_the_rest(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {"id": "X", **_request("PO-X", "12.3.4")}
    source = _jsonl(tmp_path / "requests.jsonl", ["A", "B"], bad={1: bad})
    argv = ["budget-check", str(context), "--input", str(source), "--json", "--keep-going"]
    assert main(argv) == EXIT_SOME_FAILED
    records = _records(capsys.readouterr().out)
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (1, "A", True),
        (2, "X", False),
        (3, "B", True),
    ]
    error = records[1]["error"]
    assert error["field"] == "$.lines[0].amount"
    assert (error["constraint"], error["value"]) == ("a decimal number", "12.3.4")
    assert structure(records[2]["result"], BudgetCheck) == _expected("B")


def test_without_keep_going_the_first_bad_record_stops_with_its_line(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {"id": "X", **_request("PO-X", "1", currency="EURO")}
    source = _jsonl(tmp_path / "requests.jsonl", ["A", "B"], bad={1: bad})
    assert main(["budget-check", str(context), "--input", str(source)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.err.startswith("spendrules: error: line 2 (id 'X'): ")
    assert "EURO" in captured.err
    assert "PO-2026-0815" in captured.out and "PO-B" not in captured.out  # written before it


def test_standard_input_and_an_id_column_the_request_reads(
    context: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "".join(json.dumps(REQUESTS[ident]) + "\n" for ident in ("B", "C"))
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    argv = ["budget-check", str(context), "--input", "-", "--id-column", "reference", "--json"]
    assert main(argv) == EXIT_DECISION
    records = _records(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["PO-B", "PO-C"]
    assert [structure(r["result"], BudgetCheck) for r in records] == [
        _expected("B"),
        _expected("C"),
    ]


# -- CSV --------------------------------------------------------------------------------------


def test_csv_in_csv_out_groups_consecutive_rows_into_one_request(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write_csv(tmp_path / "requests.csv", _csv_rows(["A", "B", "C", "D"]))
    output = tmp_path / "out.csv"
    argv = ["budget-check", str(context), "--input", str(source), "--output", str(output)]
    assert main(argv) == EXIT_DECISION
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert [(row["line"], row["id"], row["ok"]) for row in rows] == [
        ("2", "A", "true"),  # A's two lines are rows 2 and 3
        ("4", "B", "true"),
        ("5", "C", "true"),
        ("6", "D", "true"),
    ]
    assert list(rows[0])[3:-4] == list(cli_budget.COLUMNS)
    for row in rows:
        expected = _expected(row["id"])
        line = _deciding(expected)
        assert row["decision"] == expected.decision.value
        assert row["may_go_ahead"] == str(expected.decision is not FundsDecision.BLOCKED).lower()
        assert row["verdict"] == row["approval_required"] == ""
        assert row["reference"] == expected.reference
        assert row["line_checks"] == str(len(expected.lines))
        assert row["budget"] == line.budget
        for column in ("limit", "available_before", "available_after", "threshold"):
            value = getattr(line, column)
            assert row[column] == ("" if value is None else str(value))
    blocked = rows[2]
    assert blocked["triggered_rule"] == "block at 100 % of the limit"
    # The OPS pool blocks first: 120,000 - 103,000 - 20,000 = -3,000 EUR.
    assert (blocked["budget"], blocked["available_after"]) == ("OPS equipment", "-3000.00")
    assert blocked["triggered_action"] == "block"


def test_csv_output_of_json_lines_input_and_text_output(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _jsonl(tmp_path / "requests.jsonl", ["C"])
    argv = ["budget-check", str(context), "--input", str(source)]
    assert main([*argv, "--output-format", "csv"]) == EXIT_DECISION
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["id"], row["decision"], row["may_go_ahead"]) == ("C", "blocked", "false")
    assert main(argv) == EXIT_DECISION
    assert _expected("C").explain() in capsys.readouterr().out


def test_csv_bad_cell_fails_its_request_naming_the_row(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _csv_rows(["B", "A", "D"])
    rows[2]["amount"] = "lots"  # the second line of A, on line 4
    source = _write_csv(tmp_path / "requests.csv", rows)
    argv = ["budget-check", str(context), "--input", str(source), "--keep-going"]
    assert main([*argv, "--output-format", "jsonl"]) == EXIT_SOME_FAILED
    records = _records(capsys.readouterr().out)
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (2, "B", True),
        (4, "A", False),
        (5, "D", True),
    ]
    assert records[1]["error"]["field"] == "$.lines[1].amount"
    assert records[1]["error"]["value"] == "lots"
    assert main(argv[:-1]) == EXIT_BAD_INPUT
    assert "line 4 (id 'A')" in capsys.readouterr().err


def test_csv_request_errors_and_rows_without_an_id(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(
        "id,date,reference,account,amount,currency,dimensions.cost_center\n"
        "P,2026-06-15,PO-P,6100,1.00,EUR,CC-110\n"  # 2
        "P,2026-06-16,,6100,1.00,EUR,CC-110\n"  # 3: another date for the same request
        "P,,,6100,1.00,EUR,CC-110\n"  # 4: still P (one error record)
        ",2026-06-15,PO-N1,6100,1.00,EUR,CC-110\n"  # 5: no id, a request of its own
        ",2026-06-15,PO-N2,6100,1.00,EUR,CC-110\n"  # 6: idem
        "Q,2026-06-15,PO-Q,6100,1.00,EUR\n"  # 7: a short row, unreadable
        "R,2026-06-32,PO-R,6100,1.00,EUR,CC-110\n"  # 8: a bad request date
        "P,2026-06-15,PO-P,6100,1.00,EUR,CC-110\n"  # 9: P comes back after other rows
        "P,2026-06-15,PO-P,6100,1.00,EUR,CC-110\n"  # 10: part of that error
        "S,2026-06-15,PO-S,6100,1.00,EUR,CC-110\n"  # 11: S, request cells repeated exactly
        "S,2026-06-15,PO-S,6100,1.50,EUR,CC-110\n",  # 12
        encoding="utf-8",
    )
    argv = ["budget-check", str(context), "--input", str(path), "--keep-going", "--json"]
    assert main(argv) == EXIT_SOME_FAILED
    records = _records(capsys.readouterr().out)
    assert [(r["line"], r["id"], r["ok"]) for r in records] == [
        (3, "P", False),
        (5, None, True),
        (6, None, True),
        (7, None, False),
        (8, "R", False),
        (9, "P", False),
        (11, "S", True),
    ]
    assert records[6]["result"]["lines"][0]["this_request"] == "2.50"  # 1.00 + 1.50 EUR
    date_clash = records[0]["error"]
    assert (date_clash["field"], date_clash["value"]) == ("column date", "2026-06-16")
    assert "2026-06-15" in date_clash["constraint"]
    assert records[1]["result"]["reference"] == "PO-N1"
    assert records[4]["error"]["field"] == "$.date"
    assert records[5]["error"]["field"] == "column id"
    assert "consecutive" in records[5]["error"]["constraint"]


def test_csv_with_a_header_only_writes_no_record(
    context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requests.csv"
    path.write_text("id,date,account,amount,currency\n", encoding="utf-8")
    assert main(["budget-check", str(context), "--input", str(path), "--json"]) == EXIT_OK
    assert capsys.readouterr().out == ""


# -- the policy file --------------------------------------------------------------------------


def test_policy_file_budget_and_approvals_give_the_purchase_decision(
    bare_context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreed = agreed_policy.load(POLICY_FILE)
    assert agreed.budget is not None and agreed.approvals is not None
    source = _jsonl(tmp_path / "requests.jsonl", ["A", "B", "C"])
    argv = ["budget-check", str(bare_context), "--input", str(source), "--policy", str(POLICY_FILE)]
    assert main([*argv, "--json"]) == EXIT_DECISION
    records = _records(capsys.readouterr().out)
    for record in records:
        expected = evaluate_purchase(
            structure(REQUESTS[record["id"]], SpendRequest),
            matrix=agreed.approvals,
            **_kwargs(policy=agreed.budget),
        )
        assert record["result"] == unstructure(expected)
        assert structure(record["result"], PurchaseDecision).verdict is expected.verdict
    verdicts = [r["result"]["verdict"] for r in records]
    assert verdicts == ["needs_approval", "go", "needs_approval"]
    assert main([*argv, "--output-format", "csv"]) == EXIT_DECISION
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # 13,540.00 EUR routes to the manager (from 5,000 EUR); 1.00 EUR needs nobody.
    assert (rows[0]["approval_required"], rows[0]["approval_levels"]) == ("true", "manager")
    assert (rows[0]["approval_amount"], rows[0]["approval_currency"]) == ("13540.00", "EUR")
    assert (rows[1]["verdict"], rows[1]["approval_required"], rows[1]["may_go_ahead"]) == (
        "go",
        "false",
        "true",
    )


def test_policy_file_budget_only_and_its_refusals(
    context: Path, bare_context: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreed = agreed_policy.load(POLICY_FILE)
    budget_only = tmp_path / "budget_only.toml"
    budget_only.write_text(agreed_policy.dump(attrs.evolve(agreed, approvals=None)), "utf-8")
    no_budget = tmp_path / "no_budget.toml"
    no_budget.write_text(agreed_policy.dump(attrs.evolve(agreed, budget=None)), "utf-8")
    source = _jsonl(tmp_path / "requests.jsonl", ["A"])
    argv = ["budget-check", str(bare_context), "--input", str(source), "--json"]
    assert main([*argv, "--policy", str(budget_only)]) == EXIT_OK
    result = _records(capsys.readouterr().out)[0]["result"]
    assert structure(result, BudgetCheck) == _expected(
        "A", policy=agreed_policy.load(budget_only).budget
    )
    assert main([*argv, "--policy", str(no_budget)]) == EXIT_BAD_INPUT
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["field"] == f"{no_budget} [budget]"
    argv[1] = str(context)  # a context with its own policy, and --policy
    assert main([*argv, "--policy", str(budget_only)]) == EXIT_BAD_INPUT
    assert json.loads(capsys.readouterr().err)["error"]["field"] == "input.policy"


# -- one request ------------------------------------------------------------------------------


def _single(tmp_path: Path, ident: str, *, policy: bool = True) -> Path:
    data = {key: value for key, value in SAMPLE.items() if key in cli_budget.DEMO_KEYS}
    data["request"] = REQUESTS[ident]
    if not policy:
        del data["policy"]
    path = tmp_path / f"{ident}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("ident", "status"),
    [
        pytest.param("A", EXIT_OK, id="pass_with_warning-goes-ahead"),
        pytest.param("B", EXIT_OK, id="pass"),
        pytest.param("C", EXIT_DECISION, id="blocked-is-held"),
        pytest.param("D", EXIT_OK, id="not_controlled-goes-ahead"),
    ],
)
def test_one_request_exit_status_follows_the_funds_decision(
    ident: str, status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _expected(ident)
    assert (expected.decision is FundsDecision.BLOCKED) is (status == EXIT_DECISION)
    assert main(["budget-check", str(_single(tmp_path, ident)), "--json"]) == status
    assert structure(json.loads(capsys.readouterr().out), BudgetCheck) == expected


def test_one_request_under_the_policy_file_needs_approval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _single(tmp_path, "A", policy=False)
    argv = ["budget-check", str(path), "--policy", str(POLICY_FILE)]
    assert main([*argv, "--json"]) == EXIT_DECISION
    decision = structure(json.loads(capsys.readouterr().out), PurchaseDecision)
    assert decision.verdict is Verdict.NEEDS_APPROVAL
    assert main([*argv, "--headroom"]) == EXIT_DECISION
    assert "PurchaseDecision" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        pytest.param(["--commit"], "--commit", id="commit-without-input"),
        pytest.param(["--input", "-", "--headroom"], "--headroom", id="headroom-with-input"),
        pytest.param(["--input", "-"], "input.request", id="context-with-a-request"),
    ],
)
def test_usage_errors_exit_2(
    extra: list[str], field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _single(tmp_path, "B")
    assert main(["budget-check", str(path), "--json", *extra]) == EXIT_BAD_INPUT
    assert json.loads(capsys.readouterr().err)["error"]["field"] == field


def test_context_and_records_cannot_both_come_from_standard_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["budget-check", "-", "--input", "-", "--json"]) == EXIT_BAD_INPUT
    assert json.loads(capsys.readouterr().err)["error"]["field"] == "--input"


def test_one_request_needs_its_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "no_request.json"
    path.write_text(json.dumps({"as_of": "2026-06-15", "budgets": []}), encoding="utf-8")
    assert main(["budget-check", str(path)]) == EXIT_BAD_INPUT
    assert "input.request must be present" in capsys.readouterr().err


def test_help_lists_the_batch_flags_columns_and_exit_statuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["budget-check", "--help"])
    text = capsys.readouterr().out
    assert "--commit" in text and "--keep-going" in text and "--policy FILE" in text
    assert "exit status:" in text and "needs approval" in text
    assert "available_after" in " ".join(text.split())


# -- key figures without a matching line -------------------------------------------------------


def test_row_of_a_check_without_lines_or_without_a_line_of_its_decision() -> None:
    day = dt.date(2026, 6, 15)
    empty = BudgetCheck(FundsDecision.PASS, (), Stage.ORDER, day, day)
    cells = dict(zip(cli_budget.COLUMNS, cli_budget.row(empty), strict=True))
    assert cells["budget"] is None and cells["line_checks"] == 0
    line = _expected("B").lines[0]
    warned = BudgetCheck(FundsDecision.PASS_WITH_WARNING, (line,), Stage.ORDER, day, day)
    cells = dict(zip(cli_budget.COLUMNS, cli_budget.row(warned), strict=True))
    assert cells["budget"] == line.budget and cells["available_after"] == line.available_after
    assert cells["may_go_ahead"] is True


CSV_STDIN = ("--input", "-", "--input-format", "csv", "--output-format", "csv")


def test_one_subprocess_run_reads_csv_from_standard_input(context: Path) -> None:
    text = "id,date,account,amount,currency,dimensions.cost_center\nC1,2026-06-15,6100,1.00,EUR,CC-110\n"
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests
        [sys.executable, "-m", "spendrules", "budget-check", str(context), *CSV_STDIN],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    row = next(csv.DictReader(io.StringIO(done.stdout)))
    expected = check_budget(
        SpendRequest((structure({**_LINE, "amount": "1.00"}, SpendLine),), dt.date(2026, 6, 15)),
        **_kwargs(),
    )
    assert (row["id"], row["decision"]) == ("C1", expected.decision.value)
    assert row["available_after"] == str(_deciding(expected).available_after)
    assert Decimal(row["available_after"]) == Decimal("16999.00")  # 120,000 - 103,000 - 1
