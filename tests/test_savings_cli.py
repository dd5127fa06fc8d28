"""Tests of ``spendrules savings`` and the savings demo."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from spendrules.cli import _savings as _cli_savings
from spendrules.cli import main
from spendrules.savings import SavingsClassification, SavingsSummary
from spendrules.serialization import from_json, to_json
from test_savings import make_event

SINGLE = [
    "savings",
    "--currency",
    "USD",
    "--baseline-price",
    "10.00",
    "--new-price",
    "9.50",
    "--quantity",
    "1000",
    "--effective-date",
    "2026-01-01",
    "--baseline-date",
    "2025-11-03",
    "--baseline-evidence",
    "PO-1",
]


def test_savings_cli_single_event_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(SINGLE) == 0
    out = capsys.readouterr().out
    assert "primary: hard_savings" in out
    assert "finance_view: 500.00" in out


def test_savings_cli_single_event_json_with_every_flag(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        *SINGLE,
        "--json",
        "--policy",
        "procurement_broad",
        "--as-of",
        "2026-01-20",
        "--item",
        "RESIN-8",
        "--new-price",
        "10.30",
        "--proposal-price",
        "10.80",
        "--proposal-evidence",
        "letter",
        "--index-base",
        "100",
        "--index-current",
        "105",
        "--index-evidence",
        "PPI",
        "--baseline-quantity",
        "1100",
        "--demand-change",
        "unplanned",
        "--implementation-cost",
        "20",
        "--signed-off-by",
        "cfo",
        "--signed-on",
        "2026-01-19",
    ]
    assert main(argv) == 0
    result = from_json(capsys.readouterr().out, SavingsClassification)
    # procurement_broad: C = max(10.80, 10.50) = 10.80
    assert result.counterfactual == Decimal("10.80")
    assert result.policy.name == "procurement_broad"
    assert result.event.finance_signoff is not None
    assert result.event.item == "RESIN-8"


def test_savings_cli_different_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SINGLE, "--different-spec", "--baseline-method", "last_price_paid"]) == 0
    assert "primary: cost_avoidance" in capsys.readouterr().out


def test_savings_cli_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = [make_event(), make_event(item="resin", new_price=Decimal("10.30"))]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(to_json(e) for e in events) + "\n\n", encoding="utf-8")
    summary_path = tmp_path / "summary.json"
    argv = ["savings", "--events", str(path), "--json", "--summary-by", "item"]
    assert main([*argv, "--summary", str(summary_path)]) == 0
    # one batch record per event; the summary goes to its own file (issue 20)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first = from_json(json.dumps(json.loads(lines[0])["result"]), SavingsClassification)
    assert first.as_of == first.event.effective_date
    summary = from_json(summary_path.read_text(encoding="utf-8"), SavingsSummary)
    assert [row.key for row in summary.rows] == ["resin", "widget"]


def test_savings_cli_json_lines_text_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\n".join(to_json(e) for e in [make_event(), make_event(item="b")])
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    summary = tmp_path / "summary.txt"
    argv = ["savings", "--events", "-", "--as-of", "2026-02-01", "--summary-by", "total"]
    assert main([*argv, "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert out.count("SavingsClassification (savings.classify@2)") == 2
    assert "SavingsSummary (savings.summary@3)" in summary.read_text(encoding="utf-8")
    assert "as_of: 2026-02-01" in out


def test_savings_cli_json_lines_plain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(to_json(make_event()), encoding="utf-8")
    assert main(["savings", "--events", str(path)]) == 0
    assert "SavingsSummary" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["savings"], "--currency must be given for a single event (or use --input): None"),
        (
            ["savings", "--events", "-", "--new-price", "1"],
            "--new-price must be left out when --input is used",
        ),
        (
            [*SINGLE, "--summary-by", "item", "--summary", "summary.json"],
            "--summary-by must be used with --input",
        ),
        ([*SINGLE, "--summary-by", "item"], "--summary-by must be given with --summary PATH"),
        ([*SINGLE, "--index-base", "100"], "--index-base/--index-current must be given together"),
        ([*SINGLE, "--signed-off-by", "cfo"], "--signed-on must be given with --signed-off-by"),
        (
            [*SINGLE, "--signed-on", "2026-01-19"],
            "--signed-off-by must be given with --signed-on",
        ),
        (
            SINGLE[:-4] + SINGLE[-2:],
            "--baseline-date must be given for a single event (or use --input): None",
        ),
        (
            ["savings", "--events", "-", "--signed-on", "2026-01-19"],
            "--signed-on must be left out when --input is used",
        ),
        ([*SINGLE[:2], "EURO", *SINGLE[3:]], "currency must be an active ISO 4217 currency code"),
        ([*SINGLE, "--quantity", "-5"], "forecast_quantity must be >= 0"),
    ],
)
def test_savings_cli_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_savings_cli_bad_json_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    good = to_json(make_event())
    bad = json.loads(good)
    bad["new_price"] = "nine"
    path.write_text(good + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    assert main(["savings", "--events", str(path)]) == 2
    assert "line 2: invalid SavingsEvent" in capsys.readouterr().err


def test_savings_cli_bad_flag_value(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*SINGLE, "--new-price", "nine"])
    assert exit_info.value.code == 2
    assert "not a decimal number: 'nine'" in capsys.readouterr().err


def test_savings_demo_classifies_both_motivating_cases() -> None:
    text = _cli_savings.demo()
    assert "1,000 units last paid at 10.00, renegotiated to 9.50" in text
    assert "+8 %" in text
    assert "hard_savings (price): 500.00 USD" in text
    assert "cost_avoidance (price): 500.00 USD" in text
    assert "cost_increase (price): -300.00 USD" in text
    for preset in ("finance_strict", "procurement_broad", "net_of_inflation", "lowest_bid"):
        assert preset in text


def test_savings_demo_runs_from_the_main_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "== Savings ==" in capsys.readouterr().out
