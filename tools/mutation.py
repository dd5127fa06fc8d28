"""Mutation testing of one spendrules module with mutmut 3 (run by hand, not in CI).

Usage::

    python tools/mutation.py money                 # src/spendrules/money.py
    python tools/mutation.py schedule              # src/spendrules/_terms/schedule.py
    python tools/mutation.py schedule --survivors  # after adding tests: re-run the survivors
    python tools/mutation.py money --report-only   # print the figures of the last run again
    python tools/mutation.py budget_engine --max-children 2    # src/spendrules/_budget/engine.py
    python tools/mutation.py budget_evaluate --max-children 2  # src/spendrules/_budget/evaluate.py

Each module runs in its own working copy, ``mutants/<module>/`` (git-ignored):
the script copies ``src/`` and ``tests/`` there, writes a ``pyproject.toml``
holding the ``[tool.mutmut]`` options of that module (only that file is
mutated, only its focused tests run) and a plain pytest configuration (no
coverage threshold, no doctests), then runs ``mutmut run`` inside it. The
repository's own ``pyproject.toml`` is neither read by mutmut nor changed.
Add a module by adding a :class:`Target` to ``TARGETS``.

Hypothesis runs derandomised (its ``ci`` profile), so a mutant is killed or
not the same way on every run.

Afterwards the script prints killed / survived / total and the score, then
compares every mutant that was not killed with the equivalents listed in
``tools/mutation_equivalent.toml`` (matched by function and by the changed
source lines, never by mutmut's number, which changes between runs). It exits
with 1 when a mutant that was not killed is not listed there, or when a listed
equivalent matches no surviving mutant (it was killed after all, or the code
changed: the list must stay true); with 0 otherwise.

Options:

``--max-children N``
    Mutants run in parallel (default 1).
``--survivors``
    Keep the last run and re-run only its mutants that were not killed, with
    the current tests (mutmut never re-runs a mutant on its own because a test
    changed). A fresh run (the default) starts from nothing.
``--resume``
    Keep the last run and its cached results; run only mutants with no result
    yet (an interrupted run, or functions whose source changed).
``--deselect TEST_ID``
    Leave out a test that fails on the unmutated code (mutmut refuses to start
    unless the selected tests pass), e.g. while other work is in progress.
``--report-only``
    Do not run mutmut; report the last run again.
"""

# ruff: noqa: T201, PLC0415 - a command-line tool: it prints; mutmut is imported only when needed

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation_equivalent.toml"


@dataclass(frozen=True)
class Target:
    """One module under mutation and the tests that exercise it."""

    path: str  # relative to the repository root
    tests: tuple[str, ...]  # test files (relative to the root) run against the mutants
    target: float  # the score the project aims for (killed / total)
    #: Test ids left out, each with the reason (mutmut runs pytest several times in one process).
    deselect: tuple[tuple[str, str], ...] = ()
    #: A pytest ``-k`` expression narrowing the test files (e.g. leaving out slow properties).
    keyword: str = ""


#: The budget engine's example tests. Their hypothesis properties (every ``@given`` test of
#: these files, named in ``_BUDGET_KEYWORD``) are left out: together they take about 60 s a
#: run, so each surviving mutant would cost that much; the examples of
#: tests/test_mutants_budget_*.py kill what only a property caught.
_BUDGET_TESTS = (
    "tests/test_budget_funds.py",
    "tests/test_budget_book.py",
    "tests/test_budget_ladders.py",
    "tests/test_budget_linear_days.py",
    "tests/test_budget_decision.py",
)
_BUDGET_PROPERTIES = (
    # tests/test_budget_funds.py
    "test_periods_tile_the_fiscal_year",
    "test_phasing_sums_exactly",
    "test_the_figures_of_a_line_add_up_to_the_cent",
    "test_adding_consumption_never_turns_a_block_into_a_pass",
    "test_a_reduction_never_blocks",
    "test_splitting_a_line_on_the_same_key_gives_the_same_decision",
    "test_future_postings_never_change_a_period_to_date_check",
    "test_headroom_passes_and_one_minor_unit_more_does_not",
    "test_inputs_round_trip_through_json",
    "test_headroom_edge_holds_for_any_line_of_any_request",
    "test_relieve_properties",
    "test_checking_a_follow_on_equals_checking_it_against_the_relieved_ledger",
    "test_not_rechecking_follow_ons_only_lifts_blocks_within_a_commitment",
    "test_a_check_that_does_not_block_carries_no_error_reason",
    # tests/test_budget_book.py
    "test_a_book_checks_as_check_budget_and_a_check_changes_nothing",
    "test_the_fast_decision_of_a_common_request_is_the_checked_one",
    "test_posting_after_opening_equals_checking_the_whole_ledger_in_any_order",
    "test_reserving_in_order_equals_what_if",
    "test_a_snapshot_rebuilds_the_same_book",
    # tests/test_budget_decision.py
    "test_only_funds_can_block",
)
_BUDGET_KEYWORD = " and ".join(f"not {name}" for name in _BUDGET_PROPERTIES)

