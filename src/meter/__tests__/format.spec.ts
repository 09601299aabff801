import {
  formatBytes,
  formatPercent,
  formatUsage,
  memoryAxisLabels
} from '../format';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

describe('formatBytes', () => {
  it('shows sizes in binary multiples with one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(500 * MB)).toBe('500 MB');
    expect(formatBytes(1.25 * GB)).toBe('1.3 GB');
    expect(formatBytes(32 * GB)).toBe('32 GB');
  });

  it('shows a dash for an unknown size', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(NaN)).toBe('—');
  });
});

describe('formatUsage', () => {
  it('writes use over limit in the unit of the limit', () => {
    expect(formatUsage(1.2 * GB, 4 * GB)).toBe('1.2 / 4.0 GB');
    expect(formatUsage(300 * MB, 4 * GB)).toBe('0.3 / 4.0 GB');
    expect(formatUsage(700 * MB, 16 * GB)).toBe('0.7 / 16 GB');
  });

  it('writes the use alone when there is no limit', () => {
    expect(formatUsage(300 * MB, null)).toBe('300 MB');
  });
});

describe('formatPercent', () => {
  it('rounds, keeps one decimal below 10 % and never goes negative', () => {
    expect(formatPercent(42.4)).toBe('42%');
    expect(formatPercent(3.14)).toBe('3.1%');
    expect(formatPercent(-0.2)).toBe('0.0%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('memoryAxisLabels', () => {
  it('labels the limit, its half and zero in the limit’s unit', () => {
    expect(memoryAxisLabels(4 * GB)).toEqual(['4.0 GB', '2.0 GB', '0 GB']);
    expect(memoryAxisLabels(24 * GB)).toEqual(['24 GB', '12 GB', '0 GB']);
    expect(memoryAxisLabels(1.5 * GB)).toEqual(['1.5 GB', '0.8 GB', '0 GB']);
  });
});
