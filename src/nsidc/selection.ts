/**
 * The selection of the search results, and what a selected granule becomes
 * for the downloads service. Pure.
 */

import type { IDownloadGranule } from '../downloads/tokens';
import type { IGranule } from './types';

/**
 * The granules a user ticked, by file name.
 *
 * Names (not row numbers) are kept, so a selection survives pages arriving.
 */
export class GranuleSelection {
  /**
   * How many granules are selected.
   */
  get size(): number {
    return this._names.size;
  }

  /**
   * Whether a granule is selected.
   */
  has(name: string): boolean {
    return this._names.has(name);
  }

  /**
   * Select a granule if it is not, unselect it if it is.
   */
  toggle(name: string): void {
    if (!this._names.delete(name)) {
      this._names.add(name);
    }
  }

  /**
   * Select every one of `names`, or unselect them all when `on` is false.
   */
  setAll(names: Iterable<string>, on: boolean): void {
    if (!on) {
      this._names.clear();
      return;
    }
    for (const name of names) {
      this._names.add(name);
    }
  }

  /**
   * Unselect everything.
   */
  clear(): void {
    this._names.clear();
  }

  /**
   * The state of a "select all" box over `total` granules.
   */
  allState(total: number): 'none' | 'some' | 'all' {
    if (this._names.size === 0 || total === 0) {
      return 'none';
    }
    return this._names.size >= total ? 'all' : 'some';
  }

  /**
   * The selected items of `items`, in their order.
   */
  pick<T extends { name: string }>(items: readonly T[]): T[] {
    return this._names.size ? items.filter(i => this._names.has(i.name)) : [];
  }

  private _names = new Set<string>();
}

/**
 * What the downloads service needs of a granule: its https data link (the one
 * ending in the file name when there are several), name and size; `null`
 * without a link.
 */
export function downloadItem(granule: IGranule): IDownloadGranule | null {
  const url =
    granule.links.find(link => link.endsWith('/' + granule.name)) ??
    granule.links[0];
  return url
    ? { name: granule.name, url, size_bytes: granule.sizeBytes }
    : null;
}
