/**
 * The search form's state, validated into the route's query parameters.
 *
 * Pure: no DOM, no server. Every problem is reported per field with a
 * translated message, so the panel can show it next to the input; the server
 * repeats the same checks (a 400 with a message) for any other client.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import type { IBox, LonLat } from './geo';
import {
  isIcesat2,
  MAX_PATTERNS,
  parseNumberList,
  parseTime,
  trackPatterns
} from './parse';
import {
  IGranuleParams,
  IGranulesReply,
  MAX_CYCLE,
  MAX_PAGE_SIZE,
  MAX_RGT,
  Provider,
  PROVIDERS
} from './types';

const SHORT_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const VERSION = /^[A-Za-z0-9_.-]{1,20}$/;
const NAME_PATTERN = /^[A-Za-z0-9_.\-*?]{1,200}$/;

/**
 * What the user entered in the search form.
 */
export interface ISearchForm {
  /**
   * The product (collection short name), e.g. `ATL06`.
   */
  shortName: string;
  /**
   * The version as CMR lists it, e.g. `006`; empty for any.
   */
  version: string;
  /**
   * One provider, or empty for both (the server then keeps one copy per file).
   */
  provider: Provider | '';
  /**
   * `YYYY-MM-DD` or an ISO 8601 time; empty for an open end.
   */
  start: string;
  end: string;
  /**
   * A box drawn or typed; `west > east` crosses the antimeridian.
   */
  box: IBox | null;
  /**
   * A polygon's points (closed or not, either winding).
   */
  polygon: LonLat[] | null;
  /**
   * Reference ground tracks as typed, e.g. `1, 5, 10-12`.
   */
  tracks: string;
  /**
   * Cycles as typed, e.g. `3-5`.
   */
  cycles: string;
  /**
   * A file-name pattern with `*` and `?`.
   */
  namePattern: string;
  /**
   * Granules per page (1–2000); default 500.
   */
  pageSize?: number;
}

/**
 * A field of the form that can carry an error.
 */
export type SearchField = keyof ISearchForm;

/**
 * A validated search, normalised (for code generation and sharing).
 */
export interface ISearch {
  shortName: string;
  /**
   * The version as typed (empty for any).
   */
  version: string;
  /**
   * The version spellings code names: the ones CMR matched (the granules
   * reply's `versions`, see `answeredSearch`), or the typed version before a
   * reply; empty for any version.
   */
  versions: string[];
  provider: Provider | null;
  /**
   * `[start, end]` as `YYYY-MM-DDTHH:MM:SSZ`; either may be `''` (open).
   */
  temporal: [string, string] | null;
  box: IBox | null;
  /**
   * A polygon's points as drawn or typed (either winding, closed or not).
   * The server closes the ring and winds it counter-clockwise round the
   * smaller region, as CMR requires; the ring it searched comes back in
   * `IGranulesReply.polygon`, and the model's `search` (what code describes)
   * holds that one.
   */
  polygon: LonLat[] | null;
  tracks: number[];
  cycles: number[];
  /**
   * CMR `readable_granule_name` patterns (the typed pattern, or the
   * track/cycle patterns).
   */
  namePatterns: string[];
  pageSize: number;
}

/**
 * The outcome of `validateSearch`.
 */
export interface IValidation {
  /**
   * Messages per field; empty when the search is valid.
   */
  errors: Partial<Record<SearchField, string>>;
  /**
   * The normalised search, or `null` when there are errors.
   */
  search: ISearch | null;
  /**
   * The route's query parameters, or `null` when there are errors.
   */
  params: IGranuleParams | null;
}

/**
 * The time range as CMR takes it (`''` for an open end, `null` when not a
 * date) and what is wrong with it: checked as the user types.
 */
