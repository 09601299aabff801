/**
 * Number formatting for the resource meter (pure, no DOM).
 *
 * Sizes use binary multiples (1 GB = 1024³ bytes), as KubeSpawner reads a
 * `mem_limit` of `4G`, so a 4G limit shows as "4.0 GB".
 */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * The power of 1024 that suits `bytes` (0 for bytes, 3 for GB).
 */
export function unitIndex(bytes: number): number {
  let index = 0;
  let value = Math.abs(bytes);
  while (value >= 1024 && index < UNITS.length - 1) {
    value /= 1024;
    index++;
  }
  return index;
}

function scaled(bytes: number, index: number): string {
  const value = bytes / 1024 ** index;
  return index === 0
    ? String(Math.round(value))
    : value.toFixed(value < 10 ? 1 : 0);
}

/**
 * A size such as `"1.2 GB"`, `"512 MB"` or `"—"` when unknown.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) {
    return '—';
  }
  const index = unitIndex(bytes);
  return `${scaled(bytes, index)} ${UNITS[index]}`;
}

/**
 * A use over a limit in the limit's unit, such as `"1.2 / 4.0 GB"`.
 */
export function formatUsage(used: number, limit: number | null): string {
  if (limit === null || !Number.isFinite(limit) || limit <= 0) {
    return formatBytes(used);
  }
  const index = unitIndex(limit);
  return `${scaled(used, index)} / ${scaled(limit, index)} ${UNITS[index]}`;
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
 * zero, all in the limit's unit (`["4.0 GB", "2.0 GB", "0 GB"]`).
 */
export function memoryAxisLabels(limit: number): string[] {
  const index = unitIndex(limit);
  return [limit, limit / 2]
    .map(value => `${scaled(value, index)} ${UNITS[index]}`)
    .concat(`0 ${UNITS[index]}`);
}
