/**
 * Number formatting for the resource meter (pure, no DOM).
 *
 * Sizes follow the suite's one byte formatter (`src/format.ts`: decimal
 * units, three significant digits), so a KubeSpawner `mem_limit` of `4G`
 * (4 × 1024³ bytes) shows as "4.29 GB", as the same bytes do everywhere else.
 */

import { byteScale, formatBytes, formatBytesIn } from '../format';

/**
 * A use over a limit in the limit's unit and decimals, such as `"1.07 / 4.29 GB"`.
 */
export function formatUsage(used: number, limit: number | null): string {
  if (limit === null || !Number.isFinite(limit) || limit <= 0) {
    return formatBytes(used);
  }
  const scale = byteScale(limit);
  return `${formatBytesIn(used, scale)} / ${formatBytesIn(limit, scale)} ${scale.unit}`;
}

/**
 * A percentage such as `"42%"` (`"—"` when unknown); below 10 % one decimal.
 */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) {
    return '—';
  }
  const clamped = Math.max(percent, 0);
  return `${clamped < 10 ? clamped.toFixed(1) : Math.round(clamped)}%`;
}

/**
 * Labels of the chart's memory axis, top to bottom: the limit, its half and
 * zero, all in the limit's unit (`["4.29 GB", "2.15 GB", "0 GB"]`).
 */
export function memoryAxisLabels(limit: number): string[] {
  const scale = byteScale(limit);
  return [limit, limit / 2]
    .map(value => `${formatBytesIn(value, scale)} ${scale.unit}`)
    .concat(`0 ${scale.unit}`);
}
