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
