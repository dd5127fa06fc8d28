"""``spendrules.frames`` per partition on Spark and Dask gives the rows of one call in one process.

SCALE.md, principle 8: past one machine the frames functions run per partition on Spark
(``mapInPandas`` with ``frames.partition_function`` and ``frames.spark_schema``) and on Dask
(``map_partitions``). Here 100,000 invoices (five kinds of terms, USD, EUR and JPY, ``Decimal``
amounts including credit notes and zeros, every day of four years) are scheduled on a local
two-core Spark session and on Dask, and every output row is compared with ``frames.schedule`` run
on the whole frame in this process: the same rows by (invoice_id, installment), the same dates and
the same amounts to the minor unit. ``row`` is partition-local under Spark and Dask, so rows are
matched by ``invoice_id`` (``keep=["invoice_id"]``).

The Spark test needs pyspark and a Java runtime (``.ci/run`` installs one when ``java`` is
missing); without either it is skipped, never failed.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from spendrules import frames

N_INVOICES = 100_000
TERMS = (
    "net 30",
    "2/10 net 30",
    "net 60 EOM",
    "30% advance, 70% net 30",
    "3/10, 2/30, net 60",
)
EXPONENT = {"USD": 2, "EUR": 2, "JPY": 0}
TIERS = 2
KEEP = ["invoice_id"]
OPTIONS: dict[str, Any] = {"keep": KEEP, "tiers": TIERS}
SORT = ["invoice_id", "installment"]
DATES = ["due_date", *(f"deadline_{t}" for t in range(1, TIERS + 1))]
MONEY = [
    "amount",
    *(f"{name}_{t}" for t in range(1, TIERS + 1) for name in ("discount", "payable")),
]
TEXT = ["invoice_id", "currency", "rule", "reason"]
# the Spark input: decimal(18,2) as an ERP exports it (a JPY amount arrives as Decimal('1000.00'))
SPARK_INPUT = (
    "invoice_id string, terms string, invoice_date date, amount decimal(18,2), currency string"
)

# pyspark 4 warns on every pandas conversion that it "does not yet fully support pandas >= 3.0.0";
# the conversions this module uses are checked value by value below. Under pytest-xdist
# (``--dist loadgroup``) the module runs on one worker: one JVM, and the 100,000-invoice
# reference computed once.
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.xdist_group("spark"),
]


def make_invoices(n: int, seed: int = 20260315) -> pd.DataFrame:
    """``n`` invoices: every day of 2023-2026 (month ends, 2024-02-29), credit notes, zeros."""
    rng = np.random.default_rng(seed)
    currency = rng.choice(np.array(list(EXPONENT), dtype=object), n)
    minor = rng.integers(-50_000, 10**9, n)
    minor[rng.random(n) < 0.01] = 0
    minor[:3] = (0, 1, -1)
    amounts = [
        Decimal(int(units)).scaleb(-EXPONENT[code])
        for units, code in zip(minor, currency, strict=True)
    ]
    days = rng.integers(0, 4 * 365 + 1, n)
    return pd.DataFrame(
        {
            "invoice_id": [f"INV{i:07d}" for i in range(n)],
            "terms": rng.choice(np.array(TERMS, dtype=object), n),
            "invoice_date": (np.datetime64("2023-01-01") + days).astype("datetime64[s]"),
            "amount": pd.Series(amounts, dtype=object),
            "currency": currency,
        }
    )


@pytest.fixture(scope="module")
def invoices() -> pd.DataFrame:
    return make_invoices(N_INVOICES)


@pytest.fixture(scope="module")
def expected(invoices: pd.DataFrame) -> pd.DataFrame:
    """``frames.schedule`` on the whole frame in this process: the reference."""
    result = frames.schedule(invoices, **OPTIONS)
    # in one process, `row` is the input position, and invoice i is INV{i}
    assert (result["invoice_id"].str.slice(3).astype("int64") == result["row"]).all()
    assert set(result["invoice_id"]) == set(invoices["invoice_id"])
    # "30% advance, 70% net 30" has two installments, every other terms one
    assert result["installment"].nunique() == 2
    return result


def _cells(column: pd.Series) -> list[Any]:
    """A column as plain Python values: dates as ``datetime.date``, Decimals as they are."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return list(column.dt.date)
    return column.tolist()