TARGETS: dict[str, Target] = {
    "money": Target(
        path="src/spendrules/money.py",
        tests=("tests/test_money.py", "tests/test_mutants_money.py"),
        target=0.95,
        deselect=(
            (
                "tests/test_money.py::test_allocate_refuses_bad_weights[generator shown whole]",
                "its parameter is one iterator made at import; mutmut's second pytest run in the "
                "same process finds it exhausted (tests/test_mutants_money.py makes a fresh one)",
            ),
        ),
    ),
    "schedule": Target(
        path="src/spendrules/_terms/schedule.py",
        # test_payment_terms_properties.py is left out: its properties take 30 s per run, so
        # each surviving mutant would cost that much (931 mutants: hours); the examples in
        # tests/test_mutants_schedule.py kill what only a property caught.
        tests=("tests/test_payment_terms.py", "tests/test_mutants_schedule.py"),
        target=0.90,
    ),
    # The amounts and the lines of a schedule, split from _terms/schedule.py: the same tests.
    "schedule_amounts": Target(
        path="src/spendrules/_terms/schedule_amounts.py",
        tests=("tests/test_payment_terms.py", "tests/test_mutants_schedule.py"),
        target=0.90,
    ),
    "schedule_lines": Target(
        path="src/spendrules/_terms/schedule_lines.py",
        tests=("tests/test_payment_terms.py", "tests/test_mutants_schedule.py"),
        target=0.90,
    ),
    "budget_engine": Target(
        path="src/spendrules/_budget/engine.py",
        tests=(*_BUDGET_TESTS, "tests/test_mutants_budget_engine.py"),
        target=0.90,
        keyword=_BUDGET_KEYWORD,
    ),
    "budget_evaluate": Target(
        path="src/spendrules/_budget/evaluate.py",
        tests=(*_BUDGET_TESTS, "tests/test_mutants_budget_evaluate.py"),
        target=0.90,
        keyword=_BUDGET_KEYWORD,
    ),
}

#: mutmut exit codes (``mutmut.stats.status_by_exit_code``) that mean the tests noticed the mutant.
DETECTED = {"killed", "timeout", "segfault"}

PYPROJECT = """\
# Written by tools/mutation.py for one mutation run; not the project's configuration.
[tool.mutmut]
source_paths = ["src"]
only_mutate = [{only_mutate}]
also_copy = []
pytest_add_cli_args = {pytest_args}
pytest_add_cli_args_test_selection = {tests}
use_git_change_detection = false

[tool.pytest]
minversion = "9.0"
strict = true
addopts = ["--import-mode=importlib"]
pythonpath = ["tests"]
filterwarnings = ["error"]
"""


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def prepare(name: str, target: Target, work: Path, *, resume: bool, deselect: list[str]) -> None:
    """Create (or refresh) the working copy ``work`` for ``target``."""
    if work.exists() and not resume:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.pyc")
    src = work / "src"
    if src.exists():
        shutil.rmtree(src)
    # copy2 keeps modification times: mutmut regenerates a mutated file only when the source is newer.
    shutil.copytree(ROOT / "src", src, ignore=ignore, copy_function=shutil.copy2)
    mutated_src = work / "mutants" / "src"
    if mutated_src.exists():
        # mutmut copies the sources into mutants/ only once: refresh every file but the mutated
        # one, which mutmut regenerates itself when its source is newer.
        for source in src.rglob("*"):
            copy = mutated_src / source.relative_to(src)
            if source.is_dir() or source == work / target.path:
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
    tests = work / "tests"
    if tests.exists():
        shutil.rmtree(tests)
    shutil.copytree(ROOT / "tests", tests, ignore=ignore, copy_function=shutil.copy2)
    missing = [t for t in target.tests if not (ROOT / t).exists()]
    if missing:
        raise SystemExit(f"{name}: test files not found: {', '.join(missing)}")
    pytest_args = ["-p", "no:cacheprovider", "--hypothesis-profile=ci"]
    for test_id in [*(test_id for test_id, _reason in target.deselect), *deselect]:
        pytest_args += ["--deselect", test_id]
    if target.keyword:
        pytest_args += ["-k", target.keyword]
    (work / "pyproject.toml").write_text(
        PYPROJECT.format(
            only_mutate=json.dumps(target.path),
            pytest_args=_toml_list(pytest_args),
            tests=_toml_list(list(target.tests)),
        ),
        encoding="utf-8",
    )


def run_mutmut(work: Path, max_children: int, mutants: list[str]) -> None:
    """Run ``mutmut run`` (on ``mutants`` only, if given) in ``work``; output in ``work/mutmut.log``."""
    mutmut = Path(sys.executable).with_name("mutmut")
    command = [
        str(mutmut) if mutmut.exists() else "mutmut",
        "run",
        f"--max-children={max_children}",
        *mutants,
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CI", None)  # the pytest args choose the hypothesis profile
    log = work / "mutmut.log"
    shown = " ".join(command[:3]) + (f" <{len(mutants)} mutants>" if mutants else "")
    print(f"running {shown} in {work} (log: {log})", flush=True)
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.call(command, cwd=work, stdout=out, stderr=subprocess.STDOUT, env=env)  # noqa: S603
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail))
        raise SystemExit(f"mutmut run failed with exit code {code}")


