"""``spendrules demo TOPIC`` runs one family; a closed pipe ends the command quietly."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from spendrules import cli

FAMILY_TITLES = {
    name: importlib.import_module(name).TITLE
    for name in (
        "spendrules.cli._payment_terms",
        "spendrules.cli._savings",
        "spendrules.cli._inventory",
        "spendrules.cli._budget",
        "spendrules.cli._interop",
        "spendrules.cli._policy",
    )
}

TOPICS = {
    "payment-terms": {"spendrules.cli._payment_terms"},
    "savings": {"spendrules.cli._savings"},
    "inventory": {"spendrules.cli._inventory"},
    "budget": {"spendrules.cli._budget"},
    "interop": {"spendrules.cli._interop"},
    "policy": {"spendrules.cli._policy"},
    "scorecard": set(),
}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_demo_topic_shows_its_family_only(
    topic: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", topic, "--out-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "== Foundation ==" not in out
    for name, title in FAMILY_TITLES.items():
        assert (f"== {title} ==" in out) == (name in TOPICS[topic]), (topic, title)
    assert ("== Scorecard ==" in out) == (topic == "scorecard")
    assert (tmp_path / "scorecard.html").exists() == (topic == "scorecard")


def test_demo_refuses_an_unknown_topic(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["demo", "taxes"])
    assert info.value.code == 2
    assert "invalid choice: 'taxes'" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``spendrules demo | head``: the reader stops; no 'Broken pipe' error, status 0."""

    def closed(*_args: Any) -> str:
        raise BrokenPipeError(32, "Broken pipe")

    class Stdout:
        def fileno(self) -> int:
            return 1

    moved: list[tuple[int, int]] = []
    monkeypatch.setattr(importlib.import_module("spendrules.cli._savings"), "demo", closed)
    monkeypatch.setattr(cli.sys, "stdout", Stdout())
    monkeypatch.setattr(cli.os, "open", lambda *_args: 99)
    monkeypatch.setattr(cli.os, "dup2", lambda old, new: moved.append((old, new)))
    assert cli.main(["demo", "savings"]) == 0
    assert moved == [(99, 1)]  # standard output now points at /dev/null
    assert capsys.readouterr().err == ""
