"""Geometry of the SVG charts: bars on a time axis, the map's projection and outlines, the network's layout."""

from __future__ import annotations

import re

from newsledger.serve import charts


def test_charts_timeline_fills_the_months_between_dated_events():
    rows = [{"period": "2020-01", "quad_class": 4, "events": 2}, {"period": "2020-04", "quad_class": 1, "events": 1},
            {"period": "2020-04", "quad_class": 4, "events": 3}]
    chart = charts.timeline(rows, "month")
    assert [b.period for b in chart.bars] == ["2020-01", "2020-04", "2020-04"]
    assert [label for _, label in chart.labels] == ["2020-01", "2020-02", "2020-03", "2020-04"]
    january, april_1, april_4 = chart.bars
    assert april_4.y + april_4.height == april_1.y  # stacked: quad 4 on top of quad 1
    assert april_4.height == 3 * april_1.height and january.height == 2 * april_1.height
    assert april_4.y == chart.top  # the highest stack reaches the top

def test_charts_timeline_keeps_far_apart_periods_as_categories():
    rows = [{"period": "1979", "quad_class": 4, "events": 1}, {"period": "2024", "quad_class": 1, "events": 1}]
    assert len(charts.timeline(rows, "year").labels) <= 16
    rows = [{"period": "1900-01", "quad_class": 4, "events": 1}, {"period": "2024-01", "quad_class": 1, "events": 1}]
    chart = charts.timeline(rows, "month")
    assert [label for _, label in chart.labels] == ["1900-01", "2024-01"]


def test_charts_timeline_of_nothing_draws_no_bar():
    chart = charts.timeline([], "day")
    assert chart.bars == [] and chart.ticks == []


def test_charts_project_equirectangular():
    assert charts.project(90, -180) == (0, 0)
    assert charts.project(-90, 180) == (charts.MAP_WIDTH, charts.MAP_HEIGHT)
    assert charts.project(0, 0) == (charts.MAP_WIDTH / 2, charts.MAP_HEIGHT / 2)


def test_charts_world_outlines_come_from_the_vendored_natural_earth_file():
    outlines = dict(charts.world_outlines())
    assert len(outlines) > 170
    assert {"Iraq", "Iran", "Brazil", "Fiji"} <= set(outlines)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", outlines["Iraq"])]
    xs, ys = numbers[0::2], numbers[1::2]
    baghdad = charts.project(33.34, 44.4)
    assert min(xs) < baghdad[0] < max(xs) and min(ys) < baghdad[1] < max(ys)
    assert all(path.startswith("M") and path.endswith("Z") for path in outlines.values() if path)


def test_charts_network_places_every_actor_once_and_keeps_both_directions_apart():
    edges = [{"source": "Iran", "source_country": "IRN", "target": "IAEA", "target_country": None, "events": 3,
              "conflict": 0, "cooperation": 3, "goldstein": 3.0},
             {"source": "IAEA", "source_country": None, "target": "Iran", "target_country": "IRN", "events": 1,
              "conflict": 1, "cooperation": 0, "goldstein": -2.0}]
    nodes, drawn = charts.network(edges)
    assert sorted(n.name for n in nodes) == ["IAEA", "Iran"]
    assert [e.kind for e in drawn] == ["cooperation", "conflict"]
    assert drawn[0].path != drawn[1].path
    assert drawn[0].width > drawn[1].width
