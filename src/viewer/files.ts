/**
 * Pure helpers of the data viewer: file arguments, ICESat-2 products, the
 * profile's query and its min/max envelope as a line.
 */

import type { IDataFile, IViewState } from './tokens';
import type { IProfileReply } from './types';

/**
 * Extensions the viewer opens (HDF5 and NetCDF-4).
 */
export const VIEWABLE_EXTENSIONS = ['.h5', '.hdf5', '.he5', '.nc', '.nc4'];

/**
 * Whether a file of this name opens in the viewer.
 */
export function isViewable(name: string): boolean {
  const lower = name.toLowerCase();
  return VIEWABLE_EXTENSIONS.some(ext => lower.endsWith(ext));
}

/**
 * The routes' `file` argument: `home/<path>` or `shared/<root>/<path>`.
 */
export function fileArgument(file: IDataFile): string {
  const path = file.path.replace(/^\/+/, '');
  return file.root === null ? `home/${path}` : `shared/${file.root}/${path}`;
}

/**
 * The file's name (its last path segment).
 */
export function fileName(file: IDataFile): string {
  const parts = file.path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? file.path;
}

/**
 * The ICESat-2 product of a file name (`ATL06` for
 * `ATL06_20181013235645_02340114_209_01.h5`, also with a `processed_` prefix
 * as NSIDC's subsets name them), or null.
 */
export function icesat2Product(name: string): string | null {
  const match = /^(?:processed_)?(ATL\d{2})(?:QL)?_\d{14}_/.exec(name);
  return match ? match[1] : null;
}

/**
 * The six ground tracks of ICESat-2, left and right of each pair.
 */
export const BEAMS = ['gt1l', 'gt1r', 'gt2l', 'gt2r', 'gt3l', 'gt3r'];

/**
 * The quick look a product has: heights along track (ATL06), the photon
 * cloud (ATL03), or none.
 */
export function quickLookKind(product: string): 'heights' | 'photons' | null {
  return product === 'ATL06'
    ? 'heights'
    : product === 'ATL03'
      ? 'photons'
      : null;
}

/**
 * The quick look's datasets per product: the height and what it is drawn
 * against for one beam (ATL06: the along-track distance; ATL03: the photon
 * time, the one along-track coordinate each photon has).
 */
export function quickLookPaths(
  product: string,
  beam: string
): { y: string; x: string } | null {
  if (product === 'ATL06') {
    return {
      y: `/${beam}/land_ice_segments/h_li`,
      x: `/${beam}/land_ice_segments/ground_track/x_atc`
    };
  }
  if (product === 'ATL03') {
    return { y: `/${beam}/heights/h_ph`, x: `/${beam}/heights/delta_time` };
  }
  return null;
}

/**
 * A beam's ground track as the `h5/track` route reads it: latitude,
 * longitude and the along-track coordinate the quick look draws against
 * (ATL06), or null for products without one here.
 */
export function trackPaths(
  product: string,
  beam: string
): { lat: string; lon: string; x: string } | null {
  const paths = quickLookPaths(product, beam);
  if (product !== 'ATL06' || !paths) {
    return null;
  }
  return {
    lat: `/${beam}/land_ice_segments/latitude`,
    lon: `/${beam}/land_ice_segments/longitude`,
    x: paths.x
  };
}

/**
 * The search map's view for tracks at these latitudes: a polar view when
 * every point is poleward of 40°, else the global one.
 */
export function mapViewOf(
  latitudes: readonly number[]
): 'global' | 'arctic' | 'antarctic' {
  if (latitudes.length && latitudes.every(lat => lat >= 40)) {
    return 'arctic';
  }
  if (latitudes.length && latitudes.every(lat => lat <= -40)) {
    return 'antarctic';
  }
  return 'global';
}

/**
 * The index of the point of a track nearest a place (a point of another
 * beam's track), or -1 for none.
 */
