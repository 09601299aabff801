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
 * The panel's Dask Gateway section: one item per running or starting cluster
 * (workers, cores, memory used of its limit, age, last task, warnings) with
 * Scale and Shut down.
 *
 * Items carry `data-cluster` (the name) and `data-warnings` (space-separated).
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
        <ul className="jp-hackweek-MeterPanel-clusters">
          {clusters.map(cluster => (
            <ClusterItem key={cluster.name} cluster={cluster} {...props} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One cluster: its name and buttons, its figures (wrapping to the panel's
 * width), and a line per warning.
 */
function ClusterItem(
  props: IClustersProps & { cluster: IDaskCluster }
): JSX.Element {
  const { cluster, reply, trans } = props;
  const label = clusterLabel(cluster);
  const facts: [string, string, string, Record<string, string | number>][] = [
    [
      'Workers',
      trans.__('Workers'),
      trans._n(
        '%2 (%1 core)',
        '%2 (%1 cores)',
        cluster.cores,
        cluster.workers.length
      ),
      { 'data-workers': cluster.workers.length }
    ],
    [
      'Memory',
      trans.__('Memory'),
      cluster.memory_limit > 0
        ? formatUsage(cluster.memory_used, cluster.memory_limit)
        : '—',
      {
        'data-bytes': cluster.memory_used,
        title: trans.__(
          '%1 in use of the workers’ %2 limit',
          formatBytes(cluster.memory_used),
          formatBytes(cluster.memory_limit)
        )
      }
    ],
    [
      'Age',
      trans.__('Age'),
      formatDuration(ageSeconds(cluster, reply), trans),
      {}
    ],
    ['Idle', trans.__('Last task'), lastTaskText(cluster, reply, trans), {}]
  ];
  return (
    <li
      className={`jp-hackweek-MeterPanel-cluster${cluster.warnings.length ? ' jp-mod-warning' : ''}`}
      data-cluster={cluster.name}
      data-warnings={cluster.warnings.join(' ')}
    >
      <div className="jp-hackweek-MeterPanel-clusterHead">
        <span
          className="jp-hackweek-MeterPanel-clusterName"
          title={cluster.name}
        >
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
        </span>
        <span className="jp-hackweek-MeterPanel-actions">
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
        </span>
      </div>
      <dl className="jp-hackweek-MeterPanel-clusterFacts">
        {facts.map(([part, name, value, data]) => (
          <div key={part}>
            <dt>{name}</dt>
            <dd className={`jp-hackweek-MeterPanel-cluster${part}`} {...data}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {cluster.warnings.map(warning => (
        <p
          key={warning}
          className="jp-hackweek-MeterPanel-clusterWarning"
          data-warning={warning}
        >
          {clusterWarningText(cluster, warning, reply, trans)}
        </p>
      ))}
    </li>
  );
}
