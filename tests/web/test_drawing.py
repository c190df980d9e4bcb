"""The pure parts of the pages: highlight runs, the map projection, the source graph."""

from __future__ import annotations

import pytest

from storyline.store.reads.records import (
    EventPlace,
    KbPlace,
    LocatedEvent,
    SourceChain,
    SourceStep,
    TimelineEvent,
    When,
)
from storyline.web.highlight import text_runs
from storyline.web.sourcegraph import source_graph
from storyline.web.worldmap import HEIGHT, WIDTH, graticule, project, world_map


def doc(text, entities=(), quotes=(), times=(), events=()):
    return {
        "document": {"text": text},
        "entities": [
            {"id": i, "label": label, "mentions": [{"start": s, "end": e}]}
            for i, label, s, e in entities
        ],
        "quotes": [{"id": i, "start": s, "end": e} for i, s, e in quotes],
        "times": [{"id": i, "start": s, "end": e} for i, s, e in times],
        "events": [{"id": i, "trigger": {"start": s, "end": e}} for i, s, e in events],
    }


TEXT = 'Ana Ruiz said "Omar Bek left on Monday" in Lima.'


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def sample():
    return doc(
        TEXT,
        [
            ("e1", "PERSON", *at("Ana Ruiz")),
            ("e2", "PERSON", *at("Omar Bek")),
            ("e3", "GPE", *at("Lima")),
        ],
        [("q1", *at("Omar Bek left on Monday"))],
        [("t1", *at("Monday"))],
        [("v1", *at("left"))],
    )


def test_highlight_runs_cover_the_text_exactly():
    d = sample()
    runs = text_runs(d)
    assert "".join(r.text for r in runs) == TEXT
    assert all(a.end == b.start for a, b in zip(runs, runs[1:], strict=False))


@pytest.mark.parametrize(
    ("words", "entity", "label", "quote", "time", "event"),
    [
        ("Ana Ruiz", "e1", "PERSON", None, None, None),
        ("Omar Bek", "e2", "PERSON", "q1", None, None),
        ("left", None, None, "q1", None, "v1"),
        ("Monday", None, None, "q1", "t1", None),
        ("Lima", "e3", "GPE", None, None, None),
        (' said "', None, None, None, None, None),
    ],
)
def test_highlight_runs_know_what_covers_them(words, entity, label, quote, time, event):
    d = sample()
    (run,) = [r for r in text_runs(d) if r.text == words]
    assert (run.entity, run.label, run.quote, run.time, run.event) == (
        entity,
        label,
        quote,
        time,
        event,
    )


def test_highlight_innermost_span_wins_and_bad_spans_are_dropped():
    d = doc(
        "abcdefghij",
        [("big", "ORG", 0, 10), ("small", "PERSON", 2, 4)],
        [("q1", 8, 99), ("q2", 5, 5)],
    )
    runs = text_runs(d)
    assert "".join(r.text for r in runs) == "abcdefghij"
    assert [r.entity for r in runs if r.text == "cd"] == ["small"]
    assert [r.entity for r in runs if r.text == "ab"] == ["big"]
    assert [r.quote for r in runs if r.text == "ij"] == ["q1"]


def test_highlight_empty_document():
    assert [r.text for r in text_runs(doc("plain"))] == ["plain"]
    assert text_runs(doc("")) == []


@pytest.mark.parametrize(
    ("lat", "lon", "xy"),
    [
        (0, 0, (WIDTH / 2, HEIGHT / 2)),
        (90, -180, (0, 0)),
        (-90, 180, (WIDTH, HEIGHT)),
        (45, 90, (WIDTH * 0.75, HEIGHT * 0.25)),
        (100, 200, (WIDTH, 0)),
    ],
)
def test_worldmap_projects_equirectangular(lat, lon, xy):
    assert project(lat, lon) == pytest.approx(xy)


def test_worldmap_graticule_spans_the_box():
    lines = graticule(30)
    assert len(lines) == 13 + 7
    assert all(0 <= v <= max(WIDTH, HEIGHT) for line in lines for v in line)


def test_worldmap_points_for_places_and_located_events_only():
    places = [KbPlace(1, "Lima", "GPE", -12.05, -77.04, "PE", None, 2)]
    lima = EventPlace("Lima", -12.05, -77.04, "PE")
    events = [
        LocatedEvent(1, "Protests", None, When("2024-01-02", None, True), lima, 1, 1),
        TimelineEvent(2, "Riots", None, When(None, None, False), None, (), 1, 1, ()),
    ]
    world = world_map(places, events)
    assert [p.kind for p in world["points"]] == ["place", "event"]
    assert world["points"][0].href == "/entities/Lima"
    assert "2024-01-02 Protests at Lima" in world["points"][1].title


def chain(outlet, via=(), speaker=None, anonymous=False):
    return SourceChain(
        "doc",
        outlet,
        tuple(SourceStep(i, n, None) for i, n in via),
        None if speaker is None else SourceStep(speaker[0], speaker[1], None),
        anonymous,
    )


def test_sourcegraph_layers_follow_the_chain():
    graph = source_graph(
        [
            chain("Ledger", [(1, "Army")], (2, "Col. Ruiz")),
            chain("Ledger", (), (1, "Army")),
            chain("Wire", (), (None, "a resident"), anonymous=True),
        ]
    )
    layer = {n.name: n.layer for n in graph["nodes"]}
    assert layer == {"Ledger": 0, "Wire": 0, "Army": 1, "Col. Ruiz": 2, "a resident": 1}
    kinds = {n.name: n.kind for n in graph["nodes"]}
    assert kinds["a resident"] == "unnamed" and kinds["Ledger"] == "outlet"
    pairs = {(e["source"], e["target"]): e["count"] for e in graph["edges"]}
    assert pairs == {("Ledger", "Army"): 2, ("Army", "Col. Ruiz"): 1, ("Wire", "a resident"): 1}


def test_sourcegraph_nodes_do_not_overlap():
    graph = source_graph([chain(f"Outlet {i}", (), (i, f"Speaker {i}")) for i in range(5)])
    spots = {(n.x, n.y) for n in graph["nodes"]}
    assert len(spots) == len(graph["nodes"]) == 10
    assert all(n.y + graph["node_h"] <= graph["height"] for n in graph["nodes"])
    assert all(n.x + graph["node_w"] <= graph["width"] for n in graph["nodes"])


def test_sourcegraph_cycles_do_not_loop():
    graph = source_graph([chain("L", [(1, "A")], (2, "B")), chain("L", [(2, "B")], (1, "A"))])
    assert len(graph["nodes"]) == 3


def test_sourcegraph_empty():
    graph = source_graph([])
    assert graph["nodes"] == [] and graph["edges"] == []


def test_worldmap_frame_holds_every_point_at_two_to_one():
    from storyline.web.worldmap import Point, frame

    pts = [
        Point("place", "", *project(lat, lon), 3, "", None, lat, lon)
        for lat, lon in [(12.6, -8.0), (17.0, 0.0)]
    ]
    x, y, w, h = frame(pts)
    assert w == pytest.approx(2 * h)
    assert all(x <= p.x <= x + w and y <= p.y <= y + h for p in pts)
    assert w < WIDTH / 2
    assert 0 <= x and x + w <= WIDTH and 0 <= y and y + h <= HEIGHT


def test_worldmap_frame_without_points_is_the_world():
    from storyline.web.worldmap import frame

    assert frame([]) == (0.0, 0.0, WIDTH, HEIGHT)
