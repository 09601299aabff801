import type { TranslationBundle } from '@jupyterlab/translation';
import { launchIcon, stopIcon, tableRowsIcon } from '@jupyterlab/ui-components';
import React from 'react';

import { formatDuration } from '../downloads/format';
import { formatBytes } from '../format';
import {
  activeClusters,
  ageSeconds,
  clusterLabel,
  clusterWarningText,
  lastTaskText
} from './clusters';
import { formatUsage } from './format';
import { IDaskCluster, IDaskClustersReply } from './types';

/**
 * The properties of the clusters section.
 */
export interface IClustersProps {
  reply: IDaskClustersReply;
  trans: TranslationBundle;
  onScale: (cluster: IDaskCluster) => void;
  onShutdown: (cluster: IDaskCluster) => void;
}

/**
 * The panel's Dask Gateway section: one row per running or starting cluster
 * (workers, cores, memory used of its limit, age, last task, warnings) with
 * Scale and Shut down.
 *
 * Rows carry `data-cluster` (the name) and `data-warnings` (space-separated).
 */
export function ClustersSection(props: IClustersProps): JSX.Element {
  const { reply, trans } = props;
  const clusters = activeClusters(reply);
  return (
    <section
      className="jp-hackweek-MeterPanel-dask"
      aria-label={trans.__('Dask clusters')}
    >
      <h3>{trans.__('Dask clusters')}</h3>
      {reply.error && (
        <p className="jp-hackweek-MeterPanel-status jp-mod-unavailable">
          {reply.error}
        </p>
      )}
      {clusters.length === 0 ? (
        <p>{trans.__('No Dask cluster is running for you.')}</p>
      ) : (
        <table className="jp-hackweek-MeterPanel-clusters">
          <colgroup>
            <col />
            <col className="jp-hackweek-MeterPanel-workersColumn" />
            <col className="jp-hackweek-MeterPanel-clusterMemoryColumn" />
            <col className="jp-hackweek-MeterPanel-timeColumn" />
            <col className="jp-hackweek-MeterPanel-timeColumn" />
            <col className="jp-hackweek-MeterPanel-actionsColumn" />
          </colgroup>
          <thead>
            <tr>
              <th>{trans.__('Cluster')}</th>
              <th>{trans.__('Workers')}</th>
              <th>{trans.__('Memory')}</th>
              <th>{trans.__('Age')}</th>
              <th>{trans.__('Last task')}</th>
              <th>
                <span className="jp-hackweek-MeterPanel-srOnly">
                  {trans.__('Actions')}
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clusters.map(cluster => (
              <ClusterRow key={cluster.name} cluster={cluster} {...props} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * One cluster's row, and below it a line per warning.
 */
function ClusterRow(
  props: IClustersProps & { cluster: IDaskCluster }
): JSX.Element {
  const { cluster, reply, trans } = props;
  const label = clusterLabel(cluster);
  const warnings = cluster.warnings.map(warning =>
    clusterWarningText(cluster, warning, reply, trans)
  );
  return (
    <>
      <tr
        className={`jp-hackweek-MeterPanel-cluster${warnings.length ? ' jp-mod-warning' : ''}`}
        data-cluster={cluster.name}
        data-warnings={cluster.warnings.join(' ')}
      >
        <td className="jp-hackweek-MeterPanel-clusterName" title={cluster.name}>
          {cluster.dashboard ? (
            <a
              href={cluster.dashboard}
              target="_blank"
              rel="noopener noreferrer"
              title={trans.__('Open the dashboard of cluster %1', cluster.name)}
            >
              {label}
              <launchIcon.react tag="span" elementSize="small" />
            </a>
          ) : (
            label
          )}
          {cluster.status === 'pending' && (
            <span className="jp-hackweek-MeterPanel-clusterState">
              {' '}
              {trans.__('starting')}
            </span>
          )}
        </td>
        <td
          className="jp-hackweek-MeterPanel-clusterWorkers"
          data-workers={cluster.workers.length}
        >
          {trans._n(
            '%1 (%2 core)',
            '%1 (%2 cores)',
            cluster.cores,
            cluster.workers.length
          )}
        </td>
        <td
          className="jp-hackweek-MeterPanel-clusterMemory"
          data-bytes={cluster.memory_used}
          title={trans.__(
            '%1 in use of the workers’ %2 limit',
            formatBytes(cluster.memory_used),
            formatBytes(cluster.memory_limit)
          )}
        >
          {cluster.memory_limit > 0
            ? formatUsage(cluster.memory_used, cluster.memory_limit)
            : '—'}
        </td>
        <td className="jp-hackweek-MeterPanel-clusterAge">
          {formatDuration(ageSeconds(cluster, reply), trans)}
        </td>
        <td className="jp-hackweek-MeterPanel-clusterIdle">
          {lastTaskText(cluster, reply, trans)}
        </td>
        <td className="jp-hackweek-MeterPanel-actions">
          <button
            className="jp-mod-styled"
            title={trans.__(
              'Change the number of workers of cluster %1',
              label
            )}
            aria-label={trans.__('Scale cluster %1', label)}
            onClick={() => props.onScale(cluster)}
          >
            <tableRowsIcon.react tag="span" elementSize="small" />
            <span className="jp-hackweek-MeterPanel-actionLabel">
              {trans.__('Scale')}
            </span>
          </button>
          <button
            className="jp-mod-styled jp-mod-warn"
            title={trans.__('Shut down cluster %1 and free its workers', label)}
            aria-label={trans.__('Shut down cluster %1', label)}
            onClick={() => props.onShutdown(cluster)}
          >
            <stopIcon.react tag="span" elementSize="small" />
            <span className="jp-hackweek-MeterPanel-actionLabel">
              {trans.__('Shut down')}
            </span>
          </button>
        </td>
      </tr>
      {warnings.map((text, index) => (
        <tr
          key={cluster.warnings[index]}
          className="jp-hackweek-MeterPanel-clusterWarning"
          data-warning={cluster.warnings[index]}
        >
          <td colSpan={6}>{text}</td>
        </tr>
      ))}
    </>
  );
}
