"""
Maps of a country's places of detention, drawn on the server as SVG from
vendored boundaries (website/geodata/countries.json: Natural Earth, public
domain): no tile server, no script, no request leaving the site.

The projection is equirectangular, its longitudes shortened by the cosine
of the middle latitude: at a country's scale it keeps shapes close enough,
and a point's place is two multiplications. Nothing here queries the
database; the view hands in the facilities.
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

BOUNDARIES = Path(__file__).parent / "geodata" / "countries.json"
UNIT = 100  # the file's coordinates are hundredths of a degree
MAX_WIDTH, MAX_HEIGHT = 640.0, 480.0
PAD = 0.08  # of the country's extent, on each side
MIN_PAD = 0.5  # degrees, for the smallest countries


@functools.cache
def _boundaries():
    return json.loads(BOUNDARIES.read_text())["countries"]


@functools.cache
def _rings(code):
    """The country's rings as lists of (longitude, latitude), in degrees."""
    rings = []
    for flat in _boundaries().get(code, ()):
        x, y = flat[0], flat[1]
        points = [(x / UNIT, y / UNIT)]
        for i in range(2, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append((x / UNIT, y / UNIT))
        rings.append(points)
    return rings


def _unwrapped(rings):
    """Rings of a country across the antimeridian (Russia, Fiji) moved to
    one side of it: longitudes west of it then count past 180."""
    lons = [lon for ring in rings for lon, _lat in ring]
    if max(lons) - min(lons) <= 180:
        return rings, False
    return [
        [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring] for ring in rings
    ], True


@functools.cache
def _extent(code):
    rings, _shifted = _unwrapped(_rings(code))
    lons = [lon for ring in rings for lon, _lat in ring]
    lats = [lat for ring in rings for _lon, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def has_map(code):
    return bool(code) and code in _boundaries()


@dataclass(frozen=True)
class Marker:
    number: int
    name: str
    x: float
    y: float
    is_current: bool


@dataclass
class CountryMap:
    width: float
    height: float
    country: str  # path data, drawn under the neighbours and outlined over them
    neighbours: list = field(default_factory=list)  # path data
    markers: list = field(default_factory=list)

    @property
    def view_box(self):
        return f"0 0 {self.width:.0f} {self.height:.0f}"


class _Projection:
    def __init__(self, west, south, east, north):
        self.west, self.north, self.east, self.south = west, north, east, south
        self.k = math.cos(math.radians((north + south) / 2))
        self.scale = min(
            MAX_WIDTH / ((east - west) * self.k), MAX_HEIGHT / (north - south)
        )
        self.width = (east - west) * self.k * self.scale
        self.height = (north - south) * self.scale

    def point(self, lon, lat):
        if lon < self.west - 90:
            lon += 360  # west of the antimeridian, on a map that crosses it
        return (lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale

    def inside(self, lon, lat):
        if lon < self.west - 90:
            lon += 360
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def path(self, rings):
        # Python's own formatting: the numbers a program reads are never
        # localized ("12,5" would break the drawing in Russian).
        parts = []
        for ring in rings:
            points = [self.point(lon, lat) for lon, lat in ring]
            head, *rest = points
            parts.append(
                f"M{head[0]:.1f} {head[1]:.1f}"
                + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest)
                + "Z"
            )
        return "".join(parts)


def _overlaps(box, other):
    west, south, east, north = box
    o_west, o_south, o_east, o_north = other
    return o_west <= east and o_east >= west and o_south <= north and o_north >= south


def country_map(code, places, *, current=None):
    """
    Return the CountryMap of country ``code`` with ``places`` marked:
    (number, name, latitude, longitude, facility pk) tuples, their numbers
    those of the table beside the map; ``current``, the pk of the facility
    the page is about. None when there is no boundary for ``code``.
    Places outside the country's frame are left off the drawing (the table
    still lists them).
    """
    if not has_map(code):
        return None
    west, south, east, north = _extent(code)
    pad_x = max((east - west) * PAD, MIN_PAD)
    pad_y = max((north - south) * PAD, MIN_PAD)
    frame = (
        west - pad_x,
        max(south - pad_y, -89.9),
        east + pad_x,
        min(north + pad_y, 89.9),
    )
    projection = _Projection(*frame)
    rings, _shifted = _unwrapped(_rings(code))
    drawn = CountryMap(
        width=projection.width,
        height=projection.height,
        country=projection.path(rings),
    )
    for other in _boundaries():
        if other == code:
            continue
        o_west, o_south, o_east, o_north = _extent(other)
        boxes = [(o_west, o_south, o_east, o_north)]
        if frame[2] > 180:  # the frame crosses the antimeridian
            boxes.append((o_west + 360, o_south, o_east + 360, o_north))
        if any(_overlaps(frame, box) for box in boxes):
            drawn.neighbours.append(projection.path(_unwrapped(_rings(other))[0]))
    for number, name, latitude, longitude, pk in places:
        lat, lon = float(latitude), float(longitude)
        if projection.inside(lon, lat):
            x, y = projection.point(lon, lat)
            drawn.markers.append(Marker(number, name, x, y, pk == current))
    return drawn