export function checkTimes(
  form: Pick<ISearchForm, 'start' | 'end'>,
  trans: TranslationBundle
): {
  start: string | null;
  end: string | null;
  errors: Partial<Record<'start' | 'end', string>>;
} {
  const errors: Partial<Record<'start' | 'end', string>> = {};
  const start = form.start.trim() ? parseTime(form.start) : '';
  const end = form.end.trim() ? parseTime(form.end, true) : '';
  if (start === null) {
    errors.start = trans.__('Not a date: use YYYY-MM-DD.');
  }
  if (end === null) {
    errors.end = trans.__('Not a date: use YYYY-MM-DD.');
  }
  if (start && end && end < start) {
    errors.end = trans.__('The end is before the start.');
  }
  return { start, end, errors };
}

/**
 * Validate the form: per-field messages, or the normalised search and the
 * route's query parameters.
 *
 * @param form - what the user entered
 * @param trans - the `jupyterlab_hackweek` translation bundle
 */
export function validateSearch(
  form: ISearchForm,
  trans: TranslationBundle
): IValidation {
  const errors: IValidation['errors'] = {};
  const shortName = form.shortName.trim();
  const version = form.version.trim();
  if (!shortName) {
    errors.shortName = trans.__('Choose a product, such as ATL06.');
  } else if (!SHORT_NAME.test(shortName)) {
    errors.shortName = trans.__('"%1" is not a product short name.', shortName);
  }
  if (version && !VERSION.test(version)) {
    errors.version = trans.__('"%1" is not a version.', version);
  }
  if (form.provider && !PROVIDERS.includes(form.provider)) {
    errors.provider = trans.__('Choose NSIDC_ECS or NSIDC_CPRD.');
  }
  const { start, end, errors: timeErrors } = checkTimes(form, trans);
  Object.assign(errors, timeErrors);
  const boxError = form.box ? Private.checkBox(form.box, trans) : null;
  if (boxError) {
    errors.box = boxError;
  }
  let polygon: LonLat[] | null = null;
  if (form.polygon) {
    const distinct = new Set(form.polygon.map(p => `${p[0]},${p[1]}`));
    const bad = form.polygon
      .map(p => Private.checkPoint(p[0], p[1], trans))
      .find(e => e);
    if (bad) {
      errors.polygon = bad;
    } else if (distinct.size < 3) {
      errors.polygon = trans.__('A polygon needs at least three points.');
    } else {
      // As drawn: the server closes the ring and winds it for CMR
      polygon = form.polygon.map(([lon, lat]) => [lon, lat] as LonLat);
    }
  }
  const tracks = Private.numbers(
    form.tracks,
    1,
    MAX_RGT,
    'tracks',
    errors,
    trans
  );
  const cycles = Private.numbers(
    form.cycles,
    1,
    MAX_CYCLE,
    'cycles',
    errors,
    trans
  );
  const namePattern = form.namePattern.trim();
  let namePatterns: string[] = [];
  if (namePattern) {
    if (tracks.length || cycles.length) {
      errors.namePattern = trans.__(
        'Filter by file name or by track and cycle, not both.'
      );
    } else if (!NAME_PATTERN.test(namePattern)) {
      errors.namePattern = trans.__(
        'A file-name pattern may hold letters, digits, "_", "-", ".", "*" and "?".'
      );
    } else {
      namePatterns = [namePattern];
    }
  } else if ((tracks.length || cycles.length) && shortName) {
    if (!isIcesat2(shortName)) {
      errors.tracks = trans.__(
        'Tracks and cycles apply to ICESat-2 products (ATL03, ATL06, ...).'
      );
    } else if (shortName.toUpperCase() === 'ATL11' && cycles.length) {
      errors.cycles = trans.__(
        'ATL11 files span many cycles: filter ATL11 by track only.'
      );
    } else if (
      Math.max(tracks.length, 1) * Math.max(cycles.length, 1) >
      MAX_PATTERNS
    ) {
      errors.tracks = trans.__(
        'Too many track × cycle combinations; the limit is %1.',
        MAX_PATTERNS
      );
    } else {
      namePatterns = trackPatterns(shortName, tracks, cycles);
    }
  }
  const pageSize = form.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    errors.pageSize = trans.__(
      'The page size must be a whole number from 1 to %1.',
      MAX_PAGE_SIZE
    );
  }
  if (Object.keys(errors).length) {
    return { errors, search: null, params: null };
  }
  const search: ISearch = {
    shortName,
    version,
    versions: version ? [version] : [],
    provider: form.provider || null,
    temporal: start || end ? [start as string, end as string] : null,
    box: form.box ? { ...form.box } : null,
    polygon,
    tracks,
    cycles,
    namePatterns,
    pageSize
  };
  return { errors, search, params: toParams(search) };
}

