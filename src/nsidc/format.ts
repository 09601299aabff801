/**
 * Formatting for the search results: granule sizes (bytes for `formatBytes`
 * in `src/format.ts`), times, tracks and cycles.
 * Pure and locale-independent (times are shown in UTC, as CMR gives them).
 */

import type { TranslationBundle } from '@jupyterlab/translation';

import type { IGranule } from './types';

/**
 * CMR's "MB": 2^20 bytes (`SizeInBytes / Size` in UMM-G).
 */
export const MEBIBYTE = 1024 * 1024;

/**
 * A granule's size in bytes (CMR's bytes, else its MB converted), or `null`
 * when CMR gives neither. Shown with `formatBytes` from `src/format.ts`.
 */
export function granuleBytes(
  granule: Pick<IGranule, 'sizeBytes' | 'sizeMB'>
): number | null {
  if (granule.sizeBytes !== null && Number.isFinite(granule.sizeBytes)) {
    return granule.sizeBytes;
  }
  if (granule.sizeMB !== null && Number.isFinite(granule.sizeMB)) {
    return Math.round(granule.sizeMB * MEBIBYTE);
  }
  return null;
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
    const size = granuleBytes(granule);
    if (size === null) {
      unknown++;
    } else {
      bytes += size;
    }
  }
  return { bytes, unknown };
}

/**
 * A search's count for people: `4,225 files`, and when some of them are held
 * by both providers (CMR then counts them twice),
 * `4,225 files (1 also held at the cloud provider)`.
 *
 * @param files - the files found, one per file name
 * @param alsoInCloud - how many of them have a second copy at the cloud provider
 */
export function filesText(
  files: number,
  alsoInCloud: number,
  trans: TranslationBundle
): string {
  const count = trans._n('%2 file', '%2 files', files, files.toLocaleString());
  if (alsoInCloud <= 0) {
    return count;
  }
  return trans._n(
    '%3 (%2 also held at the cloud provider)',
    '%3 (%2 also held at the cloud provider)',
    alsoInCloud,
    alsoInCloud.toLocaleString(),
    count
  );
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
