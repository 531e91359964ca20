"""Benchmark of signal grouping: quality on the labelled set, speed and memory at 100,000.

usage: .venv/bin/python bench/patterns.py [--quick] [--scorer PATH]

Quality: each method groups the 320 hand-labelled signals in bench/data/signals_labelled.tsv
(twenty themes, sixteen each, written for this project), and the independent scorer
(../shared/tools/score_grouping.py) reports purity and NMI. The baseline is TF-IDF over words
with k-means given the true number of themes (20), which flatters it. `semantic` runs when the
extra murmuration[semantic] is installed, and says so when it is not.

Speed: each method's full grouping of 100,000 stored signal vectors (what `murmur patterns`
and the background task run: rarity weights and LSA or embeddings, clustering, labels,
centroids), and placing one new signal in the nearest pattern (median of 200). For `words`
the signals are variations of the labelled texts; for `semantic` the vectors are the labelled
set's embeddings with noise, since embedding 100,000 texts once takes this machine about a
quarter of an hour (it happens one signal at a time, when each is posted). Every row runs in
its own process, so peak memory (RSS) is its own. "full s" is wall-clock time; "full CPU s"
adds up every thread's processor time, which bounds the wall-clock time on an idle machine
whatever else shares the cores. --quick uses 20,000 signals.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make `murmuration` importable

LABELLED = ROOT / "bench" / "data" / "signals_labelled.tsv"
# shared/ lies beside the clone (CI) or beside the folder of work trees.
SCORERS = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
SCORER = next((d for d in SCORERS if d.exists()), SCORERS[0]) / "tools" / "score_grouping.py"
THEMES = 20


def _labelled() -> tuple[list[str], list[str]]:
    rows = [line.split("\t", 1) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return [label for label, _t in rows], [text for _l, text in rows]


def _baseline(texts: list[str]) -> list[list[int]]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    found = KMeans(THEMES, n_init=10, random_state=0).fit_predict(matrix)
    return [[i for i, c in enumerate(found) if c == k] for k in sorted(set(found))]


def quality(name: str) -> dict[str, object]:
    _labels, texts = _labelled()
    started = time.perf_counter()
    if name == "tfidf-kmeans":
        clusters = _baseline(texts)
    else:
        from murmuration.sensing import grouping

        clusters = [m for _label, m in grouping.group_texts(texts, grouping.method_named(name))]
    seconds = time.perf_counter() - started
    document = {"patterns": [{"label": str(n), "signals": m} for n, m in enumerate(clusters)]}
    return {"seconds": seconds, "document": document}


def _variants(texts: list[str], count: int) -> list[str]:
    rng = random.Random(0)
    vocabulary = sorted({w for t in texts for w in t.split()})
    result = []
    for _ in range(count):
        words = rng.choice(texts).split()
        if len(words) > 4:
            words.pop(rng.randrange(len(words)))
        for _ in range(2):
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        result.append(" ".join(words))
    return result


def _stored(name: str, count: int) -> tuple[list[str], list[bytes]]:
    import numpy as np

    from murmuration.sensing import grouping
    from murmuration.sensing.grouping import vectors

    _labels, texts = _labelled()
    method = grouping.method_named(name)
    big = _variants(texts, count)
    if name == "words":
        return big, method.embed(big)
    base = np.vstack([vectors.from_dense(v) for v in method.embed(texts)])
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(texts), count)
    noisy = base[picks] + rng.normal(0, 0.03, (count, base.shape[1])).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return [texts[i] for i in picks], [vectors.dense_bytes(row) for row in noisy]


def speed(name: str, count: int) -> dict[str, object]:
    from murmuration.sensing import grouping

    method = grouping.method_named(name)
    texts, stored = _stored(name, count)
    started, cpu = time.perf_counter(), time.process_time()
    assignment = grouping.group(method.space(stored), method.threshold)
    members: dict[int, list[int]] = {}
    for index, cluster in enumerate(assignment):
        members.setdefault(int(cluster), []).append(index)
    clusters = list(members.values())
    grouping.label_clusters(texts, clusters)
    centroids = method.centroids(stored, clusters)
    full, full_cpu = time.perf_counter() - started, time.process_time() - cpu
    fresh = _variants(_labelled()[1], 200) if name == "words" else None
    timings = []
    for n in range(200):
        vector = method.embed([fresh[n]])[0] if fresh else stored[n]
        started = time.perf_counter()
        method.nearest(vector, centroids)
        timings.append(time.perf_counter() - started)
    return {
        "full": full,
        "full_cpu": full_cpu,
        "place": statistics.median(timings),
        "patterns": len(clusters),
    }


def _child(kind: str, name: str, count: int) -> dict[str, object]:
    """Run one row in a fresh process and return its result with the process's peak RSS."""
    code = (
        "import json, resource, sys; sys.path.insert(0, {!r}); from bench import patterns; "
        "r = patterns.{}({!r}{}); r['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF)"
        ".ru_maxrss / 1024; print(json.dumps(r))"
    ).format(str(ROOT), kind, name, f", {count}" if kind == "speed" else "")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _score(scorer: Path, document: dict[str, object]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(document, handle)
    done = subprocess.run(
        [sys.executable, str(scorer), str(LABELLED), handle.name],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 signals instead of 100,000")
    parser.add_argument("--scorer", type=Path, default=SCORER)
    options = parser.parse_args()
    count = 20_000 if options.quick else 100_000
    from murmuration.sensing.grouping.methods import semantic_installed

    names = ["tfidf-kmeans", "words", "semantic"]
    print(f"Grouping {LABELLED.name} (320 signals, {THEMES} themes); speed at {count:,} signals")
    print(
        f"{'method':14} {'patterns':>8} {'purity':>7} {'NMI':>6} {'320 s':>6} "
        f"{'full s':>7} {'full CPU s':>10} {'place ms':>9} {'RSS MB':>7}"
    )
    for name in names:
        if name == "semantic" and not semantic_installed():
            print(f"{name:14} not installed (pip install 'murmuration[semantic]')")
            continue
        result = _child("quality", name, 0)
        if "error" in result:
            print(f"{name:14} failed: {result['error']}")
            continue
        scores = _score(options.scorer, result["document"])  # type: ignore[arg-type]
        fast = {"full": "", "full_cpu": "", "place": "", "rss_mb": result["rss_mb"]}
        if name != "tfidf-kmeans":
            fast = _child("speed", name, count)
        full = f"{fast['full']:.1f}" if fast["full"] != "" else "—"
        full_cpu = f"{fast['full_cpu']:.1f}" if fast["full_cpu"] != "" else "—"
        place = f"{1000 * fast['place']:.2f}" if fast["place"] != "" else "—"
        print(
            f"{name:14} {scores['patterns']:>8} {scores['purity']:>7.3f} {scores['nmi']:>6.3f} "
            f"{result['seconds']:>6.1f} {full:>7} {full_cpu:>10} {place:>9} {fast['rss_mb']:>7.0f}"
        )
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"(load average at the end: {load} on {len(os.sched_getaffinity(0))} cores)")


if __name__ == "__main__":
    main()
