import { VDomRenderer } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { formatBytes } from '../format';
import {
  formatDuration,
  formatSpeed,
  fraction,
  jobLabel,
  safeLink,
  stateLabel,
  summary,
  totals
} from './format';
import type { IPublishFiles } from '../shared/tokens';
import { DownloadsModel } from './model';
import { orderPublication } from './publish';
import { IDownloadReply, IFileReply, IOrderReply } from './types';

/**
 * What the panel's buttons do (wired by the plugin to the model and dialogs).
 */
export interface IDownloadsActions {
  cancel(id: string): void;
  retry(id: string): void;
  pause(id: string, pause: boolean): void;
  clear(id: string): void;
  login(): void;
  openFolder(download: IDownloadReply): void;
  /**
   * Whether a saved file of this name opens in the data viewer (false
   * without the viewer).
   */
  viewable(name: string): boolean;
  /**
   * Open a saved file (its path from the file browser's root) in the data
   * viewer.
   */
  view(path: string): void;
  /**
   * Publish a finished order's files on the shared volume (organizers only:
   * see `DownloadsPanel.publishable`).
   */
  publish(files: IPublishFiles): void;
}

/**
 * The "Downloads" side panel: every download with per-file and total progress,
 * speed, time left, cancel/retry buttons and errors in plain words.
 */
export class DownloadsPanel extends VDomRenderer<DownloadsModel> {
  constructor(options: DownloadsPanel.IOptions) {
    super(options.model);
    this._trans = options.trans;
    this._actions = options.actions;
    this.addClass('jp-hackweek-Downloads');
  }

  /**
   * Whether finished orders offer "Publish…" (the user may publish into a
   * writable shared folder).
   */
  get publishable(): boolean {
    return this._publishable;
  }
  set publishable(value: boolean) {
    if (value !== this._publishable) {
      this._publishable = value;
      this.update();
    }
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const { downloads, login, error } = this.model;
    const sum = totals(downloads);
    return (
      <>
        <div className="jp-hackweek-Downloads-header">
          <h2 className="jp-hackweek-Downloads-title">
            {trans.__('Downloads')}
          </h2>
          {login && (
            <button
              className="jp-mod-styled jp-hackweek-Downloads-login"
              onClick={() => this._actions.login()}
              title={
                login.configured
                  ? trans.__('Change the Earthdata login used for downloads')
                  : trans.__('Log in to Earthdata to download NSIDC data')
              }
            >
              {login.configured
                ? trans.__('Earthdata: %1', login.username ?? trans.__('token'))
                : trans.__('Log in to Earthdata')}
            </button>
          )}
        </div>
        {error && (
          <div className="jp-hackweek-Downloads-error" role="alert">
            {trans.__('The Jupyter server is not answering: %1', error)}
          </div>
        )}
        {sum.done > 0 && sum.total !== null && (
          <Progress
            label={trans.__('All active downloads')}
            value={fraction(sum.done, sum.total)}
            text={this._figures(sum.done, sum.total, sum.speed, sum.eta)}
          />
        )}
        {downloads.length === 0 ? (
          <p className="jp-hackweek-Downloads-empty">
            {trans.__(
              'No downloads yet. Choose granules in the data search and press Download or Order a subset; files are saved under ~/data and keep downloading when this tab is closed.'
            )}
          </p>
        ) : (
          <ul className="jp-hackweek-Downloads-list">
            {[...downloads].reverse().map(d => this._download(d))}
          </ul>
        )}
      </>
    );
  }

  private _figures(
    done: number,
    total: number | null,
    speed: number,
    eta: number | null
  ): string {
    const trans = this._trans;
    const parts = [trans.__('%1 of %2', formatBytes(done), formatBytes(total))];
    const rate = formatSpeed(speed);
    if (rate) {
      parts.push(rate);
    }
    const left = formatDuration(eta, trans);
    if (left) {
      parts.push(trans.__('%1 left', left));
    }
    return parts.join(' · ');
  }

  private _download(d: IDownloadReply): JSX.Element {
    const trans = this._trans;
    const actions = this._actions;
    const order = d.order;
    const canRetry =
      d.counts.failed + d.counts.cancelled > 0 || Boolean(order?.error);
    const running = d.state === 'active' || d.state === 'paused';
    const publication = this._publishable ? orderPublication(d, trans) : null;
    return (
      <li key={d.id} className={`jp-hackweek-Downloads-item jp-mod-${d.state}`}>
        <div className="jp-hackweek-Downloads-itemHeader">
          <span className="jp-hackweek-Downloads-product">
            {order
              ? trans.__('%1 v%2 subsets', d.short_name, d.version)
              : trans.__('%1 v%2', d.short_name, d.version)}
          </span>
          <button
            className="jp-hackweek-Downloads-folder"
            title={trans.__('Show the folder in the file browser')}
            disabled={d.browser_path === null}
            onClick={() => actions.openFolder(d)}
          >
            {d.folder}
          </button>
        </div>
        {order && this._order(d.id, order)}
        <Progress
          label={trans.__('%1 v%2', d.short_name, d.version)}
          value={fraction(d.bytes_done, d.bytes_total)}
          text={`${summary(d, trans)} · ${this._figures(d.bytes_done, d.bytes_total, d.speed, d.eta_seconds)}`}
        />
        <div className="jp-hackweek-Downloads-buttons">
          {order &&
            (order.status === 'running' ||
              order.status === 'running_with_errors') && (
              <button
                className="jp-mod-styled"
                onClick={() => actions.pause(d.id, true)}
              >
                {trans.__('Pause')}
              </button>
            )}
          {order?.status === 'paused' && (
            <button
              className="jp-mod-styled jp-mod-accept"
              onClick={() => actions.pause(d.id, false)}
            >
              {trans.__('Resume')}
            </button>
          )}
          {running && (
            <button
              className="jp-mod-styled"
              onClick={() => actions.cancel(d.id)}
            >
              {trans.__('Cancel')}
            </button>
          )}
          {d.state !== 'active' && canRetry && (
            <button
              className="jp-mod-styled jp-mod-accept"
              onClick={() => actions.retry(d.id)}
            >
              {trans.__('Retry')}
            </button>
          )}
          {publication && (
            <button
              className="jp-mod-styled"
              title={trans.__(
                'Publish these files and a description of the order on the shared volume, for everyone'
              )}
              onClick={() => actions.publish(publication)}
            >
              {trans.__('Publish…')}
            </button>
          )}
          {!running && (
            <button
              className="jp-mod-styled"
              onClick={() => actions.clear(d.id)}
            >
              {trans.__('Clear from list')}
            </button>
          )}
        </div>
        <details open={d.state !== 'done'}>
          <summary>{trans._n('%1 file', '%1 files', d.files.length)}</summary>
          <ul className="jp-hackweek-Downloads-files">
            {d.files.map((f, index) => this._file(d, f, index))}
          </ul>
        </details>
      </li>
    );
  }

