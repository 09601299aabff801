import {
  formatBytes,
  formatDateTime,
  formatSizeMB,
  formatTimeRange,
  parseIcesat2Name,
  totalSize
} from '../format';
import type { IGranule } from '../tokens';

describe('sizes', () => {
  it('uses CMR 1024-based units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatSizeMB(59.1940822601)).toBe('59.2 MB');
    expect(formatSizeMB(589.2875518799)).toBe('589 MB');
    expect(formatBytes(1000 * 1024)).toBe('1000 KB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatBytes(null)).toBe('—');
  });

  it('totals the real icepyx granules as icepyx does (92.99 MB)', () => {
    // Given the two ATL06 v003 granules' sizes from the recorded reply
    const granules = [50.3300800323, 42.656709671].map(
      mb => ({ sizeMB: mb, sizeBytes: Math.round(mb * 1048576) }) as IGranule
    );
    const total = totalSize([
      ...granules,
      { sizeMB: null, sizeBytes: null } as IGranule
    ]);
    expect(total.bytes / 1048576).toBeCloseTo(92.9867897033, 5);
    expect(total.unknown).toBe(1);
    expect(formatBytes(total.bytes)).toBe('93 MB');
  });
});

describe('times', () => {
  it('shows UTC and shortens same-day ranges', () => {
    expect(formatDateTime('2019-02-21T12:19:05.196Z')).toBe(
      '2019-02-21 12:19:05'
    );
    expect(
      formatTimeRange('2019-02-21T12:19:05.196Z', '2019-02-21T12:24:16.042Z')
    ).toBe('2019-02-21 12:19:05 – 12:24:16');
    expect(formatDateTime('nope')).toBe('—');
  });
});

describe('parseIcesat2Name', () => {
  it('reads the real ATL06 file name', () => {
    expect(parseIcesat2Name('ATL06_20190221121851_08410203_005_01.h5')).toEqual(
      {
        product: 'ATL06',
        rgt: 841,
        cycle: 2,
        region: 3,
        release: '005',
        version: '01',
        start: '2019-02-21T12:18:51Z',
        hemisphere: null,
        cycles: null
      }
    );
  });

  it('reads sea-ice and ATL11 names, and refuses others', () => {
    expect(
      parseIcesat2Name('ATL07-02_20190221121851_08410201_006_02.h5')?.hemisphere
    ).toBe('02');
    expect(parseIcesat2Name('ATL11_005411_0315_006_06.h5')).toMatchObject({
      rgt: 54,
      region: 11,
      cycle: null,
      cycles: [3, 15]
    });
    expect(
      parseIcesat2Name('MOD10A1.A2025090.h00v08.061.2025092084020.hdf')
    ).toBeNull();
  });
});
