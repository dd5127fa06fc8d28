"""The Spark recipe runs as written: ``docs/recipes/spark.md``'s job, on a local Spark session.

The notebook and web-service recipes are ``pycon`` blocks that run as doctests with the rest of
``docs/``. The Spark job cannot (a doctest cannot start Spark cheaply), so this module takes the
``python`` block that follows ``<!-- recipe: spark-job -->`` on the page, executes it, and runs
its ``classify_events`` on a local Spark session (the session of
``tests/test_frames_distributed.py``, on the same xdist worker) over the page's sample events
(the ``text`` block after ``<!-- recipe: spark-events -->``), 1,500 generated ones and a bad
one, read in several partitions. Every row the job writes must be what
``spendrules.savings.classify_savings`` and ``fiscal_year_slice`` give for that event, read from
the CSV text here (the bad one: refused by the scalar rule, an error row in the output).

Without pyspark or a Java runtime the Spark test is skipped, never failed; the checks of the
page's blocks run everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import test_frames_distributed as distributed
from spendrules.savings import (
    BaselineMethod,
    ComponentKind,
    SavingsEvent,
    SupplierProposal,
    classify_savings,
    fiscal_year_slice,
)

PAGE = Path(__file__).resolve().parent.parent / "docs" / "recipes" / "spark.md"
AS_OF = dt.date(2026, 7, 15)
N_GENERATED = 1_500
ERROR_COLUMNS = ["error_code", "error_field", "error_constraint", "error_value"]
# the bad event: a baseline method that does not exist (the rest of the batch is classified)
BAD_EVENT = "SAV-BAD,pallets,USD,8.00,guessed,2026-05-03,,7.50,2026-07-01,300,,\n"

# The Spark session fixture of test_frames_distributed (local[2], stopped with its JVM at the end
# of the module), and its xdist group, so that one worker runs every Spark module in turn.
spark = distributed.spark
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.xdist_group("spark"),
]


def recipe_block(name: str, language: str) -> str:
    """The fenced block that follows ``<!-- recipe: name -->`` on the Spark page, without fences."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(
        rf"^<!-- recipe: {re.escape(name)} -->\n```{language}\n(.*?)^```$",
        text,
        flags=re.MULTILINE | re.DOTALL,
    )
    if found is None:
        pytest.fail(f"{PAGE}: no ```{language} block right after <!-- recipe: {name} -->")
    return found.group(1)


def load_job() -> dict[str, Any]:
    """Execute the job's block as a module that is not ``__main__`` (so nothing starts)."""
    namespace: dict[str, Any] = {"__name__": "spark_recipe"}
    exec(compile(recipe_block("spark-job", "python"), str(PAGE), "exec"), namespace)  # noqa: S102
    return namespace


