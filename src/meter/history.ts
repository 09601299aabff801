/**
 * The meter's recent history: a fixed-size ring buffer and chart geometry (pure, no DOM).
 */

/**
 * A ring buffer keeping the last `capacity` items, oldest first.
 */
export class RingBuffer<T> {
  /**
   * @param capacity - how many items are kept (at least 1)
   */
  constructor(capacity: number) {
    this._capacity = Math.max(1, Math.floor(capacity));
  }

  /**
   * How many items are kept at most.
   */
  get capacity(): number {
    return this._capacity;
  }

  /**
   * How many items are held now.
   */
  get length(): number {
    return this._items.length;
  }

  /**
   * Add an item, dropping the oldest when full.
   */
  push(item: T): void {
    if (this._items.length < this._capacity) {
      this._items.push(item);
    } else {
      this._items[this._start] = item;
      this._start = (this._start + 1) % this._capacity;
    }
  }

  /**
   * The items, oldest first.
   */
  toArray(): T[] {
    return [
      ...this._items.slice(this._start),
      ...this._items.slice(0, this._start)
    ];
  }

  /**
   * Put `items` (oldest first) in front of what is held, keeping the newest
   * `capacity` of all.
   */
  prepend(items: T[]): void {
    this._items = [...items, ...this.toArray()].slice(-this._capacity);
    this._start = 0;
  }

  /**
   * Change the capacity, keeping the newest items.
   */
  resize(capacity: number): void {
    const items = this.toArray();
    this._capacity = Math.max(1, Math.floor(capacity));
    this._items = items.slice(-this._capacity);
    this._start = 0;
  }

  private _capacity: number;
  private _items: T[] = [];
  private _start = 0;
}

/**
 * One point of the history: memory and CPU as fractions of their limits (for
 * the chart), and the figures behind them (for the CSV export; absent in
 * points stored before they were kept).
 */
export interface IHistoryPoint {
  /** Milliseconds since the epoch. */
  time: number;
  memory: number;
  cpu: number | null;
  memoryUsed?: number;
  memoryLimit?: number;
  cpuLimit?: number;
  kernels?: number;
}

/**
 * The `points` attribute of an SVG polyline for `values` over the last `windowMs`.
 *
 * x runs from 0 (now − windowMs) to `width` (now); y from `height` (0) to 0 (1,
 * the limit); values are clamped to [0, 1]; points with a `null` value are skipped.
 */
export function polylinePoints(
  points: { time: number; value: number | null }[],
  now: number,
  windowMs: number,
  width: number,
  height: number
): string {
  const start = now - windowMs;
  return points
    .filter(
      point => point.value !== null && point.time >= start && point.time <= now
    )
    .map(point => {
      const x = ((point.time - start) / windowMs) * width;
      const y = (1 - Math.min(Math.max(point.value as number, 0), 1)) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
