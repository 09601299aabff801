import { VDomModel } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { APIRequest, HackweekAPIError, bindRequestAPI } from '../request';
import { anyActive, needsLogin } from './format';
import { IDownloadGranule, IDownloads, IOrderRequest } from './tokens';
import {
  ICapabilitiesReply,
  IClearedReply,
  IDownloadReply,
  IDownloadsListReply,
  ILoginStatus
} from './types';

/**
 * The downloads of this server and the Earthdata login status.
 *
 * Downloads run on the server (they go on when the tab closes); this model polls
 * their progress only while one is active and the page is visible.
 */
export class DownloadsModel extends VDomModel implements IDownloads {
  constructor(options: DownloadsModel.IOptions) {
    super();
    this._request = bindRequestAPI(options.serverSettings, options.trans);
    this._askLogin = options.askLogin ?? null;
    this._poll = new Poll({
      auto: false,
      factory: () => this._tick(),
      frequency: {
        interval: options.interval ?? 1000,
        backoff: true,
        max: 30 * 1000
      },
      name: 'jupyterlab-hackweek:downloads',
      standby: 'when-hidden'
    });
  }

  /**
   * The downloads the server knows, oldest first.
   */
  get downloads(): readonly IDownloadReply[] {
    return this._downloads;
  }

  /**
   * The Earthdata login status, or null before it is known.
   */
  get login(): ILoginStatus | null {
    return this._login;
  }

  /**
   * Why the last request failed (the server's words), or null.
   */
  get error(): string | null {
    return this._error;
  }

  /**
   * Whether the model is polling (something is active).
   */
  get polling(): boolean {
    return this._poll.state.phase !== 'stopped';
  }

  /**
   * Milliseconds between two progress requests while a download is active.
   */
  set interval(interval: number) {
    this._poll.frequency = {
      ...this._poll.frequency,
      interval: Math.max(interval, 500)
    };
  }

  /**
   * Emitted whenever the downloads or the login status change.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted when a download needs an Earthdata login (none configured, or refused).
   */
  get loginNeeded(): ISignal<this, void> {
    return this._loginNeeded;
  }

  /**
   * Load the list and the login status; poll if something is active.
   */
  async refresh(): Promise<void> {
    await Promise.all([this._tick(), this.checkLogin()]);
  }

  /**
   * Ask the server whether an Earthdata credential is configured.
   */
  async checkLogin(): Promise<ILoginStatus> {
    const status = await this._request<ILoginStatus>('downloads/login');
    this._setLogin(status);
    return status;
  }

  /**
   * Store an Earthdata user name and password on the server (in `~/.netrc`).
   * The server then restarts the files that stopped for want of a login, so
   * their progress is followed again.
   */
  async saveLogin(username: string, password: string): Promise<ILoginStatus> {
    const status = await this._request<ILoginStatus>('downloads/login', {
      method: 'POST',
      body: JSON.stringify({ username, password })
    });
    this._setLogin(status);
    void this._poll.start(); // one look; it goes on only while something is active
    return status;
  }

  /**
   * Queue granules for download into `~/data/<shortName>/<version>/`. With no
   * Earthdata login saved, the login is asked for first (`askLogin`): null,
   * and nothing queued, when the user cancels it.
   */
  async start(
    granules: IDownloadGranule[],
    shortName: string,
    version: string,
    destination?: string
  ): Promise<IDownloadReply | null> {
    if (this._askLogin) {
      const login = this._login ?? (await this.checkLogin());
      if (!login.configured && !(await this._askLogin())) {
        return null;
      }
    }
    const body: Record<string, unknown> = {
      granules,
      short_name: shortName,
      version
    };
    if (destination) {
      body.destination = destination;
    }
    const reply = await this._request<IDownloadReply>('downloads', {
      method: 'POST',
      body: JSON.stringify(body)
    });
    this._put(reply);
    this._startedHere.add(reply.id);
    void this._poll.start();
    return reply;
  }

  /**
   * Order subsets from Harmony: `POST downloads/orders`. A refusal for want of
   * an Earthdata login opens the login dialog (the order can then be sent again).
   */
  async order(request: IOrderRequest): Promise<IDownloadReply> {
    let reply: IDownloadReply;
    try {
      reply = await this._request<IDownloadReply>('downloads/orders', {
        method: 'POST',
        body: JSON.stringify(request)
      });
    } catch (error) {
      if (
        error instanceof HackweekAPIError &&
        error.reply?.error_kind === 'login'
      ) {
        this._loginNeeded.emit();
      }
      throw error;
    }
    this._put(reply);
    this._startedHere.add(reply.id);
    void this._poll.start();
    return reply;
  }

