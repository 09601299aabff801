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
 * How a kernel's memory was counted: `uss` (what shutting it down frees),
 * `pss` (shared pages split among a tree of processes) or `rss` (every
 * resident page, shared ones too).
 */
export type MemoryKind = 'uss' | 'pss' | 'rss';

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
}
