/**
 * A polygon being drawn on the search map, click by click. Pure: the map
 * passes each click's position on screen and its longitude/latitude.
 */

import type { LonLat } from './geo';

/** A click this close (map units) to the first point closes the polygon. */
const CLOSE_DISTANCE = 8;
/** A click this close to the last point adds nothing (a double click). */
const REPEAT_DISTANCE = 3;

/**
 * What a click did.
 */
export type SketchStep = 'added' | 'closed' | 'ignored';

/**
 * The points clicked so far, and when the polygon is closed.
 */
export class PolygonSketch {
  /**
   * The points clicked, as longitude/latitude.
   */
  get points(): readonly LonLat[] {
    return this._points;
  }

  /**
   * The points clicked, in map coordinates.
   */
  get screen(): readonly [number, number][] {
    return this._screen;
  }

  /**
   * Whether the polygon has enough points to be closed.
   */
  get canClose(): boolean {
    return this._points.length >= 3;
  }

  /**
   * Take a click at `screen` (map coordinates), at `lonLat` on the Earth.
   *
   * @returns 'closed' for a click on the first point of a closable polygon,
   * 'ignored' for a repeat of the last click, else 'added'.
   */
  click(screen: [number, number], lonLat: LonLat): SketchStep {
    if (this.canClose && distance(screen, this._screen[0]) <= CLOSE_DISTANCE) {
      return 'closed';
    }
    const last = this._screen[this._screen.length - 1];
    if (last && distance(screen, last) <= REPEAT_DISTANCE) {
      return 'ignored';
    }
    this._screen.push(screen);
    this._points.push(lonLat);
    return 'added';
  }

  /**
   * Drop the last point.
   */
  undo(): void {
    this._screen.pop();
    this._points.pop();
  }

  /**
   * Drop every point.
   */
  clear(): void {
    this._screen = [];
    this._points = [];
  }

  private _screen: [number, number][] = [];
  private _points: LonLat[] = [];
}

function distance(a: [number, number], b: [number, number]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
