"""The portal's own maps of Südwestfalen and Dortmund, drawn as SVG from the gazetteer's coordinates.

No tile server and no third-party request: the district shapes are derived from the municipalities' points (each
district is the union of its towns' Voronoi cells, each cell capped at a radius around its town). One Web Mercator
projection serves the directory's map and the profile's small locator map, so a raster tile layer, if an operator
configures MAP_TILE_URL, lines up exactly with the drawing.

Nothing here runs a query: callers hand in the municipalities they already loaded.
"""

from functools import lru_cache
from math import atan, atan2, ceil, cos, floor, hypot, log, log2, pi, radians, sin, sinh, sqrt, tan

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext, ngettext, npgettext

from .models import District, Region

EARTH_CIRCUMFERENCE_KM = 40075.017

# The directory map: user units ≈ CSS pixels at its widest (40rem). CSS scales text and markers up in narrow
# containers (see "Directory map" in static/css/portal.css); the label placement plans for the middle size.
MAP_WIDTH = 640
CELL_RADIUS_KM = 14  # how far a town's area reaches at most …
HULL_PAD_KM = 9  # … and how far beyond the hull of its region's towns
CELL_SIDES = 32  # the cap's polygon
FRAME = 10  # units between the region's rim and the edge of the picture
LABEL_SIZE = 18  # font size of the district names (units) in the middle CSS tier
LABEL_LEADING = 1.15
LABEL_CHAR_WIDTH = 0.6  # average glyph width in em of a sans-serif at weight 600
LABEL_CANDIDATES = 500  # places per district considered for its name, the best by what does not change
MARKER_MIN_RADIUS, MARKER_RADIUS_STEP, MARKER_MAX_RADIUS = 8, 2.5, 24
MARKER_HIT_RADIUS = 14  # ≥ 12 CSS px (a 24 × 24 target, WCAG 2.5.8) at the widest tier; CSS enlarges it below
MARKER_GROWTH = 1.3  # how much CSS enlarges markers in the middle tier
MAX_TILES = 16

# The locator map on a profile: the box its template and CSS were made for.
LOCATOR_WIDTH, LOCATOR_MARGIN = 190, 6


# --- projection ---------------------------------------------------------------------------------------------


def mercator(latitude, longitude):
    """Web Mercator (EPSG:3857) as fractions of the world: x grows eastwards, y southwards, both in [0, 1]."""
    phi = radians(max(-85.05112878, min(85.05112878, float(latitude))))
    x = (float(longitude) + 180) / 360
    y = (1 - log(tan(phi) + 1 / cos(phi)) / pi) / 2
    return x, y


def inverse_mercator(x, y):
    """(latitude, longitude) of a point given in world fractions."""
    return 180 / pi * atan(sinh(pi * (1 - 2 * y))), x * 360 - 180


class Projection:
    """Web Mercator onto an SVG user space: `scale` units span the world's width; north is up, east is right.

    `origin` is the world point (fractions) that lands on the user-space point (pad, pad); `units_per_km` holds
    near the middle latitude of the picture.
    """

    def __init__(self, origin, scale, pad, width, height, units_per_km):
        self.origin, self.scale, self.pad, self.width, self.height = origin, scale, pad, width, height
        self.units_per_km = units_per_km

    @classmethod
    def fit(cls, coordinates, width, pad=0.0, pad_km=0.0):
        """The projection that draws the bounding box of `coordinates` ((lat, lon) pairs) `width` units wide,
        with a frame of `pad` units plus `pad_km` kilometres (at the box's middle latitude) on every side."""
        points = [mercator(lat, lon) for lat, lon in coordinates]
        west, east = min(x for x, _ in points), max(x for x, _ in points)
        north, south = min(y for _, y in points), max(y for _, y in points)
        middle_latitude = inverse_mercator(0, (north + south) / 2)[0]
        world_per_km = 1 / (EARTH_CIRCUMFERENCE_KM * cos(radians(middle_latitude)))
        # width = (east - west) * scale + 2 * (pad + pad_km * world_per_km * scale); a single point gets 1 km.
        span = max(east - west, world_per_km)
        scale = (width - 2 * pad) / (span + 2 * pad_km * world_per_km)
        frame = pad + pad_km * world_per_km * scale
        height = (south - north) * scale + 2 * frame
        origin = (west - (span - (east - west)) / 2, north)
        return cls(origin, scale, frame, width, height, world_per_km * scale)

    def world(self, x, y):
        """User-space coordinates of a point given in world fractions."""
        return (x - self.origin[0]) * self.scale + self.pad, (y - self.origin[1]) * self.scale + self.pad

    def __call__(self, latitude, longitude):
        return self.world(*mercator(latitude, longitude))

    @property
    def view_box(self):
        return f"0 0 {number(self.width)} {number(self.height)}"

    def tiles(self, template, max_tiles=MAX_TILES):
        """The raster tiles (x/y/z of the usual slippy-map scheme) that cover the picture, placed in user space.

        The zoom is the one whose tile pixels are closest to a user unit, lowered until at most `max_tiles` do.
        """
        west = self.origin[0] - self.pad / self.scale
        north = self.origin[1] - self.pad / self.scale
        east, south = west + self.width / self.scale, north + self.height / self.scale
        zoom = max(0, min(19, round(log2(self.scale / 256))))
        while True:
            n = 2**zoom
            columns = range(max(0, floor(west * n)), min(n - 1, ceil(east * n) - 1) + 1)
            rows = range(max(0, floor(north * n)), min(n - 1, ceil(south * n) - 1) + 1)
            if len(columns) * len(rows) <= max_tiles or zoom == 0:
                break
            zoom -= 1
        tiles = []
        for column in columns:
            left, right = (round(self.world(edge / n, 0)[0], 1) for edge in (column, column + 1))
            for row in rows:
                top, bottom = (round(self.world(0, edge / n)[1], 1) for edge in (row, row + 1))
                href = template.replace("{z}", str(zoom)).replace("{x}", str(column)).replace("{y}", str(row))
                tiles.append(
                    {
                        "href": href,
                        "x": number(left),
                        "y": number(top),
                        "width": number(right - left),
                        "height": number(bottom - top),
                    }
                )
        return tiles


