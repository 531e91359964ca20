"""Readable pattern labels: the words that set each cluster apart from the rest of its scope.

This is class-based TF-IDF: a word scores high in a cluster when it is frequent there and rare
across the other clusters, so a pattern about dirty dishes is called "dishes · sink · mugs"
rather than by words every signal uses.
"""

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

LABEL_WORDS = 3
SEPARATOR = " · "
LABEL_MAX = 80
# Words of three letters or more; no digits, so "2pm" or "10th" never names a pattern.
WORD = r"(?u)\b[^\W\d_]{3,}\b"


def label_clusters(texts: Sequence[str], clusters: Sequence[Sequence[int]]) -> list[str]:
    """One label per cluster, from the texts at the cluster's indexes."""
    if not clusters:
        return []
    counter = CountVectorizer(stop_words="english", token_pattern=WORD, lowercase=True)
    try:
        counts = counter.fit_transform(texts)
    except ValueError:  # nothing but stop words and numbers anywhere
        return [_fallback(texts, members) for members in clusters]
    words = counter.get_feature_names_out()
    rows = np.concatenate([np.asarray(m, dtype=np.int64) for m in clusters])
    cols = np.concatenate([np.full(len(m), c, dtype=np.int64) for c, m in enumerate(clusters)])
    membership = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (cols, rows)), shape=(len(clusters), len(texts))
    )
    per_cluster = (membership @ counts).toarray()
    totals = per_cluster.sum(axis=0)
    average = max(per_cluster.sum() / len(clusters), 1.0)
    scores = per_cluster / np.maximum(per_cluster.sum(axis=1, keepdims=True), 1)
    scores *= np.log1p(average / np.maximum(totals, 1))
    labels = []
    for c, members in enumerate(clusters):
        best = [i for i in np.argsort(-scores[c])[:LABEL_WORDS] if per_cluster[c, i] > 0]
        label = SEPARATOR.join(str(words[i]) for i in best)
        labels.append(label[:LABEL_MAX] if label else _fallback(texts, members))
    return labels


def _fallback(texts: Sequence[str], members: Sequence[int]) -> str:
    first = texts[members[0]].strip() if members else ""
    return first[:LABEL_MAX] or "…"
