#!/usr/bin/env python3
"""Reference values for fuzzprof compare's statistics, computed independently of it.

Writes reference.json beside this script: for each case two samples and what scipy and numpy
say of them. MannWhitneyTest (analyzers) reads the file; nothing runs this at test time.
  - p: scipy.stats.mannwhitneyu(a, b, alternative="two-sided") with its defaults (method "auto":
    exact when a sample has 8 values or fewer and there are no ties, else the normal
    approximation with tie correction and use_continuity=True)
  - u: the statistic scipy returns (U of a)
  - method: which of the two scipy chose, by the rule of its _mwu_choose_method
  - a12: counted pair by pair (a wins 1, a tie 0.5), not from ranks
  - quartiles: numpy.percentile(x, [25, 50, 75]) (linear, numpy's default) of each sample
Run: python3 reference.py     (Debian: apt-get install python3-scipy)
"""
import json
import os
import random

import numpy
import scipy
import scipy.stats


def a12(a, b):
    wins = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)
    return wins / (len(a) * len(b))


def case(name, a, b):
    r = scipy.stats.mannwhitneyu(a, b, alternative="two-sided")
    ties = len(set(a + b)) < len(a + b)
    method = "asymptotic" if (len(a) > 8 and len(b) > 8) or ties else "exact"
    return {
        "name": name, "a": a, "b": b,
        "u": float(r.statistic), "p": float(r.pvalue), "method": method,
        "a12": a12(a, b),
        "quartilesA": [float(q) for q in numpy.percentile(a, [25, 50, 75])],
        "quartilesB": [float(q) for q in numpy.percentile(b, [25, 50, 75])],
    }


rng = random.Random(13)
cases = [
    case("small, no ties, apart", [10, 11, 12, 13, 14], [1, 2, 3, 4, 5]),
    case("small, no ties, mixed", [3, 7, 8, 12, 15, 16], [1, 5, 9, 10, 11, 14]),
    case("one each", [5], [3]),
    case("eight and nine, no ties", [float(x) for x in rng.sample(range(1000), 8)],
         [float(x) for x in rng.sample(range(1000), 9)]),
    case("small with ties", [10, 10, 11, 12, 12], [9, 10, 10, 11, 13]),
    case("all equal", [7, 7, 7, 7], [7, 7, 7]),
    case("edges saturated, one trial short", [22, 22, 22, 22, 22, 22], [22, 22, 21, 22, 22, 22]),
    case("ten each, ties, apart", [rng.choice([40, 41, 42, 43]) for _ in range(10)],
         [rng.choice([38, 39, 40, 41]) for _ in range(10)]),
    case("nine and twelve, no ties", [rng.gauss(100, 10) for _ in range(9)],
         [rng.gauss(104, 10) for _ in range(12)]),
    case("twenty each, reals", [rng.gauss(5000, 300) for _ in range(20)],
         [rng.gauss(5100, 300) for _ in range(20)]),
    case("thirty and twenty-five, many ties", [float(rng.randint(0, 6)) for _ in range(30)],
         [float(rng.randint(1, 7)) for _ in range(25)]),
    case("large apart, normal", [float(x) for x in range(100, 130)],
         [float(x) for x in range(0, 30)]),
]


def fixture(metric, field):
    """The bundled trials (sample-traces/compare, record-compare.sh): fuzzer_stats read here."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), *[".."] * 5,
                        "sample-traces", "compare")
    arms = {}
    for arm in ("shmem", "forkserver"):
        vals = []
        for i in range(1, 100):
            f = os.path.join(root, f"{arm}-{i}", "default", "fuzzer_stats")
            if not os.path.exists(f):
                break
            stats = {k.strip(): v for k, v in (l.split(":", 1) for l in open(f) if ":" in l)}
            vals.append(float(stats[field].strip()))
        arms[arm] = vals
    return case(f"bundled trials, {metric}", arms["shmem"], arms["forkserver"])


cases += [fixture("execs", "execs_done"), fixture("edges", "edges_found"),
          fixture("corpus", "corpus_count")]
out = {"scipy": scipy.__version__, "numpy": numpy.__version__, "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases (scipy {scipy.__version__}, numpy {numpy.__version__})")
