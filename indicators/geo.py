"""Ward outlines: checking an uploaded GeoJSON file and drawing it as SVG paths.

Plain Python, no GIS library. The checks are the ones a map can be wrong about in
practice: the file's shape, each feature's ward code, and each ring (enough positions,
closed, coordinates in range, no self-intersection). Every problem is listed, by feature.
The projection is equirectangular with longitudes scaled by cos(mean latitude), which is
exact enough for a city of Hanoi's size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.imports import is_ascii_number

MAX_BYTES = 20 * 1024 * 1024
MAX_POINTS = 500_000
MAX_PROBLEMS = 200
# Properties that may carry the ward's official code, tried in this order.
CODE_PROPERTIES = ("code", "ma", "ma_xa", "ward_code")
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")

Position = tuple[float, float]
Ring = list[Position]


@dataclass(frozen=True)
class GeoProblem:
    """One problem: the feature's number in the file (1-based; None = whole file)."""

    feature: int | None
    code: str
    message: str


@dataclass(frozen=True)
class WardShape:
    feature: int
    code: str
    geometry: dict[str, Any]


class GeoErrors(Exception):
    """The file has problems; nothing was stored."""

    def __init__(self, problems: list[GeoProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the boundary file")
        self.problems = problems


def _feature_code(properties: Any) -> str:
    if not isinstance(properties, dict):
        return ""
    for key in CODE_PROPERTIES:
        value = properties.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if text:
            # Codes typed as numbers lose their leading zeros: ward codes have five digits.
            return text.zfill(5) if is_ascii_number(text) and len(text) < 5 else text
    return ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _orientation(a: Position, b: Position, c: Position) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a: Position, b: Position, p: Position) -> bool:
    return (min(a[0], b[0]) <= p[0] <= max(a[0], b[0])
            and min(a[1], b[1]) <= p[1] <= max(a[1], b[1]))


def segments_intersect(p1: Position, p2: Position, q1: Position, q2: Position) -> bool:
    """Do the closed segments p1–p2 and q1–q2 share at least one point?"""
    d1 = _orientation(q1, q2, p1)
    d2 = _orientation(q1, q2, p2)
    d3 = _orientation(p1, p2, q1)
    d4 = _orientation(p1, p2, q2)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return ((d1 == 0 and _on_segment(q1, q2, p1)) or (d2 == 0 and _on_segment(q1, q2, p2))
            or (d3 == 0 and _on_segment(p1, p2, q1)) or (d4 == 0 and _on_segment(p1, p2, q2)))


def ring_self_intersects(ring: Sequence[Position]) -> bool:
    """Does a closed ring cross or touch itself anywhere but at neighbouring segments' joints?

    Pairs of segments are compared only when their x-ranges overlap (a sweep over the
    segments sorted by their left end), which keeps ward-sized rings fast.
    """
    points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    n = len(points) - 1  # segments; points[-1] == points[0]
    if n < 3:
        return False
    segments = [(points[i], points[i + 1]) for i in range(n)]
    order = sorted(range(n), key=lambda i: min(segments[i][0][0], segments[i][1][0]))
    for position, i in enumerate(order):
        a, b = segments[i]
        right = max(a[0], b[0])
        for j in order[position + 1:]:
            c, d = segments[j]
            if min(c[0], d[0]) > right:
                break
            if abs(i - j) == 1 or abs(i - j) == n - 1:
                continue  # neighbours share their joint
            if segments_intersect(a, b, c, d):
                return True
    return False


class _Checker:
    def __init__(self) -> None:
        self.problems: list[GeoProblem] = []
        self.points = 0

    def add(self, feature: int | None, code: str, message: str) -> None:
        self.problems.append(GeoProblem(feature, code, message))

    def ring(self, feature: int, code: str, ring: Any, where: str) -> None:
        if not isinstance(ring, list):
            self.add(feature, code, _("%(where)s is not a list of positions.") % {"where": where})
            return
        self.points += len(ring)
        if self.points > MAX_POINTS:
            return
        positions: Ring = []
        for number, position in enumerate(ring, 1):
            if (not isinstance(position, list) or len(position) not in (2, 3)
                    or not all(_is_number(v) for v in position)):
                self.add(feature, code, _("%(where)s, position %(n)d is not a pair of numbers "
                                          "(longitude, latitude).") % {"where": where, "n": number})
                return
            lon, lat = float(position[0]), float(position[1])
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                self.add(feature, code, _(
                    "%(where)s, position %(n)d (%(lon)s, %(lat)s) is out of range: coordinates "
                    "must be WGS84 longitude and latitude in degrees."
                ) % {"where": where, "n": number, "lon": position[0], "lat": position[1]})
                return
            positions.append((lon, lat))
        if len(positions) < 4:
            self.add(feature, code, _("%(where)s has %(n)d positions; a ring needs at least 4 "
                                      "(the first repeated at the end).")
                     % {"where": where, "n": len(positions)})
            return
        if positions[0] != positions[-1]:
            self.add(feature, code, _("%(where)s is not closed: its last position must repeat "
                                      "the first.") % {"where": where})
            return
        if len(set(positions)) < 3:
            self.add(feature, code, _("%(where)s has fewer than 3 distinct positions.")
                     % {"where": where})
            return
        if ring_self_intersects(positions):
            self.add(feature, code, _("%(where)s crosses itself.") % {"where": where})

    def polygon(self, feature: int, code: str, polygon: Any, label: str) -> None:
        if not isinstance(polygon, list) or not polygon:
            self.add(feature, code, _("%(where)s has no rings.") % {"where": label})
            return
        for number, ring in enumerate(polygon, 1):
            where = (_("%(polygon)s, outer ring") % {"polygon": label} if number == 1
                     else _("%(polygon)s, hole %(n)d") % {"polygon": label, "n": number - 1})
            self.ring(feature, code, ring, where)

    def geometry(self, feature: int, code: str, geometry: Any) -> None:
        if not isinstance(geometry, dict):
            self.add(feature, code, _("The feature has no geometry."))
            return
        kind = geometry.get("type")
        coordinates = geometry.get("coordinates")
        if kind not in GEOMETRY_TYPES:
            self.add(feature, code, _("The geometry is a %(type)s; only Polygon and MultiPolygon "
                                      "are accepted.") % {"type": str(kind)[:40]})
            return
        if not isinstance(coordinates, list) or not coordinates:
            self.add(feature, code, _("The geometry has no coordinates."))
            return
        if kind == "Polygon":
            self.polygon(feature, code, coordinates, _("Polygon"))
            return
        for number, polygon in enumerate(coordinates, 1):
            self.polygon(feature, code, polygon, _("Polygon %(n)d") % {"n": number})


def parse_boundaries(raw: bytes, *, known_codes: Iterable[str]) -> list[WardShape]:
    """The ward shapes of a GeoJSON FeatureCollection, or GeoErrors listing every problem.

    `known_codes` are the codes the file may use (the province's current wards).
    """
    if len(raw) > MAX_BYTES:
        raise GeoErrors([GeoProblem(None, "", _("The file is larger than %(mb)d MB.")
                                    % {"mb": MAX_BYTES // (1024 * 1024)})])
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GeoErrors([GeoProblem(None, "", _("The file is not UTF-8 text."))]) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = (_("line %(line)d, column %(col)d") % {"line": exc.lineno, "col": exc.colno}
                  if isinstance(exc, json.JSONDecodeError) else "")
        raise GeoErrors([GeoProblem(None, "", _("The file is not valid JSON (%(detail)s).")
                                    % {"detail": detail})]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeoErrors([GeoProblem(None, "", _("The file is not a GeoJSON FeatureCollection."))])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise GeoErrors([GeoProblem(None, "", _("The FeatureCollection has no features."))])

    known = set(known_codes)
    checker = _Checker()
    first_seen: dict[str, int] = {}
    shapes: list[WardShape] = []
    for number, feature in enumerate(features, 1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            checker.add(number, "", _("This item is not a GeoJSON Feature."))
            continue
        code = _feature_code(feature.get("properties"))
        if not code:
            checker.add(number, "", _("The feature has no ward code (property %(names)s).")
                        % {"names": ", ".join(CODE_PROPERTIES)})
        elif code not in known:
            checker.add(number, code, _("No current ward, commune or special zone of the "
                                        "province has the code %(code)s.") % {"code": code})
        elif code in first_seen:
            checker.add(number, code, _("The code %(code)s is also used by feature %(first)d.")
                        % {"code": code, "first": first_seen[code]})
        else:
            first_seen[code] = number
        before = len(checker.problems)
        checker.geometry(number, code, feature.get("geometry"))
        if checker.points > MAX_POINTS:
            checker.add(None, "", _("The file has more than %(max)d positions; simplify the "
                                    "outlines and upload it again.") % {"max": MAX_POINTS})
            break
        if len(checker.problems) == before and code:
            shapes.append(WardShape(number, code, feature["geometry"]))
    if checker.problems:
        problems = checker.problems
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS],
                        GeoProblem(None, "", _("… and %(n)d more problems.") % {"n": rest})]
        raise GeoErrors(problems)
    return shapes


def _polygons(geometry: dict[str, Any]) -> list[list[list[Position]]]:
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in polygon]
            for polygon in polygons]


@dataclass(frozen=True)
class Projected:
    width: int
    height: int
    paths: dict[str, str]  # key → SVG path data


def project(geometries: dict[str, dict[str, Any]], *, width: int = 1000,
            padding: int = 10, decimals: int = 1) -> Projected:
    """SVG path data for each geometry, all fitted together into a `width`-wide viewBox."""
    shapes = {key: _polygons(geometry) for key, geometry in geometries.items()}
    points = [p for polygons in shapes.values() for polygon in polygons for ring in polygon
              for p in ring]
    if not points:
        return Projected(width, width // 2, {})
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * k, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = (width - 2 * padding) / span_x
    height = max(math.ceil(span_y * scale) + 2 * padding, 2 * padding + 1)

    def xy(p: Position) -> tuple[float, float]:
        return (round(padding + (p[0] - min_lon) * k * scale, decimals),
                round(padding + (max_lat - p[1]) * scale, decimals))

    paths: dict[str, str] = {}
    for key, polygons in shapes.items():
        parts: list[str] = []
        for polygon in polygons:
            for ring in polygon:
                projected: list[tuple[float, float]] = []
                for p in ring:
                    q = xy(p)
                    if not projected or projected[-1] != q:
                        projected.append(q)  # rounding merges close points: drop repeats
                if len(projected) < 3:
                    continue
                parts.append("M" + "L".join(f"{_num(x)},{_num(y)}" for x, y in projected) + "Z")
        paths[key] = "".join(parts)
    return Projected(width, height, paths)


def _num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
