/**
 * The geometry of the search map, apart from its DOM: each view's projection,
 * the land outlines, and what a drag or a click on the map means on the Earth.
 */

import {
  geoDistance,
  geoEquirectangular,
  GeoProjection,
  geoStereographic
} from 'd3-geo';
import type { Feature, Geometry, MultiPolygon } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import land110m from 'world-atlas/land-110m.json';

import { boxFromOutline, IBox, LonLat, MapView, VIEW_PROJECTION } from './geo';

/**
 * Each view's size in map units (the SVG's viewBox).
 */
export const MAP_SIZE: Record<MapView, [number, number]> = {
  global: [360, 180],
  arctic: [300, 300],
  antarctic: [300, 300]
};

/** Points sampled along each edge of a dragged rectangle. */
const EDGE_SAMPLES = 16;

/**
 * The projection of a view, fitted to its map size.
 */
export function projectionOf(view: MapView): GeoProjection {
  const spec = VIEW_PROJECTION[view];
  const projection =
    spec.kind === 'equirectangular'
      ? geoEquirectangular()
      : geoStereographic()
          .rotate(spec.rotate)
          .clipAngle(spec.clipAngle ?? 90);
  return projection.fitSize(MAP_SIZE[view], { type: 'Sphere' });
}

/**
 * The longitude/latitude under a map point, or null off the visible Earth.
 */
export function lonLatAt(
  view: MapView,
  point: [number, number]
): LonLat | null {
  const spec = VIEW_PROJECTION[view];
  const lonLat = projectionOf(view).invert?.(point);
  if (!lonLat || !lonLat.every(Number.isFinite)) {
    return null;
  }
  if (spec.clipAngle !== undefined) {
    const center: LonLat = [-spec.rotate[0], -spec.rotate[1]];
    const far = geoDistance(lonLat, center) > (spec.clipAngle * Math.PI) / 180;
    return far ? null : [lonLat[0], lonLat[1]];
  }
  const [lon, lat] = lonLat;
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : null;
}

/**
 * The search box of a rectangle dragged from `a` to `b` (map points): the
 * smallest box holding its outline, round the pole if it holds one; null for
 * a click or a rectangle off the Earth.
 */
export function boxFromDrag(
  view: MapView,
  a: [number, number],
  b: [number, number]
): IBox | null {
  const [x0, x1] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [y0, y1] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  if (x1 - x0 < 3 || y1 - y0 < 3) {
    return null; // A click, not a drag.
  }
  const projection = projectionOf(view);
  const outline: LonLat[] = [];
  for (let i = 0; i <= EDGE_SAMPLES; i++) {
    const t = i / EDGE_SAMPLES;
    for (const [x, y] of [
      [x0 + (x1 - x0) * t, y0],
      [x0 + (x1 - x0) * t, y1],
      [x0, y0 + (y1 - y0) * t],
      [x1, y0 + (y1 - y0) * t]
    ]) {
      const lonLat = projection.invert?.([x, y]);
      if (lonLat && Number.isFinite(lonLat[0]) && Number.isFinite(lonLat[1])) {
        outline.push([lonLat[0], lonLat[1]]);
      }
    }
  }
  if (outline.length === 0) {
    return null;
  }
  const inside = (lonLat: LonLat) => {
    const p = projection(lonLat);
    return !!p && p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
  };
  const pole = inside([0, 90]) ? 'north' : inside([0, -90]) ? 'south' : null;
  return boxFromOutline(outline, pole);
}

let landFeature: Feature<MultiPolygon> | null = null;

/**
 * Natural Earth land polygons (1:110m, shipped with the extension), decoded once.
 */
export function landOutline(): Feature<Geometry> {
  if (!landFeature) {
    const topology = land110m as unknown as Topology;
    landFeature = feature(
      topology,
      topology.objects.land
    ) as unknown as Feature<MultiPolygon>;
  }
  return landFeature;
}

/**
 * A footprint's line in map units (a point null where the view cannot show it).
 */
export interface IProjectedLine {
  id: string;
  line: number;
  points: ([number, number] | null)[];
}

/**
 * The point of these lines nearest `at` (map units), if one is within `radius`.
 */
export function nearestVertex(
  lines: readonly IProjectedLine[],
  at: [number, number],
  radius: number
): { id: string; line: number; index: number } | null {
  let best: { id: string; line: number; index: number } | null = null;
  let bestDistance = radius;
  for (const { id, line, points } of lines) {
    points.forEach((point, index) => {
      if (!point) {
        return;
      }
      const distance = Math.hypot(point[0] - at[0], point[1] - at[1]);
      if (distance <= bestDistance) {
        bestDistance = distance;
        best = { id, line, index };
      }
    });
  }
  return best;
}
