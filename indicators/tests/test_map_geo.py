"""Checking GeoJSON outlines, projecting them, and the map's colour classes (no database)."""

import json
from decimal import Decimal

import pytest

from indicators import geo
from indicators.map_selectors import palette, quantile_classes

SQUARE = [[105.80, 21.00], [105.82, 21.00], [105.82, 21.02], [105.80, 21.02], [105.80, 21.00]]


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(code, coordinates=None, kind="Polygon", key="code"):
    return {"type": "Feature", "properties": {key: code},
            "geometry": {"type": kind, "coordinates": coordinates or [SQUARE]}}


def _problems(raw, known=("00070", "00004")):
    with pytest.raises(geo.GeoErrors) as caught:
        geo.parse_boundaries(raw, known_codes=known)
    return caught.value.problems


def test_it_accepts_every_code_property_and_multipolygons(english):
    raw = _collection(_feature("00070", key="ma_xa"),
                      _feature(4, [[SQUARE]], kind="MultiPolygon", key="ma"))
    shapes = geo.parse_boundaries(raw, known_codes={"00070", "00004"})
    assert [(s.feature, s.code) for s in shapes] == [(1, "00070"), (2, "00004")]


def test_it_refuses_text_that_is_not_json(english):
    [problem] = _problems(b'{"type": "FeatureCollection", ')
    assert problem.feature is None and "not valid JSON" in problem.message


def test_it_refuses_json_that_is_not_a_feature_collection(english):
    [problem] = _problems(json.dumps({"type": "Feature"}).encode())
    assert "not a GeoJSON FeatureCollection" in problem.message


def test_it_lists_every_bad_feature_at_once(english):
    open_ring = [p[:] for p in SQUARE[:-1]] + [[105.81, 21.0]]
    bow_tie = [[105.80, 21.00], [105.82, 21.02], [105.82, 21.00], [105.80, 21.02], [105.80, 21.00]]
    raw = _collection(
        _feature("99999"),                                            # 1 unknown code
        {"type": "Feature", "properties": {"ten": "x"}, "geometry": None},  # 2 no code
        _feature("00070", [SQUARE[:3]]),                              # 3 too few positions
        _feature("00004", [open_ring]),                               # 4 not closed
        _feature("00004"),                                            # 5 duplicate code
        _feature("00070", [[[200, 21], [201, 21], [201, 22], [200, 21]]]),  # 6 out of range
        _feature("00070", [[["a", 21], [1, 2], [2, 2], ["a", 21]]]),  # 7 not numbers
        _feature("00070", [bow_tie]),                                 # 8 crosses itself
        _feature("00070", [105.8, 21.0], kind="Point"),               # 9 wrong type
    )
    problems = _problems(raw)
    by_feature: dict[int | None, list[str]] = {}
    for p in problems:  # each feature's geometry problem is its last
        by_feature.setdefault(p.feature, []).insert(0, p.message)
    assert "No current ward" in by_feature[1][-1]
    assert "has no ward code" in by_feature[2][-1] and "ma_xa" in by_feature[2][-1]
    assert "has no geometry" in by_feature[2][0]
    assert "needs at least 4" in by_feature[3][0]
    assert "is not closed" in by_feature[4][0]
    assert "also used by feature 4" in by_feature[5][0]
    assert "out of range" in by_feature[6][0]
    assert "not a pair of numbers" in by_feature[7][0]
    assert "crosses itself" in by_feature[8][0]
    assert "only Polygon and MultiPolygon" in by_feature[9][0]
    assert next(p for p in problems if p.feature == 8).code == "00070"


def test_it_caps_the_number_of_positions(english, monkeypatch):
    monkeypatch.setattr(geo, "MAX_POINTS", 6)
    problems = _problems(_collection(_feature("00070"), _feature("00004")))
    assert "more than 6 positions" in problems[-1].message


def test_it_finds_crossings_but_not_shared_joints():
    assert not geo.ring_self_intersects([(p[0], p[1]) for p in SQUARE])
    figure_eight = [(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)]
    assert geo.ring_self_intersects(figure_eight)
    touching = [(0, 0), (4, 0), (4, 4), (2, 0), (0, 4), (0, 0)]  # a vertex on another edge
    assert geo.ring_self_intersects(touching)


def test_it_projects_outlines_into_the_view_box():
    left = {"type": "Polygon", "coordinates": [SQUARE]}
    right = {"type": "Polygon", "coordinates": [[[p[0] + 0.02, p[1]] for p in SQUARE]]}
    projected = geo.project({"a": left, "b": right}, width=1000, padding=10)
    assert projected.paths["a"].startswith("M10,") and projected.paths["a"].endswith("Z")
    # Two squares side by side, longitudes shrunk by cos(21°): taller than half the width.
    assert 1000 * 0.5 < projected.height < 1000 * 0.6
    xs = [float(pair.split(",")[0]) for pair in projected.paths["b"][1:-1].split("L")]
    assert max(xs) == pytest.approx(990)


def test_it_puts_about_a_fifth_of_the_wards_in_each_class():
    values = [Decimal(v) for v in (7, 1, 3, 10, 5, 2, 9, 4, 8, 6)]
    classes = quantile_classes(values)
    assert classes.index == [3, 0, 1, 4, 2, 0, 4, 1, 3, 2]
    assert classes.ranges[0] == (Decimal(1), Decimal(2))
    assert classes.ranges[4] == (Decimal(9), Decimal(10))


def test_it_keeps_equal_values_in_one_class():
    classes = quantile_classes([Decimal(0)] * 6 + [Decimal(3)])
    assert classes.index == [0] * 6 + [1]
    assert len(classes.ranges) == 2


def test_it_flips_the_palette_when_higher_is_better():
    assert palette(5, True) == palette(5, False)[::-1]
    assert palette(5, True)[-1] == "#2e7d32"  # the highest values are good: green
    assert palette(5, False)[-1] == "#c0392b"  # the highest crime counts: red
