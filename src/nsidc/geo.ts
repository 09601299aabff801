/**
 * Geometry of the search map, free of any DOM: the three map views, boxes
 * drawn on them, and the rings that draw a box on a curved projection.
 */

/**
 * A longitude/latitude pair in degrees.
 */
export type LonLat = [number, number];

/**
 * A bounding box in degrees, as CMR's `bounding_box=W,S,E,N`.
 *
 * `west > east` means the box crosses the antimeridian.
 */
export interface IBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The map views: a global one and the two polar stereographic ones.
 */
export type MapView = 'global' | 'arctic' | 'antarctic';

/**
 * The d3-geo rotation and clip angle of each view.
 */
export const VIEW_PROJECTION: Record<
  MapView,
  {
    kind: 'equirectangular' | 'stereographic';
    rotate: [number, number];
    clipAngle?: number;
  }
> = {
  global: { kind: 'equirectangular', rotate: [0, 0] },
  arctic: { kind: 'stereographic', rotate: [0, -90], clipAngle: 60 },
  antarctic: { kind: 'stereographic', rotate: [0, 90], clipAngle: 60 }
};

/**
 * The smallest longitude interval holding every longitude of `lons`.
 *
 * Returns `[west, east]`, with `west > east` when the interval crosses the
 * antimeridian (e.g. `[170, -170]` for points on both sides of 180°).
 */
export function lonInterval(lons: number[]): [number, number] {
  const sorted = [...new Set(lons.map(normalizeLon))].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return [-180, 180];
  }
  // The interval is the circle minus its largest empty gap.
  let gapStart = sorted[sorted.length - 1];
  let gap = sorted[0] + 360 - gapStart;
  for (let i = 1; i < sorted.length; i++) {
    const width = sorted[i] - sorted[i - 1];
    if (width > gap) {
      gap = width;
      gapStart = sorted[i - 1];
    }
  }
  const west = normalizeLon(gapStart + gap);
  return [west, gapStart];
}

/**
 * The box covering the points of a rectangle dragged on the map.
 *
 * `points` sample the rectangle's outline, already projected back to
 * longitude/latitude. When the rectangle holds a pole (`pole`), the box
 * reaches that pole and spans every longitude.
 */
export function boxFromOutline(
  points: LonLat[],
  pole: 'north' | 'south' | null
): IBox {
  const lats = points.map(p => p[1]);
  let south = Math.max(-90, Math.min(...lats));
  let north = Math.min(90, Math.max(...lats));
  if (pole === 'north') {
    north = 90;
  } else if (pole === 'south') {
    south = -90;
  }
  if (pole) {
    return { west: -180, south: round(south), east: 180, north: round(north) };
  }
  const [west, east] = lonInterval(points.map(p => p[0]));
  return {
    west: round(west),
    south: round(south),
    east: round(east),
    north: round(north)
  };
}

/**
 * A closed ring tracing the box along its parallels and meridians, with a
 * point every `step` degrees, so that it draws as the right curved shape on a
 * polar projection (a box of two corners would draw as a straight chord).
 */
export function boxRing(box: IBox, step = 2): LonLat[] {
  const east = box.west > box.east ? box.east + 360 : box.east;
  const ring: LonLat[] = [];
  const along = (from: number, to: number) => {
    const n = Math.max(1, Math.ceil(Math.abs(to - from) / step));
    return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / n);
  };
  along(box.west, east).forEach(lon =>
    ring.push([normalizeLon(lon), box.south])
  );
  along(box.south, box.north).forEach(lat =>
    ring.push([normalizeLon(east), lat])
  );
  along(east, box.west).forEach(lon =>
    ring.push([normalizeLon(lon), box.north])
  );
  along(box.north, box.south).forEach(lat => ring.push([box.west, lat]));
  ring.push(ring[0]);
  return ring;
}

/**
 * Bring a longitude into [-180, 180].
 */
export function normalizeLon(lon: number): number {
  if (lon >= -180 && lon <= 180) {
    return lon;
  }
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
