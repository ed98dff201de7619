"""Precision and recall of the duplicate detector on the labelled pairs (pairs.py), at the threshold
it uses and at its neighbours, overall and by kind of pair. `make duplicates-eval` runs it."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import pairs  # noqa: E402

from xiuhua_intake.similar.domain import THRESHOLD, Report, score  # noqa: E402


def measure(threshold: float, scored: list[tuple[float, bool, str]]) -> tuple[float, float, Counter]:
    said = [(s >= threshold, same, kind) for s, same, kind in scored]
    tp = sum(1 for d, same, _ in said if d and same)
    fp = sum(1 for d, same, _ in said if d and not same)
    fn = sum(1 for d, same, _ in said if not d and same)
    wrong = Counter(kind for d, same, kind in said if d != same)
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), wrong


def main() -> None:
    labelled = pairs()
    scored = [(score(Report(**p.a), Report(**p.b)), p.same, p.kind) for p in labelled]
    kinds = Counter(kind for _, _, kind in scored)
    print(f"{len(labelled)} labelled pairs: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print("threshold  precision  recall  wrong by kind")
    for threshold in sorted({0.3, 0.35, THRESHOLD, 0.45, 0.5, 0.6}):
        precision, recall, wrong = measure(threshold, scored)
        mark = "  <- used" if threshold == THRESHOLD else ""
        print(f"{threshold:9.2f}  {precision:9.3f}  {recall:6.3f}  {dict(wrong) or '-'}{mark}")


if __name__ == "__main__":
    main()
