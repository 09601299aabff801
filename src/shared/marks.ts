/**
 * Marks of a results list: which granules are already on the shared volume or
 * among the user's downloads (`POST shared/find`), kept as pages arrive.
 */

import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';

import { APIRequest, bindRequestAPI } from '../request';
import type { IGranuleMarks, IGranuleQuery } from './tokens';
import type { IFindReply, IGranulePlace } from './types';

/**
 * Most granules one request asks about (the server's `MAX_GRANULES`).
 */
export const MAX_PER_REQUEST = 10_000;

/**
 * Milliseconds between questions while the server builds its first index.
 */
export const BUILDING_INTERVAL = 1000;

/**
 * The marks of one results list (see `IGranuleMarks`).
 */
export class GranuleMarks implements IGranuleMarks {
  constructor(options: GranuleMarks.IOptions) {
    this._request = bindRequestAPI(options.serverSettings, options.trans);
    this._poll = new Poll({
      auto: false,
      factory: () => this._askAgain(),
      frequency: { interval: BUILDING_INTERVAL, backoff: false },
      standby: 'never'
    });
  }

  get building(): boolean {
    return this._building;
  }

  get changed(): Signal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  places(name: string): readonly IGranulePlace[] | undefined {
    return this._places.get(name);
  }

  mark(granules: readonly IGranuleQuery[]): void {
    const asked = this._asked;
    if (
      granules.length < asked.size ||
      (asked.size > 0 && granules.length > 0 && !asked.has(granules[0].name))
    ) {
      // A new search: forget the last one's marks, ask about everything
      asked.clear();
      this._places.clear();
      this._generation++;
      this._changed.emit();
    }
    const fresh = granules.filter(g => !asked.has(g.name));
    for (const granule of fresh) {
      asked.set(granule.name, granule);
    }
    void this._ask(fresh).then(() => this._follow());
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._poll.dispose();
    Signal.clearData(this);
  }

  /**
   * Ask about `granules`, `MAX_PER_REQUEST` at a time; ask again every
   * second while the server says its index is still being built.
   */
  private async _ask(granules: readonly IGranuleQuery[]): Promise<void> {
    const generation = this._generation;
    for (let start = 0; start < granules.length; start += MAX_PER_REQUEST) {
      const chunk = granules.slice(start, start + MAX_PER_REQUEST);
      let reply: IFindReply;
      try {
        reply = await this._request<IFindReply>('shared/find', {
          method: 'POST',
          body: JSON.stringify({
            granules: chunk.map(g => ({ name: g.name, size: g.size }))
          })
        });
      } catch (error) {
        // The marks are a hint: the next `mark` asks about these again
        chunk.forEach(g => this._asked.delete(g.name));
        console.warn('jupyterlab-hackweek: shared/find failed', error);
        continue;
      }
      if (this._disposed || generation !== this._generation) {
        return;
      }
      for (const granule of chunk) {
        const places = reply.found[granule.name];
        if (places) {
          this._places.set(granule.name, places);
        } else {
          this._places.delete(granule.name);
        }
      }
      this._building = reply.building;
      this._changed.emit();
    }
  }

  /**
   * Start asking again every `BUILDING_INTERVAL` ms while the index builds.
   */
  private _follow(): void {
    if (this._building && !this._polling && !this._disposed) {
      this._polling = true;
      void this._poll.start();
    }
  }

  private async _askAgain(): Promise<void> {
    await this._ask([...this._asked.values()]);
    if (!this._building) {
      this._polling = false;
      await this._poll.stop();
    }
  }

  private _request: APIRequest;
  private _poll: Poll;
  private _asked = new Map<string, IGranuleQuery>();
  private _places = new Map<string, readonly IGranulePlace[]>();
  private _building = false;
  private _polling = false;
  private _generation = 0;
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}

/**
 * The statics of `GranuleMarks`.
 */
export namespace GranuleMarks {
  /**
   * Options of the marks.
   */
  export interface IOptions {
    serverSettings: ServerConnection.ISettings;
    trans?: TranslationBundle;
  }
}
