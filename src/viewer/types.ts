/**
 * Reply shapes of the data viewer's routes (`hackweek/api/h5/…`); `meta`,
 * `attr`, `data` and `paths` are h5grove's and read by h5web itself.
 */

/**
 * An attribute value as the profile gives it: bytes decoded, arrays cut.
 */
export type AttrValue = string | number | boolean | AttrValue[];

/**
 * `h5/profile`: min/max of `y` per pixel column.
 */
export interface IProfileReply {
  columns: number;
  /**
   * How many values `y` holds, and how many were masked (fill values, out of
   * the valid range, NaN).
   */
  values: number;
  masked: number;
  x: {
    path: string | null;
    lo: number;
    hi: number;
    attrs: Record<string, AttrValue>;
  };
  y: {
    path: string;
    /** numpy's name of its dtype (`float32`). */
    dtype: string;
    attrs: Record<string, AttrValue>;
    min: number | null;
    max: number | null;
  };
  centers: number[];
  min: (number | null)[];
  max: (number | null)[];
  count: number[];
  /**
   * With `by`: the dataset of classes (and its column), and per class present
   * its own min, max and count per column.
   */
  by?: { path: string; column: number | null };
  classes?: {
    value: number;
    min: (number | null)[];
    max: (number | null)[];
    count: number[];
  }[];
}

/**
 * `h5/track`: a beam's ground track, about `points` rows of it in order.
 */
export interface ITrackReply {
  values: number;
  paths: { lat: string; lon: string; x: string };
  lat: number[];
  lon: number[];
  x: number[];
}
