/**
 * What the search workspace's large map writes on the Earth, apart from its
 * DOM: the polar regions' place names and the latitude rings of the polar
 * views, each positioned from longitude/latitude through the view's own
 * projection (`projectionOf`), so that a label sits where a box drawn round
 * it lands.
 */

import type { LonLat, MapView } from './geo';
import { lonLatAt, MAP_SIZE, projectionOf } from './mapshapes';

/**
 * The places named on the map (English names; the map translates them).
 */
export type PlaceKey =
  | 'greenland'
  | 'ellesmere'
  | 'svalbard'
  | 'iceland'
  | 'alaska'
  | 'siberia'
  | 'arcticOcean'
  | 'antarctica'
  | 'peninsula'
  | 'ross'
  | 'weddell';

/**
 * A named place: where its label goes, in which views, and whether it is land
 * (the land outline holds it).
 */
export interface IPlace {
  key: PlaceKey;
  lonLat: LonLat;
  views: readonly MapView[];
  land: boolean;
}

/**
 * The polar regions' places. Greenland's label is on its ice sheet's summit
 * region, well inside the coast.
 */
export const PLACES: readonly IPlace[] = [
  {
    key: 'greenland',
    lonLat: [-40, 73],
    views: ['arctic', 'global'],
    land: true
  },
  { key: 'ellesmere', lonLat: [-80, 79.5], views: ['arctic'], land: true },
  { key: 'svalbard', lonLat: [17, 78.7], views: ['arctic'], land: true },
  { key: 'iceland', lonLat: [-18.5, 64.9], views: ['arctic'], land: true },
  {
    key: 'alaska',
    lonLat: [-152, 65],
    views: ['arctic', 'global'],
    land: true
  },
  {
    key: 'siberia',
    lonLat: [105, 66],
    views: ['arctic', 'global'],
    land: true
  },
  { key: 'arcticOcean', lonLat: [150, 85], views: ['arctic'], land: false },
  {
    key: 'antarctica',
    lonLat: [60, -78],
    views: ['antarctic', 'global'],
    land: true
  },
  { key: 'peninsula', lonLat: [-65, -67], views: ['antarctic'], land: true },
  { key: 'ross', lonLat: [-175, -81.5], views: ['antarctic'], land: false },
  { key: 'weddell', lonLat: [-45, -70], views: ['antarctic'], land: false }
];

/**
 * A label placed on a map: its place and its point in map units (the SVG's
 * viewBox).
 */
export interface IPlaceLabel {
  place: IPlace;
  x: number;
  y: number;
}

/**
 * The labels of a view: its places, projected, those on the visible Earth.
 */
export function placeLabels(view: MapView): IPlaceLabel[] {
  const projection = projectionOf(view);
  const labels: IPlaceLabel[] = [];
  for (const place of PLACES) {
    const point = projection(place.lonLat);
    if (!place.views.includes(view) || !point || !visible(view, point)) {
      continue;
    }
    labels.push({ place, x: point[0], y: point[1] });
  }
  return labels;
}

/**
 * A latitude ring of a polar view: the parallel as a closed lon/lat line, and
 * where its label goes (on the ring, along `RING_LABEL_LON`).
 */
export interface ILatitudeRing {
  lat: number;
  line: LonLat[];
  label: { x: number; y: number };
}

/**
 * The latitudes ringed in the polar views (the Arctic's; the Antarctic's are
 * their negatives). The global view's parallels are the graticule's.
 */
export const RING_LATITUDES = [60, 70, 80];

/**
 * The meridian each view writes its ring labels along (open ocean, away from
 * the labelled places).
 */
export const RING_LABEL_LON: Record<MapView, number> = {
  global: 0,
  arctic: 160,
  antarctic: 110
};

/**
 * The latitude rings of a view (none in the global view).
 */
export function latitudeRings(view: MapView, step = 2): ILatitudeRing[] {
  if (view === 'global') {
    return [];
  }
  const sign = view === 'arctic' ? 1 : -1;
  const projection = projectionOf(view);
  return RING_LATITUDES.map(lat => {
    const signed = sign * lat;
    const line: LonLat[] = [];
    for (let lon = -180; lon <= 180; lon += step) {
      line.push([lon, signed]);
    }
    const [x, y] = projection([RING_LABEL_LON[view], signed]) ?? [0, 0];
    return { lat: signed, line, label: { x, y } };
  });
}

/**
 * Whether a map point is on the visible Earth and inside the map.
 */
function visible(view: MapView, point: [number, number]): boolean {
  const [width, height] = MAP_SIZE[view];
  const [x, y] = point;
  return (
    x >= 0 && x <= width && y >= 0 && y <= height && !!lonLatAt(view, point)
  );
}
