/**
 * Typed replies of the data-search routes `hackweek/api/cmr/granules` and
 * `hackweek/api/cmr/collections`, and the constants both sides agree on.
 *
 * The Python side builds these in `jupyterlab_hackweek/nsidc/normalize.py`.
 */

import type { LonLat } from './geo';

/**
 * The NSIDC providers a search may name: on-premises and Earthdata Cloud.
 */
export const PROVIDERS = ['NSIDC_ECS', 'NSIDC_CPRD'] as const;

/**
 * An NSIDC CMR provider.
 */
export type Provider = (typeof PROVIDERS)[number];

/**
 * The highest ICESat-2 reference ground track (RGT) number.
 */
export const MAX_RGT = 1387;

/**
 * The highest cycle number the search accepts.
 */
export const MAX_CYCLE = 99;

/**
 * The largest page CMR serves.
 */
export const MAX_PAGE_SIZE = 2000;

/**
 * The fields of an ICESat-2 file name such as
 * `ATL06_20190221121851_08410203_005_01.h5`.
 */
export interface IIcesat2Name {
  /**
   * The product, e.g. `ATL06`.
   */
  product: string;
  /**
   * The reference ground track, 1–1387.
   */
  rgt: number;
  /**
   * The cycle, or `null` for ATL11 (which spans `cycles`).
   */
  cycle: number | null;
  /**
   * The granule region (ATL06: 1–14) or, for ATL11, the pair track.
   */
  region: number;
  /**
   * The release, e.g. `005` (the collection version).
   */
  release: string;
  /**
   * The granule version within the release, e.g. `01`.
   */
  version: string;
  /**
   * The acquisition start from the name, ISO 8601 UTC; `null` for ATL11.
   */
  start: string | null;
  /**
   * ATL07/ATL10 hemisphere: `01` north, `02` south; otherwise `null`.
   */
  hemisphere: string | null;
  /**
   * ATL11's first and last cycle; otherwise `null`.
   */
  cycles: [number, number] | null;
}

/**
 * One granule (one file) of a search.
 */
export interface IGranule {
  /**
   * The file name (CMR's `producer_granule_id`).
   */
  name: string;
  /**
   * CMR's title; for NSIDC_ECS an internal id such as `SC:ATL06.005:228825416`.
   */
  title: string;
  /**
   * The granule's CMR concept id.
   */
  id: string;
  /**
   * The collection's CMR concept id.
   */
  collectionId: string;
  /**
   * Acquisition start and end, ISO 8601 UTC.
   */
  start: string | null;
  end: string | null;
  /**
   * Size in CMR's MB (2^20 bytes), and in bytes; `null` when CMR gives none.
   */
  sizeMB: number | null;
  sizeBytes: number | null;
  /**
   * The provider of this copy, and every provider holding the file.
   */
  provider: string;
  providers: string[];
  /**
   * Whether this copy is in Earthdata Cloud.
   */
  cloudHosted: boolean;
  /**
   * https download links (inherited collection links left out).
   */
  links: string[];
  /**
   * `s3://` links: they work only inside AWS us-west-2.
   */
  s3Links: string[];
  /**
   * Whether the Jupyter server runs in AWS us-west-2, where `s3Links` work.
   */
  s3Usable: boolean;
  /**
   * Footprint rings as [lon, lat] points (CMR's are coarse for ICESat-2).
   */
  polygons: LonLat[][];
  /**
   * Bounding rectangles as [W, S, E, N].
   */
  boxes: [number, number, number, number][];
  /**
   * Fields parsed from an ICESat-2 file name; `null` for other products.
   */
  icesat2: IIcesat2Name | null;
}

/**
 * The reply of `GET hackweek/api/cmr/granules`: one page.
 *
 * The same `hits` and `searchAfter` also come as the `CMR-Hits` and
 * `CMR-Search-After` response headers.
 */
export interface IGranulesReply {
  /**
   * How many granules CMR counts for the search (both providers' copies
   * count when no provider was named), or `null` if CMR did not say.
   */
  hits: number | null;
  /**
   * The paging token for the next page, or `null` on the last page.
   */
  searchAfter: string | null;
  /**
   * CMR stopped early (`CMR-Timed-Out: true`): the page may be partial.
   */
  timedOut: boolean;
  /**
   * The page's granules, one per file name.
   */
  granules: IGranule[];
  /**
   * The ring the server searched, as [lon, lat] points: closed and
   * counter-clockwise round the smaller of the two regions it bounds (as CMR
   * wants it; a ring drawn round a pole encloses the pole), or `null` when the
   * search had no polygon. The winding is decided here, by the server, only.
   */
  polygon: LonLat[] | null;
  /**
   * The spellings of the version searched that CMR holds for the product
   * (`['006']` when `6` was typed and `6`, `06`, `006` were searched): what
   * code names to find what the panel found. Every spelling searched when
   * CMR holds none; `null` when the search named no version.
   */
  versions: string[] | null;
}

/**
 * A page yielded by `CmrClient.granulePages`.
 */
export interface IGranulePage extends IGranulesReply {
  /**
   * 0 for the first page.
   */
  index: number;
  /**
   * Granules received so far, this page included.
   */
  received: number;
}

/**
 * One collection (a product at one version, at one provider).
 */
export interface ICollection {
  shortName: string;
  version: string;
  title: string;
  provider: string;
  conceptId: string;
  cloudHosted: boolean;
}

/**
 * The reply of `GET hackweek/api/cmr/collections`.
 */
export interface ICollectionsReply {
  /**
   * Collections sorted by short name, latest version first.
   */
  collections: ICollection[];
  /**
   * Versions per short name, latest first.
   */
  versions: Record<string, string[]>;
  /**
   * CMR's count, or `null`.
   */
  hits: number | null;
}

/**
 * The query parameters of `GET hackweek/api/cmr/granules`, as the route reads
 * them (built by `validateSearch` in `query.ts`).
 */
export interface IGranuleParams {
  short_name: string;
  version?: string;
  provider?: Provider;
  /**
   * `START,END`, ISO 8601; either side may be empty.
   */
  temporal?: string;
  /**
   * `W,S,E,N`; W > E crosses the antimeridian.
   */
  bounding_box?: string;
  /**
   * `lon,lat,...` as drawn (either winding, closed or not): the server closes
   * and winds it, and answers the ring it searched in `IGranulesReply.polygon`.
   */
  polygon?: string;
  /**
   * Tracks, e.g. `1,5,10-12`.
   */
  rgt?: string;
  /**
   * Cycles, e.g. `3,4`.
   */
  cycle?: string;
  /**
   * A file-name pattern with `*` and `?`.
   */
  name?: string;
  page_size?: string;
}

/**
 * The query parameters of `GET hackweek/api/cmr/collections`.
 */
export interface ICollectionParams {
  /**
   * Type-ahead text; the server appends `*`.
   */
  keyword?: string;
  short_name?: string;
  version?: string;
  provider?: Provider;
  page_size?: string;
}
