"""The nightly CLI batch recipe (docs/recipes/nightly_batch.md) runs as written, and is right.

The page's two bash blocks (the night's exports, then the job) run in a temporary folder with
the installed ``spendrules`` command first on PATH. Every output row is checked against the
scalar rule called here on the same record: `schedule` for the invoices, `check_budget` for
the requests; the review list must name exactly the bad invoice and the held request.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from spendrules.budget import Budget, ControlPolicy, LedgerEntry, SpendRequest, check_budget
from spendrules.errors import ParseError
from spendrules.payment_terms import parse_terms, schedule
from spendrules.serialization import parse_iso_date, structure

PAGE = Path(__file__).resolve().parent.parent / "docs" / "recipes" / "nightly_batch.md"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("awk") is None, reason="needs bash and awk"
)


def block(name: str) -> str:
    found = re.search(
        rf"^<!-- recipe: {re.escape(name)} -->\n```bash\n(.*?)^```$",
        PAGE.read_text(encoding="utf-8"),
        flags=re.MULTILINE | re.DOTALL,
    )
    assert found is not None, f"{PAGE}: no ```bash block after <!-- recipe: {name} -->"
    return found.group(1)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("nightly")
    (folder / "data.sh").write_text(block("nightly-data"), encoding="utf-8")
    (folder / "nightly.sh").write_text(block("nightly-job"), encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(["bash", "data.sh"], cwd=folder, check=True, env=env)  # noqa: S607
    done = subprocess.run(
        ["bash", "nightly.sh", "exports", "out"],  # noqa: S607
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return {"folder": folder, "done": done}


def test_the_job_logs_each_status_and_succeeds(night: dict[str, Any]) -> None:
    done = night["done"]
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "schedules: computed; some records failed (see the error_ columns)",
        "decisions: computed; some decisions are held for a person",
    ]


def test_every_schedule_row_is_the_scalar_rule(night: dict[str, Any]) -> None:
    folder = night["folder"]
    invoices = rows(folder / "exports" / "invoices.csv")
    out = rows(folder / "out" / "schedules.csv")
    assert [(r["line"], r["id"]) for r in out] == [
        (str(n), r["id"]) for n, r in enumerate(invoices, start=2)
    ]
    for invoice, row in zip(invoices, out, strict=True):
        try:
            terms = parse_terms(invoice["terms"])
        except ParseError as exc:
            assert (row["ok"], row["error_field"]) == ("false", "terms")
            assert row["error_constraint"] == exc.expected
            continue
        plan = schedule(
            terms,
            invoice_date=parse_iso_date(invoice["invoice_date"]),
            amount=Decimal(invoice["amount"]),
            currency=invoice["currency"],
        )
        assert row["ok"] == "true"
        assert Decimal(row["total"]) == plan.total
        assert row["installments"] == str(len(plan.lines))
        assert row["first_due_date"] == plan.lines[0].due_date.isoformat()
        assert row["last_due_date"] == plan.lines[-1].due_date.isoformat()
    # the published example: 2/10 net 30 on 1,000.00 from 15 March is due 14 April, 980.00 by 25 March
    first = out[0]
    assert (first["first_due_date"], first["payable_with_discounts"]) == ("2026-04-14", "980.00")


def _requests(path: Path) -> list[tuple[str, SpendRequest]]:
    """The requests of the export, built here: consecutive rows of one id are its lines."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in rows(path):
        grouped.setdefault(row["id"], []).append(row)
    requests = []
    for ident, lines in grouped.items():
        first = lines[0]
        data = {key: first[key] for key in ("reference", "date", "stage", "requester")}
        data["lines"] = [
            {
                "account": line["account"],
                "amount": line["amount"],
                "currency": line["currency"],
                "dimensions": [
                    [key.removeprefix("dimensions."), value]
                    for key, value in line.items()
                    if key.startswith("dimensions.") and value
                ],
            }
            for line in lines
        ]
        requests.append((ident, structure(data, SpendRequest)))
    return requests


def test_every_decision_row_is_the_scalar_rule(night: dict[str, Any]) -> None:
    folder = night["folder"]
    context = json.loads((folder / "exports" / "context.json").read_text(encoding="utf-8"))
    budgets = structure(context["budgets"], tuple[Budget, ...])
    ledger = structure(context["ledger"], tuple[LedgerEntry, ...])
    as_of = parse_iso_date(context["as_of"])
    out = rows(folder / "out" / "decisions.csv")
    requests = _requests(folder / "exports" / "requests.csv")
    assert [r["id"] for r in out] == [ident for ident, _ in requests]
    for (_, request), row in zip(requests, out, strict=True):
        checked = check_budget(
            request, budgets=budgets, ledger=ledger, as_of=as_of, policy=ControlPolicy()
        )
        assert row["decision"] == checked.decision.value
        assert row["this_request"] == str(sum(line.amount for line in request.lines))
    assert [r["decision"] for r in out] == ["pass", "blocked", "pass"]


def test_the_review_list_names_the_bad_invoice_and_the_held_request(night: dict[str, Any]) -> None:
    review = rows(night["folder"] / "out" / "for_review.csv")
    assert review == [
        {"file": "schedules.csv", "line": "4", "id": "INV-3", "what": "error"},
        {"file": "decisions.csv", "line": "3", "id": "R-2", "what": "blocked"},
    ]
