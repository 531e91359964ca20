"""Vectors as bytes, so a signal's vector is computed once and stored in a binary column.

Dense vectors are little-endian float32. Sparse ones start with the letter S, then the number of
entries (uint32), their indexes (uint32) and their values (float32).
"""

import numpy as np
import scipy.sparse as sp

SPARSE = b"S"


def dense_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_dense(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


def sparse_bytes(indexes: np.ndarray, values: np.ndarray) -> bytes:
    count = np.array([len(indexes)], dtype="<u4")
    return (
        SPARSE
        + count.tobytes()
        + np.asarray(indexes, dtype="<u4").tobytes()
        + np.asarray(values, dtype="<f4").tobytes()
    )


def from_sparse(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    if data[:1] != SPARSE:
        raise ValueError("not a sparse vector")
    count = int(np.frombuffer(data, dtype="<u4", count=1, offset=1)[0])
    indexes = np.frombuffer(data, dtype="<u4", count=count, offset=5)
    values = np.frombuffer(data, dtype="<f4", count=count, offset=5 + 4 * count)
    return indexes, values


def sparse_rows(vectors: list[bytes], width: int) -> sp.csr_matrix:
    """Stack sparse vectors into one CSR matrix without a Python loop per entry."""
    parts = [from_sparse(v) for v in vectors]
    counts = np.fromiter((len(i) for i, _v in parts), dtype=np.int64, count=len(parts))
    indptr = np.concatenate(([0], np.cumsum(counts)))
    indexes = np.concatenate([i for i, _v in parts]) if parts else np.zeros(0, "<u4")
    values = np.concatenate([v for _i, v in parts]) if parts else np.zeros(0, "<f4")
    return sp.csr_matrix(
        (values.astype(np.float32), indexes.astype(np.int32), indptr), shape=(len(parts), width)
    )


def row_bytes(row: sp.csr_matrix) -> bytes:
    return sparse_bytes(row.indices, row.data)
