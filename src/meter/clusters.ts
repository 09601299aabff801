/**
 * The meter's Dask clusters: their words and which warnings are new (pure, no DOM).
 */

import type { TranslationBundle } from '@jupyterlab/translation';

import { formatDuration } from '../downloads/format';
import { formatBytes } from '../format';
import { DaskWarning, IDaskCluster, IDaskClustersReply } from './types';

/**
 * A warning about one cluster, to announce once.
 */
export interface IClusterWarning {
  cluster: IDaskCluster;
  warning: DaskWarning;
}

/**
 * The clusters that cost resources now (running or starting).
 */
export function activeClusters(
  reply: IDaskClustersReply | null
): IDaskCluster[] {
  return (reply?.clusters ?? []).filter(
    cluster => cluster.status === 'running' || cluster.status === 'pending'
  );
}

/**
 * How long the cluster has run no task, in seconds by the server's clock; `null` while busy.
 */
export function idleSeconds(
  cluster: IDaskCluster,
  reply: IDaskClustersReply
): number | null {
  if (cluster.idle_since === null || reply.timestamp === null) {
    return null;
  }
  return Math.max(reply.timestamp - cluster.idle_since, 0);
}

/**
 * The cluster's age in seconds, by the server's clock.
 */
export function ageSeconds(
  cluster: IDaskCluster,
  reply: IDaskClustersReply
): number {
  return Math.max((reply.timestamp ?? cluster.started) - cluster.started, 0);
}

/**
 * The short name of a cluster for people: the first 8 characters of its id.
 */
export function clusterLabel(cluster: IDaskCluster): string {
  return cluster.name.slice(0, 8);
}

/**
 * What the cluster's last task column says: "running tasks", "12 min ago", or "—".
 */
export function lastTaskText(
  cluster: IDaskCluster,
  reply: IDaskClustersReply,
  trans: TranslationBundle
): string {
  if (cluster.status !== 'running' || cluster.clients === null) {
    return '—';
  }
  const idle = idleSeconds(cluster, reply);
  return idle === null
    ? trans.__('running tasks')
    : trans.__('%1 ago', formatDuration(idle, trans));
}

/**
 * The notification (and the row's tooltip) for a cluster's warning.
 *
 * The essentials come first: a toast shows only the first 140 characters.
 */
export function clusterWarningText(
  cluster: IDaskCluster,
  warning: DaskWarning,
  reply: IDaskClustersReply,
  trans: TranslationBundle
): string {
  if (warning === 'orphaned') {
    return cluster.workers.length
      ? trans._n(
          'Dask cluster %2: its notebook is closed (no client connected); it still costs %1 core and %3 of memory. Shut it down if you no longer need it.',
          'Dask cluster %2: its notebook is closed (no client connected); it still costs %1 cores and %3 of memory. Shut it down if you no longer need it.',
          cluster.cores,
          clusterLabel(cluster),
          formatBytes(cluster.memory_limit)
        )
      : trans.__(
          'Dask cluster %1: its notebook is closed (no client connected); its scheduler still runs, without workers. Shut it down if you no longer need it.',
          clusterLabel(cluster)
        );
  }
  const cost = trans._n(
    '%1 core and %2 of memory',
    '%1 cores and %2 of memory',
    cluster.cores,
    formatBytes(cluster.memory_limit)
  );
  return trans.__(
    'Dask cluster %1 has run no task for %2; it still costs %3. Shut it down or scale it to 0 workers.',
    clusterLabel(cluster),
    formatDuration(idleSeconds(cluster, reply), trans),
    cost
  );
}

/**
 * Tracks which cluster warnings were announced: each (cluster, warning) once,
 * again only after the warning cleared (the cluster ran a task, a client came back).
 */
export class ClusterWarningTracker {
  /**
   * Take a new listing and return the warnings not yet announced.
   */
  update(reply: IDaskClustersReply): IClusterWarning[] {
    const current = new Set<string>();
    const fresh: IClusterWarning[] = [];
    for (const cluster of activeClusters(reply)) {
      for (const warning of cluster.warnings) {
        const key = `${cluster.name}\n${warning}`;
        current.add(key);
        if (!this._announced.has(key)) {
          fresh.push({ cluster, warning });
        }
      }
    }
    this._announced = current;
    return fresh;
  }

  private _announced = new Set<string>();
}
