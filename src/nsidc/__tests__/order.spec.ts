import { reply as recorded } from '../../__tests__/replies';
import { cloudCollection, MAX_ORDER_GRANULES, subsetOrder } from '../order';
import type { ISearch } from '../query';

function search(extra: Partial<ISearch> = {}): ISearch {
  return {
    shortName: 'ATL06',
    version: '',
    versions: [],
    provider: null,
    temporal: ['2019-02-21T00:00:00Z', ''],
    box: { west: -55, south: 58, east: -47, north: 78 },
    polygon: null,
    tracks: [],
    cycles: [],
    namePatterns: [],
    pageSize: 2000,
    ...extra
  };
}

describe('subsetOrder', () => {
  const granule = recorded('cmr-granules').granules[0];

  it('names the granules once each, with the box and the open-ended times', () => {
    const made = subsetOrder(search(), [granule, granule], '005');
    expect(made).toEqual({
      order: {
        short_name: 'ATL06',
        version: '005',
        granules: ['ATL06_20190221121851_08410203_005_01.h5'],
        bbox: [-55, 58, -47, 78],
        polygon: null,
        start: '2019-02-21T00:00:00Z',
        end: null
      }
    });
  });

  it('sends the ring the server searched', () => {
    const ring: [number, number][] = [
      [-50, 70],
      [-45, 70],
      [-45, 75],
      [-50, 70]
    ];
    const made = subsetOrder(
      search({ box: null, polygon: ring }),
      [granule],
      '005'
    );
    expect('order' in made && made.order.polygon).toEqual(ring);
  });

  it('says why a search cannot be ordered', () => {
    const open = search({ box: null, temporal: null });
    expect(subsetOrder(open, [granule], '005')).toEqual({
      problem: 'no-area'
    });
    expect(subsetOrder(search(), [], '005')).toEqual({ problem: 'none' });
    expect(subsetOrder(search(), [granule], '')).toEqual({
      problem: 'no-version'
    });
    const many = Array.from({ length: MAX_ORDER_GRANULES + 1 }, (_, i) => ({
      ...granule,
      name: `g${i}.h5`
    }));
    expect(subsetOrder(search(), many, '005')).toEqual({
      problem: 'too-many'
    });
  });
});

describe('cloudCollection', () => {
  it('finds the NSIDC_CPRD collection of the product and version', () => {
    const collections = recorded('cmr-collections').collections;
    const found = cloudCollection(collections, 'ATL06', '6');
    expect(found?.provider).toBe('NSIDC_CPRD');
    expect(found?.version).toBe('006');
    expect(cloudCollection(collections, 'ATL06', '999')).toBeNull();
  });
});
