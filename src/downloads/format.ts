import { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../format';
import { FileState, IDownloadReply, IOrderReply } from './types';

/**
 * A transfer rate: `12.5 MB/s`, or an empty string when nothing moves.
 */
export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '';
}

/**
 * A time left: `45 s`, `3 min`, `1 h 20 min`, or an empty string when unknown.
 */
export function formatDuration(
  seconds: number | null,
  trans: TranslationBundle
): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  if (seconds < 60) {
    return trans.__('%1 s', Math.max(1, Math.round(seconds)));
  }
  if (seconds < 3600) {
    return trans.__('%1 min', Math.round(seconds / 60));
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds - hours * 3600) / 60);
  return trans.__('%1 h %2 min', hours, minutes);
}

/**
 * The fraction done (0–1), or null when the total size is unknown.
 */
export function fraction(done: number, total: number | null): number | null {
  if (total === null || total <= 0) {
    return null;
  }
  return Math.min(1, Math.max(0, done / total));
}

/**
 * The words shown for a file's state.
 */
export function stateLabel(
  state: FileState,
  trans: TranslationBundle,
  retryIn: number | null = null
): string {
  switch (state) {
    case 'queued':
      return trans.__('Queued');
    case 'active':
      return trans.__('Downloading');
    case 'waiting':
      return retryIn !== null
        ? trans.__('Retrying in %1', formatDuration(retryIn, trans))
        : trans.__('Retrying soon');
    case 'done':
      return trans.__('Saved');
    case 'present':
      return trans.__('Already present');
    case 'failed':
      return trans.__('Failed');
    case 'cancelled':
      return trans.__('Cancelled');
  }
}

/**
 * A one-line summary of a download: `3 of 5 files saved, 1 failed`.
 */
export function summary(
  download: IDownloadReply,
  trans: TranslationBundle
): string {
  const c = download.counts;
  const saved = c.done + c.present;
  const parts = [
    trans.__('%1 of %2 files saved', saved, download.files.length)
  ];
  if (c.failed) {
    parts.push(trans._n('%1 failed', '%1 failed', c.failed));
  }
  if (c.cancelled) {
    parts.push(trans._n('%1 cancelled', '%1 cancelled', c.cancelled));
  }
  return parts.join(', ');
}

/**
 * The words for a Harmony job's state, with its progress while it runs.
 */
export function jobLabel(order: IOrderReply, trans: TranslationBundle): string {
  switch (order.status) {
    case 'accepted':
      return trans.__('Harmony accepted the order');
    case 'running':
    case 'running_with_errors':
      return trans.__('Harmony is cutting subsets: %1%', order.progress);
    case 'paused':
    case 'previewing':
      return trans.__('Harmony paused the order at %1%', order.progress);
    case 'successful':
      return trans.__('Harmony made every subset');
    case 'complete_with_errors':
      return trans.__('Harmony finished; some granules failed');
    case 'failed':
      return trans.__('Harmony could not cut these subsets');
    case 'canceled':
      return trans.__('The order was cancelled');
  }
}

/**
 * Whether any download still has work to do (then the model polls).
 */
export function anyActive(downloads: readonly IDownloadReply[]): boolean {
  return downloads.some(d => d.state === 'active');
}

/**
 * Totals over the active downloads: bytes done and to do, speed, time left.
 */
export function totals(downloads: readonly IDownloadReply[]): {
  done: number;
  total: number | null;
  speed: number;
  eta: number | null;
} {
  const active = downloads.filter(d => d.state === 'active');
  const done = active.reduce((sum, d) => sum + d.bytes_done, 0);
  const known = active.every(d => d.bytes_total !== null);
  const total = known
    ? active.reduce((sum, d) => sum + (d.bytes_total ?? 0), 0)
    : null;
  const speed = active.reduce((sum, d) => sum + d.speed, 0);
  const eta = total !== null && speed > 0 ? (total - done) / speed : null;
  return { done, total, speed, eta };
}

/**
 * Whether a download has a file that needs an Earthdata login.
 */
export function needsLogin(downloads: readonly IDownloadReply[]): boolean {
  return downloads.some(
    d =>
      d.order?.error_kind === 'login' ||
      d.files.some(f => f.state === 'failed' && f.error_kind === 'login')
  );
}

/**
 * Whether a download stopped only for want of an Earthdata login: it goes on by
 * itself once one is saved, so it is not announced as failed.
 */
export function waitsForLogin(download: IDownloadReply): boolean {
  const failed = download.files.filter(f => f.state === 'failed');
  return failed.length > 0 && failed.every(f => f.error_kind === 'login');
}

/**
 * A link from the server that may be shown: http(s) only, never `javascript:`.
 */
export function safeLink(file: { link: string | null }): string | null {
  if (!file.link) {
    return null;
  }
  try {
    const url = new URL(file.link);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.href
      : null;
  } catch {
    return null;
  }
}
