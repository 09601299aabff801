/**
 * The rows a virtual list renders: the suite's one list-window helper, used
 * by the data-search results (`nsidc/results.tsx`) and the Shared Data
 * listing (`shared/list.tsx`). Pure, no DOM.
 *
 * The window is half-open, like `Array.prototype.slice`: rows `first` up to,
 * not including, `end` (`for (let i = first; i < end; i++)`); an empty list
 * or window has `first === end`.
 */

/**
 * The rows a virtual list renders, `first` (inclusive) to `end` (exclusive).
 */
export interface IRowWindow {
  /**
   * The first row to render.
   */
  first: number;
  /**
   * One past the last row to render (exclusive, as in `slice(first, end)`).
   */
  end: number;
  /**
   * The height of all rows, for the scroller's spacer.
   */
  height: number;
}

/**
 * The rows in view (plus `overscan` rows either side) of a list of `count`
 * rows of `rowHeight` pixels scrolled to `scrollTop` in a viewport of
 * `viewport` pixels. A scroll position past the end (the list shrank) is
 * clamped.
 */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 5
): IRowWindow {
  const height = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) {
    return { first: 0, end: 0, height };
  }
  const top = Math.min(Math.max(0, scrollTop), height);
  const inView = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.floor(top / rowHeight) + inView + overscan);
  return { first: Math.min(first, end), end, height };
}
