/**
 * The search workspace's results table, apart from its DOM: the sortable
 * columns and the order of the granules under a sort.
 */

import { granuleBytes } from './format';
import type { IGranule } from './types';

/**
 * The table's sortable columns.
 */
export type SortKey = 'time' | 'rgt' | 'cycle' | 'region' | 'size' | 'provider';

/**
 * The columns, in order.
 */
export const SORT_KEYS: readonly SortKey[] = [
  'time',
  'rgt',
  'cycle',
  'region',
  'size',
  'provider'
];

/**
 * A sort: its column and direction.
 */
export interface ISort {
  key: SortKey;
  ascending: boolean;
}

/**
 * The table's order until a header is chosen: by start time, ascending.
 */
export const DEFAULT_SORT: ISort = { key: 'time', ascending: true };

/**
 * The sort after choosing a column's header: the same column turns round, a
 * new one starts ascending.
 */
export function nextSort(current: ISort, key: SortKey): ISort {
  return key === current.key
    ? { key, ascending: !current.ascending }
    : { key, ascending: true };
}

/**
 * The value a granule sorts by in a column; null when it has none (no
 * ICESat-2 file name, no size, no time).
 */
export function sortValue(
  granule: IGranule,
  key: SortKey
): number | string | null {
  const parsed = granule.icesat2;
  switch (key) {
    case 'time':
      return granule.start;
    case 'rgt':
      return parsed ? parsed.rgt : null;
    case 'cycle':
      return parsed ? parsed.cycle : null;
    case 'region':
      return parsed ? parsed.region : null;
    case 'size':
      return granuleBytes(granule);
    case 'provider':
      return granule.cloudHosted ? 'cloud' : 'on-prem';
  }
}

/**
 * The granules in the order of a sort. Granules without a value go last in
 * either direction; ties keep CMR's order (the sort is stable), so the order
 * is the same on every render.
 */
export function sortGranules(
  granules: readonly IGranule[],
  sort: ISort
): readonly IGranule[] {
  const keyed = granules.map((granule, index) => ({
    granule,
    index,
    value: sortValue(granule, sort.key)
  }));
  const direction = sort.ascending ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      return a.value === b.value
        ? a.index - b.index
        : a.value === null
          ? 1
          : -1;
    }
    const order =
      a.value < b.value ? -direction : a.value > b.value ? direction : 0;
    return order || a.index - b.index;
  });
  return keyed.map(k => k.granule);
}