  /**
   * What Harmony can cut a collection to (the server keeps the answer a while).
   */
  capabilities(collectionId: string): Promise<ICapabilitiesReply> {
    return this._request<ICapabilitiesReply>(
      `downloads/capabilities?collection_id=${encodeURIComponent(collectionId)}`
    );
  }

  /**
   * Pause or resume an order's Harmony job: `POST downloads/<id>`
   * `{"action": "pause" | "resume"}`, answered with the order.
   */
  async pause(id: string, pause = true): Promise<void> {
    const reply = await this._request<IDownloadReply>(
      `downloads/${encodeURIComponent(id)}`,
      {
        method: 'POST',
        body: JSON.stringify({ action: pause ? 'pause' : 'resume' })
      }
    );
    this._put(reply);
    void this._poll.start();
  }

  /**
   * Cancel the unfinished files of a download (their partial files are
   * deleted): `POST downloads/<id>` `{"action": "cancel"}`, which always
   * answers the whole download. One that finished since the last poll comes
   * back unchanged, and stays listed as it is.
   */
  async cancel(id: string): Promise<void> {
    const reply = await this._request<IDownloadReply>(
      `downloads/${encodeURIComponent(id)}`,
      { method: 'POST', body: JSON.stringify({ action: 'cancel' }) }
    );
    this._put(reply);
  }

  /**
   * Retry the failed and cancelled files of a download.
   */
  async retry(id: string): Promise<void> {
    const reply = await this._request<IDownloadReply>(
      `downloads/${encodeURIComponent(id)}`,
      { method: 'POST', body: JSON.stringify({ action: 'retry' }) }
    );
    this._put(reply);
    void this._poll.start();
  }

  /**
   * Remove a download from the list (its files stay on disk):
   * `DELETE downloads/<id>`, which always answers `{id, cleared: true}` (the
   * server cancels the download first if it is still active).
   */
  async clear(id: string): Promise<void> {
    await this._request<IClearedReply>(`downloads/${encodeURIComponent(id)}`, {
      method: 'DELETE'
    });
    this._downloads = this._downloads.filter(d => d.id !== id);
    this._emit();
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
    try {
      const reply = await this._request<IDownloadsListReply>('downloads');
      this._error = null;
      // Only downloads started from this page open the login dialog: one left
      // waiting from an earlier visit shows its "Log in" button in the panel.
      const startedHere = (list: readonly IDownloadReply[]) =>
        list.filter(d => this._startedHere.has(d.id));
      const hadLoginFailure = needsLogin(startedHere(this._downloads));
      this._downloads = reply.downloads;
      this._emit();
      if (!hadLoginFailure && needsLogin(startedHere(this._downloads))) {
        this._loginNeeded.emit();
      }
    } catch (error) {
      this._error = (error as Error).message;
      this._emit();
      throw error; // Poll backs off
    }
    if (anyActive(this._downloads)) {
      void this._poll.start();
    } else if (this.polling) {
      // Stop after this tick has settled.
      void Promise.resolve().then(() => this._poll.stop());
    }
  }

  private _put(reply: IDownloadReply): void {
    const index = this._downloads.findIndex(d => d.id === reply.id);
    this._downloads =
      index < 0
        ? [...this._downloads, reply]
        : this._downloads.map(d => (d.id === reply.id ? reply : d));
    this._emit();
  }

  private _setLogin(status: ILoginStatus): void {
    this._login = status;
    this._emit();
  }

  private _emit(): void {
    this.stateChanged.emit();
    this._changed.emit();
  }

  private _request: APIRequest;
  private _askLogin: (() => Promise<boolean>) | null;
  private _poll: Poll;
  private _downloads: IDownloadReply[] = [];
  private _login: ILoginStatus | null = null;
  private _error: string | null = null;
  private _changed = new Signal<this, void>(this);
  private _loginNeeded = new Signal<this, void>(this);
  private _startedHere = new Set<string>();
}

/**
 * The statics of `DownloadsModel`.
 */
export namespace DownloadsModel {
  /**
   * Options of the model.
   */
  export interface IOptions {
    serverSettings: ServerConnection.ISettings;
    /** The `jupyterlab_hackweek` translation bundle; English without one. */
    trans?: TranslationBundle;
    /**
     * Milliseconds between two progress requests while a download is active.
     */
    interval?: number;
    /**
     * Ask the user for an Earthdata login (the login dialog); whether one was
     * saved. `start` asks first when none is saved.
     */
    askLogin?: () => Promise<boolean>;
  }
}