def assert_same_rows(got: pd.DataFrame, expected: pd.DataFrame, engine: str) -> None:
    """Row for row by (invoice_id, installment): same dates, same amounts, same text."""
    assert len(got) == len(expected), f"{engine}: {len(got)} rows, one process: {len(expected)}"
    got = got.sort_values(SORT, kind="stable").reset_index(drop=True)
    expected = expected.sort_values(SORT, kind="stable").reset_index(drop=True)
    for column in [*SORT, *DATES, *MONEY, *TEXT]:
        left, right = _cells(got[column]), _cells(expected[column])
        kinds = set(map(type, left)) | set(map(type, right))
        if column in MONEY:
            # Decimal("980.00") == 980.0 holds: money must stay Decimal on both sides
            assert kinds == {Decimal}, f"{engine}: column {column!r} holds {kinds}"
        if column in DATES:
            assert kinds == {datetime.date}, f"{engine}: column {column!r} holds {kinds}"
        if left != right:
            i = next(i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b)
            key = tuple(expected.loc[i, SORT].tolist())
            pytest.fail(
                f"{engine}: {key} column {column!r}: {left[i]!r}, one process: {right[i]!r}"
            )
    # every output row of one input row carries that input row's `row`
    rows_per_invoice = got.groupby("invoice_id", sort=False)["row"].nunique()
    assert (rows_per_invoice == 1).all(), f"{engine}: `row` differs between installments"


# --- Spark --------------------------------------------------------------------------------------


def _java_home() -> str | None:
    java = shutil.which("java")
    if java is not None:
        return os.path.dirname(os.path.dirname(os.path.realpath(java)))
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return home
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local[2] SparkSession for this module, stopped (with its JVM) at the end."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (it is in the test extra)")
    java_home = _java_home()
    if java_home is None:
        pytest.skip(
            "no Java runtime: `java` is not on PATH and JAVA_HOME has no bin/java; pyspark "
            "needs one (.ci/run installs openjdk-17-jre-headless when java is missing)"
        )
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as env:
        # the Python workers run this interpreter, with spendrules importable as here
        env.setenv("PYSPARK_PYTHON", sys.executable)
        env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        env.setenv("JAVA_HOME", os.environ.get("JAVA_HOME") or java_home)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("spendrules-frames-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate()
        )
        try:
            session.sparkContext.setLogLevel("ERROR")
            yield session
        finally:
            session.stop()
            gateway = SparkContext._gateway
            if gateway is not None:
                # the JVM launched for this session exits when its stdin closes
                gateway.shutdown()
                process = getattr(gateway, "proc", None)
                if process is not None:
                    process.stdin.close()
                    process.wait(timeout=60)
                SparkContext._gateway = None
                SparkContext._jvm = None


def test_schedule_on_spark_equals_one_process(
    spark: Any, invoices: pd.DataFrame, expected: pd.DataFrame
) -> None:
    schema = frames.spark_schema("schedule", keep={"invoice_id": "string"}, tiers=TIERS)
    source = spark.createDataFrame(invoices, schema=SPARK_INPUT)
    # two partitions of 50,000 rows, each reaching the function as Arrow batches of 10,000 rows
    assert source.rdd.getNumPartitions() == 2
    result = source.mapInPandas(frames.partition_function("schedule", **OPTIONS), schema=schema)
    assert result.columns == list(expected.columns), "spark_schema and schedule's columns differ"
    # collected as Arrow (date32 -> datetime.date, decimal128 -> Decimal): pyspark's own toPandas
    # trips over pandas 3 deprecations (Pandas4Warning "The copy keyword is deprecated")
    got = result.toArrow().to_pandas() if hasattr(result, "toArrow") else result.toPandas()
    assert_same_rows(got, expected, "Spark")


# --- Dask ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("convert_string", "size"),
    [
        pytest.param(False, N_INVOICES, id="objects"),
        # Dask's default: object columns become strings, so the amounts arrive as "1234.50"
        pytest.param(True, 25_000, id="dask-default-strings"),
    ],
)
def test_schedule_on_dask_equals_one_process(
    invoices: pd.DataFrame, expected: pd.DataFrame, *, convert_string: bool, size: int
) -> None:
    dask = pytest.importorskip("dask", reason="dask is not installed (it is in the test extra)")
    dd = pytest.importorskip("dask.dataframe")
    meta = frames.schedule(invoices.head(0), **OPTIONS)
    assert list(meta.columns) == list(expected.columns)
    assert [str(t) for t in meta.dtypes] == [str(t) for t in expected.dtypes]
    with dask.config.set({"dataframe.convert-string": convert_string}):
        source = dd.from_pandas(invoices.head(size), npartitions=4)
        assert source.npartitions == 4
        result = source.map_partitions(frames.schedule, **OPTIONS, meta=meta)
        got = result.compute(scheduler="threads")
    # in one process `row` is the input position: the first `size` invoices
    assert_same_rows(got, expected[expected["row"] < size], "Dask")
