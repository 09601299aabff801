import { VDomModel } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { APIRequest, bindRequestAPI } from '../request';
import { AlertTracker } from './alerts';
import { ClusterWarningTracker, IClusterWarning } from './clusters';
import { IHistoryPoint, RingBuffer } from './history';
import {
  historyCsv,
  historyKey,
  HistoryStore,
  IKeyValueStore
} from './historyStore';
import { IQuotaAlert, QuotaTracker } from './home';
import { CullWarningTracker } from './idle';
import { IThresholds, Level } from './level';
import {
  IDaskClustersReply,
  IHomeReply,
  IMetricsReply,
  IOomEvent
} from './types';

/**
 * How far back the history chart reaches, in milliseconds.
 */
export const HISTORY_WINDOW_MS = 10 * 60 * 1000;

/**
 * The one shared model of `GET hackweek/api/metrics`: polls while the page is
 * visible (backing off when the server does not answer), keeps ten minutes of
 * history and signals threshold crossings and OOM events.
 *
 * The same poll asks `GET hackweek/api/dask/clusters` for the user's Dask
 * Gateway clusters, unless the server's first answer said it has no gateway,
 * and signals each cluster warning (idle, orphaned) once; and
 * `GET hackweek/api/metrics/home` (what fills the home, from the server's
 * background scan), signalling each quota level reached (80%, 95%) once.
 */
export class MeterModel extends VDomModel {
  constructor(options: MeterModel.IOptions) {
    super();
    this._request = bindRequestAPI(options.serverSettings, options.trans);
    this._thresholds = options.thresholds;
    this._history = new RingBuffer(Private.capacity(options.refreshRate));
    this._store = new HistoryStore(
      options.storage ?? null,
      historyKey(options.serverSettings.baseUrl),
      HISTORY_WINDOW_MS
    );
    this._history.prepend(this._store.load(Date.now()));
    this._poll = new Poll({
      auto: true,
      factory: () => this._tick(),
      frequency: Private.frequency(options.refreshRate),
      name: 'jupyterlab-hackweek:meter',
      standby: 'when-hidden'
    });
  }

  /**
   * The latest reply, or `null` before the first one.
   */
  get reply(): IMetricsReply | null {
    return this._reply;
  }

  /**
   * Whether the last poll failed (server stopped, restarting or unreachable).
   */
  get unavailable(): boolean {
    return this._unavailable;
  }

  /**
   * The latest cluster listing; `null` before the first one and on a server without a gateway.
   */
  get clusters(): IDaskClustersReply | null {
    return this._clusters;
  }

  /**
   * What fills the home and the writable shared roots; `null` before the first answer.
   */
  get home(): IHomeReply | null {
    return this._home;
  }

  /**
   * The level of memory use against the limit.
   */
  get level(): Level {
    return this._alerts.level;
  }

  /**
   * The samples of the last ten minutes, oldest first.
   */
  get history(): IHistoryPoint[] {
    return this._history.toArray();
  }

  /**
   * The history as CSV (one row per sample: time, memory, CPU, kernels).
   */
  historyCsv(): string {
    return historyCsv(this._history.toArray());
  }

  /**
   * The warning and critical fractions of the limit.
   */
  get thresholds(): IThresholds {
    return this._thresholds;
  }
  set thresholds(thresholds: IThresholds) {
    if (
      thresholds.warning === this._thresholds.warning &&
      thresholds.critical === this._thresholds.critical
    ) {
      return;
    }
    this._thresholds = thresholds;
    this._alerts.rethreshold(this._reply, thresholds);
    this.stateChanged.emit();
  }

  /**
   * Change the polling interval (milliseconds).
   */
  set refreshRate(refreshRate: number) {
    this._poll.frequency = Private.frequency(refreshRate);
    this._history.resize(Private.capacity(refreshRate));
  }

  /**
   * Emitted with the level reached when memory rises past a threshold (once per crossing).
   */
  get thresholdCrossed(): ISignal<this, Level> {
    return this._thresholdCrossed;
  }

  /**
   * Emitted with the OOM events that happened since this page loaded.
   */
  get oomEvents(): ISignal<this, IOomEvent[]> {
    return this._oomEvents;
  }

  /**
   * Emitted with the cluster warnings not announced yet.
   */
  get clusterWarnings(): ISignal<this, IClusterWarning[]> {
    return this._clusterWarnings;
  }

  /**
   * Emitted with `'warn'` when the server has been idle to within ten minutes
   * of the hub's culler (once per idle stretch), with `'clear'` when activity
   * has taken it out of that window again.
   */
  get cullWarning(): ISignal<this, 'warn' | 'clear'> {
    return this._cullWarning;
  }

  /**
   * "Keep my server": tell the server the user is here (`POST activity`,
   * counted as activity), then poll so the idle clock shows it.
   */
  async keepAlive(): Promise<void> {
    await this._request('activity', { method: 'POST', body: '{}' });
    await this.refresh();
  }

  /**
   * Emitted with each quota level (80%, 95%) a scanned root has just reached.
   */
  get quotaAlerts(): ISignal<this, IQuotaAlert[]> {
    return this._quotaAlerts;
  }

