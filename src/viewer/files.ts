/**
 * Pure helpers of the data viewer: file arguments, ICESat-2 products, the
 * profile's query and its min/max envelope as a line.
 */

import type { IDataFile } from './tokens';
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
 * The quick look's datasets per product: the height and the along-track
 * distance of one beam.
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
  return null;
}

/**
 * The query string of `h5/profile` for `y` against `x` in `columns` columns.
 */
export function profileQuery(
  file: IDataFile,
  paths: { y: string; x: string },
  columns: number
): string {
  const query = new URLSearchParams({
    file: fileArgument(file),
    y: paths.y,
    x: paths.x,
    columns: String(Math.max(1, Math.min(10000, Math.round(columns))))
  });
  return query.toString();
}

/**
 * The profile as one line through each column's min then max (a vertical
 * stroke per pixel column, so no spike is lost); empty columns (no valid
 * value: all masked, or no sample there) are left out, so the line joins the
 * columns around them.
 */
export function envelope(reply: IProfileReply): {
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
    x[2 * k] = x[2 * k + 1] = reply.centers[i];
    y[2 * k] = reply.min[i]!;
    y[2 * k + 1] = reply.max[i]!;
  });
  return { x, y };
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
