import { VDomRenderer } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { downloadIcon, refreshIcon, stopIcon } from '@jupyterlab/ui-components';
import React from 'react';

import { HistoryChart } from './chart';
import { ClustersSection } from './clustersView';
import { HomeSection } from './homeView';
import { idleSeconds, idleText } from './idle';
import { formatBytes } from '../format';
import { formatPercent, formatUsage } from './format';
import { kernelLabel, kernelShortLabel, oomText } from './messages';
import { MeterModel } from './model';
import {
  IDaskCluster,
  IDisk,
  IKernelUsage,
  IMetricsReply,
  MemoryKind
} from './types';

/**
 * The resource panel: pod totals, one row per kernel (with restart and shut
 * down), the user's Dask clusters where the server has a gateway (with scale
 * and shut down), a ten-minute chart, disks, what fills the home (largest
 * folders and files, shown in the file browser) and recent out-of-memory events.
 *
 * Kernel rows carry `data-path`, `data-kernel-id` and, on the memory cell,
 * `data-bytes`.
 */
export class MeterPanel extends VDomRenderer<MeterModel> {
  constructor(options: MeterPanel.IOptions) {
    super(options.model);
    this._trans = options.trans;
    this._onRestart = options.onRestart;
    this._onShutdown = options.onShutdown;
    this._onScaleCluster = options.onScaleCluster;
    this._onShutdownCluster = options.onShutdownCluster;
    this._onOpenPath = options.onOpenPath;
    this._onExportHistory = options.onExportHistory;
    this.addClass('jp-hackweek-MeterPanel');
    this.id = 'jupyterlab-hackweek-meter';
    this.title.label = this._trans.__('Resource Usage');
    this.title.closable = true;
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const reply = this.model.reply;
    if (!reply) {
      return (
        <p className="jp-hackweek-MeterPanel-status">
          {this.model.unavailable
            ? trans.__('Server unavailable: the meter retries on its own.')
            : trans.__('Measuring…')}
        </p>
      );
    }
    return (
      <>
        {this.model.unavailable && (
          <p className="jp-hackweek-MeterPanel-status jp-mod-unavailable">
            {trans.__(
              'Server unavailable: these numbers are from the last answer.'
            )}
          </p>
        )}
        {this._summary(reply)}
        <h3>{trans.__('Kernels')}</h3>
        {this._kernels(reply.kernels)}
        {this.model.clusters && (
          <ClustersSection
            reply={this.model.clusters}
            trans={trans}
            onScale={this._onScaleCluster}
            onShutdown={this._onShutdownCluster}
          />
        )}
        <div className="jp-hackweek-MeterPanel-historyHead">
          <h3>{trans.__('History')}</h3>
          <button
            className="jp-mod-styled jp-hackweek-MeterPanel-export"
            title={trans.__(
              'Save the last ten minutes (memory, CPU, kernels) as a CSV file'
            )}
            onClick={() => this._onExportHistory()}
          >
            <downloadIcon.react tag="span" elementSize="small" />
            {trans.__('Export CSV')}
          </button>
        </div>
        <HistoryChart
          history={this.model.history}
          warning={this.model.thresholds.warning}
          memoryLimit={reply.memory.limit}
          cpuLimit={reply.cpu.limit}
          trans={trans}
        />
        <h3>{trans.__('Disks')}</h3>
        <ul className="jp-hackweek-MeterPanel-disks">
          {reply.disks.map(d => this._disk(d))}
        </ul>
        {this.model.home && (
          <HomeSection
            reply={this.model.home}
            trans={trans}
            onOpen={this._onOpenPath}
          />
        )}
        {reply.oom_events.length > 0 && (
          <>
            <h3>{trans.__('Out of memory')}</h3>
            <ul className="jp-hackweek-MeterPanel-oom">
              {reply.oom_events
                .slice()
                .reverse()
                .map(event => (
                  <li key={event.counter}>
                    <time>
                      {new Date(event.timestamp * 1000).toLocaleTimeString()}
                    </time>{' '}
                    {oomText(event, trans)}
                  </li>
                ))}
            </ul>
          </>
        )}
      </>
    );
  }

  private _summary(reply: IMetricsReply): JSX.Element {
    const trans = this._trans;
    const { used, limit } = reply.memory;
    return (
      <dl
        className={`jp-hackweek-MeterPanel-summary jp-mod-${this.model.level}`}
      >
        <dt>{trans.__('Memory')}</dt>
        <dd
          className="jp-hackweek-MeterPanel-memory"
          data-bytes={used}
          data-limit={limit}
        >
          {formatUsage(used, limit)} ({formatPercent((used / limit) * 100)})
        </dd>
        <dt>{trans.__('CPU')}</dt>
        <dd className="jp-hackweek-MeterPanel-cpu">
          {trans.__(
            '%1 of %2 cores',
            formatPercent(reply.cpu.percent),
            reply.cpu.limit
          )}
        </dd>
        <dt>{trans.__('Limits from')}</dt>
        <dd>{Private.sourceLabel(reply.memory.limit_source, trans)}</dd>
        {reply.activity?.cull_timeout && (
          <>
            <dt>{trans.__('Idle')}</dt>
            <dd
              className="jp-hackweek-MeterPanel-idle"
              data-idle-seconds={Math.round(idleSeconds(reply.activity))}
            >
              {idleText(reply.activity, trans)}
            </dd>
          </>
        )}
      </dl>
    );
  }