  /**
   * Shut a cluster down (`{action: 'shutdown'}`) or scale it
   * (`{action: 'scale', workers}`); the reply, a fresh listing, is applied and
   * returned. Errors are `HackweekAPIError`s with the server's message.
   */
  async clusterAction(
    name: string,
    action: { action: 'shutdown' } | { action: 'scale'; workers: number }
  ): Promise<IDaskClustersReply> {
    const reply = await this._request<IDaskClustersReply>(
      `dask/clusters/${encodeURIComponent(name)}`,
      { method: 'POST', body: JSON.stringify(action) }
    );
    if (!this.isDisposed) {
      this._applyClusters(reply);
      this.stateChanged.emit();
    }
    return reply;
  }

  /**
   * Poll now (e.g. after restarting a kernel).
   */
  refresh(): Promise<void> {
    return this._poll.refresh();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  private async _tick(): Promise<void> {
    let reply: IMetricsReply;
    let clusters: IDaskClustersReply | null = null;
    let home: IHomeReply;
    try {
      [reply, clusters, home] = await Promise.all([
        this._request<IMetricsReply>('metrics'),
        this._gateway === false
          ? null
          : this._request<IDaskClustersReply>('dask/clusters'),
        this._request<IHomeReply>('metrics/home')
      ]);
    } catch (error) {
      if (!this._unavailable) {
        this._unavailable = true;
        this.stateChanged.emit();
      }
      throw error; // the poll backs off
    }
    if (this.isDisposed) {
      return;
    }
    if (clusters) {
      this._applyClusters(clusters);
    }
    this._home = home;
    const quotaAlerts = this._quotaTracker.update(home);
    this._apply(reply);
    if (quotaAlerts.length) {
      this._quotaAlerts.emit(quotaAlerts);
    }
    const cull = this._cullTracker.update(reply.activity);
    if (cull) {
      this._cullWarning.emit(cull);
    }
  }

  private _applyClusters(clusters: IDaskClustersReply): void {
    this._gateway = clusters.configured;
    this._clusters = clusters.configured ? clusters : null;
    const warnings = this._clusterTracker.update(clusters);
    if (warnings.length) {
      this._clusterWarnings.emit(warnings);
    }
  }

  private _apply(reply: IMetricsReply): void {
    const { used, limit } = reply.memory;
    const alerts = this._alerts.update(reply, this._thresholds);
    this._reply = reply;
    this._unavailable = false;
    this._history.push({
      time: reply.timestamp * 1000,
      memory: limit > 0 ? used / limit : 0,
      cpu: reply.cpu.percent === null ? null : reply.cpu.percent / 100,
      memoryUsed: used,
      memoryLimit: limit,
      cpuLimit: reply.cpu.limit,
      kernels: reply.kernels.length
    });
    this._store.save(this._history.toArray());
    this.stateChanged.emit();
    if (alerts.crossed) {
      this._thresholdCrossed.emit(alerts.crossed);
    }
    if (alerts.oomEvents.length) {
      this._oomEvents.emit(alerts.oomEvents);
    }
  }

  private _request: APIRequest;
  private _thresholds: IThresholds;
  private _history: RingBuffer<IHistoryPoint>;
  private _store: HistoryStore;
  private _poll: Poll;
  private _reply: IMetricsReply | null = null;
  private _unavailable = false;
  private _alerts = new AlertTracker();
  private _thresholdCrossed = new Signal<this, Level>(this);
  private _oomEvents = new Signal<this, IOomEvent[]>(this);
  /** Whether the server has a gateway: unknown (`null`) until it first answers. */
  private _gateway: boolean | null = null;
  private _clusters: IDaskClustersReply | null = null;
  private _clusterTracker = new ClusterWarningTracker();
  private _clusterWarnings = new Signal<this, IClusterWarning[]>(this);
  private _home: IHomeReply | null = null;
  private _quotaTracker = new QuotaTracker();
  private _quotaAlerts = new Signal<this, IQuotaAlert[]>(this);
  private _cullTracker = new CullWarningTracker();
  private _cullWarning = new Signal<this, 'warn' | 'clear'>(this);
}

/**
 * A namespace for MeterModel statics.
 */
export namespace MeterModel {
  /**
   * The options of a MeterModel.
   */
  export interface IOptions {
    serverSettings: ServerConnection.ISettings;
    /** The `jupyterlab_hackweek` translation bundle; English without one. */
    trans?: TranslationBundle;
    /** Milliseconds between polls while the page is visible. */
    refreshRate: number;
    thresholds: IThresholds;
    /**
     * Where the history is kept across reloads (the browser's `localStorage`),
     * per server; `null` or absent: in this page only.
     */
    storage?: IKeyValueStore | null;
  }
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The poll's frequency: back off up to a minute while the server does not answer.
   */
  export function frequency(refreshRate: number) {
    const interval = Math.max(refreshRate, 1000);
    return { interval, backoff: true, max: Math.max(60 * 1000, interval) };
  }

  /**
   * How many samples fill the history window at this refresh rate.
   */
  export function capacity(refreshRate: number): number {
    return Math.ceil(HISTORY_WINDOW_MS / Math.max(refreshRate, 1000)) + 1;
  }
}
