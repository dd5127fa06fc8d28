"""The cyclic garbage collector paused while a bulk run builds long-lived objects (private)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a run; its state is restored on exit.

    A bulk run (an opening ledger of a million entries, a review of 200,000 SKUs)
    allocates objects that all stay alive until it ends, so the collections it
    would trigger find nothing to free and only rescan a growing heap (a third of
    a budget book's load time at 1,000,000 entries). The collector is restored to
    the state it had, whatever happens; nested or concurrent runs leave it
    enabled if it was enabled before the first.

    Examples:
        >>> import gc
        >>> with paused():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