  private _kernels(kernels: IKernelUsage[]): JSX.Element {
    const trans = this._trans;
    if (!kernels.length) {
      return <p>{trans.__('No kernel is running.')}</p>;
    }
    return (
      <table className="jp-hackweek-MeterPanel-kernels">
        <colgroup>
          <col />
          <col className="jp-hackweek-MeterPanel-memoryColumn" />
          <col className="jp-hackweek-MeterPanel-cpuColumn" />
          <col className="jp-hackweek-MeterPanel-actionsColumn" />
        </colgroup>
        <thead>
          <tr>
            <th>{trans.__('Notebook or console')}</th>
            <th>{trans.__('Memory')}</th>
            <th>{trans.__('CPU')}</th>
            <th>
              <span className="jp-hackweek-MeterPanel-srOnly">
                {trans.__('Actions')}
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {kernels.map(kernel => {
            const label = kernelLabel(kernel, trans);
            return (
              <tr
                key={kernel.id}
                className="jp-hackweek-MeterPanel-kernel"
                data-kernel-id={kernel.id}
                data-path={kernel.path ?? ''}
              >
                <td className="jp-hackweek-MeterPanel-path" title={label}>
                  {kernelShortLabel(kernel, trans)}
                </td>
                <td
                  className="jp-hackweek-MeterPanel-kernelMemory"
                  data-bytes={kernel.memory ?? ''}
                  title={Private.memoryKindLabel(kernel.memory_kind, trans)}
                >
                  {formatBytes(kernel.memory)}
                </td>
                <td className="jp-hackweek-MeterPanel-kernelCpu">
                  {formatPercent(kernel.cpu_percent)}
                </td>
                <td className="jp-hackweek-MeterPanel-actions">
                  <button
                    className="jp-mod-styled"
                    title={trans.__(
                      'Restart %1 (its variables are lost)',
                      label
                    )}
                    aria-label={trans.__('Restart %1', label)}
                    onClick={() => this._onRestart(kernel)}
                  >
                    <refreshIcon.react tag="span" elementSize="small" />
                    <span className="jp-hackweek-MeterPanel-actionLabel">
                      {trans.__('Restart')}
                    </span>
                  </button>
                  <button
                    className="jp-mod-styled jp-mod-warn"
                    title={trans.__('Shut down %1 and free its memory', label)}
                    aria-label={trans.__('Shut down %1', label)}
                    onClick={() => this._onShutdown(kernel)}
                  >
                    <stopIcon.react tag="span" elementSize="small" />
                    <span className="jp-hackweek-MeterPanel-actionLabel">
                      {trans.__('Shut down')}
                    </span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }

  private _disk(disk: IDisk): JSX.Element {
    const trans = this._trans;
    const name =
      disk.name === 'home' ? trans.__('Home') : trans.__('Shared data');
    const size =
      disk.total === null
        ? trans.__(
            '%1 used; size unknown (network volume)',
            formatBytes(disk.used)
          )
        : trans.__(
            '%1 used of %2 (%3 free)',
            formatBytes(disk.used),
            formatBytes(disk.total),
            formatBytes(disk.free)
          );
    return (
      <li
        key={disk.name}
        data-disk={disk.name}
        data-bytes={disk.used ?? ''}
        title={disk.path}
      >
        <strong>{name}</strong> {size}
      </li>
    );
  }

  private _trans: TranslationBundle;
  private _onRestart: (kernel: IKernelUsage) => void;
  private _onShutdown: (kernel: IKernelUsage) => void;
  private _onScaleCluster: (cluster: IDaskCluster) => void;
  private _onShutdownCluster: (cluster: IDaskCluster) => void;
  private _onOpenPath: (labPath: string) => void;
  private _onExportHistory: () => void;
}

/**
 * A namespace for MeterPanel statics.
 */
export namespace MeterPanel {
  /**
   * The options of a MeterPanel.
   */
  export interface IOptions {
    model: MeterModel;
    trans: TranslationBundle;
    onRestart: (kernel: IKernelUsage) => void;
    onShutdown: (kernel: IKernelUsage) => void;
    onScaleCluster: (cluster: IDaskCluster) => void;
    onShutdownCluster: (cluster: IDaskCluster) => void;
    /** Show a folder or file of the home in the file browser. */
    onOpenPath: (labPath: string) => void;
    /** Save the history as a CSV file. */
    onExportHistory: () => void;
  }
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * How a kernel's memory was counted, for its tooltip.
   */
  export function memoryKindLabel(
    kind: MemoryKind | null,
    trans: TranslationBundle
  ): string {
    switch (kind) {
      case 'anon':
        return trans.__(
          'The kernel’s own data in memory (anonymous resident memory, RssAnon): about what shutting it down frees; the libraries and files it maps are not counted'
        );
      case 'pss':
        return trans.__(
          'Memory of the kernel and its child processes, shared pages counted once'
        );
      case 'rss':
        return trans.__(
          'Resident memory, including pages shared with other processes'
        );
      default:
        return '';
    }
  }

  /**
   * Where the memory limit comes from, for people.
   */
  export function sourceLabel(
    source: string,
    trans: TranslationBundle
  ): string {
    switch (source) {
      case 'cgroup':
        return trans.__('your server’s container');
      case 'config':
        return trans.__('the hub’s settings');
      default:
        return trans.__('the whole machine (no limit set)');
    }
  }
}
