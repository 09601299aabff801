/**
 * Byte counts for people: the suite's one byte formatter (shared data,
 * downloads, data search, resource meter all show sizes through it).
 *
 * The rule, the same everywhere:
 * - decimal SI units: 1 kB = 1000 B, 1 MB = 1000 kB, … (`B`, `kB`, `MB`, `GB`, `TB`);
 * - whole bytes below 1 kB (`0 B`, `512 B`);
 * - three significant digits from 1 kB up, trailing zeros kept so a growing
 *   figure does not change width (`1.00 kB`, `59.2 MB`, `512 MB`, `4.29 GB`);
 * - the unit is the largest whose figure, once rounded, stays below 1000
 *   (999,999 B is `1.00 MB`, not `1000 kB`);
 * - `—` for an unknown size (null, undefined, NaN, infinite or negative).
 *
 * Unit symbols are not translated: they are SI symbols, the same in every
 * language, and nothing else in the suite translates units.
 *
 * Pure, no DOM, locale-independent (`.` as the decimal mark).
 */

/**
 * The units, smallest first; each is 1000 times the one before.
 */
export const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/**
 * What an unknown size shows.
 */
export const UNKNOWN_SIZE = '—';

/**
 * The unit and the number of decimals a byte count is shown with.
 */
export interface IByteScale {
  /**
   * The unit symbol (`MB`).
   */
  unit: (typeof BYTE_UNITS)[number];
  /**
   * Bytes per unit (`1e6` for MB).
   */
  divisor: number;
  /**
   * Decimals after the point (0 for bytes; 0–2 from kB up).
   */
  decimals: number;
}

/**
 * The scale `bytes` is shown in: its unit and decimals (see the module's rule).
 */
export function byteScale(bytes: number): IByteScale {
  const size = Math.abs(bytes);
  if (!Number.isFinite(size) || Math.round(size) < 1000) {
    return { unit: 'B', divisor: 1, decimals: 0 };
  }
  let index = 1;
  let rounded = Number((size / 1000).toPrecision(3));
  while (rounded >= 1000 && index < BYTE_UNITS.length - 1) {
    index++;
    rounded = Number((size / 1000 ** index).toPrecision(3));
  }
  const decimals = rounded >= 100 ? 0 : rounded >= 10 ? 1 : 2;
  return { unit: BYTE_UNITS[index], divisor: 1000 ** index, decimals };
}

/**
 * The figure of `bytes` in a given scale, without the unit (`4.29`).
 *
 * For figures that share one unit, as in the meter's `1.07 / 4.29 GB`: pass
 * the scale of the larger one.
 */
export function formatBytesIn(bytes: number, scale: IByteScale): string {
  return (bytes / scale.divisor).toFixed(scale.decimals);
}

/**
 * A byte count for people: `512 B`, `59.2 MB`, `4.29 GB`, `—` when unknown.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (
    bytes === null ||
    bytes === undefined ||
    !Number.isFinite(bytes) ||
    bytes < 0
  ) {
    return UNKNOWN_SIZE;
  }
  const scale = byteScale(bytes);
  return `${formatBytesIn(bytes, scale)} ${scale.unit}`;
}
