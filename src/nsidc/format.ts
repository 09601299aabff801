/**
 * Formatting for the search results: sizes, times and ICESat-2 file names.
 * Pure and locale-independent (times are shown in UTC, as CMR gives them).
 */

import type { IGranule, IIcesat2Name } from './tokens';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * CMR's "MB": 2^20 bytes (`SizeInBytes / Size` in UMM-G).
 */
export const MEBIBYTE = 1024 * 1024;

/**
 * A byte count for people, in CMR's 1024-based units: `59.2 MB`, `1.41 GB`.
 *
 * About three significant digits; `—` for an unknown size.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (
    bytes === null ||
    bytes === undefined ||
    !Number.isFinite(bytes) ||
    bytes < 0
  ) {
    return '—';
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const text = trimZeros(value.toFixed(digits));
  return `${text} ${UNITS[unit]}`;
}

/**
 * A size given in CMR's MB, for people (`59.19` → `59.2 MB`).
 */
export function formatSizeMB(mb: number | null | undefined): string {
  return mb === null || mb === undefined ? '—' : formatBytes(mb * MEBIBYTE);
}

/**
 * The total size of granules: bytes summed over those with a size, and how
 * many have none.
 */
export function totalSize(granules: readonly IGranule[]): {
  bytes: number;
  unknown: number;
} {
  let bytes = 0;
  let unknown = 0;
  for (const granule of granules) {
    if (granule.sizeBytes !== null && Number.isFinite(granule.sizeBytes)) {
      bytes += granule.sizeBytes;
    } else if (granule.sizeMB !== null && Number.isFinite(granule.sizeMB)) {
      bytes += Math.round(granule.sizeMB * MEBIBYTE);
    } else {
      unknown++;
    }
  }
  return { bytes, unknown };
}

/**
 * An ISO 8601 time as `YYYY-MM-DD HH:MM:SS` in UTC; `—` when missing or invalid.
 */
export function formatDateTime(iso: string | null | undefined): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) {
    return '—';
  }
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A time span in UTC; the end shows only the clock when it is the same day:
 * `2019-02-21 12:19:05 – 12:24:16`.
 */
export function formatTimeRange(
  start: string | null,
  end: string | null
): string {
  const from = formatDateTime(start);
  const to = formatDateTime(end);
  if (from !== '—' && to !== '—' && from.slice(0, 10) === to.slice(0, 10)) {
    return `${from} – ${to.slice(11)}`;
  }
  return `${from} – ${to}`;
}

/**
 * A track as ICESat-2 writes it: `841` → `0841`.
 */
export function formatTrack(rgt: number): string {
  return String(rgt).padStart(4, '0');
}

/**
 * A cycle as ICESat-2 writes it: `2` → `02`.
 */
export function formatCycle(cycle: number): string {
  return String(cycle).padStart(2, '0');
}

const GRANULE =
  /^(ATL\d{2})(?:-(\d{2}))?_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_(\d{4})(\d{2})(\d{2})_(\d{3})_(\d{2})(?:\.\w+)?$/;
const ATL11 =
  /^(ATL11)_(\d{4})(\d{2})_(\d{2})(\d{2})_(\d{3})_(\d{2})(?:\.\w+)?$/;

/**
 * The fields of an ICESat-2 file name, or `null` for any other name.
 *
 * `ATL06_20190221121851_08410203_005_01.h5` → product ATL06, RGT 841,
 * cycle 2, region 3, release 005, version 01, start 2019-02-21T12:18:51Z.
 * `ATL07-01_…` carries a hemisphere; `ATL11_005411_0315_006_06.h5` has a pair
 * track as region and a cycle span in place of a cycle.
 */
export function parseIcesat2Name(name: string): IIcesat2Name | null {
  const m = GRANULE.exec(name);
  if (m) {
    return {
      product: m[1],
      rgt: Number(m[9]),
      cycle: Number(m[10]),
      region: Number(m[11]),
      release: m[12],
      version: m[13],
      start: `${m[3]}-${m[4]}-${m[5]}T${m[6]}:${m[7]}:${m[8]}Z`,
      hemisphere: m[2] ?? null,
      cycles: null
    };
  }
  const a = ATL11.exec(name);
  if (a) {
    return {
      product: 'ATL11',
      rgt: Number(a[2]),
      cycle: null,
      region: Number(a[3]),
      release: a[6],
      version: a[7],
      start: null,
      hemisphere: null,
      cycles: [Number(a[4]), Number(a[5])]
    };
  }
  return null;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