export function nearestPoint(
  track: { lon: readonly number[]; lat: readonly number[] },
  [lon, lat]: [number, number]
): number {
  const squeeze = Math.cos((lat * Math.PI) / 180);
  let best = -1;
  let bestDistance = Infinity;
  track.lon.forEach((value, index) => {
    const dlon = (((value - lon + 540) % 360) - 180) * squeeze;
    const distance = dlon * dlon + (track.lat[index] - lat) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}

/**
 * The index of the value nearest `x`, or -1 for none.
 */
export function nearestIndex(values: ArrayLike<number>, x: number): number {
  let best = -1;
  for (let index = 0; index < values.length; index++) {
    if (best < 0 || Math.abs(values[index] - x) < Math.abs(values[best] - x)) {
      best = index;
    }
  }
  return best;
}

/**
 * Whether a beam is ICESat-2's strong or weak one of its pair, from the
 * spacecraft's orientation (`/orbit_info/sc_orient`: 0 backward — the left
 * beams are strong —, 1 forward — the right ones are); null in transition (2)
 * or when unknown.
 */
export function beamStrength(
  beam: string,
  scOrient: number | null
): 'strong' | 'weak' | null {
  if (scOrient !== 0 && scOrient !== 1) {
    return null;
  }
  const left = beam.endsWith('l');
  return left === (scOrient === 0) ? 'strong' : 'weak';
}

/**
 * Pixel columns asked of the profile route (a quick look's width and more).
 */
export const COLUMNS = 1200;

/**
 * The view a viewer opens on: the one to restore, else the file's quick look
 * (first beam, uncoloured, land ice's confidence for ATL03, whole) unless it
 * has none or a dataset was asked for, which open in Explore.
 */
export function initialView(file: IDataFile): IViewState {
  const product = icesat2Product(fileName(file));
  const quick = product !== null && quickLookKind(product) !== null;
  const view = file.view;
  return {
    beam: BEAMS[0],
    byQuality: false,
    surface: LAND_ICE,
    zoom: null,
    ...view,
    tab:
      quick && (view ? view.tab === 'quick' : !file.dataset)
        ? 'quick'
        : 'explore',
    dataset: view?.dataset ?? file.dataset ?? null
  };
}

/**
 * The query of the first profile a file's quick look draws (that of its
 * initial view), so the viewer can ask for it while its code loads; null when
 * the viewer opens on Explore.
 */
export function firstProfileQuery(file: IDataFile): string | null {
  const product = icesat2Product(fileName(file));
  const view = initialView(file);
  if (!product || view.tab !== 'quick') {
    return null;
  }
  if (quickLookKind(product) === 'photons') {
    return photonQuery(file, view.beam, view.surface, COLUMNS);
  }
  const quality = view.byQuality ? qualityPath(product, view.beam) : null;
  return profileQuery(
    file,
    quickLookPaths(product, view.beam)!,
    COLUMNS,
    quality
  );
}

/**
 * The view to show from what the layout restorer kept: anything that is not
 * one of the viewer's choices falls back to the default (the first beam, land
 * ice, uncoloured, whole); null when there is no view at all.
 */
export function viewState(value: unknown): IViewState | null {
  if (!value || typeof value !== 'object') {
    return null;
  }
  const kept = value as Record<string, unknown>;
  const range = (pair: unknown): [number, number] | null =>
    Array.isArray(pair) &&
    pair.length === 2 &&
    pair.every(end => typeof end === 'number' && Number.isFinite(end)) &&
    pair[0] < pair[1]
      ? [pair[0], pair[1]]
      : null;
  const zoom = (kept.zoom ?? {}) as Record<string, unknown>;
  const x = range(zoom.x);
  const y = range(zoom.y);
  const surface = kept.surface;
  return {
    tab: kept.tab === 'explore' ? 'explore' : 'quick',
    beam:
      typeof kept.beam === 'string' && BEAMS.includes(kept.beam)
        ? kept.beam
        : BEAMS[0],
    byQuality: kept.byQuality === true,
    surface:
      typeof surface === 'number' &&
      Number.isInteger(surface) &&
      surface >= 0 &&
      surface <= 4
        ? surface
        : LAND_ICE,
    zoom: x && y ? { x, y } : null,
    dataset: typeof kept.dataset === 'string' ? kept.dataset : null
  };
}

/**
 * The query of a zoom: the profile's own with `lo` and `hi`, the visible part
 * of the whole x range (both in the file's x), or null when more than half of
 * it is visible (its columns are then fine enough).
 */
export function zoomQuery(
  query: string,
  whole: [number, number],
  visible: [number, number]
): string | null {
  const lo = Math.max(whole[0], Math.min(visible[0], visible[1]));
  const hi = Math.min(whole[1], Math.max(visible[0], visible[1]));
  if (!(hi > lo) || 2 * (hi - lo) > whole[1] - whole[0]) {
    return null;
  }
  const params = new URLSearchParams(query);
  params.set('lo', String(lo));
  params.set('hi', String(hi));
  return params.toString();
}

/**
 * The column of `signal_conf_ph` (its surface types: land, ocean, sea ice,
 * land ice, inland water) the photon cloud is coloured for first.
 */
export const LAND_ICE = 3;

/**
 * The query string of `h5/profile` for the photon cloud of one beam: heights
 * against time, per confidence class for one surface type.
 */
export function photonQuery(
  file: IDataFile,
  beam: string,
  surface: number,
  columns: number
): string {
  const paths = quickLookPaths('ATL03', beam)!;
  const query = new URLSearchParams(profileQuery(file, paths, columns));
  query.set('by', `/${beam}/heights/signal_conf_ph`);
  query.set('by_column', String(surface));
  return query.toString();
}

/**
 * The query string of `h5/profile` for `y` against `x` in `columns` columns,
 * per class of `by` when given.
 */
export function profileQuery(
  file: IDataFile,
  paths: { y: string; x: string },
  columns: number,
  by?: string | null
): string {
  const query = new URLSearchParams({
    file: fileArgument(file),
    y: paths.y,
    x: paths.x,
    columns: String(Math.max(1, Math.min(10000, Math.round(columns))))
  });
  if (by) {
    query.set('by', by);
  }
  return query.toString();
}

/**
 * The quality flag a product's quick look can be coloured by (ATL06's
 * `atl06_quality_summary`: 0 best quality, 1 possible problems), or null.
 */
export function qualityPath(product: string, beam: string): string | null {
  return product === 'ATL06'
    ? `/${beam}/land_ice_segments/atl06_quality_summary`
    : null;
}

/**
 * The profile (or one class of it) as one line through each column's min then max
 * (x as `(x - shift) / scale`) (a vertical
 * stroke per pixel column, so no spike is lost); empty columns (no valid
 * value: all masked, or no sample there) are left out, so the line joins the
 * columns around them.
 */
export function envelope(
  reply: Pick<IProfileReply, 'centers' | 'min' | 'max'>,
  shift = 0,
  scale = 1
): {
  x: Float64Array;
  y: Float64Array;
} {
  const filled: number[] = [];
  reply.centers.forEach((_, i) => {
    if (reply.min[i] !== null && reply.max[i] !== null) {
      filled.push(i);
    }
  });
  const x = new Float64Array(2 * filled.length);
  const y = new Float64Array(2 * filled.length);
  filled.forEach((i, k) => {
    x[2 * k] = x[2 * k + 1] = (reply.centers[i] - shift) / scale;
    y[2 * k] = reply.min[i]!;
    y[2 * k + 1] = reply.max[i]!;
  });
  return { x, y };
}

/**
 * The envelope of a profile (as `envelope`) with its columns in a zoom's
 * range `[finer.x.lo, finer.x.hi]` (the file's x) replaced by the zoom's finer
 * ones; the profile's own without a zoom.
 */
export function zoomedEnvelope(
  coarse: Pick<IProfileReply, 'centers' | 'min' | 'max'>,
  finer:
    | (Pick<IProfileReply, 'centers' | 'min' | 'max'> & {
        x: { lo: number; hi: number };
      })
    | null,
  shift = 0,
  scale = 1
): { x: Float64Array; y: Float64Array } {
  const outer = envelope(coarse, shift, scale);
  if (!finer) {
    return outer;
  }
  const inner = envelope(finer, shift, scale);
  const lo = (finer.x.lo - shift) / scale;
  const hi = (finer.x.hi - shift) / scale;
  let before = 0;
  while (before < outer.x.length && outer.x[before] < lo) {
    before++;
  }
  let after = before;
  while (after < outer.x.length && outer.x[after] <= hi) {
    after++;
  }
  const join = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(before + b.length + a.length - after);
    out.set(a.subarray(0, before));
    out.set(b, before);
    out.set(a.subarray(after), before + b.length);
    return out;
  };
  return { x: join(outer.x, inner.x), y: join(outer.y, inner.y) };
}

/**
 * One class of a profile by class, as a profile of its own (its columns
 * empty where the class has no value, or everywhere when it is absent).
 */
export function classOf(
  reply: IProfileReply,
  value: number
): Pick<IProfileReply, 'centers' | 'min' | 'max' | 'x'> {
  const entry = reply.classes?.find(other => other.value === value);
  const none = reply.centers.map(() => null);
  return {
    centers: reply.centers,
    x: reply.x,
    min: entry?.min ?? none,
    max: entry?.max ?? none
  };
}

/**
 * An attribute's value as text (arrays joined).
 */
export function attrText(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(attrText).join(', ');
  }
  return String(value);
}

