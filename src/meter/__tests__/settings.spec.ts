import { DEFAULT_SETTINGS, readSettings, statusItemVisible } from '../settings';

describe('readSettings', () => {
  it('applies the defaults to an empty settings object', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid values and never puts critical below warning', () => {
    expect(
      readSettings({
        warningThreshold: 0.7,
        criticalThreshold: 0.6,
        refreshRate: 2000,
        showStatusItem: 'always',
        interruptBiggestOnCritical: true
      })
    ).toEqual({
      warningThreshold: 0.7,
      criticalThreshold: 0.7,
      refreshRate: 2000,
      showStatusItem: 'always',
      interruptBiggestOnCritical: true
    });
  });

  it('refuses thresholds outside (0, 1] and refresh rates under a second', () => {
    const settings = readSettings({
      warningThreshold: 80,
      criticalThreshold: 0,
      refreshRate: 10
    });
    expect(settings.warningThreshold).toBe(0.8);
    expect(settings.criticalThreshold).toBe(0.95);
    expect(settings.refreshRate).toBe(5000);
  });
});

describe('statusItemVisible', () => {
  it('hides ours next to jupyter-resource-usage unless forced', () => {
    expect(statusItemVisible('auto', false)).toBe(true);
    expect(statusItemVisible('auto', true)).toBe(false);
    expect(statusItemVisible('always', true)).toBe(true);
    expect(statusItemVisible('never', false)).toBe(false);
  });
});
