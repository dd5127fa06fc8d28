"""The ``spendrules policy`` subcommand: validate and diff agreed policy files (private)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from spendrules.errors import PolicyFileError
from spendrules.policy import check_agreement, diff, example_text, load, loads
from spendrules.serialization import unstructure

__all__ = ["TITLE", "demo", "register"]

#: The demo section's title.
TITLE = "The agreed policy"


def demo() -> str:
    """Read the bundled example policy and show what it is, who signed it, and whether it holds."""
    policy = loads(example_text(), source="policy_example.toml")
    header = policy.header
    lines = [
        f"{header.name}, version {header.version}, effective from "
        f"{header.effective_from.isoformat()} (reference currency {header.reference_currency}).",
        f"Fingerprint {policy.fingerprint} (of every setting, not of the file's bytes).",
        check_agreement(policy).explain(),
    ]
    return "\n".join(lines)


def register(commands: Any) -> None:
    """Add ``spendrules policy validate`` and ``spendrules policy diff`` to ``commands``."""
    parser = commands.add_parser(
        "policy",
        help="validate an agreed policy file, or diff two versions",
        description=(
            "Work with the agreed policy file (TOML) that finance and procurement sign: "
            "check it and its sign-offs, or list every setting two versions differ in."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    validate = actions.add_parser(
        "validate",
        help="check a policy file; print its fingerprint and sign-off status",
        description=(
            "Read FILE; exit 0 and print name, version, fingerprint and each side's sign-off "
            "(current, stale or missing) when it is valid, else exit 2 with one line naming "
            "the line and key path at fault (with --json, that error as JSON on standard "
            "output)."
        ),
    )
    validate.add_argument("file", metavar="FILE", help="the policy file")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.set_defaults(func=_validate)
    changes = actions.add_parser(
        "diff",
        help="every setting that differs between two versions, side by side",
        description="List every setting that differs from OLD to NEW, and added or removed sections.",
    )
    changes.add_argument("old", metavar="OLD", help="the old policy file")
    changes.add_argument("new", metavar="NEW", help="the new policy file")
    changes.add_argument("--json", action="store_true", help="print JSON")
    changes.set_defaults(func=_diff)


def _validate(args: argparse.Namespace) -> int:
    try:
        policy = load(args.file)
    except PolicyFileError as err:
        if not args.json:
            raise
        problem = {"key": err.key, "line": err.line, "column": err.column}
        problem |= {"constraint": err.constraint, "message": str(err)}
        print(json.dumps({"valid": False, "error": problem}, indent=2, ensure_ascii=False))
        return 2
    agreement = check_agreement(policy)
    if args.json:
        data = {"valid": True, **unstructure(agreement)}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    header = policy.header
    until = "open-ended" if header.effective_to is None else str(header.effective_to)
    lines = [
        f"{args.file}: valid",
        f"  name: {header.name}",
        f"  version: {header.version} (effective {header.effective_from} to {until})",
        f"  fingerprint: {agreement.fingerprint}",
    ]
    for role in agreement.roles:
        signed = "" if role.by is None else f" ({role.by}, {role.on})"
        lines.append(f"  {role.role}: {role.status.value}{signed}")
    lines.append(f"  agreed: {'yes' if agreement.agreed else 'no'}")
    print("\n".join(lines))
    return 0


def _diff(args: argparse.Namespace) -> int:
    result = diff(load(args.old), load(args.new))
    if args.json:
        print(json.dumps(unstructure(result), indent=2, ensure_ascii=False))
        return 0
    lines = [
        f"{args.old} ({result.old_version}, {result.old_fingerprint})",
        f"{args.new} ({result.new_version}, {result.new_fingerprint})",
    ]
    lines += [f"  section added: [{name}]" for name in result.added_sections]
    lines += [f"  section removed: [{name}]" for name in result.removed_sections]
    if result.same:
        lines.append("  no setting differs")
    else:
        width = max(len(change.key) for change in result.changes)
        for change in result.changes:
            old = "(absent)" if change.old is None else change.old
            new = "(absent)" if change.new is None else change.new
            lines.append(f"  {change.key:<{width}}  {old}  ->  {new}")
    print("\n".join(lines))
    return 0