def generated_events(n: int, seed: int = 20260715) -> str:
    """``n`` CSV lines of events: four currencies, five baseline methods, proposals, old baselines."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    places = {"USD": 2, "EUR": 2, "JPY": 0, "BHD": 3}
    methods = ["last_price_paid", "last_price_paid", "quote", "standard_cost", "budget"]
    lines = []
    for i in range(n):
        currency = rng.choice(list(places))
        exponent = -places[currency]
        baseline = Decimal(rng.randint(1, 2_000_000)).scaleb(exponent)
        new = (baseline * Decimal(rng.randint(800, 1_200)) / 1000).quantize(
            Decimal(1).scaleb(exponent)
        )
        baseline_date = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randint(0, 3 * 365))
        effective = dt.date(2025, 6, 1) + dt.timedelta(days=rng.randint(0, 580))
        quantity = rng.choice([Decimal(rng.randint(0, 50_000)), Decimal(rng.randint(1, 9_999)) / 4])
        evidence = rng.choice(["", f"INV-{i}", f"PO-{i}"])
        proposal, proposal_evidence = "", ""
        if rng.random() < 0.2:
            proposal = str(new + Decimal(rng.randint(0, 500)).scaleb(exponent))
            proposal_evidence = rng.choice(["", f"letter {i}"])
        lines.append(
            f"GEN-{i:05d},item {i},{currency},{baseline},{rng.choice(methods)},{baseline_date},"
            f"{evidence},{new},{effective},{quantity},{proposal},{proposal_evidence}\n"
        )
    return "".join(lines)


def scalar_columns(record: dict[str, str], period: Any) -> dict[str, Any] | None:
    """The output columns of one CSV record by the scalar rule; None when the rule refuses it."""

    def number(key: str) -> Decimal | None:
        return Decimal(record[key]) if record[key] else None

    proposal = None
    if record["proposal_price"]:
        proposal = SupplierProposal(
            price=number("proposal_price"), evidence=record["proposal_evidence"]
        )
    try:
        event = SavingsEvent(
            item=record["item"],
            currency=record["currency"],
            baseline_price=number("baseline_price"),
            baseline_method=BaselineMethod(record["baseline_method"]),
            baseline_date=dt.date.fromisoformat(record["baseline_date"]),
            baseline_evidence=record["baseline_evidence"],
            new_price=number("new_price"),
            effective_date=dt.date.fromisoformat(record["effective_date"]),
            forecast_quantity=number("forecast_quantity"),
            proposal=proposal,
        )
        result = classify_savings(event, as_of=AS_OF)
    except ValueError:  # InvalidInputError, or not a BaselineMethod value
        return None
    part = fiscal_year_slice(result, period=period)
    primary_reason = result.primary_reason()
    assert primary_reason is not None
    return {
        "currency": result.currency,
        "finance_view": result.finance_view,
        "procurement_view": result.procurement_view,
        "finance_recognised": result.finance_recognised,
        "net_recognised": result.net_recognised,
        "primary": result.primary.value,
        "status": result.status.value,
        "missing": ",".join(missing.value for missing in result.missing),
        "budget_flag": result.budget_flag.value,
        **{kind.value: result.amount(kind) for kind in ComponentKind},
        "fy_days": sum(share.days for share in part.shares),
        "fy_of_days": sum(share.of_days for share in part.shares),
        "fy_finance_view": part.finance_view,
        "fy_procurement_view": part.procurement_view,
        "fy_finance_recognised": part.finance_recognised,
        "fy_net_recognised": part.net_recognised,
        "fy_recognised": part.recognised,
        "fy_pending": part.pending,
        "rule": result.rule,
        "reason": primary_reason.code,
    }


def _same(got: Any, expected: Any) -> bool:
    """Parquet cell against the scalar value: decimals by value (decimal(38,4) keeps 4 places)."""
    if expected is None:
        return got is None
    if isinstance(expected, Decimal):
        return isinstance(got, Decimal) and got == expected
    if isinstance(expected, int):
        return got == expected
    return (got or "") == expected  # a string column: null and "" both mean none


def test_the_page_has_the_job_and_its_sample() -> None:
    job = load_job()
    assert list(inspect.signature(job["classify_events"]).parameters) == [
        "spark",
        "source",
        "target",
        "as_of",
    ]
    header = next(csv.reader(io.StringIO(recipe_block("spark-events", "text"))))
    schema_columns = [field.split()[0] for field in job["EVENTS"].split(", ")]
    assert header == schema_columns, "the sample's header and the job's schema differ"


def test_spark_job_writes_the_scalar_rule_for_every_row(spark: Any, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    job = load_job()
    text = recipe_block("spark-events", "text") + generated_events(N_GENERATED) + BAD_EVENT
    source, target = tmp_path / "events.csv", tmp_path / "classified"
    source.write_text(text, encoding="utf-8")
    records = {record["event_id"]: record for record in csv.DictReader(io.StringIO(text))}
    assert len(records) == N_GENERATED + 7

    # small file splits: the job reads the one file as several partitions
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(32 * 1024))
    try:
        job["classify_events"](spark, str(source), str(target), as_of=AS_OF)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")

    # as plain Python values: None for null, Decimal for decimal(38,4), int for bigint
    written = pq.read_table(target).to_pylist()
    assert sorted(cells["event_id"] for cells in written) == sorted(records), "one row per event"
    batches = sum(cells["row"] == 0 for cells in written)
    assert batches >= 2, "the events were read as one batch: no partitioning"
    checked = 0
    for cells in written:
        event_id = cells["event_id"]
        expected = scalar_columns(records[event_id], job["FISCAL_YEAR"])
        if expected is None:  # the scalar rule refuses the event: an error row, no results
            assert cells["error_code"] is not None, f"{event_id}: refused by the rule, no error"
            assert cells["rule"] is None, f"{event_id}: an error row with results"
            continue
        assert all(cells[column] is None for column in ERROR_COLUMNS), (
            f"{event_id}: the rule classifies it, the job reports {cells['error_constraint']!r}"
        )
        compared = set(cells) - {"event_id", "row", *ERROR_COLUMNS}
        assert compared == set(expected), "output columns the scalar comparison does not cover"
        for column, value in expected.items():
            assert _same(cells[column], value), (
                f"{event_id} column {column!r}: Spark wrote {cells[column]!r}, "
                f"the scalar rule gives {value!r}"
            )
        checked += 1
    assert checked >= N_GENERATED, f"only {checked} events classified: the sample is mostly errors"
    bad = [cells["error_field"] for cells in written if cells["event_id"] == "SAV-BAD"]
    assert bad == ["baseline_method"]
