/**
 * The meter's user settings (`schema/meter.json`), read defensively (pure, no DOM).
 */

/**
 * When the status bar item shows: `auto` hides it if jupyter-resource-usage has its own.
 */
export type ShowStatusItem = 'auto' | 'always' | 'never';

/**
 * The meter's settings, with defaults applied.
 */
export interface IMeterSettings {
  warningThreshold: number;
  criticalThreshold: number;
  refreshRate: number;
  showStatusItem: ShowStatusItem;
  interruptBiggestOnCritical: boolean;
}

/**
 * The defaults, the same as the schema's.
 */
export const DEFAULT_SETTINGS: IMeterSettings = {
  warningThreshold: 0.8,
  criticalThreshold: 0.95,
  refreshRate: 5000,
  showStatusItem: 'auto',
  interruptBiggestOnCritical: false
};

/**
 * The plugin ids of jupyter-resource-usage's memory status item: `status-item`
 * in its 1.x releases (checked against 1.3.0), `memory-status-item` before.
 */
export const RESOURCE_USAGE_STATUS_ITEMS = [
  '@jupyter-server/resource-usage:status-item',
  '@jupyter-server/resource-usage:memory-status-item'
];

function fraction(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 && value <= 1
    ? value
    : fallback;
}

/**
 * Settings from a composite settings object; invalid values fall back to the
 * defaults, and the critical threshold is never below the warning one.
 */
export function readSettings(
  composite: Partial<Record<keyof IMeterSettings, unknown>>
): IMeterSettings {
  const warningThreshold = fraction(
    composite.warningThreshold,
    DEFAULT_SETTINGS.warningThreshold
  );
  const critical = fraction(
    composite.criticalThreshold,
    DEFAULT_SETTINGS.criticalThreshold
  );
  const refreshRate =
    typeof composite.refreshRate === 'number' && composite.refreshRate >= 1000
      ? composite.refreshRate
      : DEFAULT_SETTINGS.refreshRate;
  const show = composite.showStatusItem;
  return {
    warningThreshold,
    criticalThreshold: Math.max(critical, warningThreshold),
    refreshRate,
    showStatusItem: show === 'always' || show === 'never' ? show : 'auto',
    interruptBiggestOnCritical: composite.interruptBiggestOnCritical === true
  };
}

/**
 * Whether our status item shows, given the setting and whether
 * jupyter-resource-usage's memory item is installed.
 */
export function statusItemVisible(
  show: ShowStatusItem,
  resourceUsageInstalled: boolean
): boolean {
  return show === 'always' || (show === 'auto' && !resourceUsageInstalled);
}
