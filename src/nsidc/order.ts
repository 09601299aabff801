/**
 * A Harmony subset order made from a search and its results. Pure.
 *
 * Harmony cuts the cloud copies (provider NSIDC_CPRD) of ICESat-2 granules to
 * an area and a time range: the order names the granules by file name (the
 * same file at either provider), the drawn box or the ring the server searched,
 * and the search's times.
 */

import type { IOrderRequest } from '../downloads/tokens';
import type { ISearch } from './query';
import type { ICollection, IGranule } from './types';

/**
 * The provider whose collections Harmony serves.
 */
export const CLOUD_PROVIDER = 'NSIDC_CPRD';

/**
 * The most granules one order names (Harmony pages a job's links by 2,000).
 */
export const MAX_ORDER_GRANULES = 2000;

/**
 * Why a search cannot become an order.
 */
export type OrderProblem = 'no-area' | 'no-version' | 'too-many' | 'none';

/**
 * The order for `granules` of `search`, or the problem that prevents it.
 *
 * @param version - the collection version (the search's, else the granules')
 */
export function subsetOrder(
  search: ISearch,
  granules: readonly IGranule[],
  version: string
): { order: Omit<IOrderRequest, 'collection_id'> } | { problem: OrderProblem } {
  if (!granules.length) {
    return { problem: 'none' };
  }
  if (granules.length > MAX_ORDER_GRANULES) {
    return { problem: 'too-many' };
  }
  if (!version) {
    return { problem: 'no-version' };
  }
  const [start, end] = search.temporal ?? ['', ''];
  if (!search.box && !search.polygon && !start && !end) {
    return { problem: 'no-area' };
  }
  const box = search.box;
  return {
    order: {
      short_name: search.shortName,
      version,
      granules: [...new Set(granules.map(g => g.name))],
      bbox: box ? [box.west, box.south, box.east, box.north] : null,
      polygon: search.polygon
        ? search.polygon.map(([lon, lat]) => [lon, lat] as [number, number])
        : null,
      start: start || null,
      end: end || null
    }
  };
}

/**
 * The cloud collection of a product at a version, among `collections`.
 */
export function cloudCollection(
  collections: readonly ICollection[],
  shortName: string,
  version: string
): ICollection | null {
  return (
    collections.find(
      c =>
        c.shortName === shortName &&
        c.provider === CLOUD_PROVIDER &&
        Number(c.version) === Number(version)
    ) ?? null
  );
}
