/**
 * Typed replies of the downloads routes (`hackweek/api/downloads`,
 * `downloads/<id>`, `downloads/login`), as written by
 * `jupyterlab_hackweek/downloads/`. The service's token and the interfaces it
 * takes are in `tokens.ts`.
 */

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
export type DownloadState =
  'active' | 'paused' | 'done' | 'failed' | 'cancelled';

/**
 * Harmony's job states (`paused`: a preview waiting, or paused by the user).
 */
export type JobStatus =
  | 'accepted'
  | 'running'
  | 'running_with_errors'
  | 'paused'
  | 'previewing'
  | 'successful'
  | 'complete_with_errors'
  | 'failed'
  | 'canceled';

/**
 * A Harmony subset order: what was asked and its job's last known state.
 */
export interface IOrderReply {
  job_id: string;
  collection_id: string;
  /**
   * How many granules were named (0: Harmony chose them from the area and times).
   */
  granules: number;
  bbox: [number, number, number, number] | null;
  polygon: [number, number][] | null;
  start: string | null;
  end: string | null;
  status: JobStatus;
  /**
   * 0–100, as Harmony reports it.
   */
  progress: number;
  message: string;
  /**
   * Harmony's messages for granules that failed (a failed job), or warnings
   * (a job complete with errors: "some granules failed").
   */
  errors: string[];
  warnings: string[];
  /**
   * Why the server stopped following the job (e.g. a login is needed), or null.
   */
  error: string | null;
  error_kind: string | null;
  link: string | null;
}

/**
 * `GET hackweek/api/downloads/capabilities?collection_id=`: what Harmony can
 * cut a collection to.
 */
export interface ICapabilitiesReply {
  collection_id: string;
  short_name: string;
  subset: boolean;
  bbox: boolean;
  shape: boolean;
  temporal: boolean;
  services: string[];
}

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
  /**
   * A Harmony subset order (its files appear as the job makes them), or null
   * for a download of whole granules.
   */
  order: IOrderReply | null;
}

/**
 * `GET hackweek/api/downloads`.
 */
export interface IDownloadsListReply {
  downloads: IDownloadReply[];
}

/**
 * The reply of `DELETE hackweek/api/downloads/<id>` (Clear): always this,
 * the server cancelling the download first if it is still active. (Cancel is
 * `POST downloads/<id>` `{"action": "cancel"}`, answered by an `IDownloadReply`.)
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
