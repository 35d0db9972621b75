"""How well and how fast the identifying-details check works.

Run: `python -m bench.deidentify [--runs N]`.

Quality: recall on the items that identify a student and the false-alarm rate
on the clean ones, per language and per category, on the hand-labelled corpus
under tests/bot/text/deidentify_corpus (the tuned half and the held-out half, also
shown apart). An identifying item counts as caught only when every span it
names (the student's name, the ID, the phone...) lies in a finding; a clean
item is a false alarm when anything at all is flagged.

Speed (CPU time of this process, so that other work on a shared machine does
not count; wall clock shown too): what the check adds to a 5,000-character
case, as `/case submit` runs it (`find_in_parts` over the six free-text
parts, a second pass when a name
was found), on cases assembled from the corpus; against the baseline of the
same run, tokenising and case-folding the same text (the least any word-level
check must do). Loading the gazetteer (once per process, at start) is shown
apart.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import defaultdict

from bot.text.deidentify import Finding, find_identifying_details, find_in_parts
from bot.text.gazetteer import fold, lexicon
from tests.bot.text.deidentify_corpus import FILES, Item, load_file

PARTS = ("title", "context", "problem", "tried", "evidence", "question")
CASE_LENGTH = 5000


def caught(item: Item, found: list[Finding]) -> bool:
    for must in item.must:
        at = item.text.find(must)
        if at < 0:
            raise ValueError(f"line {item.line}: {must!r} is not in its text")
        if not any(f.start < at + len(must) and at < f.end for f in found):
            return False
    return True


def quality() -> None:
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for language, names in FILES.items():
        for name in names:
            half = "held out" if name.endswith("holdout") else "tuned"
            for item in load_file(name, language):
                found = find_identifying_details(item.text)
                keys = [(language, "all"), (language, item.category), (language, half)]
                for key in keys:
                    row = rows[key]  # caught, identifying, false alarms, clean
                    if item.identifying:
                        row[0] += caught(item, found)
                        row[1] += 1
                    else:
                        row[2] += bool(found)
                        row[3] += 1
    print(f"{'language':8} {'category':14} {'recall':>16} {'false alarms':>16}")
    for (language, category), (hit, ident, alarms, clean) in sorted(rows.items()):
        recall = f"{100 * hit / ident:5.1f}% ({hit}/{ident})" if ident else "-"
        false = f"{100 * alarms / clean:5.1f}% ({alarms}/{clean})" if clean else "-"
        print(f"{language:8} {category:14} {recall:>16} {false:>16}")


def _case(rng: random.Random, items: list[Item]) -> dict[str, str]:
    parts = dict.fromkeys(PARTS, "")
    total = 0
    while total < CASE_LENGTH:
        part = rng.choice(PARTS[1:])
        text = rng.choice(items).text
        parts[part] = (parts[part] + " " + text).strip()
        total += len(text) + 1
    return parts


_WORD = re.compile(r"\w+")


def _baseline(parts: dict[str, str]) -> None:
    for text in parts.values():
        [fold(word) for word in _WORD.findall(text)]


def speed(runs: int, load: float) -> None:
    rng = random.Random(14)
    items = [i for language, names in FILES.items() for n in names for i in load_file(n, language)]
    cases = [_case(rng, items) for _ in range(runs)]
    checked, baseline, wall = [], [], []
    for parts in cases:
        w0, t0 = time.perf_counter(), time.process_time()
        find_in_parts(parts)
        w1, t1 = time.perf_counter(), time.process_time()
        _baseline(parts)
        t2 = time.process_time()
        checked.append((t1 - t0) * 1000)
        wall.append((w1 - w0) * 1000)
        baseline.append((t2 - t1) * 1000)
    length = statistics.mean(sum(len(v) for v in p.values()) for p in cases)

    def line(label: str, times: list[float]) -> str:
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        return f"{label:36} p50 {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms"

    print(f"\n{runs} cases of {length:,.0f} characters, six parts each (CPU time of this process)")
    print(line("tokenise and fold (baseline)", baseline))
    print(line("find_in_parts (the check)", checked))
    print(line("find_in_parts, wall clock", wall))
    ratio = statistics.median(checked) / max(statistics.median(baseline), 1e-9)
    print(f"{'ratio check / baseline (p50)':36} {ratio:6.1f}x")
    print(f"{'loading the gazetteer (once)':36} {load * 1000:6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    start = time.perf_counter()
    lexicon()
    load = time.perf_counter() - start
    quality()
    speed(args.runs, load)


if __name__ == "__main__":
    main()
