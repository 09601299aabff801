import { byteScale, formatBytes, formatBytesIn } from '../format';

describe('formatBytes', () => {
  it('shows whole bytes below 1 kB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(12.4)).toBe('12 B');
  });

  it('shows three significant digits in decimal units from 1 kB up', () => {
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(10_000)).toBe('10.0 kB');
    expect(formatBytes(5_432_100)).toBe('5.43 MB');
    // One ATL06 granule: what the data search, Downloads and Shared Data all show
    expect(formatBytes(62_069_494)).toBe('62.1 MB');
    expect(formatBytes(512_000_000)).toBe('512 MB');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4.29 GB');
    expect(formatBytes(250e12)).toBe('250 TB');
    expect(formatBytes(5000e12)).toBe('5000 TB');
  });

  it('moves to the next unit when rounding would reach 1000', () => {
    expect(formatBytes(999.6)).toBe('1.00 kB');
    expect(formatBytes(999_999)).toBe('1.00 MB');
    expect(formatBytes(9_996)).toBe('10.0 kB');
    expect(formatBytes(99_960)).toBe('100 kB');
  });

  it('shows a dash for an unknown size', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(NaN)).toBe('—');
    expect(formatBytes(Infinity)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatBytesIn', () => {
  it('writes a figure in the scale of another', () => {
    const scale = byteScale(4 * 1024 ** 3);
    expect(scale.unit).toBe('GB');
    expect(formatBytesIn(1024 ** 3, scale)).toBe('1.07');
    expect(formatBytesIn(0, scale)).toBe('0.00');
  });
});
