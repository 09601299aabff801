import { formatPercent, formatUsage, memoryAxisLabels } from '../format';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

describe('formatUsage', () => {
  it('writes use over limit in the unit of the limit', () => {
    // A 4G pod (4 × 1024³ bytes) in decimal units, as every size shows
    expect(formatUsage(1 * GB, 4 * GB)).toBe('1.07 / 4.29 GB');
    expect(formatUsage(300 * MB, 4 * GB)).toBe('0.31 / 4.29 GB');
    expect(formatUsage(700 * MB, 16 * GB)).toBe('0.7 / 17.2 GB');
    expect(formatUsage(300e6, 500e6)).toBe('300 / 500 MB');
  });

  it('writes the use alone when there is no limit', () => {
    expect(formatUsage(300 * MB, null)).toBe('315 MB');
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
    expect(memoryAxisLabels(4 * GB)).toEqual(['4.29 GB', '2.15 GB', '0 GB']);
    expect(memoryAxisLabels(24e9)).toEqual(['24.0 GB', '12.0 GB', '0 GB']);
    expect(memoryAxisLabels(1.5e9)).toEqual(['1.50 GB', '0.75 GB', '0 GB']);
  });
});
