"""``spendrules stock --policy FILE`` gives what ``review_stock(item, policy=section)`` gives.

One rule, every tool (brief C, session 26): for items with and without a class,
with and without a service target of their own, and with a holding rate absent,
empty, 0 or explicit, every output of the command (one SKU from flags, JSON lines,
CSV through the scalar path and through the frames path) equals the scalar rule
called here directly with the file's ``[inventory]`` section: numbers, the primary
reason, and in JSON the whole review with its ``policy_reference`` (the file's
fingerprint). The scalar and frames CSV outputs are byte-identical.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import spendrules.cli._table as table
from cli_rows_support import (
    AS_OF,
    EXAMPLE_POLICY,
    STOCK_MONEY,
    check_row,
    read_csv,
    stock_expected,
    stock_item,
    write_csv,
)
from spendrules.cli import main
from spendrules.inventory import (
    Demand,
    StockItem,
    StockReview,
    excess_and_obsolete_reserve,
    review_stock,
)
from spendrules.policy import InventoryPolicy, dump, fingerprint, load
from spendrules.serialization import from_json, to_json

#: Items with classes, missing targets and holding rates absent, empty, 0 and explicit.
ROWS: list[dict[str, str]] = [
    {  # class A, no target, no holding rate column value: 0.98 and the agreed 25 %
        "id": "A-none",
        "sku": "A-none",
        "on_hand": "180",
        "unit_cost": "5",
        "currency": "USD",
        "demand_mean": "10",
        "demand_sd": "3",
        "lead_time": "9",
        "order_quantity": "100",
        "item_class": "A",
    },
    {  # class B, no target, an explicit holding rate of 0: the agreed rate (as the library)
        "id": "B-zero",
        "sku": "B-zero",
        "on_hand": "500",
        "unit_cost": "1200",
        "currency": "JPY",
        "demand_mean": "30",
        "demand_sd": "8",
        "demand_period": "week",
        "lead_time": "2",
        "lead_time_period": "week",
        "holding_rate": "0",
        "item_class": "B",
    },
    {  # class C with its own service level and holding rate: the item's values win
        "id": "C-own",
        "sku": "C-own",
        "on_hand": "75.5",
        "unit_cost": "2.125",
        "currency": "BHD",
        "demand_mean": "4",
        "demand_sd": "1",
        "lead_time": "6",
        "service_level": "0.99",
        "holding_rate": "0.1",
        "item_class": "C",
    },
    {  # a class without an agreed level: no target; the agreed carrying rate
        "id": "Z-none",
        "sku": "Z-none",
        "on_hand": "40",
        "unit_cost": "12.50",
        "currency": "EUR",
        "demand_mean": "2",
        "demand_sd": "1",
        "lead_time": "10",
        "item_class": "Z",
    },
    {  # no class, its own fill rate and holding rate
        "id": "none-fill",
        "sku": "none-fill",
        "on_hand": "300",
        "unit_cost": "4",
        "currency": "USD",
        "demand_mean": "20",
        "demand_sd": "6",
        "lead_time": "5",
        "fill_rate": "0.97",
        "order_quantity": "80",
        "holding_rate": "0.2",
    },
    {  # class A with an agreed safety stock (it wins), an empty holding rate, old stock
        "id": "A-agreed",
        "sku": "A-agreed",
        "on_hand": "90",
        "unit_cost": "7.25",
        "currency": "USD",
        "demand_mean": "1",
        "safety_stock": "20",
        "holding_rate": "",
        "committed": "5",
        "on_order": "30",
        "last_consumption": "2024-12-01",
        "item_class": "A",
    },
    {  # below its policy peak (no excess): the policy's first reason is the primary one
        "id": "A-low",
        "sku": "A-low",
        "on_hand": "20",
        "unit_cost": "5",
        "currency": "USD",
        "demand_mean": "10",
        "demand_sd": "3",
        "lead_time": "9",
        "order_quantity": "100",
        "item_class": "A",
    },
    {  # idem, its own holding rate and no class
        "id": "own-low",
        "sku": "own-low",
        "on_hand": "20",
        "unit_cost": "5",
        "currency": "USD",
        "demand_mean": "10",
        "demand_sd": "3",
        "lead_time": "9",
        "order_quantity": "100",
        "holding_rate": "0.3",
    },
    {  # idem, a class without an agreed level
        "id": "Z-low",
        "sku": "Z-low",
        "on_hand": "20",
        "unit_cost": "5",
        "currency": "USD",
        "demand_mean": "10",
        "order_quantity": "100",
        "item_class": "Z",
    },
    {  # no class, no target, no holding rate: only the carrying rate applies
        "id": "bare",
        "sku": "bare",
        "on_hand": "12",
        "unit_cost": "3.10",
        "currency": "USD",
        "demand_mean": "0",
        "end_of_life": "true",
    },
]


def item_of(row: dict[str, str]) -> StockItem:
    """The StockItem a row describes (built from the documented layout, with its class)."""
    return attrs.evolve(stock_item(row), item_class=row.get("item_class") or None)


def section_of(path: Path) -> InventoryPolicy:
    section = load(path).inventory
    assert section is not None
    return section


@pytest.fixture(params=["example", "no reserve table"])
def policy_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The bundled example policy, or a copy without the reserve table (JSON: no wrapper)."""
    if request.param == "example":
        return EXAMPLE_POLICY
    agreed = load(EXAMPLE_POLICY)
    assert agreed.inventory is not None
    bare = attrs.evolve(agreed, inventory=attrs.evolve(agreed.inventory, reserve=None))
    path = tmp_path / "no_reserve.toml"
    path.write_text(dump(bare), encoding="utf-8")
    return path


