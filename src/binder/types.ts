/**
 * Typed replies of the Binder routes (`hackweek/api/git/state`,
 * `hackweek/api/binder/environment`), as written by `jupyterlab_hackweek/binder/`.
 */

/**
 * A git remote; `url` is normalised to https without credentials, `null` for a local path.
 */
export interface IRemote {
  name: string;
  url: string | null;
}

/**
 * The git state of one notebook.
 */
export interface IGitState {
  /** The repository folder's name. */
  root_name: string;
  /** The notebook's path from the repository root (the `labpath`). */
  labpath: string;
  remotes: IRemote[];
  /** The branch's upstream remote, else `origin`, else the only remote; `null` = let the user choose. */
  default_remote: string | null;
  /** The checked-out branch, `null` when detached. */
  branch: string | null;
  detached: boolean;
  /** e.g. `origin/main`. */
  upstream: string | null;
  /** The HEAD commit, `null` on a branch with no commit yet. */
  head: string | null;
  ahead: number | null;
  behind: number | null;
  tracked: boolean;
  ignored: boolean;
  /** Changed on disk (staged or not) compared with HEAD. */
  modified: boolean;
  committed: boolean;
  /** Remote-tracking refs (`origin/main`) that contain HEAD. */
  pushed_to: string[];
  /** Tags pointing at HEAD. */
  tags: string[];
  /**
   * The repository looks like a copy made by an nbgitpuller link: its `origin`
   * is the tutorial's repository, so local edits are in no link.
   */
  nbgitpuller: boolean;
}

/**
 * The repo2docker environment files of the repository.
 */
export interface IEnvironment {
  /** `binder`, `.binder` or `""` (the top of the repository). */
  folder: string;
  /** Paths from the repository root, in repo2docker's order. */
  files: string[];
  problems: string[];
}

/**
 * Why there is no git state.
 */
export interface IGitProblem {
  kind:
    | 'not-a-repository'
    | 'dubious-ownership'
    | 'outside-root'
    | 'unreadable'
    | 'timeout';
  message: string;
}

/**
 * The reply of `GET hackweek/api/git/state?path=`.
 */
export interface IGitStateReply {
  path: string;
  /** The hub admin's default BinderHub. */
  binderhub_url: string;
  /** This hub's image (`JUPYTER_IMAGE_SPEC`), if known. */
  hub_image: string | null;
  /** This hub's public `/hub/` URL, if the server knows it. */
  hub_url: string | null;
  /**
   * The hub's `NBGITPULLER_PARENTPATH`: the folder of the user's home below
   * which nbgitpuller clones (`""`: the home itself).
   */
  nbgitpuller_parentpath: string;
  git: IGitState | null;
  environment: IEnvironment | null;
  problem: IGitProblem | null;
}

/**
 * What an environment capture writes.
 */
export type CaptureKind = 'conda' | 'pip' | 'dockerfile';

/**
 * The reply of `POST hackweek/api/binder/environment`.
 */
export interface ICaptureReply {
  /** The written file, relative to the server's folder. */
  path: string;
  kind: CaptureKind;
}
