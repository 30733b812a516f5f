"""
Build countries.json, the boundaries the facility maps draw, from Natural
Earth's 1:50m admin-0 countries as the npm package world-atlas 2.0.2
redistributes them (countries-50m.json, TopoJSON). Run once, offline:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m website.geodata.build package/countries-50m.json

Each country (by ISO 3166-1 alpha-2 code) keeps its rings, simplified
(Douglas–Peucker, 0.03°), without islands under 0.02 square degrees (about
200 km²) unless that is all the country has, in hundredths of a degree
(about 1 km): each ring a flat list, the first longitude and latitude, then
the difference from the point before (website/maps.py reads it). Antarctica
is left out. Natural Earth is in the public domain; world-atlas is
ISC-licensed (README, "Map data").
"""

import json
import sys
from pathlib import Path

TOLERANCE = 0.03
UNIT = 100  # per degree
SMALLEST = 0.02  # square degrees
LEFT_OUT = {"AQ"}
OUT = Path(__file__).with_name("countries.json")


def decode_arcs(topology):
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points, tolerance):
    """Douglas–Peucker, iteratively (rings have thousands of points)."""
    if len(points) < 4:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def area(points):
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)
            )
        )
        / 2
    )


def encoded(points):
    """The ring in hundredths of a degree, each point after the first as
    its difference from the one before; repeated points dropped."""
    out, last = [], None
    for x, y in points:
        point = (round(x * UNIT), round(y * UNIT))
        if point == last:
            continue
        if last is None:
            out += point
        else:
            out += [point[0] - last[0], point[1] - last[1]]
        last = point
    return out


def main(path):
    from django.conf import settings

    settings.configure()
    from django_countries import countries

    topology = json.loads(Path(path).read_text())
    arcs = decode_arcs(topology)
    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id") and countries.alpha2(geometry["id"])
        if not code or code in LEFT_OUT:
            continue  # a territory without an ISO code (Kosovo, N. Cyprus…)
        polygons = (
            [geometry["arcs"]]
            if geometry["type"] == "Polygon"
            else geometry["arcs"]
            if geometry["type"] == "MultiPolygon"
            else []
        )
        outlines = [ring(arcs, polygon[0]) for polygon in polygons]
        largest = max((area(points) for points in outlines), default=0)
        rings = found.setdefault(code, [])
        for points in outlines:
            if area(points) < SMALLEST and area(points) < largest:
                continue
            simple = encoded(simplify(points, TOLERANCE))
            if len(simple) >= 8:
                rings.append(simple)
    document = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), "
        "via world-atlas 2.0.2 (ISC); simplified by website/geodata/build.py",
        "countries": {code: rings for code, rings in sorted(found.items()) if rings},
    }
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    sys.stdout.write(f"{OUT}: {len(found)} countries, {OUT.stat().st_size} bytes\n")


if __name__ == "__main__":
    main(sys.argv[1])