  /**
   * An order's Harmony job: its state and progress, Harmony's message and the
   * granules it could not cut, and why the server stopped asking (a login).
   */
  private _order(id: string, order: IOrderReply): JSX.Element {
    const trans = this._trans;
    const problems = [...order.errors, ...order.warnings];
    const link = safeLink(order);
    return (
      <div
        className={`jp-hackweek-Downloads-order jp-mod-${order.status.replace(/_/g, '-')}`}
      >
        <Progress
          label={trans.__('Harmony job')}
          value={order.progress / 100}
          text={jobLabel(order, trans)}
        />
        {order.message && (
          <div className="jp-hackweek-Downloads-orderMessage">
            {order.message}
          </div>
        )}
        {problems.length > 0 && (
          <details className="jp-hackweek-Downloads-orderProblems">
            <summary>
              {trans._n(
                '%1 granule could not be cut',
                '%1 granules could not be cut',
                problems.length
              )}
            </summary>
            <ul>
              {problems.map((problem, index) => (
                <li key={index}>{problem}</li>
              ))}
            </ul>
          </details>
        )}
        {order.error && this._problem(order.error, order.error_kind, link)}
      </div>
    );
  }

  private _file(d: IDownloadReply, f: IFileReply, index: number): JSX.Element {
    const trans = this._trans;
    const link = safeLink(f);
    const showError =
      f.error && (f.state === 'failed' || f.state === 'waiting');
    const viewable =
      (f.state === 'done' || f.state === 'present') &&
      d.browser_path !== null &&
      this._actions.viewable(f.name);
    return (
      <li
        key={index} // names may repeat (two copies of a granule) and change when saved
        className={`jp-hackweek-Downloads-file jp-mod-${f.state}`}
      >
        <div className="jp-hackweek-Downloads-fileHeader">
          <span className="jp-hackweek-Downloads-fileName" title={f.granule}>
            {f.name}
          </span>
          <span className="jp-hackweek-Downloads-fileState">
            {stateLabel(f.state, trans, f.retry_in)}
          </span>
          {viewable && (
            <button
              className="jp-hackweek-Downloads-view"
              title={trans.__('Open %1 in the data viewer', f.name)}
              onClick={() => this._actions.view(`${d.browser_path}/${f.name}`)}
            >
              {trans.__('View')}
            </button>
          )}
        </div>
        {(f.state === 'active' || f.state === 'waiting') && (
          <Progress
            label={f.name}
            value={fraction(f.bytes_done, f.size_bytes)}
            text={this._figures(
              f.bytes_done,
              f.size_bytes,
              f.speed,
              f.eta_seconds
            )}
          />
        )}
        {showError && this._problem(f.error, f.error_kind, link)}
      </li>
    );
  }

  /**
   * Why an order or a file stopped, in plain words, with what to do: log in
   * (a login is needed), or open the page that explains it.
   */
  private _problem(
    message: string | null,
    kind: string | null,
    link: string | null
  ): JSX.Element {
    return (
      <div className="jp-hackweek-Downloads-fileError">
        {message}{' '}
        {kind === 'login' ? (
          <button
            className="jp-mod-styled"
            onClick={() => this._actions.login()}
          >
            {this._trans.__('Log in')}
          </button>
        ) : (
          link && (
            <a href={link} target="_blank" rel="noopener noreferrer">
              {this._trans.__('Open the page')}
            </a>
          )
        )}
      </div>
    );
  }

  private _trans: TranslationBundle;
  private _actions: IDownloadsActions;
  private _publishable = false;
}

/**
 * The statics of `DownloadsPanel`.
 */
export namespace DownloadsPanel {
  /**
   * Options of the panel.
   */
  export interface IOptions {
    model: DownloadsModel;
    trans: TranslationBundle;
    actions: IDownloadsActions;
  }
}

/**
 * A progress bar with its figures; indeterminate when the total is unknown.
 */
function Progress(props: {
  label: string;
  value: number | null;
  text: string;
}): JSX.Element {
  return (
    <div className="jp-hackweek-Downloads-progress">
      <progress
        className="jp-hackweek-Downloads-bar"
        aria-label={props.label}
        max={1}
        value={props.value ?? undefined}
      />
      <span className="jp-hackweek-Downloads-figures">{props.text}</span>
    </div>
  );
}
