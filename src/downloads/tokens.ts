import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

/**
 * A checksum CMR gives for a granule.
 */
export interface IChecksum {
  algorithm: 'MD5' | 'SHA-256';
  /**
   * The hexadecimal digest.
   */
  value: string;
}

/**
 * A granule to download, as the search panel knows it.
 */
export interface IDownloadGranule {
  /**
   * The file name (CMR's `producer_granule_id`); the server makes it a plain file name.
   */
  name: string;
  /**
   * The https data link (on an NSIDC/Earthdata data host).
   */
  url: string;
  /**
   * The size in bytes, when CMR gives one (checked before the file is shown).
   */
  size_bytes?: number | null;
  /**
   * The checksum, when CMR gives one (checked before the file is shown).
   */
  checksum?: IChecksum | null;
}

/**
 * The state of one file: waiting means a retry after a cut or a 429; present means
 * the file was already saved complete and was skipped.
 */
export type FileState =
  'queued' | 'active' | 'waiting' | 'done' | 'present' | 'failed' | 'cancelled';

/**
 * One file of a download (`files[]` of `GET hackweek/api/downloads/<id>`).
 */
export interface IFileReply {
  granule: string;
  /**
   * The name it is saved under (may carry a `-2` suffix next to an existing file).
   */
  name: string;
  size_bytes: number | null;
  bytes_done: number;
  state: FileState;
  /**
   * Why it failed (or why it is waiting), in plain words.
   */
  error: string | null;
  /**
   * `login`, `licence`, `html`, `checksum`, `size`, `not_found`, `disk_full`, `throttled`, `cut`, …
   */
  error_kind: string | null;
  /**
   * A page that fixes the problem (Earthdata Login, licence approval).
   */
  link: string | null;
  attempts: number;
  /**
   * Bytes per second while active.
   */
  speed: number;
  eta_seconds: number | null;
  /**
   * Seconds before the next automatic attempt (state `waiting`).
   */
  retry_in: number | null;
}

/**
 * The state of a whole download.
 */
export type DownloadState = 'active' | 'done' | 'failed' | 'cancelled';

/**
 * One download (`GET hackweek/api/downloads/<id>`, and the 201 of the POST).
 */
export interface IDownloadReply {
  id: string;
  short_name: string;
  version: string;
  /**
   * The folder, written with `~` for the home folder.
   */
  folder: string;
  /**
   * The folder relative to the file browser's root, or null when outside it.
   */
  browser_path: string | null;
  created: number;
  state: DownloadState;
  bytes_total: number | null;
  bytes_done: number;
  speed: number;
  eta_seconds: number | null;
  counts: Record<FileState, number>;
  files: IFileReply[];
}

/**
 * `GET hackweek/api/downloads`.
 */
export interface IDownloadsListReply {
  downloads: IDownloadReply[];
}

/**
 * The reply of `DELETE hackweek/api/downloads/<id>` for a finished download.
 */
export interface IClearedReply {
  id: string;
  cleared: true;
}

/**
 * `GET`/`POST hackweek/api/downloads/login`: whether a credential is configured
 * (never the credential itself).
 */
export interface ILoginStatus {
  configured: boolean;
  login_url: string;
  source?: 'EARTHDATA_TOKEN' | 'netrc' | 'EARTHDATA_USERNAME';
  kind?: 'token' | 'password';
  username?: string | null;
}

/**
 * The downloads service: other features (the data search) start downloads with it.
 */
export interface IDownloads {
  /**
   * Queue granules for download on the server, into `~/data/<shortName>/<version>/`
   * unless `destination` (a folder relative to home) is given. Rejects with the
   * server's message (e.g. not enough free space).
   */
  start(
    granules: IDownloadGranule[],
    shortName: string,
    version: string,
    destination?: string
  ): Promise<IDownloadReply>;
  /**
   * The downloads the server knows, newest last.
   */
  readonly downloads: readonly IDownloadReply[];
  /**
   * Emitted whenever the downloads or the login status change.
   */
  readonly changed: ISignal<IDownloads, void>;
}

/**
 * The downloads service token.
 */
export const IDownloads = new Token<IDownloads>(
  'jupyterlab-hackweek:IDownloads',
  'Starts and follows granule downloads (Earthdata Login) on the Jupyter server.'
);
