"""The source graph: who reports whom. Outlets publish quotes; each quote came through its
outer sources (``via``, outermost first) to its speaker. Nodes are laid out in layers, left
to right (outlets, then the sources they cite, then whom those cite), server-side, so the
SVG needs no JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..store.reads.records import CountedChain, SourceChain, SourceStep

COLUMN = 260.0
ROW = 34.0
MARGIN = 20.0
NODE_W = 200.0
NODE_H = 24.0


@dataclass
class Node:
    """An outlet or a source (person, organisation, unnamed speaker)."""

    key: str
    name: str
    kind: str  # "outlet", "entity" or "unnamed"
    layer: int = 0
    row: int = 0
    quotes: int = 0
    href: str | None = None

    @property
    def x(self) -> float:
        return MARGIN + self.layer * COLUMN

    @property
    def y(self) -> float:
        return MARGIN + self.row * ROW


@dataclass
class Edge:
    """``source`` reports what ``target`` says, ``count`` times."""

    source: str
    target: str
    count: int = 0


def _node(step: SourceStep | None, anonymous: bool) -> tuple[str, str, str, str | None]:
    if step is None:
        return ("unnamed:?", "unnamed source", "unnamed", None)
    if step.id is not None:
        return (
            f"entity:{step.id}",
            step.name,
            "entity",
            "/entities/" + quote(step.name, safe=""),
        )
    name = step.name or "unnamed source"
    kind = "unnamed" if anonymous else "entity"
    return (f"text:{name.casefold()}", name, kind, None)


def source_graph(chains: Iterable[SourceChain | CountedChain]) -> dict[str, Any]:
    """Nodes, edges and size of the source graph drawn from quotes' reporting chains.

    A node's layer is the deepest place it takes in any chain (outlets are layer 0), so that
    most edges run left to right; within a layer nodes are sorted by how many quotes pass
    through them.

    Args:
        chains: the reporting chain of each quote (``Reads.source_chains``), or the chains
            counted (``Reads.source_counts``: ``quotes``, how many took each).
    """
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str], Edge] = {}
    for chain in chains:
        path: list[tuple[str, str, str, str | None]] = [
            (f"outlet:{chain.outlet}", chain.outlet, "outlet", None)
        ]
        path += [_node(v, False) for v in chain.via]
        path.append(_node(chain.speaker, chain.anonymous))
        weight = chain.quotes if isinstance(chain, CountedChain) else 1
        steps: list[str] = []
        for key, label, kind, href in path:
            if steps and steps[-1] == key:
                continue
            node = nodes.setdefault(key, Node(key, label, kind, href=href))
            node.quotes += weight
            if kind != "outlet":
                node.layer = max(node.layer, len(steps), 1)
            steps.append(key)
        for here, there in zip(steps, steps[1:], strict=False):
            edges.setdefault((here, there), Edge(here, there)).count += weight
    layers: dict[int, list[Node]] = {}
    for node in nodes.values():
        layers.setdefault(node.layer, []).append(node)
    for members in layers.values():
        members.sort(key=lambda n: (-n.quotes, n.name.casefold()))
        for row, node in enumerate(members):
            node.row = row
    rows = max((len(m) for m in layers.values()), default=0)
    depth = max(layers, default=0) + 1
    drawn = []
    for edge in sorted(edges.values(), key=lambda e: (e.source, e.target)):
        a, b = nodes[edge.source], nodes[edge.target]
        x1, y1 = a.x + NODE_W, a.y + NODE_H / 2
        x2, y2 = b.x, b.y + NODE_H / 2
        if b.layer <= a.layer:  # a back edge: loop around below the nodes
            x2 = b.x + NODE_W / 2
            y2 = b.y + NODE_H
        mid = (x1 + x2) / 2
        drawn.append(
            {
                "source": a.name,
                "target": b.name,
                "count": edge.count,
                "path": f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} "
                f"{x2:.1f},{y2:.1f}",
                "width": min(1.0 + edge.count * 0.5, 6.0),
            }
        )
    return {
        "nodes": sorted(nodes.values(), key=lambda n: (n.layer, n.row)),
        "edges": drawn,
        "width": MARGIN * 2 + max(depth - 1, 0) * COLUMN + NODE_W,
        "height": MARGIN * 2 + max(rows, 1) * ROW,
        "node_w": NODE_W,
        "node_h": NODE_H,
    }


__all__ = ["Edge", "Node", "source_graph"]
