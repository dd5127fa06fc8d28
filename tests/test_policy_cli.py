"""``spendrules policy validate`` and ``spendrules policy diff`` (issue 18 item 4)."""

from __future__ import annotations

import json
import pathlib

import pytest

from spendrules.cli import main
from spendrules.policy import example_text, loads

EXAMPLE = example_text()
SIGNED = loads(EXAMPLE).fingerprint


@pytest.fixture
def files(tmp_path: pathlib.Path) -> dict[str, pathlib.Path]:
    old = tmp_path / "policy_2027_1.toml"
    old.write_text(EXAMPLE, encoding="utf-8")
    new = tmp_path / "policy_2027_2.toml"
    changed = EXAMPLE.replace('version = "2027.1"', 'version = "2027.2"')
    new.write_text(changed.replace('"net 60"', '"net 90"'), encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.replace("B = 0.95", "B = 1.2"), encoding="utf-8")
    return {"old": old, "new": new, "bad": bad}


def test_validate_prints_fingerprint_and_sign_offs(
    files: dict[str, pathlib.Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "validate", str(files["old"])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{files['old']}: valid"
    assert "  name: Group finance and procurement policy" in out
    assert "  version: 2027.1 (effective 2027-01-01 to 2027-12-31)" in out
    assert f"  fingerprint: {SIGNED}" in out
    assert "  finance: current (Group controller, 2026-12-01)" in out
    assert "  procurement: current (Chief procurement officer, 2026-12-03)" in out
    assert out[-1] == "  agreed: yes"


def test_validate_shows_stale_sign_offs_after_a_change(
    files: dict[str, pathlib.Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "validate", str(files["new"])]) == 0
    out = capsys.readouterr().out
    assert "  finance: stale (Group controller, 2026-12-01)" in out
    assert out.rstrip().endswith("agreed: no")


def test_validate_json(files: dict[str, pathlib.Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "validate", "--json", str(files["old"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["valid"], data["agreed"], data["fingerprint"]) == (True, True, SIGNED)
    assert [r["status"] for r in data["roles"]] == ["current", "current"]


def test_validate_a_bad_file_is_one_line_with_key_and_line(
    files: dict[str, pathlib.Path], capsys: pytest.CaptureFixture[str]
) -> None:
    line = EXAMPLE.splitlines().index("B = 0.95") + 1
    assert main(["policy", "validate", str(files["bad"])]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"spendrules: error: {files['bad']}, line {line}: inventory.service_levels.B must be a "
        "fraction strictly between 0 and 1 (0.95): Decimal('1.2')\n"
    )
    assert main(["policy", "validate", "--json", str(files["bad"])]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert (data["error"]["key"], data["error"]["line"]) == ("inventory.service_levels.B", line)


def test_validate_a_missing_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "validate", str(tmp_path / "none.toml")]) == 2
    assert "No such file" in capsys.readouterr().err


def test_diff_side_by_side(
    files: dict[str, pathlib.Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "diff", str(files["old"]), str(files["new"])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{files['old']} (2027.1, {SIGNED})"
    assert out[2:] == [
        '  policy.version                "2027.1"  ->  "2027.2"',
        '  payment_terms.standard_terms  "net 60"  ->  "net 90"',
    ]


def test_diff_same_and_sections(
    files: dict[str, pathlib.Path], tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "diff", str(files["old"]), str(files["old"])]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "  no setting differs"
    cut = tmp_path / "no_kpis.toml"
    cut.write_text(EXAMPLE[: EXAMPLE.index("[kpis.")], encoding="utf-8")
    assert main(["policy", "diff", str(cut), str(files["old"])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == "  section added: [kpis]"
    assert main(["policy", "diff", str(files["old"]), str(cut)]) == 0
    assert capsys.readouterr().out.splitlines()[2] == "  section removed: [kpis]"


def test_diff_json(files: dict[str, pathlib.Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "diff", "--json", str(files["old"]), str(files["new"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["same"] is False
    assert data["changes"][1] == {
        "key": "payment_terms.standard_terms",
        "old": '"net 60"',
        "new": '"net 90"',
    }


def test_policy_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["policy"])
    assert caught.value.code == 2
    assert "ACTION" in capsys.readouterr().err
