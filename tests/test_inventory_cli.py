"""Tests of ``spendrules stock`` and the inventory demo."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from spendrules.cli import _inventory as _cli_inventory
from spendrules.cli import main
from spendrules.inventory import StockReview
from spendrules.serialization import from_json

SINGLE = [
    "stock",
    "--as-of",
    "2026-03-31",
    "--on-hand",
    "180",
    "--unit-cost",
    "5",
    "--currency",
    "USD",
    "--demand-mean",
    "10",
    "--demand-sd",
    "3",
    "--lead-time",
    "9",
    "--service-level",
    "0.95",
    "--order-quantity",
    "100",
    "--holding-rate",
    "0.25",
]

LINE = {
    "sku": "A-1",
    "on_hand": "180",
    "unit_cost": "5",
    "currency": "USD",
    "demand": {"mean": "10", "sd": "3", "period": "day"},
    "lead_time": {"mean": "9", "sd": "0", "period": "day"},
    "service_level": "0.95",
    "order_quantity": "100",
    "holding_rate": "0.25",
}


def test_single_sku_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(SINGLE) == 0
    out = capsys.readouterr().out
    assert "excess    65.196317 | 325.98 USD | 81.50 USD" in out
    assert "INVENTORY.SPLIT.EXCESS" in out


def test_single_sku_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SINGLE, "--json", "--lead-time-period", "day", "--end-of-life"]) == 0
    review = from_json(capsys.readouterr().out, StockReview)
    assert review.split.obsolete.quantity == Decimal(180)


def test_json_lines_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = {**LINE, "sku": "B-2", "on_hand": "-4", "service_level": None, "safety_stock": "5"}
    path = tmp_path / "skus.jsonl"
    path.write_text(json.dumps(LINE) + "\n\n" + json.dumps(second) + "\n", encoding="utf-8")
    assert main(["stock", "--as-of", "2026-03-31", "--input", str(path), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    # one batch record per item: line, id, ok and the full review (issue 20)
    records = [json.loads(line) for line in lines]
    assert [(r["line"], r["ok"]) for r in records] == [(1, True), (3, True)]
    reviews = [from_json(json.dumps(r["result"]), StockReview) for r in records]
    assert [r.sku for r in reviews] == ["A-1", "B-2"]
    assert reviews[1].split.shortage == 4


def test_json_lines_from_stdin_as_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(LINE) + "\n" + json.dumps(LINE) + "\n"))
    assert (
        main(["stock", "--as-of", "2026-03-31", "--input", "-", "--slow-moving-months", "6"]) == 0
    )
    out = capsys.readouterr().out
    assert out.count("StockReview (inventory.review@1)") == 2


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--on-hand", "5"],
            "",
            "--unit-cost must be given",
            id="missing flag",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-", "--on-hand", "5"],
            "",
            "--on-hand must be omitted with --input",
            id="flags with input",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-", "--holding-rate", "0.25"],
            "",
            "--holding-rate must be omitted with --input",
            id="holding rate with input (would be silently ignored)",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-", "--end-of-life"],
            "",
            "--end-of-life must be omitted with --input",
            id="end of life with input",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-", "--period", "week"],
            "",
            "--period must be omitted with --input",
            id="period with input",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-", "--minimum-order", "0"],
            "",
            "--minimum-order must be omitted with --input",
            id="explicit default with input",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-"],
            "{not json\n",
            "line 1 must be valid JSON",
            id="bad JSON",
        ),
        pytest.param(
            ["stock", "--as-of", "2026-03-31", "--input", "-"],
            '{"sku": "x"}\n',
            "line 1: invalid StockItem",
            id="incomplete item",
        ),
        pytest.param(
            [*SINGLE[:-2], "--holding-rate", "25"],
            "",
            "holding_rate must be a fraction",
            id="percent rate",
        ),
        pytest.param(
            [*SINGLE, "--fill-rate", "0.9"], "", "exactly one service target", id="two targets"
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    argv: list[str],
    stdin: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_as_of_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stock", "--on-hand", "5"])
    assert exit_info.value.code == 2
    assert "--as-of" in capsys.readouterr().err


def test_demo_shows_one_split() -> None:
    text = _cli_inventory.demo()
    assert "StockReview (inventory.review@1)" in text
    assert "buckets (quantity, value, annual carrying cost)" in text
    assert (
        "PUMP-OLD (spares): safety 0, cycle 0, excess 0 (0.00 USD), obsolete 14 (4340.00 USD)"
        in text
    )
    assert _cli_inventory.TITLE == "Inventory"