def number(value):
    """A coordinate for SVG: one decimal, no trailing ".0", never localised."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _point(x, y):
    return f"{number(x)} {number(y)}"


# --- geometry -----------------------------------------------------------------------------------------------


def _clip(polygon, normal, through, label):
    """The part of `polygon` on the side of the line through `through` that `normal` points away from.

    polygon: [(corner, label of the edge from it)]; the new edge along the line gets `label`.
    """

    def side(point):
        return (point[0] - through[0]) * normal[0] + (point[1] - through[1]) * normal[1]  # ≤ 0: kept

    result = []
    for index, (start, start_label) in enumerate(polygon):
        end = polygon[(index + 1) % len(polygon)][0]
        start_side, end_side = side(start), side(end)
        if start_side <= 0:
            result.append((start, start_label))
        if (start_side <= 0) != (end_side <= 0):
            t = start_side / (start_side - end_side)
            crossing = (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
            result.append((crossing, label if start_side <= 0 else start_label))
    return result


def convex_hull(points):
    """The convex hull (Andrew's monotone chain), corners in counter-clockwise order of the x/y axes."""
    points = sorted(set(points))
    if len(points) <= 2:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for point in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


def buffered_hull(points, distance, sides=CELL_SIDES):
    """The convex hull of `points` grown by `distance` on every side, its corners rounded (a convex polygon)."""
    hull = convex_hull(points)
    if len(hull) == 1:
        x, y = hull[0]
        return [(x + distance * cos(2 * pi * k / sides), y + distance * sin(2 * pi * k / sides)) for k in range(sides)]
    result = []
    for index, corner in enumerate(hull):
        before, after = hull[index - 1], hull[(index + 1) % len(hull)]
        start = atan2(-(corner[0] - before[0]), corner[1] - before[1])  # outward normal of the edge before
        end = atan2(-(after[0] - corner[0]), after[1] - corner[1])  # … and of the edge after
        while end < start:
            end += 2 * pi
        steps = max(1, ceil((end - start) / (2 * pi / sides)))
        for step in range(steps + 1):
            angle = start + (end - start) * step / steps
            result.append((corner[0] + distance * cos(angle), corner[1] + distance * sin(angle)))
    return result


def voronoi_cells(sites, radius, bounds=None, sides=CELL_SIDES):
    """For each site, its Voronoi cell capped by a circle (a polygon of `sides` corners) of `radius` around it and,
    if given, by the convex polygon bounds[i] (counter-clockwise).

    A cell is a list of (corner, neighbour): the edge from that corner runs along the border with site
    `neighbour` (an index), or along the rim of the region when neighbour is None.
    """
    cells = []
    for index, site in enumerate(sites):
        cell = [
            ((site[0] + radius * cos(2 * pi * k / sides), site[1] + radius * sin(2 * pi * k / sides)), None)
            for k in range(sides)
        ]
        for other_index, other in enumerate(sites):
            distance = hypot(other[0] - site[0], other[1] - site[1])
            if other_index != index and 1e-9 < distance < 2 * radius and cell:
                normal = (other[0] - site[0], other[1] - site[1])
                middle = ((site[0] + other[0]) / 2, (site[1] + other[1]) / 2)
                cell = _clip(cell, normal, middle, other_index)
        bound = (bounds[index] if bounds else None) or []
        for k, start in enumerate(bound):
            end = bound[(k + 1) % len(bound)]
            if cell:
                cell = _clip(cell, (end[1] - start[1], -(end[0] - start[0])), start, None)
        cells.append(cell)
    return cells


def _runs(cell, keep):
    """The polylines formed by the consecutive edges of a cell whose neighbour passes `keep`."""
    size = len(cell)
    kept = [keep(neighbour) for _, neighbour in cell]
    if not any(kept):
        return []
    if all(kept):
        return [[corner for corner, _ in cell] + [cell[0][0]]]
    start = next(k for k in range(size) if kept[k] and not kept[k - 1])
    runs, run = [], []
    for step in range(size):
        k = (start + step) % size
        if kept[k]:
            run = run or [cell[k][0]]
            run.append(cell[(k + 1) % size][0])
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def polygon_area_centroid(points):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return 0.0, points[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def contains(polygon, point):
    """Whether a point lies inside a polygon (ray casting)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


# --- the directory map --------------------------------------------------------------------------------------


def _label_lines(name):
    """A district name on one line, or balanced over two when long: "Kreis Siegen-" / "Wittgenstein"."""
    if len(name) <= 12:
        return [name]
    breaks = [i + 1 for i, char in enumerate(name) if char in " -" and 0 < i < len(name) - 1]
    if not breaks:
        return [name]
    cut = min(breaks, key=lambda i: max(len(name[:i].rstrip()), len(name[i:])))
    return [name[:cut].rstrip(), name[cut:]]


def _box_overlap(a, b):
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def _intrusion(circles, box):
    """How deep circles (x, y, radius) reach into a box, summed in fractions of their radii."""
    left, top, right, bottom = box
    total = 0.0
    for x, y, radius in circles:
        dx = x - (left if x < left else right if x > right else x)
        dy = y - (top if y < top else bottom if y > bottom else y)
        distance = dx * dx + dy * dy
        if distance < radius * radius:
            total += 1 - sqrt(distance) / radius
    return total


def _label_candidates(lines, polygons, centroid, sites, width, height, step=8):
    """Where a district's name could go: points inside the district on a grid, each with the box the name
    would cover and a score for what does not change with the results (best first): distance from the middle,
    box corners outside the district, grey dots covered, leaving the picture."""
    box_width = max(len(line) for line in lines) * LABEL_CHAR_WIDTH * LABEL_SIZE + 6
    box_height = len(lines) * LABEL_LEADING * LABEL_SIZE
    bounds = [
        (min(x for x, _ in polygon), min(y for _, y in polygon), max(x for x, _ in polygon), max(y for _, y in polygon))
        for polygon in polygons
    ]

    def inside(point):
        return any(
            b[0] <= point[0] <= b[2] and b[1] <= point[1] <= b[3] and contains(polygon, point)
            for polygon, b in zip(polygons, bounds, strict=True)
        )

    left, top = min(b[0] for b in bounds), min(b[1] for b in bounds)
    right, bottom = max(b[2] for b in bounds), max(b[3] for b in bounds)
    reach = max(right - left, bottom - top, 1)
    candidates = []
    for gx in range(int(left), int(right) + 1, step):
        for gy in range(int(top), int(bottom) + 1, step):
            if not inside((gx, gy)):
                continue
            box = (gx - box_width / 2, gy - box_height / 2, gx + box_width / 2, gy + box_height / 2)
            score = hypot(gx - centroid[0], gy - centroid[1]) / reach
            if box[0] < 2 or box[1] < 2 or box[2] > width - 2 or box[3] > height - 2:
                score += 100
            corners = [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])]
            corners += [(gx, box[1]), (gx, box[3]), (box[0], gy), (box[2], gy)]
            score += 1.0 * sum(not inside(corner) for corner in corners)
            score += 0.3 * sum(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in sites)
            candidates.append((score, gx, gy, box))
    if not candidates:  # a sliver too thin for the grid: its centroid will do
        gx, gy = centroid
        candidates.append(
            (0.0, gx, gy, (gx - box_width / 2, gy - box_height / 2, gx + box_width / 2, gy + box_height / 2))
        )
    return sorted(candidates)[:LABEL_CANDIDATES]


def _place_labels(districts, markers):
    """Each district's name where it covers few towns, markers and other names (markers are drawn above the
    names, but a name under a marker is hard to read)."""
    placed, labels = [], {}
    for district in districts:
        boxes = [box for *_, box in district["candidates"]]
        left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
        right, bottom = max(box[2] for box in boxes), max(box[3] for box in boxes)
        near = [
            (m["centre"][0], m["centre"][1], m["reach"])
            for m in markers
            if left - m["reach"] < m["centre"][0] < right + m["reach"]
            and top - m["reach"] < m["centre"][1] < bottom + m["reach"]
        ]
        best = None
        for static, gx, gy, box in district["candidates"]:
            if best is not None and static >= best[0]:
                break  # the rest cannot do better: what changes with the results only adds to the score
            area = (box[2] - box[0]) * (box[3] - box[1])
            score = static + 10 * _intrusion(near, box)
            score += 10 * sum(_box_overlap(box, other) for other in placed) / area
            if best is None or score < best[0]:
                best = (score, gx, gy, box)
        _score, gx, gy, box = best
        placed.append(box)
        lines = district["lines"]
        first = 0.35 - (len(lines) - 1) * LABEL_LEADING / 2
        labels[district["slug"]] = {
            "x": number(gx),
            "y": number(gy),
            "lines": [
                {"text": line, "dy": f"{(first if i == 0 else LABEL_LEADING):.3g}em"} for i, line in enumerate(lines)
            ],
        }
    return labels


@lru_cache(maxsize=4)
def _region(towns):
    """Everything about the drawing that does not depend on the results, for towns ((lat, lon, district,
    region), …): the projection, the towns' points, the districts' shapes, label candidates, rim and borders."""
    projection = Projection.fit([town[:2] for town in towns], MAP_WIDTH, pad=FRAME, pad_km=CELL_RADIUS_KM)
    sites = [projection(latitude, longitude) for latitude, longitude, _, _ in towns]
    # Each region's rim follows its towns' hull, grown by a few kilometres, where no town's circle ends sooner.
    hulls = {}
    for region in Region:
        points = [site for site, town in zip(sites, towns, strict=True) if town[3] == region]
        if len(points) >= 3 and HULL_PAD_KM:
            hulls[region] = buffered_hull(points, HULL_PAD_KM * projection.units_per_km)
    cells = voronoi_cells(sites, CELL_RADIUS_KM * projection.units_per_km, [hulls.get(town[3]) for town in towns])

    districts = []
    for district in District:
        polygons = [
            [corner for corner, _ in cell]
            for cell, town in zip(cells, towns, strict=True)
            if town[2] == district and len(cell) >= 3
        ]
        if not polygons:
            continue
        areas = [polygon_area_centroid(polygon) for polygon in polygons]
        total = sum(area for area, _ in areas) or 1
        centroid = (sum(a * c[0] for a, c in areas) / total, sum(a * c[1] for a, c in areas) / total)
        lines = _label_lines(district.label)
        districts.append(
            {
                "slug": district.value,
                "name": district.label,
                "region": Region.DORTMUND if district == District.DORTMUND else Region.SUEDWESTFALEN,
                "path": "".join(f"M{'L'.join(_point(*p) for p in polygon)}Z" for polygon in polygons),
                "lines": lines,
                "candidates": _label_candidates(lines, polygons, centroid, sites, projection.width, projection.height),
            }
        )
    # The lines between districts (each drawn once) and the rim of the region, as runs of consecutive edges.
    rim, borders = [], []
    for index, cell in enumerate(cells):
        # Regions are capped by different hulls, so their neighbouring cells need not share an edge: each draws
        # its own side of the line between regions as rim.
        rim += _runs(cell, lambda n, i=index: n is None or towns[n][3] != towns[i][3])
        borders += _runs(
            cell,
            lambda n, i=index: n is not None and n > i and towns[n][3] == towns[i][3] and towns[n][2] != towns[i][2],
        )
    return {
        "projection": projection,
        "sites": sites,
        "districts": districts,
        "rim": "".join(f"M{'L'.join(_point(*p) for p in run)}" for run in rim),
        "borders": "".join(f"M{'L'.join(_point(*p) for p in run)}" for run in borders),
        "places": [{"x": number(x), "y": number(y)} for x, y in sites],
    }


def _marker_radius(count):
    return min(MARKER_MAX_RADIUS, MARKER_MIN_RADIUS + MARKER_RADIUS_STEP * sqrt(max(count, 1)))


def _organisations(count):
    return ngettext("%(count)s organisation", "%(count)s organisations", count) % {"count": _count(count)}


def _count(count):
    return formats.number_format(count, force_grouping=True)


def directory_map(municipalities, counts, url_for, selected=(), noun=None):
    """What templates/companies/_directory_map.html draws: the region, and a linked marker with the number of
    current results for each town that has results (or is filtered on). None when no town has coordinates.

    municipalities: all Municipality objects; counts: {municipality id: results}; url_for(municipality): the
    marker's href; selected: ids of the municipalities filtered on; noun(count): what the results are, counted
    ("3 projects"), for other lists than the directory's organisations.
    """
    noun = noun or _organisations
    placed = [m for m in municipalities if m.latitude is not None and m.longitude is not None]
    if not placed:
        return None
    selected = {str(pk) for pk in selected}
    region = _region(tuple((float(m.latitude), float(m.longitude), m.district, m.region) for m in placed))

    markers = []
    for municipality, (x, y) in zip(placed, region["sites"], strict=True):
        count = counts.get(municipality.pk, 0)
        is_selected = str(municipality.pk) in selected
        if count <= 0 and not is_selected:
            continue
        radius = _marker_radius(count)
        if noun is _organisations:
            name = ngettext("%(place)s: %(count)s organisation", "%(place)s: %(count)s organisations", count) % {
                "place": municipality.name,
                "count": _count(count),
            }
        else:
            name = gettext("%(place)s: %(results)s") % {"place": municipality.name, "results": noun(count)}
        markers.append(
            {
                "name": name,
                "href": url_for(municipality),
                "count": _count(count),
                "selected": is_selected,
                "transform": f"translate({_point(x, y)})",
                "radius": number(radius),
                "ring": number(radius + 5),
                "hit": number(max(radius + 2, MARKER_HIT_RADIUS)),
                "centre": (x, y),
                "reach": (radius + 2) * MARKER_GROWTH,
                "sort": (-count, municipality.name),
            }
        )
    # Big markers first, so that the smaller ones drawn after them stay visible and clickable.
    markers.sort(key=lambda marker: marker["sort"])
    labels = _place_labels(region["districts"], markers)

    placed_results = sum(counts.get(m.pk, 0) for m in placed)
    places_with_results = sum(1 for m in placed if counts.get(m.pk, 0) > 0)
    unplaced = sorted(
        (m for m in municipalities if (m.latitude is None or m.longitude is None) and counts.get(m.pk, 0) > 0),
        key=lambda m: m.name,
    )
    unplaced_results = sum(counts[m.pk] for m in unplaced)

    if placed_results:
        places = npgettext(
            "map caption: organisations in N places", "%(count)s place", "%(count)s places", places_with_results
        ) % {"count": _count(places_with_results)}
        summary = gettext("Results by town: %(organisations)s in %(places)s.") % {
            "organisations": noun(placed_results),
            "places": places,
        }
    else:
        summary = gettext("None of the current results is in a place on this map.")
    caption = [summary]
    if unplaced_results:
        caption.append(
            ngettext(
                "%(count)s result in places without a map position: %(places)s.",
                "%(count)s results in places without a map position: %(places)s.",
                unplaced_results,
            )
            % {"count": _count(unplaced_results), "places": ", ".join(m.name for m in unplaced)}
        )

    tile_url = getattr(settings, "MAP_TILE_URL", "")
    return {
        "view_box": region["projection"].view_box,
        "tiles": region["projection"].tiles(tile_url) if tile_url else [],
        "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "") if tile_url else "",
        "districts": [
            {
                **{key: district[key] for key in ("slug", "name", "region", "path")},
                "label": labels[district["slug"]],
            }
            for district in region["districts"]
        ],
        "rim": region["rim"],
        "borders": region["borders"],
        "places": region["places"],
        "markers": [
            {key: value for key, value in m.items() if key not in {"centre", "reach", "sort"}} for m in markers
        ],
        "caption": caption,
        "results": placed_results + unplaced_results,
        "unplaced_results": unplaced_results,
    }


# --- the locator map ----------------------------------------------------------------------------------------


def locator_map(municipality, municipalities):
    """What the profile page's small map draws: all towns as dots and this one highlighted; None without
    coordinates. Same projection as the directory map, fitted to the locator's box (view_box)."""
    if not municipality.has_coordinates:
        return None
    placed = [m for m in municipalities if m.latitude is not None and m.longitude is not None]
    projection = Projection.fit([(m.latitude, m.longitude) for m in placed], LOCATOR_WIDTH, pad=LOCATOR_MARGIN)

    def point(place):
        x, y = projection(place.latitude, place.longitude)
        return {"name": place.name, "x": round(x, 1), "y": round(y, 1)}

    return {"here": point(municipality), "places": [point(m) for m in placed], "view_box": projection.view_box}
