"""Benchmark: score and rank a synthetic national cohort (``make bench``).

10,600 communes (vn-2392-xa) and 705 districts (vn-2392-huyen), both sections each; random but
seeded answers. Prints the time of each step, units per second and the ratio to the 1-second
target. Runs on one core (a single process).

``python -m chiso.bench results [--units 300,1000,3321]``: the results of one campaign at
national scale on a database (``chiso/bench_results.py``). ``python -m chiso.bench autosave
[--saves 200]``: the autosave beside a bare Django view (``chiso/bench_autosave.py``), which
``make bench`` also runs after the scoring.
"""

from __future__ import annotations

import random
import sys
import time
from fractions import Fraction

from chiso.scoring import Framework, UnitAnswers, rank, score_cohort, shipped_registry
from chiso.scoring.model import InputKind
from chiso.scoring.rules import Choice

COMMUNES = 10_600
DISTRICTS = 705
TARGET_SECONDS = 1.0


def synthetic_answers(framework: Framework, rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for criterion in framework.leaves():
        if criterion.input is None:
            continue
        kind = criterion.input.kind
        if kind is InputKind.RATIO:
            denominator = rng.randint(1, 120)
            answers[criterion.code] = [rng.randint(denominator // 2, denominator), denominator]
        elif kind is InputKind.PERCENTAGE:
            answers[criterion.code] = rng.randint(0, 100)
        elif kind is InputKind.COUNT:
            answers[criterion.code] = rng.randint(0, 10)
        elif kind is InputKind.NUMBER:
            answers[criterion.code] = str(rng.randint(0, 300) / 10)
        elif kind is InputKind.BOOLEAN:
            answers[criterion.code] = rng.random() < 0.8
        elif kind is InputKind.CHOICE:
            if isinstance(criterion.rule, Choice):
                answers[criterion.code] = rng.choice(criterion.rule.options).value
        elif kind is InputKind.DOCUMENT:
            answers[criterion.code] = {
                "number": f"{rng.randint(1, 300)}/KH-UBND",
                "date": "2019-02-01",
                "issuer": "UBND",
            }
        elif kind is InputKind.DATE:
            answers[criterion.code] = "2019-02-01"
        elif kind is InputKind.POINTS:
            answers[criterion.code] = Fraction(rng.randint(0, 100), 100) * criterion.max_points
    return answers


def main() -> None:
    rng = random.Random(2392)  # noqa: S311 - seeded synthetic data, not security
    registry = shipped_registry()
    cohorts = [
        (registry.get("vn-2392-xa"), COMMUNES, "xã"),
        (registry.get("vn-2392-huyen"), DISTRICTS, "huyện"),
    ]
    prepared = [
        (fw, [UnitAnswers(f"{label}-{i}", synthetic_answers(fw, rng)) for i in range(n)], label)
        for fw, n, label in cohorts
    ]
    total_units = sum(len(units) for _, units, _ in prepared)
    started = time.perf_counter()
    for framework, units, _label in prepared:
        t0 = time.perf_counter()
        scores = score_cohort(framework, units)
        t1 = time.perf_counter()
        ranking = rank(framework, scores)
        t2 = time.perf_counter()
        ranked = {s.section.code: len(s.ranked) for s in ranking.sections}
        print(
            f"{framework.code:<14} {len(units):>6} đơn vị: chấm {t1 - t0:6.3f} s,"
            f" xếp hạng {t2 - t1:6.3f} s, được xếp hạng {ranked}"
        )
    elapsed = time.perf_counter() - started
    print(
        f"Tổng: {total_units} đơn vị × 2 hạng mục trong {elapsed:.3f} s"
        f" = {total_units / elapsed:,.0f} đơn vị/s;"
        f" {elapsed / TARGET_SECONDS:.2f}× mục tiêu {TARGET_SECONDS:.0f} s"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["results"]:
        from chiso.bench_results import main as results_main

        results_main(sys.argv[2:])
    elif sys.argv[1:2] == ["notices"]:
        from chiso.bench_notices import main as notices_main

        notices_main(sys.argv[2:])
    elif sys.argv[1:2] == ["autosave"]:
        from chiso.bench_autosave import main as autosave_main

        autosave_main(sys.argv[2:])
    else:
        main()
        # The autosave beside a bare Django view on the same stack (chiso/bench_autosave.py).
        from chiso.bench_autosave import main as autosave_main

        autosave_main([])
