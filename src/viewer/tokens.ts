/**
 * The data viewer's token and the interfaces it exposes. Nothing here loads
 * h5web: the viewer itself is imported when one opens.
 */

import { Token } from '@lumino/coreutils';

/**
 * A file the viewer reads: below a shared root (`root`: its name) or below the
 * server root (`root: null`, the user's home).
 */
export interface IDataFile {
  root: string | null;
  /**
   * The path relative to the root, `/`-separated.
   */
  path: string;
  /**
   * A dataset or group inside the file to show first, e.g.
   * `/gt1l/land_ice_segments/h_li`.
   */
  dataset?: string | null;
  /**
   * The view to show first (the layout restorer's, after a reload).
   */
  view?: IViewState | null;
}

/**
 * What a viewer shows, kept by the layout restorer: the tab, the quick look's
 * beam, colouring and zoom, Explore's dataset.
 */
export interface IViewState {
  tab: 'quick' | 'explore';
  beam: string;
  /** Heights coloured by the product's quality flag. */
  byQuality: boolean;
  /** The column (surface type) of ATL03's signal confidence. */
  surface: number;
  /**
   * The quick look's visible ranges when zoomed in: `x` in the file's own
   * along-track coordinate, `y` in the height's units; null when whole.
   */
  zoom: { x: [number, number]; y: [number, number] } | null;
  /** The dataset Explore shows, if any. */
  dataset: string | null;
}

/**
 * Opens HDF5 / NetCDF-4 files in the data viewer (a main-area tab).
 */
export interface IDataViewer {
  /**
   * Open (or show again) the viewer of a file.
   */
  open(file: IDataFile): Promise<void>;
  /**
   * Whether the viewer opens a file of this name (by its extension).
   */
  viewable(name: string): boolean;
}

export const IDataViewer = new Token<IDataViewer>(
  'jupyterlab-hackweek:IDataViewer',
  'Opens HDF5 and NetCDF-4 files of the shared folders and the home in the data viewer.'
);
