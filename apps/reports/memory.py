"""Pausing Python's cycle collector around a bounded burst of allocation.

Checking a report or laying out its PDF builds tens of thousands (PDF: millions) of small objects that live until
the work ends. Each of them counts towards the collector's thresholds, so the collector runs again and again during
the work, and its full passes walk every object of the process (Django's included): on a 500-项 report that is half
the time of a check (measured in one process: 175 ms with the collector, 85 ms without). Objects freed by reference
counting are freed as usual while paused; only reference cycles wait until the collector runs again after the work,
and that run then walks everything they hold. So the work itself must not make cycles (a nested function that calls
itself is one: it kept every computed table of a check alive; `test_a_check_leaves_no_reference_cycles_of_ours`).
"""
import gc
from contextlib import contextmanager


@contextmanager
def collector_paused(collect_first: bool = False):
    """Run the block with the cycle collector off (`collect_first`: collect once before, for a long block that
    should start from a clean heap; a full collection costs ~70 ms in a loaded process). Nested use is harmless:
    only the outermost block turns the collector back on."""
    was_enabled = gc.isenabled()
    if collect_first:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
