/**
 * Typed replies of the shared-data routes (`hackweek/api/shared/*`).
 */

/**
 * A configured shared folder (`GET shared/roots`).
 */
export interface ISharedRoot {
  name: string;
  /** Absolute path on the server, as kernels see it. */
  path: string;
  writable: boolean;
  /** Whether the folder exists on this server. */
  available: boolean;
  /** The root's path relative to JupyterLab's root folder, or null when outside it. */
  lab_path: string | null;
}

/**
 * The reply of `GET shared/roots`.
 */
export interface IRootsReply {
  roots: ISharedRoot[];
  /** Whether this user may publish, make folders and describe in writable roots. */
  can_publish: boolean;
}

/**
 * The kind of a listed entry; `symlink-out` leads out of the root and cannot be opened.
 */
export type EntryType = 'file' | 'directory' | 'symlink-out' | 'other';

/**
 * One entry of a folder listing.
 */
export interface ISharedEntry {
  name: string;
  type: EntryType;
  size: number | null;
  /** Seconds since the epoch. */
  modified: number | null;
  /** For folders on the page: how many entries they hold (capped). */
  items?: number | null;
  items_capped?: boolean;
}

/**
 * A dataset description found in a folder (first page of a listing only).
 */
export interface IDatasetDescription {
  /** Raw Markdown of README.md. */
  readme?: string;
  title?: string;
  description?: string;
  source?: string;
  citation?: string;
  licence?: string;
}

/**
 * The reply of `GET shared/list`.
 */
export interface IListReply {
  path: string;
  total: number;
  offset: number;
  entries: ISharedEntry[];
  /** Present on the first page only. */
  description?: IDatasetDescription | null;
  total_size?: number | null;
  size_pending?: boolean;
  /**
   * The server read the folder's names and stat-ed this page's rows only: its
   * background pass (sizes and times of every entry, folders' item counts) runs.
   */
  sizes_counting?: boolean;
}

/**
 * The reply of `GET shared/size`.
 */
export interface ISizeReply {
  total_size: number | null;
  size_pending: boolean;
  /** Whether the listing's background pass still runs (see `IListReply`). */
  sizes_counting?: boolean;
}

/**
 * One group, dataset or link of a previewed file.
 */
export interface IPreviewNode {
  /** Absolute path inside the file, e.g. `/gt1l/land_ice_segments/h_li`. */
  path: string;
  name: string;
  type:
    | 'group'
    | 'dataset'
    | 'external-link'
    | 'soft-link'
    | 'datatype'
    | 'unreadable'
    | 'hard-link'
    | 'too-deep'
    | 'unsupported'
    | 'refused';
  shape?: number[] | null;
  dtype?: string;
  chunks?: number[] | null;
  compression?: string | null;
  /** The compression's options as h5py gives them (e.g. a gzip level). */
  compression_opts?: number | string | null;
  virtual?: boolean;
  /** Links: where they point; `hard-link`: the path the object was first listed at. */
  target?: string;
  /** `too-deep`, `unsupported`, `refused`: why the node cannot be shown. */
  reason?: string;
  /** Shown with the node: e.g. its attributes could not be read, and why. */
  problem?: string;
  attrs?: Record<string, unknown>;
  attr_count?: number;
}

/**
 * The reply of `GET shared/preview`.
 */
export interface IPreviewReply {
  path: string;
  format: 'HDF5' | 'NetCDF-4' | 'Zarr';
  nodes: IPreviewNode[];
  truncated: boolean;
  /** Which limit cut the tree: the node count or the reply's byte budget. */
  truncated_reason?: 'nodes' | 'bytes' | null;
  /** HDF5 / NetCDF-4: the bytes of the file the preview read (its metadata). */
  bytes_read?: number;
  file_size?: number;
}

/**
 * The reply of `POST shared/copy` (and `shared/publish`).
 */
export interface ICopyReply {
  name: string;
  bytes: number;
  /** Where the copy landed, relative to the server root (copy) or the shared root (publish). */
  path: string;
}

/**
 * The reply of `GET shared/copy?operation=ID` (and `shared/publish`): how far
 * a copy or publication has got.
 */
export interface ITransferProgress {
  operation: string;
  bytes: number;
  /** The bytes to copy, once the server has counted them. */
  total: number | null;
  state: 'running' | 'done' | 'failed';
}

/**
 * A sort order: a key, `-` prefixed for descending.
 */
export type SortOrder =
  'name' | '-name' | 'size' | '-size' | 'modified' | '-modified';

/**
 * The reply of `POST shared/mkdir` and `POST shared/describe`: the folder's
 * path below its root.
 */
export interface IFolderReply {
  path: string;
}

/**
 * Where a granule of a search already is (`POST shared/find`).
 */
export interface IGranulePlace {
  /** On a shared root, or among the files the user's downloads saved. */
  where: 'shared' | 'downloads';
  /** The shared root's name; null for downloads. */
  root: string | null;
  /** Below the root (shared), or relative to the server root (downloads). */
  path: string;
  /** Absolute path on the server, as kernels see it. */
  absolute: string;
  /** The path in JupyterLab, or null when it is outside the server root. */
  lab_path: string | null;
  /** The file's size in bytes. */
  size: number;
  /**
   * `match`: the size CMR lists; `mismatch`: another size (a partial or
   * different file); `unknown`: CMR lists no size.
   */
  size_check: 'match' | 'mismatch' | 'unknown';
}

/**
 * The reply of `POST shared/find`.
 */
export interface IFindReply {
  /** The granules found, by name, shared roots first; the others are absent. */
  found: Record<string, IGranulePlace[]>;
  /** The first index of the shared roots is still being built: ask again. */
  building: boolean;
  /** False when the index reached its size limit and holds only part of the roots. */
  complete: boolean;
  /** How many files the index holds. */
  files: number;
}
