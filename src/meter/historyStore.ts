/**
 * The meter's history kept per server across reloads, and its CSV export (pure, no DOM).
 *
 * Kept in the browser (`localStorage`), not on the server: the server samples
 * only when a tab asks, so a server-side buffer would hold nothing more, and it
 * would die with the server at the moment a post-mortem is about (an OOM kill
 * of the pod, a restart, the culler), while the browser's copy survives it and
 * the page reloaded after it. The key holds the server's base URL (the hub's
 * `/user/<name>/` or `/user/<name>/<server>/` and the host), so each server has
 * its own history; tabs on the same server merge theirs by time.
 */

import { IHistoryPoint } from './history';

/**
 * The part of `Storage` the store uses.
 */
export interface IKeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The storage key of a server's history.
 */
export function historyKey(baseUrl: string): string {
  return `jupyterlab-hackweek:meter-history:${baseUrl}`;
}

/**
 * Whether a stored value is a history point.
 */
function isPoint(value: unknown): value is IHistoryPoint {
  const point = value as IHistoryPoint;
  return (
    typeof point === 'object' &&
    point !== null &&
    Number.isFinite(point.time) &&
    Number.isFinite(point.memory) &&
    (point.cpu === null || Number.isFinite(point.cpu))
  );
}

/**
 * A server's history in the browser's storage, within the last `windowMs`.
 */
export class HistoryStore {
  constructor(
    private _storage: IKeyValueStore | null,
    private _key: string,
    private _windowMs: number
  ) {}

  /**
   * The stored points of the last `windowMs` before `now`, oldest first (none
   * when the storage is missing, full of something else, or unreadable).
   */
  load(now: number): IHistoryPoint[] {
    let stored: unknown;
    try {
      stored = JSON.parse(this._storage?.getItem(this._key) ?? '[]');
    } catch {
      return [];
    }
    if (!Array.isArray(stored)) {
      return [];
    }
    return stored
      .filter(isPoint)
      .filter(point => point.time > now - this._windowMs && point.time <= now)
      .sort((a, b) => a.time - b.time);
  }

  /**
   * Store `points` merged with what other tabs stored (one point per time),
   * keeping the last `windowMs`; a full or refused storage is ignored.
   */
  save(points: IHistoryPoint[]): void {
    if (!this._storage || !points.length) {
      return;
    }
    const now = points[points.length - 1].time;
    const byTime = new Map<number, IHistoryPoint>();
    for (const point of [...this.load(now), ...points]) {
      byTime.set(point.time, point);
    }
    const merged = [...byTime.values()]
      .filter(point => point.time > now - this._windowMs)
      .sort((a, b) => a.time - b.time);
    try {
      this._storage.setItem(this._key, JSON.stringify(merged));
    } catch {
      // quota exceeded or storage disabled: the history stays in this page only
    }
  }
}

/**
 * The CSV columns of the export, in order.
 */
export const CSV_COLUMNS = [
  'time_utc',
  'memory_used_bytes',
  'memory_limit_bytes',
  'memory_percent',
  'cpu_percent',
  'cpu_limit_cores',
  'kernels'
];

/**
 * The history as CSV (RFC 4180, `\r\n` line ends), one row per sample, for
 * the organizers' post-mortem; unknown figures are empty cells.
 */
export function historyCsv(points: IHistoryPoint[]): string {
  const cell = (value: number | null | undefined, digits?: number) =>
    value === null || value === undefined || !Number.isFinite(value)
      ? ''
      : digits === undefined
        ? String(value)
        : value.toFixed(digits);
  const rows = points.map(point =>
    [
      new Date(point.time).toISOString(),
      cell(point.memoryUsed),
      cell(point.memoryLimit),
      cell(point.memory * 100, 2),
      cell(point.cpu === null ? null : point.cpu * 100, 2),
      cell(point.cpuLimit),
      cell(point.kernels)
    ].join(',')
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