def results(work: Path, target: Target) -> dict[str, str]:
    """Return ``{mutant name: status}`` from mutmut's meta file of ``target``."""
    from mutmut.stats import status_by_exit_code

    meta = work / "mutants" / (target.path + ".meta")
    data = json.loads(meta.read_text(encoding="utf-8"))
    return {key: status_by_exit_code[code] for key, code in data["exit_code_by_key"].items()}


def function_of(mutant: str) -> str:
    """``spendrules.money.x_allocate__mutmut_3`` -> ``allocate``; methods give ``Class.method``."""
    mangled = mutant.partition("__mutmut_")[0].rpartition(".")[2]
    if "ǁ" in mangled:
        _, cls, method = mangled.split("ǁ")
        return f"{cls}.{method}"
    return mangled.removeprefix("x_")


def change_of(work: Path, mutant: str, path: str) -> tuple[str, str]:
    """Return the (original, mutated) source lines of ``mutant``, stripped, joined by newlines."""
    previous = Path.cwd()
    os.chdir(work)
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant

        diff = get_diff_for_mutant(mutant, path=path)
    finally:
        os.chdir(previous)
    removed, added = [], []
    for line in diff.splitlines()[2:]:
        if line.startswith("-"):
            removed.append(line[1:].strip())
        elif line.startswith("+"):
            added.append(line[1:].strip())
    return "\n".join(removed), "\n".join(added)


def _normal(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines())


def load_equivalents(name: str) -> list[dict[str, str]]:
    if not EQUIVALENTS.exists():
        return []
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    entries: list[dict[str, str]] = data.get(name, [])
    for entry in entries:
        for key in ("function", "original", "mutated", "reason"):
            if not entry.get(key, "").strip():
                raise SystemExit(f"{EQUIVALENTS.name}: a [[{name}]] entry has no {key}: {entry}")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", choices=sorted(TARGETS))
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1)")
    parser.add_argument("--resume", action="store_true", help="keep mutmut's cached results")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="keep the last run and re-run only its mutants that were not killed, "
        "with the current tests (after adding tests)",
    )
    parser.add_argument(
        "--deselect",
        action="append",
        default=[],
        metavar="TEST_ID",
        help="leave out a test that fails on the unmutated code (mutmut needs a green run)",
    )
    parser.add_argument(
        "--report-only", action="store_true", help="do not run mutmut; report the last run"
    )
    args = parser.parse_args(argv)
    target = TARGETS[args.module]
    work = ROOT / "mutants" / args.module
    if not args.report_only:
        again: list[str] = []
        if args.survivors:
            again = sorted(m for m, s in results(work, target).items() if s not in DETECTED)
            if not again:
                print("no surviving mutant to run again")
        prepare(
            args.module,
            target,
            work,
            resume=args.resume or args.survivors,
            deselect=args.deselect,
        )
        if again or not args.survivors:
            run_mutmut(work, args.max_children, again)

    status = results(work, target)
    total = len(status)
    detected = sorted(m for m, s in status.items() if s in DETECTED)
    escaped = sorted(m for m, s in status.items() if s not in DETECTED)
    equivalents = load_equivalents(args.module)
    used = [False] * len(equivalents)
    unlisted: list[tuple[str, str, str, str]] = []
    listed: list[tuple[str, str]] = []
    for mutant in escaped:
        function = function_of(mutant)
        original, mutated = change_of(work, mutant, target.path)
        for index, entry in enumerate(equivalents):
            if (
                entry["function"] == function
                and _normal(entry["original"]) == original
                and _normal(entry["mutated"]) == mutated
            ):
                used[index] = True
                listed.append((mutant, entry["reason"].strip()))
                break
        else:
            unlisted.append((mutant, status[mutant], original, mutated))

    killed = len(detected)
    equivalent = len(listed)
    print()
    print(f"module      {target.path}")
    print(f"tests       {' '.join(target.tests)}")
    counts = {s: list(status.values()).count(s) for s in sorted(set(status.values()))}
    print(f"statuses    {counts}")
    print(f"killed      {killed}")
    print(f"survived    {len(escaped)} ({equivalent} listed as equivalent, {len(unlisted)} not)")
    print(f"total       {total}")
    if total:
        print(f"score       {killed}/{total} = {killed / total:.1%} (target {target.target:.0%})")
        if total > equivalent:
            print(
                f"score excluding equivalents {killed}/{total - equivalent} = "
                f"{killed / (total - equivalent):.1%}"
            )
    for mutant, reason in listed:
        print(f"\nequivalent {mutant}: {reason.splitlines()[0]}")
    stale = [e for e, u in zip(equivalents, used, strict=True) if not u]
    for entry in stale:
        print(f"\nlisted equivalent matches no surviving mutant: {entry['function']}:")
        print(f"  - {entry['original']}\n  + {entry['mutated']}")
    for mutant, state, original, mutated in unlisted:
        print(f"\nNOT LISTED {mutant} ({state})\n  - {original}\n  + {mutated}")
    return 1 if unlisted or stale else 0


if __name__ == "__main__":
    sys.exit(main())
