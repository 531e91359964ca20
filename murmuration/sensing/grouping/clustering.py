"""Clustering unit-length vectors into patterns by how similar they are, not into a fixed count.

Average-linkage agglomerative clustering with a cosine-distance threshold lets the number of
patterns follow the data: a scope with three topics gets three patterns, one with forty gets
forty. It needs every pairwise distance, so above `DIRECT_LIMIT` vectors are first summarised
by k-means into micro-clusters, and the micro-clusters' centres are clustered the same way.
"""

import numpy as np
from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans
from sklearn.preprocessing import normalize

# Up to this many vectors the pairwise distances (n² / 2 floats) fit easily in memory.
DIRECT_LIMIT = 3000
# Micro-clusters for large scopes: fine enough that a topic spans several of them.
MICRO_CLUSTERS = 500
# Rows the micro-cluster centres are learned from.
MICRO_SAMPLE = 20_000
SEED = 0


def group(rows: np.ndarray, threshold: float) -> np.ndarray:
    """A cluster number for every row, numbered from 0 in order of first appearance.

    Rows with nothing in them (a blank line, a text of stop words and punctuation) are like one
    another and like nothing else, so they make one cluster of their own.
    """
    empty = ~np.any(rows, axis=1)
    if empty.any() and not empty.all():
        labels = np.zeros(rows.shape[0], dtype=np.int64)
        labels[~empty] = _group(rows[~empty], threshold)
        labels[empty] = labels.max() + 1
        return _renumber(labels)
    return _group(rows, threshold)


def _group(rows: np.ndarray, threshold: float) -> np.ndarray:
    n = rows.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 1 or not rows.any():
        return np.zeros(n, dtype=np.int64)
    if n <= DIRECT_LIMIT:
        return _renumber(_agglomerate(rows, threshold))
    # Centres are learned from a sample; every row then goes to its nearest centre.
    sample = rows
    if n > MICRO_SAMPLE:
        sample = rows[np.sort(np.random.default_rng(SEED).choice(n, MICRO_SAMPLE, replace=False))]
    micro = MiniBatchKMeans(
        n_clusters=MICRO_CLUSTERS, random_state=SEED, n_init=1, batch_size=4096, max_iter=5
    ).fit(sample)
    nearest = micro.predict(rows)
    used = np.unique(nearest)
    centres = normalize(micro.cluster_centers_[used])
    merged = _agglomerate(centres, threshold)
    lookup = np.zeros(MICRO_CLUSTERS, dtype=np.int64)
    lookup[used] = merged
    return _renumber(lookup[nearest])


def _agglomerate(rows: np.ndarray, threshold: float) -> np.ndarray:
    if rows.shape[0] < 2:
        return np.zeros(rows.shape[0], dtype=np.int64)
    return AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    ).fit_predict(rows)


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Cluster numbers in order of first appearance, so results read the same run to run."""
    _values, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inverse].astype(np.int64)
