"""RDFC-1.0 (W3C RDF Dataset Canonicalization, REC 2024) over quads of term strings.

``canonicalize(quads)`` relabels every blank node ``_:c14n0, _:c14n1, ...`` so that two
isomorphic datasets give the same canonical N-Quads, then returns the sorted canonical
N-Quads text and the issued identifier map.

Fast road: when every blank node's first-degree hash is unique (the usual credential:
each blank node has distinguishing properties), no N-degree hashing happens at all.

Work limit (dataset poisoning, RDFC-1.0 section 4.8 and rdf-canonize's
``maxWorkFactor``): one budget counts *deep iterations*, that is every Hash N-Degree
Quads call **and** every permutation it examines, so neither deep recursion nor
factorial permutation loops can run away.  The budget is
``max(limits.canon_min_deep_iterations, min(k ** limits.canon_work_factor,
MAX_DEEP_ITERATIONS))`` where ``k`` is the number of blank nodes whose first-degree hash
is not unique; recursion is also capped in depth.  Exceeding either raises
:class:`~openbadge_kit.errors.CanonicalizationLimitError` straight away.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from ..errors import CanonicalizationLimitError, JsonLdError
from ..limits import DEFAULT_LIMITS, Limits
from .nquads import Quad

#: deepest Hash N-Degree Quads recursion allowed (keeps well inside Python's stack)
MAX_RECURSION_DEPTH = 300
#: ceiling on the work-factor budget whatever the number of blank nodes (about a second
#: of work): without it, many small poison components in one large document get a
#: quadratic budget and minutes of CPU.  ``limits.canon_min_deep_iterations`` above it
#: is an explicit opt-in to more.
MAX_DEEP_ITERATIONS = 100_000

_HASHES: dict[str, Callable[[bytes], hashlib._Hash]] = {
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
}


class CanonicalResult(NamedTuple):
    """The outcome of RDFC-1.0: canonical N-Quads and the blank node relabelling."""

    # a NamedTuple rather than a frozen dataclass: the class is built on every cold start,
    # and a dataclass's generated methods cost ~0.5 ms each time (issue #7)
    #: canonical N-Quads: one line per distinct quad, sorted by code point, each ending " .\n"
    text: str
    #: the canonical quads, in the same order as the lines of ``text``
    quads: tuple[Quad, ...]
    #: input blank node label (without ``_:``) -> canonical label, e.g. {"e0": "c14n0"}
    issued: dict[str, str]

    @property
    def nquads(self) -> str:
        """Alias of :attr:`text`."""
        return self.text


class IdentifierIssuer:
    """Issues ``prefix + counter`` identifiers, remembering the order it issued them."""

    __slots__ = ("issued", "prefix")

    def __init__(self, prefix: str, issued: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.issued: dict[str, str] = issued if issued is not None else {}

    def issue(self, existing: str) -> str:
        """The identifier for ``existing``, issuing the next one when it has none."""
        found = self.issued.get(existing)
        if found is None:
            found = f"{self.prefix}{len(self.issued)}"
            self.issued[existing] = found
        return found

    def copy(self) -> IdentifierIssuer:
        """An independent copy (same prefix, counter and issued map)."""
        return IdentifierIssuer(self.prefix, dict(self.issued))


def _hash_function(name: str) -> Callable[[bytes], hashlib._Hash]:
    key = name.lower().replace("-", "").replace("_", "")
    fn = _HASHES.get(key)
    if fn is None:
        raise JsonLdError(
            f"unsupported RDFC-1.0 hash algorithm {name!r} (use sha256 or sha384)",
            code="canonicalization_hash_unsupported",
        )
    return fn


def _unique_permutations(items: list[str]) -> Iterator[list[str]]:
    """Distinct permutations of ``items`` in lexicographic order (repeats yield once)."""
    perm = sorted(items)
    n = len(perm)
    while True:
        yield perm
        i = n - 2
        while i >= 0 and perm[i] >= perm[i + 1]:
            i -= 1
        if i < 0:
            return
        j = n - 1
        while perm[j] <= perm[i]:
            j -= 1
        perm = perm[:]
        perm[i], perm[j] = perm[j], perm[i]
        perm[i + 1 :] = reversed(perm[i + 1 :])


class _Canonicalizer:
    """State of one RDFC-1.0 run (section 4.2)."""

    def __init__(self, hash_fn: Callable[[bytes], hashlib._Hash]) -> None:
        self.hash_fn = hash_fn
        self.bnode_quads: dict[str, list[Quad]] = {}
        self.canonical = IdentifierIssuer("c14n")
        self.first_degree: dict[str, str] = {}
        self.budget = 0
        self.allowed = 0

    def digest(self, text: str) -> str:
        return self.hash_fn(text.encode("utf-8")).hexdigest()

    # 4.6 Hash First Degree Quads
    def hash_first_degree(self, node: str) -> str:
        cached = self.first_degree.get(node)
        if cached is not None:
            return cached
        # Terms are in canonical form, so only a blank node starts with "_" (an IRI
        # starts with "<", a literal with '"'); the default graph is "".
        lines = []
        for s, p, o, g in self.bnode_quads[node]:
            if s[0] == "_":
                s = "_:a" if s == node else "_:z"
            if o[0] == "_":
                o = "_:a" if o == node else "_:z"
            if g:
                if g[0] == "_":
                    g = "_:a" if g == node else "_:z"
                lines.append(f"{s} {p} {o} {g} .\n")
            else:
                lines.append(f"{s} {p} {o} .\n")
        lines.sort()
        result = self.digest("".join(lines))
        self.first_degree[node] = result
        return result

    # 4.7 Hash Related Blank Node
    def hash_related(
        self, related: str, predicate: str, issuer: IdentifierIssuer, position: str
    ) -> str:
        parts = [position]
        if position != "g":
            parts.append(predicate)
        label = self.canonical.issued.get(related) or issuer.issued.get(related)
        if label is not None:
            parts.append("_:" + label)
        else:
            parts.append(self.hash_first_degree(related))
        return self.digest("".join(parts))

    def spend(self) -> None:
        self.budget += 1
        if self.budget > self.allowed:
            raise CanonicalizationLimitError(
                f"RDFC-1.0 work limit exceeded ({self.allowed} deep iterations): "
                "the dataset has too many indistinguishable blank nodes (possible "
                "dataset poisoning)",
            )

    # 4.8 Hash N-Degree Quads
    def hash_n_degree(
        self, node: str, issuer: IdentifierIssuer, depth: int = 0
    ) -> tuple[str, IdentifierIssuer]:
        self.spend()
        if depth > MAX_RECURSION_DEPTH:
            raise CanonicalizationLimitError(
                f"RDFC-1.0 recursion deeper than {MAX_RECURSION_DEPTH} blank nodes",
            )
        related_by_hash: dict[str, list[str]] = {}
        for quad in self.bnode_quads[node]:
            s, p, o, g = quad
            for component, position in ((s, "s"), (o, "o"), (g, "g")):
                if component[:2] == "_:" and component != node:
                    h = self.hash_related(component, p, issuer, position)
                    related_by_hash.setdefault(h, []).append(component)

        data: list[str] = []
        canonical = self.canonical.issued
        for related_hash in sorted(related_by_hash):
            data.append(related_hash)
            chosen_path = ""
            chosen_issuer: IdentifierIssuer | None = None
            for perm in _unique_permutations(related_by_hash[related_hash]):
                self.spend()
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                worse = False
                for related in perm:
                    label = canonical.get(related)
                    if label is None:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        label = issuer_copy.issue(related)
                    path += "_:" + label
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        worse = True
                        break
                if worse:
                    continue
                for related in recursion:
                    result_hash, result_issuer = self.hash_n_degree(related, issuer_copy, depth + 1)
                    path += "_:" + issuer_copy.issue(related) + "<" + result_hash + ">"
                    issuer_copy = result_issuer
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        worse = True
                        break
                if worse:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data.append(chosen_path)
            if chosen_issuer is not None:
                issuer = chosen_issuer
        return self.digest("".join(data)), issuer

    def run(self, quads: list[Quad], limits: Limits) -> CanonicalResult:
        index = self.bnode_quads
        for quad in quads:
            s, _, o, g = quad
            if s[0] == "_":
                index.setdefault(s, []).append(quad)
            if o[0] == "_" and o != s:
                index.setdefault(o, []).append(quad)
            if g and g[0] == "_" and g != s and g != o:
                index.setdefault(g, []).append(quad)

        by_hash: dict[str, list[str]] = {}
        for node in self.bnode_quads:
            by_hash.setdefault(self.hash_first_degree(node), []).append(node)

        shared: list[tuple[str, list[str]]] = []
        for h in sorted(by_hash):
            nodes = by_hash[h]
            if len(nodes) == 1:
                self.canonical.issue(nodes[0])
            else:
                shared.append((h, nodes))

        if shared:
            non_unique = sum(len(nodes) for _, nodes in shared)
            self.allowed = max(
                limits.canon_min_deep_iterations,
                min(non_unique**limits.canon_work_factor, MAX_DEEP_ITERATIONS),
            )
            for _, nodes in shared:
                results: list[tuple[str, IdentifierIssuer]] = []
                for node in nodes:
                    if node in self.canonical.issued:
                        continue
                    temporary = IdentifierIssuer("b")
                    temporary.issue(node)
                    results.append(self.hash_n_degree(node, temporary))
                results.sort(key=lambda r: r[0])
                for _, issuer in results:
                    for existing in issuer.issued:
                        self.canonical.issue(existing)

        # Relabelling is a bijection on blank nodes and the input has no duplicates, so
        # every output line is distinct: sort (line, quad) pairs by line alone.
        label = self.canonical.issued
        lines: list[tuple[str, Quad]] = []
        for s, p, o, g in quads:
            if s[0] == "_":
                s = "_:" + label[s]
            if o[0] == "_":
                o = "_:" + label[o]
            if g:
                if g[0] == "_":
                    g = "_:" + label[g]
                lines.append((f"{s} {p} {o} {g} .\n", (s, p, o, g)))
            else:
                lines.append((f"{s} {p} {o} .\n", (s, p, o, g)))
        lines.sort()
        return CanonicalResult(
            text="".join(line for line, _ in lines),
            quads=tuple(q for _, q in lines),
            issued={k[2:]: v for k, v in label.items()},
        )


def canonicalize(
    quads: Iterable[Quad],
    *,
    limits: Limits = DEFAULT_LIMITS,
    hash_algorithm: str = "sha256",
) -> CanonicalResult:
    """Canonicalize an RDF dataset with RDFC-1.0.

    ``quads`` are in canonical term form (see :mod:`openbadge_kit.jsonld`); duplicates
    are ignored (a dataset is a set).  ``hash_algorithm`` is ``"sha256"`` (the default)
    or ``"sha384"``.  Raises :class:`~openbadge_kit.errors.CanonicalizationLimitError`
    when the dataset has more than ``limits.max_quads`` quads or needs more work than
    the limit allows.
    """
    hash_fn = _hash_function(hash_algorithm)
    too_many = CanonicalizationLimitError(
        f"dataset has more than {limits.max_quads} quads (limits.max_quads)")
    if isinstance(quads, (list, tuple)):
        unique = list(dict.fromkeys(quads))  # a dataset is a set; keeps first order
        if len(unique) > limits.max_quads:
            raise too_many
    else:  # an iterator: stop reading as soon as the limit is passed
        seen: dict[Quad, None] = {}
        for quad in quads:
            seen[quad] = None
            if len(seen) > limits.max_quads:
                raise too_many
        unique = list(seen)
    return _Canonicalizer(hash_fn).run(unique, limits)