def expected_cells(item: StockItem, section: InventoryPolicy) -> dict[str, Any]:
    """Every CSV column of the scalar rule under ``section`` (with the reserve columns)."""
    review = review_stock(item, as_of=AS_OF, policy=section)
    expected = stock_expected(item, review)
    if section.reserve is not None:
        reserve = excess_and_obsolete_reserve(review.split, table=section.reserve)
        expected |= {
            "reserve_rate": reserve.table_rate,
            "obsolete_reserve": reserve.obsolete_reserve,
            "table_reserve": reserve.table_reserve,
            "reserve": reserve.total,
        }
    return expected


def expected_json(item: StockItem, section: InventoryPolicy) -> Any:
    """The JSON result of the scalar rule under ``section`` (the review, and the reserve)."""
    review = review_stock(item, as_of=AS_OF, policy=section)
    data = json.loads(to_json(review))
    if section.reserve is None:
        return data
    reserve = excess_and_obsolete_reserve(review.split, table=section.reserve)
    return {"review": data, "reserve": json.loads(to_json(reserve))}


def both_paths(argv: list[str], out: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes]:
    """Run ``argv`` to CSV through the frames path and the scalar path: the bytes must be equal."""
    frames_out, scalar_out = out.with_suffix(".frames.csv"), out.with_suffix(".scalar.csv")
    calls: list[bool] = []
    original = table._frame_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        rows = original(*args, **kwargs)
        calls.append(rows is not None)
        return rows

    monkeypatch.setattr(table, "_frame_rows", spy)
    status = main([*argv, "--output", str(frames_out)])
    monkeypatch.setattr(table, "USE_FRAMES", False)
    try:
        assert main([*argv, "--output", str(scalar_out)]) == status
    finally:
        monkeypatch.setattr(table, "USE_FRAMES", True)
        monkeypatch.setattr(table, "_frame_rows", original)
    assert calls, "the frames path was not tried"
    assert frames_out.read_bytes() == scalar_out.read_bytes()
    return status, frames_out.read_bytes()


def test_the_rows_exercise_every_policy_reason() -> None:
    section = section_of(EXAMPLE_POLICY)
    codes = {
        reason.code
        for row in ROWS
        for reason in review_stock(item_of(row), as_of=AS_OF, policy=section).reasons
    }
    assert {
        "INVENTORY.REVIEW.CLASS_SERVICE_LEVEL",
        "INVENTORY.REVIEW.OWN_SERVICE_LEVEL",
        "INVENTORY.REVIEW.NO_CLASS_LEVEL",
        "INVENTORY.REVIEW.AGREED_CARRYING_RATE",
        "INVENTORY.REVIEW.OWN_HOLDING_RATE",
        "POLICY.CITED",
    } <= codes


