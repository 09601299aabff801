import { VDomRenderer } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { formatBytes } from '../format';
import { activeClusters } from './clusters';
import { formatPercent, formatUsage } from './format';
import { MeterModel } from './model';

/**
 * The status bar item: "Mem 1.07 / 4.29 GB", a bar coloured by level, and CPU %.
 *
 * The root carries `data-bytes` (memory in use) and `data-limit` for tests and
 * assistive tools; a click opens the resource panel.
 */
export class MeterStatusItem extends VDomRenderer<MeterModel> {
  constructor(options: MeterStatusItem.IOptions) {
    super(options.model);
    this._trans = options.trans;
    this._onOpen = options.onOpen;
    this.addClass('jp-hackweek-MeterStatus');
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const model = this.model;
    const reply = model.reply;
    if (model.unavailable || !reply) {
      return (
        <div
          className={`jp-hackweek-MeterStatus-content${model.unavailable ? ' jp-mod-unavailable' : ''}`}
          title={
            model.unavailable
              ? trans.__(
                  'The resource meter cannot reach your server; it retries on its own.'
                )
              : trans.__('Measuring memory and CPU…')
          }
          {...this._buttonProps()}
        >
          {model.unavailable
            ? trans.__('Mem: server unavailable')
            : trans.__('Mem …')}
        </div>
      );
    }
    const { used, limit } = reply.memory;
    const percent = Math.min((used / limit) * 100, 100);
    const title = trans.__(
      'Memory %1 of %2 (%3); CPU %4 of %5 cores. Click for details per kernel.',
      formatBytes(used),
      formatBytes(limit),
      formatPercent((used / limit) * 100),
      formatPercent(reply.cpu.percent),
      reply.cpu.limit
    );
    return (
      <div
        className={`jp-hackweek-MeterStatus-content jp-mod-${model.level}`}
        title={title}
        data-bytes={used}
        data-limit={limit}
        data-level={model.level}
        {...this._buttonProps()}
      >
        <span className="jp-hackweek-MeterStatus-memory">
          {trans.__('Mem %1', formatUsage(used, limit))}
        </span>
        <span className="jp-hackweek-MeterStatus-bar" aria-hidden="true">
          <span
            className="jp-hackweek-MeterStatus-barFill"
            style={{ width: `${percent}%` }}
          />
        </span>
        <span className="jp-hackweek-MeterStatus-cpu">
          {trans.__('CPU %1', formatPercent(reply.cpu.percent))}
        </span>
        {this._clusters()}
      </div>
    );
  }

  /**
   * "Dask 2" while clusters run (amber when one has a warning), else nothing.
   */
  private _clusters(): JSX.Element | null {
    const trans = this._trans;
    const clusters = activeClusters(this.model.clusters);
    if (!clusters.length) {
      return null;
    }
    const warned = clusters.some(cluster => cluster.warnings.length > 0);
    return (
      <span
        className={`jp-hackweek-MeterStatus-dask${warned ? ' jp-mod-warning' : ''}`}
        data-clusters={clusters.length}
        title={trans._n(
          '%1 Dask cluster runs for you (%2 cores).',
          '%1 Dask clusters run for you (%2 cores).',
          clusters.length,
          clusters.reduce((sum, cluster) => sum + cluster.cores, 0)
        )}
      >
        {trans.__('Dask %1', clusters.length)}
      </span>
    );
  }

  /**
   * Click or Enter/Space opens the panel.
   */
  private _buttonProps() {
    return {
      role: 'button',
      tabIndex: 0,
      onClick: this._onOpen,
      onKeyDown: (event: React.KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this._onOpen();
        }
      }
    };
  }

  private _trans: TranslationBundle;
  private _onOpen: () => void;
}

/**
 * A namespace for MeterStatusItem statics.
 */
export namespace MeterStatusItem {
  /**
   * The options of a MeterStatusItem.
   */
  export interface IOptions {
    model: MeterModel;
    trans: TranslationBundle;
    /** Called when the item is clicked: open the resource panel. */
    onOpen: () => void;
  }
}
