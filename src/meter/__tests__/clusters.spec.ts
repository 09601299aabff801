import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act } from 'react';

import { requestAPI } from '../../request';
import { reply as recorded } from '../../__tests__/replies';
import { ClusterWarningTracker } from '../clusters';
import { MeterModel } from '../model';
import { MeterPanel } from '../panel';
import { MeterStatusItem } from '../statusItem';
import { IDaskClustersReply } from '../types';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const trans = nullTranslator.load('jupyterlab_hackweek');

/**
 * Render a widget now (not on the next animation frame), React's work included.
 */
async function render(widget: Widget): Promise<void> {
  const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  env.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      widget.processMessage(Widget.Msg.UpdateRequest);
    });
  } finally {
    env.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

/**
 * The recorded listing (dask-clusters.json: the notebook closed and its
 * cluster left running idle, 2 workers) and a second cluster, an hour old, of
 * 2 workers with 2 threads each, running tasks for a connected notebook.
 */
function twoClusters(): IDaskClustersReply {
  const listing = recorded('dask-clusters');
  const [orphan] = listing.clusters;
  const timestamp = listing.timestamp!;
  listing.clusters.push({
    ...JSON.parse(JSON.stringify(orphan)),
    name: 'b1d1e5ce0000',
    started: timestamp - 3600,
    idle_since: null,
    clients: 1,
    client_left: null,
    warnings: []
  });
  // with 2 threads per worker
  const busy = listing.clusters[1];
  busy.workers.forEach(worker => (worker.cores = 2));
  busy.cores = 4;
  return listing;
}

/**
 * Answer each route with its reply (`metrics/home` with the recorded one unless given).
 */
function serve(given: Record<string, unknown>): void {
  const replies: Record<string, unknown> = {
    'metrics/home': recorded('metrics-home'),
    ...given
  };
  request.mockImplementation(async (_settings, endPoint) => {
    if (!(endPoint in replies)) {
      throw new Error(`unexpected request ${endPoint}`);
    }
    return replies[endPoint] as never;
  });
}

async function firstAnswer(model: MeterModel): Promise<void> {
  for (let i = 0; i < 50 && !model.reply; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

/**
 * Poll again and wait until the model has asked for the metrics once more.
 */
async function pollAgain(model: MeterModel): Promise<void> {
  const asked = () => request.mock.calls.filter(c => c[1] === 'metrics').length;
  const before = asked();
  await model.refresh();
  for (let i = 0; i < 50 && asked() === before; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
  await new Promise(resolve => setTimeout(resolve, 0));
}

function newModel(): MeterModel {
  return new MeterModel({
    serverSettings: {} as ServerConnection.ISettings,
    trans,
    refreshRate: 60000,
    thresholds: { warning: 0.8, critical: 0.95 }
  });
}

describe('Dask clusters in the meter', () => {
  afterEach(() => request.mockReset());

  it('lists two clusters, one idle and one orphaned, in the panel and the status bar', async () => {
    // Given the server's metrics and two clusters on the gateway
    serve({ metrics: recorded('metrics'), 'dask/clusters': twoClusters() });
    const model = newModel();
    const warned = jest.fn();
    model.clusterWarnings.connect((_, warnings) => warned(warnings));
    const item = new MeterStatusItem({ model, trans, onOpen: jest.fn() });
    const onShutdownCluster = jest.fn();
    const panel = new MeterPanel({
      model,
      trans,
      onRestart: jest.fn(),
      onShutdown: jest.fn(),
      onScaleCluster: jest.fn(),
      onShutdownCluster,
      onOpenPath: jest.fn(),
      onExportHistory: jest.fn()
    });
    Widget.attach(item, document.body);
    Widget.attach(panel, document.body);
    // When the first poll has answered
    await firstAnswer(model);
    await render(item);
    await render(panel);

    // Then the status bar counts the clusters, amber for the warnings
    const count = item.node.querySelector('.jp-hackweek-MeterStatus-dask')!;
    expect(count.textContent).toBe('Dask 2');
    expect(count.classList).toContain('jp-mod-warning');
    expect(count.getAttribute('title')).toBe(
      '2 Dask clusters run for you (6 cores).'
    );

    // And the panel has an item per cluster: workers, cores, memory, age, last task
    const rows = panel.node.querySelectorAll(
      'li.jp-hackweek-MeterPanel-cluster'
    );
    expect(rows).toHaveLength(2);
    const cells = (row: Element) =>
      ['.jp-hackweek-MeterPanel-clusterName', 'dd'].flatMap(selector =>
        Array.from(row.querySelectorAll(selector)).map(e => e.textContent)
      );
    expect(cells(rows[0])).toEqual([
      '4afdd453',
      '2 (2 cores)',
      '0.17 / 1.07 GB',
      '27 s',
      '3 s ago'
    ]);
    expect(cells(rows[1])).toEqual([
      'b1d1e5ce',
      '2 (4 cores)',
      '0.17 / 1.07 GB',
      '1 h 0 min',
      'running tasks'
    ]);
    expect(rows[0].getAttribute('data-warnings')).toBe('idle orphaned');
    expect(rows[1].getAttribute('data-warnings')).toBe('');
    expect(rows[0].classList).toContain('jp-mod-warning');
    expect(rows[1].classList).not.toContain('jp-mod-warning');

    // And lines under the first say why it costs, in words
    const lines = Array.from(
      panel.node.querySelectorAll('.jp-hackweek-MeterPanel-clusterWarning')
    ).map(row => row.textContent);
    expect(lines).toEqual([
      'Dask cluster 4afdd453 has run no task for 3 s; it still costs 2 cores and 1.07 GB of memory. Shut it down or scale it to 0 workers.',
      'Dask cluster 4afdd453: its notebook is closed (no client connected); it still costs 2 cores and 1.07 GB of memory. Shut it down if you no longer need it.'
    ]);

    // And each warning was announced once
    expect(warned).toHaveBeenCalledTimes(1);
    expect(
      warned.mock.calls[0][0].map(
        (w: { cluster: { name: string }; warning: string }) =>
          `${w.cluster.name.slice(0, 8)} ${w.warning}`
      )
    ).toEqual(['4afdd453 idle', '4afdd453 orphaned']);
    await pollAgain(model);
    expect(
      request.mock.calls.filter(c => c[1] === 'dask/clusters')
    ).toHaveLength(2);
    expect(warned).toHaveBeenCalledTimes(1);

    // And Shut down is a button with the cluster in its name, reachable by keyboard
    const shutdown = rows[0].querySelector<HTMLButtonElement>(
      'button[aria-label="Shut down cluster 4afdd453"]'
    )!;
    expect(shutdown.tabIndex).toBe(0);
    shutdown.click();
    expect(onShutdownCluster.mock.calls[0][0]).toBe(
      model.clusters!.clusters[0]
    );

    panel.dispose();
    item.dispose();
    model.dispose();
  });

  it('shuts a cluster down through the server and shows the listing it answers', async () => {
    const listing = twoClusters();
    const [orphan, idle] = listing.clusters;
    const after = { ...listing, clusters: [idle] };
    serve({
      metrics: recorded('metrics'),
      'dask/clusters': listing,
      [`dask/clusters/${orphan.name}`]: after
    });
    const model = newModel();
    await firstAnswer(model);
    const changed = jest.fn();
    model.stateChanged.connect(changed);
    // When the orphaned cluster is shut down
    await model.clusterAction(orphan.name, { action: 'shutdown' });
    // Then the server got the action, and the model shows one cluster
    const [, endPoint, init] = request.mock.calls.at(-1)!;
    expect(endPoint).toBe(`dask/clusters/${orphan.name}`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ action: 'shutdown' });
    expect(model.clusters!.clusters.map(c => c.name)).toEqual([idle.name]);
    expect(changed).toHaveBeenCalled();
    model.dispose();
  });

  it('asks no more about clusters once the server says it has no gateway', async () => {
    serve({
      metrics: recorded('metrics'),
      'dask/clusters': {
        ...recorded('dask-clusters'),
        configured: false,
        clusters: [],
        timestamp: null
      }
    });
    const model = newModel();
    const item = new MeterStatusItem({ model, trans, onOpen: jest.fn() });
    await firstAnswer(model);
    await pollAgain(model);
    await render(item);
    const asked = request.mock.calls.map(call => call[1]);
    expect(asked.filter(e => e === 'dask/clusters')).toHaveLength(1);
    expect(asked.filter(e => e === 'metrics').length).toBeGreaterThan(1);
    expect(model.clusters).toBeNull();
    expect(item.node.querySelector('.jp-hackweek-MeterStatus-dask')).toBeNull();
    item.dispose();
    model.dispose();
  });
});

describe('ClusterWarningTracker', () => {
  it('announces a warning again only after it cleared', () => {
    const tracker = new ClusterWarningTracker();
    const names = (l: IDaskClustersReply) =>
      tracker.update(l).map(w => `${w.cluster.name.slice(0, 8)} ${w.warning}`);
    expect(names(twoClusters())).toEqual([
      '4afdd453 idle',
      '4afdd453 orphaned'
    ]);
    expect(names(twoClusters())).toEqual([]);
    // the orphan runs a task for a notebook that connected again: both clear ...
    const busy = twoClusters();
    busy.clusters[0].warnings = [];
    expect(names(busy)).toEqual([]);
    // ... and come back when it idles and is left again
    expect(names(twoClusters())).toEqual([
      '4afdd453 idle',
      '4afdd453 orphaned'
    ]);
    // a cluster shut down takes its warnings with it
    const stopped = twoClusters();
    stopped.clusters[0].status = 'stopping';
    expect(names(stopped)).toEqual([]);
  });
});