/**
 * What "Insert code" reproduces of a view: the dataset shown, its slice, what
 * it is drawn against, and a sentence saying which view it is (the cell's
 * first comment). The shared feature writes the cell (`ISharedCode`).
 */
export interface IViewCode {
  node: string;
  nodeType: 'dataset';
  /** numpy's name of the dtype for numbers (`float32`), else undefined. */
  dtype?: string;
  /** h5grove's selection of the slice shown, if not the whole dataset. */
  selection?: string;
  x?: string;
  /** The classes a quick look colours by (`signal_conf_ph`, a surface type's column). */
  by?: { path: string; column: number | null };
  view: string;
}

/**
 * The quick look of one beam as code: the height against the along-track
 * coordinate, masked the way the profile masks it; with the classes it is
 * coloured by (a dataset, and its column for a 2-D one), their counts too.
 */
export function quickLookCode(
  paths: { y: string; x: string },
  beam: string,
  dtype: string,
  by?: { path: string; column: number | null }
): IViewCode {
  const name = (path: string) => path.split('/').pop()!;
  const classes = by
    ? ` by ${name(by.path)}${by.column === null ? '' : ` (column ${by.column})`}`
    : '';
  return {
    node: paths.y,
    nodeType: 'dataset',
    dtype,
    x: paths.x,
    ...(by && { by }),
    view: `${name(paths.y)} of ${beam} against ${name(paths.x)}${classes}, as the data viewer's quick look draws it`
  };
}

/**
 * An h5web dataset type as numpy's dtype name, for integers and floats only.
 */
export function numpyDtype(type: {
  class: string;
  size?: number;
  signed?: boolean;
}): string | undefined {
  if (type.class === 'Float' && type.size) {
    return `float${type.size}`;
  }
  if (type.class === 'Integer' && type.size) {
    return `${type.signed ? 'int' : 'uint'}${type.size}`;
  }
  return undefined;
}

/**
 * The dataset h5web shows in Explore, with the slice its dimension mapper
 * selects, as code.
 */
export function exploreCode(
  dataset: { path: string; type: Parameters<typeof numpyDtype>[0] },
  selection: string | undefined
): IViewCode {
  return {
    node: dataset.path,
    nodeType: 'dataset',
    dtype: numpyDtype(dataset.type),
    selection,
    view: selection
      ? `${dataset.path}[${selection}], as the data viewer's Explore tab shows it`
      : `${dataset.path}, as the data viewer's Explore tab shows it`
  };
}
