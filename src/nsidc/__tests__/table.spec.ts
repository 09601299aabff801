import { reply as recorded } from '../../__tests__/replies';
import {
  DEFAULT_SORT,
  nextSort,
  SORT_KEYS,
  sortGranules,
  sortValue
} from '../table';
import type { IGranule } from '../types';

/**
 * The recorded ATL06 granule (RGT 841, cycle 2, region 3) as another file.
 */
function granule(
  name: string,
  fields: {
    start?: string | null;
    rgt?: number;
    cycle?: number | null;
    region?: number;
    sizeBytes?: number | null;
    cloud?: boolean;
    icesat2?: false;
  }
): IGranule {
  const base: IGranule = recorded('cmr-granules').granules[0];
  return {
    ...base,
    name,
    id: `G-${name}`,
    start: fields.start === undefined ? base.start : fields.start,
    sizeBytes: fields.sizeBytes === undefined ? 1000 : fields.sizeBytes,
    sizeMB: null,
    cloudHosted: fields.cloud ?? false,
    icesat2:
      fields.icesat2 === false
        ? null
        : {
            ...base.icesat2!,
            rgt: fields.rgt ?? 841,
            cycle: fields.cycle === undefined ? 2 : fields.cycle,
            region: fields.region ?? 3
          }
  };
}

const names = (granules: readonly IGranule[]) => granules.map(g => g.name);

describe('the results table’s sort', () => {
  const a = granule('a', {
    start: '2019-02-21T12:19:05Z',
    rgt: 1200,
    cycle: 3,
    region: 12,
    sizeBytes: 3000,
    cloud: true
  });
  const b = granule('b', {
    start: '2019-01-02T00:00:00Z',
    rgt: 7,
    cycle: 10,
    region: 1,
    sizeBytes: 2000
  });
  const c = granule('c', {
    start: '2020-06-30T23:59:59Z',
    rgt: 841,
    cycle: 2,
    region: 3,
    sizeBytes: null
  });
  const d = granule('d', { start: null, icesat2: false, sizeBytes: 1000 });
  const list = [a, b, c, d];

  it('orders each column by its value, numbers as numbers, ascending and descending', () => {
    expect(names(sortGranules(list, { key: 'time', ascending: true }))).toEqual(
      ['b', 'a', 'c', 'd']
    );
    // 7 before 841 before 1200 (not '1200' before '7' as text)
    expect(names(sortGranules(list, { key: 'rgt', ascending: true }))).toEqual([
      'b',
      'c',
      'a',
      'd'
    ]);
    expect(names(sortGranules(list, { key: 'rgt', ascending: false }))).toEqual(
      ['a', 'c', 'b', 'd']
    );
    expect(
      names(sortGranules(list, { key: 'cycle', ascending: true }))
    ).toEqual(['c', 'a', 'b', 'd']);
    expect(
      names(sortGranules(list, { key: 'region', ascending: false }))
    ).toEqual(['a', 'c', 'b', 'd']);
    expect(
      names(sortGranules(list, { key: 'size', ascending: false }))
    ).toEqual(['a', 'b', 'd', 'c']);
  });

  it('puts granules without a value last either way, and keeps ties in CMR’s order', () => {
    // d has no time nor RGT, c no size: last in both directions
    expect(
      names(sortGranules(list, { key: 'time', ascending: false }))
    ).toEqual(['c', 'a', 'b', 'd']);
    expect(names(sortGranules(list, { key: 'size', ascending: true }))).toEqual(
      ['d', 'b', 'a', 'c']
    );
    // b, c and d are on-premises: a tie kept in the list's order
    expect(
      names(sortGranules(list, { key: 'provider', ascending: false }))
    ).toEqual(['b', 'c', 'd', 'a']);
    expect(
      names(sortGranules(list, { key: 'provider', ascending: true }))
    ).toEqual(['a', 'b', 'c', 'd']);
    // the list itself is untouched
    expect(names(list)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('turns a column round when its header is chosen again, a new column starts ascending', () => {
    expect(DEFAULT_SORT).toEqual({ key: 'time', ascending: true });
    const rgt = nextSort(DEFAULT_SORT, 'rgt');
    expect(rgt).toEqual({ key: 'rgt', ascending: true });
    expect(nextSort(rgt, 'rgt')).toEqual({ key: 'rgt', ascending: false });
    expect(nextSort(nextSort(rgt, 'rgt'), 'size')).toEqual({
      key: 'size',
      ascending: true
    });
  });

  it('has the six columns, each with a value for an ICESat-2 granule', () => {
    expect(SORT_KEYS).toEqual([
      'time',
      'rgt',
      'cycle',
      'region',
      'size',
      'provider'
    ]);
    for (const key of SORT_KEYS) {
      expect(sortValue(a, key)).not.toBeNull();
    }
    expect(sortValue(a, 'provider')).toBe('cloud');
    expect(sortValue(b, 'provider')).toBe('on-prem');
  });
});
