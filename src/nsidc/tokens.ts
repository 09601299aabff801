/**
 * The NSIDC search's token for other features: its polar map, for lines of
 * their own (the data viewer's ground tracks). Nothing here loads the map:
 * it is imported when one is made.
 */

import type { ISignal } from '@lumino/signaling';
import { Token } from '@lumino/coreutils';
import type { Widget } from '@lumino/widgets';

/**
 * A longitude/latitude pair in degrees.
 */
export type LonLat = [number, number];

/**
 * A map of lines (footprints, ground tracks) in the search's views: global,
 * Arctic or Antarctic (polar stereographic), the same land outlines, zoom
 * (the wheel) and hover.
 */
export interface IFootprintMap extends Widget {
  /**
   * The view the lines are drawn in.
   */
  view: 'global' | 'arctic' | 'antarctic';
  /**
   * Draw these lines, one or more per id.
   */
  setFootprints(footprints: { id: string; lines: LonLat[][] }[]): void;
  /**
   * Highlight the lines of one id, or none.
   */
  setHighlight(id: string | null): void;
  /**
   * Mark one place, or none.
   */
  setMarker(lonLat: LonLat | null): void;
  /**
   * Frame these lines, as large as the zoom allows.
   */
  fitTo(lines: LonLat[][]): void;
  /**
   * The id whose lines the pointer entered, or null when it left them.
   */
  readonly footprintHovered: ISignal<unknown, string | null>;
  /**
   * The point of a line nearest the pointer (a few pixels at most), or null.
   */
  readonly pointed: ISignal<
    unknown,
    { id: string; line: number; index: number } | null
  >;
}

/**
 * Makes maps of the search's kind for other features.
 */
export interface ISearchMaps {
  /**
   * A new map that shows lines and draws nothing (no search box), zooming
   * in far enough for a granule's tracks.
   */
  createMap(): Promise<IFootprintMap>;
}

export const ISearchMaps = new Token<ISearchMaps>(
  'jupyterlab-hackweek:ISearchMaps',
  'Makes maps like the NSIDC search’s (polar views, land outlines, zoom) for lines of other features, e.g. ground tracks.'
);
