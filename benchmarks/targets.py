"""The benchmarks' targets: each median printed beside its target, and whether it misses it by more than the
tolerance (the benchmark then exits non-zero, so that a slower change is seen)."""
import statistics
import time
from decimal import Decimal

TOLERANCE = 0.20  # a median up to 20 % over its target is noise on a shared 2-core machine, beyond is a regression


class Targets:
    """Collects the verdicts of one benchmark run; `exit_code` is 1 when any median missed by more than TOLERANCE."""

    def __init__(self):
        self.missed: list[str] = []
        print(f"machine: the reference workload takes {reference_workload_ms():.0f} ms (the machine's speed varies "
              "from day to day: compare the figures of different runs in proportion to it)")

    def judge(self, label: str, median: float, target: float, unit: str = "ms") -> str:
        """`median` against `target` (same unit) as printed: “target 10 ms: met” or “… missed by 57 %”."""
        ratio = median / target - 1
        if ratio <= 0:
            verdict = "met"
        elif ratio <= TOLERANCE:
            verdict = f"over by {ratio:.0%} (within the {TOLERANCE:.0%} tolerance)"
        else:
            verdict = f"MISSED by {ratio:.0%}"
            self.missed.append(label)
        return f"target {target:g} {unit}: {verdict}"

    @property
    def exit_code(self) -> int:
        if self.missed:
            print(f"targets missed by more than {TOLERANCE:.0%}: {', '.join(self.missed)}")
        return 1 if self.missed else 0


def reference_workload_ms(runs: int = 5) -> float:
    """The median time of a fixed piece of pure Python like a check's (small tuples, dict entries, Decimal sums),
    printed before the figures: it moves with the machine's speed of the day, and only with it."""
    def work():
        cells, total = {}, Decimal(0)
        for i in range(100_000):
            cells[(str(i % 97), i)] = Decimal(i) / 100
            total += cells[(str(i % 97), i)]
        return total

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