@pytest.mark.parametrize("backend", ["polars", "pyarrow", "pandas"])
def test_csv_both_paths_equal_the_rule_under_the_policy(
    backend: str, policy_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import narwhals.stable.v2 as nw

    monkeypatch.setattr(table, "frames_backend", lambda: (nw, backend))
    section = section_of(policy_file)
    source = write_csv(tmp_path / "items.csv", ROWS)
    argv = ["stock", "--input", str(source), "--as-of", AS_OF.isoformat()]
    status, _ = both_paths([*argv, "--policy", str(policy_file)], tmp_path / "out", monkeypatch)
    assert status == 0
    out = read_csv(tmp_path / "out.frames.csv")
    assert [r["id"] for r in out] == [r["id"] for r in ROWS]
    for cells, row in zip(out, ROWS, strict=True):
        item = item_of(row)
        check_row(cells, expected_cells(item, section), STOCK_MONEY)
        assert ("reserve" in cells) is (section.reserve is not None)
    # what the policy changed, from the settings of the bundled file (0.98, 0.95, a 25 %
    # carrying rate) and the published normal quantiles z(0.98) = 2.0537, z(0.95) = 1.6449,
    # z(0.99) = 2.3263: the class level and the agreed rate apply where the item is silent
    by_id = {r["id"]: r for r in out}
    assert round(Decimal(by_id["A-none"]["z"]), 4) == Decimal("2.0537")
    assert round(Decimal(by_id["B-zero"]["z"]), 4) == Decimal("1.6449")
    assert round(Decimal(by_id["C-own"]["z"]), 4) == Decimal("2.3263")
    assert by_id["Z-none"]["safety_method"] == "none"
    assert by_id["A-agreed"]["safety_method"] == "agreed"
    assert by_id["bare"]["carrying_cost"] == "9.30"  # 12 × 3.10 × 0.25
    assert by_id["A-low"]["reason"] == "INVENTORY.REVIEW.CLASS_SERVICE_LEVEL"
    assert by_id["own-low"]["reason"] == "INVENTORY.REVIEW.OWN_HOLDING_RATE"
    assert by_id["Z-low"]["reason"] == "INVENTORY.REVIEW.NO_CLASS_LEVEL"
    assert by_id["C-own"]["carrying_cost"] == "16.044"  # 75.5 × 2.125 × 0.1


def test_csv_under_the_policy_is_not_the_rule_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a policy the class is read and ignored; with it the class's level applies."""
    source = write_csv(tmp_path / "items.csv", ROWS)
    argv = ["stock", "--input", str(source), "--as-of", AS_OF.isoformat()]
    both_paths(argv, tmp_path / "plain", monkeypatch)
    both_paths([*argv, "--policy", str(EXAMPLE_POLICY)], tmp_path / "agreed", monkeypatch)
    plain = read_csv(tmp_path / "plain.frames.csv")
    agreed = read_csv(tmp_path / "agreed.frames.csv")
    for cells, row in zip(plain, ROWS, strict=True):  # without a policy: the class is ignored
        item = item_of(row)
        check_row(cells, stock_expected(item, review_stock(item, as_of=AS_OF)), STOCK_MONEY)
    assert plain[0]["z"] == "" and round(Decimal(agreed[0]["z"]), 4) == Decimal("2.0537")
    assert plain[-1]["carrying_cost"] == "0.00" and agreed[-1]["carrying_cost"] == "9.30"


def test_json_lines_equal_the_rule_with_its_citation(
    policy_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    section = section_of(policy_file)
    items = [item_of(row) for row in ROWS]
    lines = [json.dumps({"id": row["id"], **json.loads(to_json(item))}) for row, item in
             zip(ROWS, items, strict=True)]  # fmt: skip
    source = tmp_path / "items.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["stock", "--input", str(source), "--as-of", AS_OF.isoformat(), "--json"]
    assert main([*argv, "--policy", str(policy_file)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    agreed = fingerprint(load(policy_file))
    for record, row, item in zip(records, ROWS, items, strict=True):
        assert (record["id"], record["ok"]) == (row["id"], True)
        assert record["result"] == expected_json(item, section)
        review = record["result"]["review"] if section.reserve else record["result"]
        assert review["policy_reference"]["fingerprint"] == agreed
        assert from_json(json.dumps(review), StockReview) == review_stock(
            item, as_of=AS_OF, policy=section
        )
    # JSON lines to CSV: the same rows as the CSV input gives
    csv_out = tmp_path / "from_jsonl.csv"
    assert main([*argv[:-1], "--policy", str(policy_file), "--output", str(csv_out)]) == 0
    for cells, item in zip(read_csv(csv_out), items, strict=True):
        check_row(cells, expected_cells(item, section), STOCK_MONEY)


def test_item_class_round_trips_through_json() -> None:
    for row in ROWS:
        item = item_of(row)
        assert from_json(to_json(item), StockItem) == item
        assert json.loads(to_json(item)).get("item_class") == item.item_class


def test_a_null_holding_rate_in_json_lines_is_none_of_its_own_under_a_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = item_of(ROWS[0])
    record = json.loads(to_json(item))
    record["holding_rate"] = None
    source = tmp_path / "null.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    argv = ["stock", "--input", str(source), "--as-of", AS_OF.isoformat(), "--json"]
    assert main([*argv, "--policy", str(EXAMPLE_POLICY)]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    assert result == expected_json(item, section_of(EXAMPLE_POLICY))  # as a rate of 0
    assert main(argv) == 2  # without a policy a null is refused, as the StockItem form says
    assert "holding_rate" in capsys.readouterr().err


def _flags(row: dict[str, str]) -> list[str]:
    """The single-SKU flags of a row."""
    names = {
        "demand_period": "--period",
        "demand_distribution": "--distribution",
    }
    argv: list[str] = []
    for name, cell in row.items():
        if name == "id" or cell == "":
            continue
        if name == "end_of_life":
            argv += ["--end-of-life"] if cell == "true" else []
            continue
        argv += [names.get(name, "--" + name.replace("_", "-")), cell]
    if "lead_time_period" not in row:  # the flags' lead time unit defaults to --period
        argv += ["--lead-time-period", "day"]
    return argv


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_single_sku_equals_the_rule_with_its_citation(
    row: dict[str, str], policy_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    section = section_of(policy_file)
    argv = ["stock", "--as-of", AS_OF.isoformat(), "--json", "--policy", str(policy_file)]
    assert main([*argv, *_flags(row)]) == 0
    result = json.loads(capsys.readouterr().out)
    item = item_of(row)
    assert result == expected_json(item, section)
    review = result["review"] if section.reserve else result
    assert review["policy_reference"]["fingerprint"] == fingerprint(load(policy_file))
    assert review["policy_reference"]["section"] == "inventory"
    # the text output explains the same review
    assert main(argv[:3] + argv[4:] + _flags(row)) == 0
    text = capsys.readouterr().out
    primary = review_stock(item, as_of=AS_OF, policy=section).primary_reason()
    assert primary is not None and primary.code in text
    assert "POLICY.CITED" in text


def test_explicit_holding_rates_under_the_policy(capsys: pytest.CaptureFixture[str]) -> None:
    """0 given or not takes the agreed 25 %; a non-zero rate wins (as the library)."""
    section = section_of(EXAMPLE_POLICY)
    base = ["stock", "--as-of", AS_OF.isoformat(), "--json", "--policy", str(EXAMPLE_POLICY)]
    base += ["--on-hand", "180", "--unit-cost", "5", "--currency", "USD", "--demand-mean", "1"]
    costs = {}
    for given in (None, "0", "0.1"):
        extra = [] if given is None else ["--holding-rate", given]
        assert main([*base, *extra]) == 0
        review = json.loads(capsys.readouterr().out)["review"]
        costs[given] = Decimal(review["split"]["annual_carrying_cost"])
        item = StockItem(
            sku="SKU", on_hand=180, unit_cost=5, currency="USD", demand=Demand(1),
            holding_rate=Decimal(given or 0),
        )  # fmt: skip
        expected = review_stock(item, as_of=AS_OF, policy=section)
        assert costs[given] == expected.split.annual_carrying_cost
        codes = [reason["code"] for reason in review["reasons"]]
        own = "INVENTORY.REVIEW.OWN_HOLDING_RATE" if given == "0.1" else None
        assert codes[0] == (own or "INVENTORY.REVIEW.AGREED_CARRYING_RATE")
    assert costs == {None: Decimal("225.00"), "0": Decimal("225.00"), "0.1": Decimal("90.00")}


@pytest.mark.parametrize("policy", [False, True], ids=["no policy", "policy"])
def test_a_blank_class_is_refused_on_both_paths(
    policy: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [ROWS[0], {**ROWS[0], "id": "blank", "item_class": "  "}, ROWS[1]]
    source = write_csv(tmp_path / "items.csv", rows)
    argv = ["stock", "--input", str(source), "--as-of", AS_OF.isoformat(), "--keep-going"]
    if policy:
        argv += ["--policy", str(EXAMPLE_POLICY)]
    status, _ = both_paths(argv, tmp_path / "out", monkeypatch)
    assert status == 3
    out = read_csv(tmp_path / "out.frames.csv")
    assert [r["ok"] for r in out] == ["true", "false", "true"]
    assert (out[1]["error_field"], out[1]["error_value"]) == ("item_class", "  ")
    assert out[1]["error_constraint"] == "a non-empty text (or None)"


def test_item_class_flag_is_refused_with_input(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["stock", "--as-of", AS_OF.isoformat(), "--input", "-", "--item-class", "A"]
    assert main(argv) == 2
    assert "--item-class" in capsys.readouterr().err


def test_help_says_what_the_policy_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["stock", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Service levels by item class are not applied" not in text
    assert "review_stock(item, policy=<the file's [inventory]>)" in text
    assert "item_class" in text and "--item-class" in text
    assert "a rate of 0 (given or not) takes the policy's carrying rate" in text
