"""Geometry for the explorer's SVG charts: the timeline's bars, the map's projection and outlines, the network's
layout. Numbers in, numbers out; the templates draw them."""

from __future__ import annotations

import functools
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

MAP_WIDTH, MAP_HEIGHT = 960, 480
_MAX_FILLED_PERIODS = 240


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    period: str
    quad: int
    events: int


@dataclass(slots=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]  # (x, period) under the axis
    ticks: list[tuple[float, int]]  # (y, count) beside the axis
    top: int
    bottom: float
    left: int


def timeline(rows: list[dict[str, Any]], bucket: str, *, width: int = 960, height: int = 320) -> Timeline:
    """Stacked bars, one per period, quad classes 1 (bottom) to 4; empty periods between dated ones are kept
    when there are few enough of them to draw, so that the x axis is time."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for row in rows:
        counts[row["period"]][int(row["quad_class"])] = int(row["events"])
    periods = _periods(sorted(counts), bucket)
    left, top, bottom_margin = 44, 12, 48
    bottom = height - bottom_margin
    plot_width = width - left - 8
    step = plot_width / max(len(periods), 1)
    highest = max((sum(c.values()) for c in counts.values()), default=0)
    scale = (bottom - top) / highest if highest else 0
    bars: list[Bar] = []
    for n, period in enumerate(periods):
        y = bottom
        for quad in (1, 2, 3, 4):
            events = counts.get(period, {}).get(quad, 0)
            if events:
                h = events * scale
                y -= h
                bars.append(Bar(round(left + n * step + step * 0.1, 2), round(y, 2), round(step * 0.8, 2),
                                round(h, 2), period, quad, events))
    every = max(1, math.ceil(len(periods) / 16))
    labels = [(round(left + n * step + step / 2, 2), p) for n, p in enumerate(periods) if n % every == 0]
    ticks = [(round(bottom - v * scale, 2), v) for v in _nice_ticks(highest)]
    return Timeline(width, height, bars, labels, ticks, top, bottom, left)


def _periods(present: list[str], bucket: str) -> list[str]:
    if len(present) < 2:
        return present
    first, last = present[0], present[-1]
    if bucket == "year":
        filled = [str(y) for y in range(int(first), int(last) + 1)]
    elif bucket == "month":
        start, end = _month_index(first), _month_index(last)
        filled = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, end + 1)]
    else:
        return present
    return filled if len(filled) <= _MAX_FILLED_PERIODS else present


def _month_index(period: str) -> int:
    year, month = period.split("-")[:2]
    return int(year) * 12 + int(month) - 1


def _nice_ticks(highest: int) -> list[int]:
    if highest <= 0:
        return []
    step = max(1, 10 ** math.floor(math.log10(highest)))
    while highest / step > 5:
        step *= 2
    return list(range(0, highest + 1, step))


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto the map's ``MAP_WIDTH`` × ``MAP_HEIGHT`` box."""
    return (round((lon + 180) / 360 * MAP_WIDTH, 2), round((90 - lat) / 180 * MAP_HEIGHT, 2))


def point_radius(events: int) -> float:
    return round(3 + 2.5 * math.sqrt(events), 2)


@functools.cache
def world_outlines() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path) for each country of the vendored Natural Earth 1:110m outlines (world-atlas)."""
    source = resources.files("newsledger.serve") / "static" / "vendor" / "world-atlas" / "countries-110m.json"
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    outlines = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        path = "".join(_ring_path(ring, arcs) for polygon in polygons for ring in polygon)
        outlines.append(((geometry.get("properties") or {}).get("name", ""), path))
    return tuple(outlines)


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring_path(ring: list[int], arcs: list[list[tuple[float, float]]]) -> str:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    parts, previous = [], None
    for lon, lat in points:
        x, y = project(lat, lon)
        jump = previous is not None and abs(lon - previous) > 180  # a ring cut at the antimeridian
        parts.append(f"{'M' if not parts or jump else 'L'}{x:.1f},{y:.1f}")
        previous = lon
    return "".join(parts) + "Z"


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    country: str | None
    x: float
    y: float
    r: float
    events: int
    anchor: str
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    path: str
    width: float
    events: int
    kind: str  # conflict, cooperation
    goldstein: float | None


def network(edges: list[dict[str, Any]], *, size: int = 720) -> tuple[list[Node], list[Edge]]:
    """Actors on a circle (grouped by country), edges as arcs bent to the right of their direction, so that
    A→B and B→A stay apart; widths grow with the number of events."""
    weight: dict[str, int] = defaultdict(int)
    country: dict[str, str | None] = {}
    for e in edges:
        for role in ("source", "target"):
            weight[e[role]] += int(e["events"])
            country.setdefault(e[role], e.get(f"{role}_country"))
    names = sorted(weight, key=lambda n: (country.get(n) or "~", n.lower()))
    centre, radius = size / 2, size / 2 - 150
    nodes: dict[str, Node] = {}
    for n, name in enumerate(names):
        angle = 2 * math.pi * n / max(len(names), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        right = math.cos(angle) >= 0
        r = 4 + 1.5 * math.sqrt(weight[name])
        nodes[name] = Node(name, country.get(name), round(x, 1), round(y, 1), round(r, 1), weight[name],
                           "start" if right else "end", round(x + (r + 4) * (1 if right else -1), 1),
                           round(y + 4, 1))
    drawn = []
    for e in edges:
        a, b = nodes[e["source"]], nodes[e["target"]]
        events = int(e["events"])
        drawn.append(Edge(a.name, b.name, _arc(a, b), round(1 + 1.5 * math.log2(events), 2), events,
                          "conflict" if int(e.get("conflict") or 0) > int(e.get("cooperation") or 0)
                          else "cooperation", e.get("goldstein")))
    return list(nodes.values()), drawn


def _arc(a: Node, b: Node) -> str:
    if a is b:  # an actor acting on itself: a small loop outside the circle
        return f"M{a.x},{a.y} c-30,-40 30,-40 0,0"
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
    dx, dy = b.x - a.x, b.y - a.y
    cx, cy = mx - dy * 0.15, my + dx * 0.15
    return f"M{a.x},{a.y} Q{cx:.1f},{cy:.1f} {b.x},{b.y}"
