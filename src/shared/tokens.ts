/**
 * The shared-data feature's token and the interfaces it exposes; the server's
 * reply shapes are in `types.ts`.
 */

import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';

import type { IGranulePlace } from './types';

/**
 * A granule of a search, as the lookup needs it.
 */
export interface IGranuleQuery {
  /**
   * The file name (CMR's `producer_granule_id`).
   */
  name: string;
  /**
   * The size CMR lists, in bytes, or null: the size a copy must have to count
   * as the same file.
   */
  size: number | null;
}

/**
 * Where the granules of one results list already are, kept as they arrive.
 */
export interface IGranuleMarks extends IDisposable {
  /**
   * Look up the granules of the list: those not asked about yet are sent to
   * the server (all of them again when the list is a new search's). Places
   * arrive later (`changed`).
   */
  mark(granules: readonly IGranuleQuery[]): void;
  /**
   * Where a granule is, shared roots first; undefined when it is nowhere here
   * (or not known yet).
   */
  places(name: string): readonly IGranulePlace[] | undefined;
  /**
   * Whether the server is still building its first index of the shared
   * folders (more granules may be marked soon).
   */
  readonly building: boolean;
  /**
   * Emitted when places arrive.
   */
  readonly changed: ISignal<IGranuleMarks, void>;
}

/**
 * The lookup of granules already on the shared volume or among the user's
 * downloads: other features (the data search) mark their results with it.
 */
export interface ISharedLookup {
  /**
   * New marks for one results list (dispose them with the list).
   */
  marks(): IGranuleMarks;
  /**
   * A notebook cell that opens the file at a place where it is: h5py, and for
   * an ICESat-2 granule one xarray Dataset per beam group.
   */
  openCode(place: IGranulePlace, icesat2: boolean): string;
}

/**
 * The shared lookup token.
 */
export const ISharedLookup = new Token<ISharedLookup>(
  'jupyterlab-hackweek:ISharedLookup',
  'Tells which granules are already on the shared volume or among the downloads, and how to open them in place.'
);

/**
 * Files of the user to publish together as one new folder of a writable
 * shared folder (e.g. the outputs of a finished subset order).
 */
export interface IPublishFiles {
  /**
   * The files' paths, relative to JupyterLab's root folder.
   */
  sources: string[];
  /**
   * The new folder's suggested name.
   */
  name: string;
  /**
   * Its description (Markdown), saved as the folder's README.md.
   */
  readme: string;
  /**
   * What is published, in a few words (the dialog's title).
   */
  label: string;
}

/**
 * Publishing into the hub's writable shared folders, for the organizers
 * (`SharedData.publishers`): other features offer it where it applies.
 */
export interface ISharedPublisher {
  /**
   * Whether this user may publish and a writable shared folder is available.
   */
  canPublish(): Promise<boolean>;
  /**
   * Ask where (shared folder, folder inside it, name), then publish with a
   * progress notification; true when the files were published.
   */
  publishFiles(files: IPublishFiles): Promise<boolean>;
}

/**
 * The shared publisher token.
 */
export const ISharedPublisher = new Token<ISharedPublisher>(
  'jupyterlab-hackweek:ISharedPublisher',
  'Publishes files of the user as a new, described folder of a writable shared folder.'
);

/**
 * What a cell should open in a file of a shared root or the home: the
 * snippet target (`code.ts`) of a node, with the file named the way the data
 * viewer names it.
 */
export interface IFileCodeTarget {
  /** A shared root's name, or null for a file below the server root (the home). */
  root: string | null;
  /** The file's path below that root, `/`-separated. */
  path: string;
  /** The node inside the file (`/gt1l/land_ice_segments/h_li`). */
  node?: string;
  nodeType?: 'group' | 'dataset';
  /** Its dtype (`float32`, `int16`, …): numbers are read as masked arrays. */
  dtype?: string;
  /** A slice in h5grove's syntax (`0,:`). */
  selection?: string;
  /** A dataset read beside it (what a plot is drawn against). */
  x?: string;
  /** A dataset of classes read beside it, and its column (a surface type). */
  by?: { path: string; column: number | null };
  /** What the cell reproduces, in a comment; numeric cells then print what a viewer shows. */
  view?: string;
}

/**
 * The shared feature's notebook cells for other features (the data viewer's
 * "Insert code"): the same snippets and the same insertion as the Shared Data
 * panel's "Insert code".
 */
export interface ISharedCode {
  /**
   * Insert the cell that opens the target below the active cell of the
   * current notebook, or into a new notebook when none is open; resolves when
   * the cell is there.
   */
  insertCode(target: IFileCodeTarget): Promise<void>;
}

/**
 * The shared code token.
 */
export const ISharedCode = new Token<ISharedCode>(
  'jupyterlab-hackweek:ISharedCode',
  'Inserts the cell that opens a dataset of a shared or home file (masked like the Shared Data panel’s) into a notebook.'
);
