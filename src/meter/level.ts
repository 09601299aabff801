/**
 * Threshold levels of the resource meter (pure, no DOM).
 */

/**
 * How close a use is to its limit.
 */
export type Level = 'normal' | 'warning' | 'critical';

/**
 * The thresholds, as fractions of the limit (the settings' defaults are 0.8 and 0.95).
 */
export interface IThresholds {
  warning: number;
  critical: number;
}

/**
 * The level of `used / limit`; `'normal'` when the limit is unknown.
 */
export function thresholdLevel(
  used: number,
  limit: number | null,
  thresholds: IThresholds
): Level {
  if (limit === null || !(limit > 0)) {
    return 'normal';
  }
  const fraction = used / limit;
  if (fraction >= thresholds.critical) {
    return 'critical';
  }
  return fraction >= thresholds.warning ? 'warning' : 'normal';
}

const RANK: Record<Level, number> = { normal: 0, warning: 1, critical: 2 };

/**
 * The level just reached if `next` rose past a threshold since `previous`, else `null`.
 *
 * Each crossing fires once: staying above a threshold fires nothing, falling
 * back below it re-arms it.
 */
export function crossedUp(previous: Level, next: Level): Level | null {
  return RANK[next] > RANK[previous] ? next : null;
}
