/**
 * Typed replies of `GET hackweek/api/metrics` (see `jupyterlab_hackweek/meter/sampler.py`).
 */

/**
 * Where a limit comes from: the pod's cgroup, the admin's configuration
 * (`MEM_LIMIT`/`CPU_LIMIT` or traitlets), or the whole machine.
 */
export type LimitSource = 'cgroup' | 'config' | 'host';

/**
 * The pod's memory: working set and limit, in bytes.
 */
export interface IMemory {
  used: number;
  limit: number;
  limit_source: LimitSource;
}

/**
 * The pod's CPU use as a percentage of its limit (in cores); `null` on the first sample.
 */
export interface ICpu {
  percent: number | null;
  limit: number;
  limit_source: LimitSource;
}

/**
 * How a kernel's memory was counted: `anon` (a lone kernel's anonymous
 * resident memory, Linux's RssAnon: its own data, about what shutting it down
 * frees; the libraries and files it maps are not counted), `pss` (a tree of
 * processes, the pages they share split among them) or `rss` (every resident
 * page, shared ones too).
 */
export type MemoryKind = 'anon' | 'pss' | 'rss';

/**
 * One running kernel: memory of its process tree and CPU share of the limit.
 */
export interface IKernelUsage {
  id: string;
  name: string | null;
  /** The notebook or console path of its session, `null` for a kernel without one. */
  path: string | null;
  type: string | null;
  memory: number | null;
  memory_kind: MemoryKind | null;
  cpu_percent: number | null;
}

/**
 * Disk use of the home folder or the shared volume; `null` where the size is unknown (NFS).
 */
export interface IDisk {
  name: 'home' | 'shared';
  path: string;
  total: number | null;
  used: number | null;
  free: number | null;
}

/**
 * A kernel named in an OOM event.
 */
export interface IOomKernel {
  id: string;
  path: string | null;
  name: string | null;
}

/**
 * A rise of the cgroup's `oom_kill` counter, with the kernels that died meanwhile.
 */
export interface IOomEvent {
  /** Seconds since the epoch. */
  timestamp: number;
  counter: number;
  kills: number;
  limit: number;
  kernels: IOomKernel[];
}

/**
 * The server's idle clock by jupyter_server's `last_activity` (seconds since the epoch).
 */
export interface IActivity {
  /** When the server was last active (API requests, kernels, terminals). */
  last: number;
  /** The server's clock when it answered. */
  now: number;
  /** After how long idle the hub's culler stops the server; `null` when none does. */
  cull_timeout: number | null;
}

/**
 * The reply of `GET hackweek/api/metrics`.
 */
export interface IMetricsReply {
  /** Seconds since the epoch. */
  timestamp: number;
  source: 'cgroup-v1' | 'cgroup-v2' | 'host';
  memory: IMemory;
  cpu: ICpu;
  /** Biggest memory first. */
  kernels: IKernelUsage[];
  disks: IDisk[];
  oom_kill: number | null;
  oom_events: IOomEvent[];
  /** Always in the route's reply (not in a sample taken without the route). */
  activity?: IActivity;
}

/**
 * Why the meter warns about a Dask cluster: `idle` (no task for longer than the
 * server's `ResourceMeter.dask_idle_warning`) or `orphaned` (every client, the
 * notebook that used it, has disconnected).
 */
export type DaskWarning = 'idle' | 'orphaned';

/**
 * One worker of a Dask cluster.
 */
export interface IDaskWorker {
  name: string;
  cores: number;
  /** Bytes in use (the worker's RSS), `null` before its first heartbeat. */
  memory_used: number | null;
  memory_limit: number;
}

/**
 * One of the user's clusters on the hub's Dask Gateway.
 */
export interface IDaskCluster {
  name: string;
  status: 'pending' | 'running' | 'stopping' | 'stopped' | 'failed';
  /** Seconds since the epoch. */
  started: number;
  /** The cluster's dashboard, as browsers reach the gateway. */
  dashboard: string | null;
  workers: IDaskWorker[];
  cores: number;
  memory_used: number;
  memory_limit: number;
  /** Since when it has run no task (seconds since the epoch); `null` while busy or unknown. */
  idle_since: number | null;
  /** Clients connected now; `null` when the scheduler could not be asked. */
  clients: number | null;
  /** When the last client left (seconds since the epoch), while none is connected. */
  client_left: number | null;
  warnings: DaskWarning[];
}

/**
 * The reply of `GET hackweek/api/dask/clusters` (and of `POST dask/clusters/<name>`).
 */
export interface IDaskClustersReply {
  /** Whether the server has a gateway to ask; without one, nothing else is filled. */
  configured: boolean;
  /** When the listing was taken (seconds since the epoch, the server's clock). */
  timestamp: number | null;
  /** Why the listing could not be taken (the clusters are then the last known). */
  error: string | null;
  /** The server's idle warning, in seconds. */
  idle_warning: number;
  /** Oldest first. */
  clusters: IDaskCluster[];
  /** What the gateway said about a scale request (it may grant fewer workers). */
  notice: string | null;
}

/**
 * A folder or file among the largest of a scanned root.
 */
export interface IHomeItem {
  /** Below the root. */
  path: string;
  /** Where the file browser opens it; `null` when it cannot (hidden, or outside the server root). */
  lab_path: string | null;
  /** Apparent bytes, like `du -sb` (a folder: everything below it, hard links once). */
  size: number;
}

/**
 * One scanned tree: the home, or a writable shared root.
 */
export interface IHomeRoot {
  name: string;
  kind: 'home' | 'shared';
  path: string;
  lab_path: string | null;
  /** The quota in bytes (`ResourceMeter.home_quota`), `null` when none is known. */
  quota: number | null;
  /** `null` until the first scan ends. */
  used: number | null;
  files: number | null;
  folders: number | null;
  /** Folders that could not be read (counted by their own size only). */
  unreadable: number;
  /** When the figures were taken (seconds since the epoch). */
  scanned: number | null;
  largest_folders: IHomeItem[];
  largest_files: IHomeItem[];
}

/**
 * The reply of `GET hackweek/api/metrics/home`.
 */
export interface IHomeReply {
  /** Whether a scan runs now (the figures are the last finished one's). */
  scanning: boolean;
  /** Seconds between two scans. */
  interval: number;
  last_pass: {
    started: number;
    seconds: number;
    folders_checked: number;
    folders_read: number;
  } | null;
  roots: IHomeRoot[];
}
