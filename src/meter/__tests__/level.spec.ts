import { crossedUp, thresholdLevel } from '../level';

const thresholds = { warning: 0.8, critical: 0.95 };

describe('thresholdLevel', () => {
  it('changes at the warning and critical fractions of the limit', () => {
    expect(thresholdLevel(79, 100, thresholds)).toBe('normal');
    expect(thresholdLevel(80, 100, thresholds)).toBe('warning');
    expect(thresholdLevel(94.9, 100, thresholds)).toBe('warning');
    expect(thresholdLevel(95, 100, thresholds)).toBe('critical');
  });

  it('is normal when the limit is unknown', () => {
    expect(thresholdLevel(10 ** 12, null, thresholds)).toBe('normal');
    expect(thresholdLevel(10, 0, thresholds)).toBe('normal');
  });
});

describe('crossedUp', () => {
  it('fires once per crossing and re-arms after falling back', () => {
    const levels = [
      'normal',
      'warning',
      'warning',
      'critical',
      'warning',
      'normal',
      'warning'
    ] as const;
    const fired = levels
      .slice(1)
      .map((level, i) => crossedUp(levels[i], level));
    expect(fired).toEqual(['warning', null, 'critical', null, null, 'warning']);
  });

  it('reports a jump straight to critical as critical', () => {
    expect(crossedUp('normal', 'critical')).toBe('critical');
  });
});