/**
 * The search a granules reply answered, as code must reproduce it: the ring
 * the server searched (closed and wound, `IGranulesReply.polygon`) and the
 * version spellings CMR matched (`IGranulesReply.versions`).
 */
export function answeredSearch(
  requested: ISearch,
  reply: Pick<IGranulesReply, 'polygon' | 'versions'>
): ISearch {
  return {
    ...requested,
    polygon: reply.polygon,
    versions: reply.versions ?? requested.versions
  };
}

/**
 * The route's query parameters for a validated search.
 */
export function toParams(search: ISearch): IGranuleParams {
  const params: IGranuleParams = { short_name: search.shortName };
  if (search.version) {
    params.version = search.version;
  }
  if (search.provider) {
    params.provider = search.provider;
  }
  if (search.temporal) {
    params.temporal = search.temporal.join(',');
  }
  if (search.box) {
    const { west, south, east, north } = search.box;
    params.bounding_box = [west, south, east, north].join(',');
  }
  if (search.polygon) {
    params.polygon = search.polygon.flat().join(',');
  }
  if (search.tracks.length) {
    params.rgt = search.tracks.join(',');
  }
  if (search.cycles.length) {
    params.cycle = search.cycles.join(',');
  }
  if (
    search.namePatterns.length &&
    !search.tracks.length &&
    !search.cycles.length
  ) {
    params.name = search.namePatterns[0];
  }
  params.page_size = String(search.pageSize);
  return params;
}

/**
 * Encode route parameters as a query string (`short_name=ATL06&...`).
 */
export function toQueryString(params: object): string {
  const entries = Object.entries(params).filter(
    ([, v]) => v !== undefined && v !== ''
  );
  return new URLSearchParams(
    entries.map(([k, v]) => [k, String(v)])
  ).toString();
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  export function checkPoint(
    lon: number,
    lat: number,
    trans: TranslationBundle
  ): string | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      return trans.__('Coordinates must be numbers.');
    }
    if (lat < -90 || lat > 90) {
      return trans.__('Latitude %1 is outside −90 to 90.', lat);
    }
    if (lon < -180 || lon > 180) {
      return trans.__('Longitude %1 is outside −180 to 180.', lon);
    }
    return null;
  }

  export function checkBox(box: IBox, trans: TranslationBundle): string | null {
    const error =
      checkPoint(box.west, box.south, trans) ??
      checkPoint(box.east, box.north, trans);
    if (error) {
      return error;
    }
    return box.south > box.north
      ? trans.__('The south edge is north of the north edge.')
      : null;
  }

  export function numbers(
    text: string,
    low: number,
    high: number,
    field: 'tracks' | 'cycles',
    errors: IValidation['errors'],
    trans: TranslationBundle
  ): number[] {
    if (!text.trim()) {
      return [];
    }
    const parsed = parseNumberList(text, low, high);
    if ('numbers' in parsed) {
      return parsed.numbers;
    }
    const what = field === 'tracks' ? trans.__('Track') : trans.__('Cycle');
    errors[field] = parsed.outOfRange
      ? trans.__('%1 %2 is outside %3–%4.', what, parsed.bad, low, high)
      : trans.__('"%1" is not a number or a range like 3-7.', parsed.bad);
    return [];
  }
}
