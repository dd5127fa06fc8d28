"""The collector pause of bulk runs (budget book load, frames inventory review) restores its state."""

from __future__ import annotations

import gc

import pytest

from spendrules._collector import paused


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_pauses_the_collector_and_leaves_it_as_found(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_restored_when_the_run_raises() -> None:
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), paused():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()
