/**
 * `CmrClient`: the front end's access to the data-search routes.
 *
 * It pages through every granule of a search by handing back the
 * `CMR-Search-After` header the server passes on from CMR, so results are
 * never silently cut at one page.
 */

import type { ServerConnection } from '@jupyterlab/services';
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { HackweekAPIError, requestAPIResponse } from '../request';
import type {
  ICollectionParams,
  ICollectionsReply,
  IGranulePage,
  IGranuleParams,
  IGranulesReply
} from './types';
import { toQueryString } from './query';

/**
 * Searches NASA CMR through the Jupyter server's `hackweek/api/cmr/*` routes.
 */
export class CmrClient {
  /**
   * @param options - the server settings and the translation bundle
   */
  constructor(options: CmrClient.IOptions) {
    this._settings = options.serverSettings;
    this._trans = options.trans ?? nullTranslator.load('jupyterlab_hackweek');
  }

  /**
   * NSIDC collections matching the options (type-ahead: `{ keyword: 'ATL0' }`),
   * with the versions of each short name, latest first.
   *
   * @throws HackweekAPIError with the server's message on any failure
   */
  async collections(
    params: ICollectionParams = {},
    signal?: AbortSignal
  ): Promise<ICollectionsReply> {
    const response = await requestAPIResponse(
      this._settings,
      `cmr/collections?${toQueryString(params)}`,
      { signal, trans: this._trans }
    );
    const reply = (await response.json()) as ICollectionsReply;
    if (!reply || !Array.isArray(reply.collections)) {
      throw new HackweekAPIError(
        this._trans.__('The server sent an unexpected collections reply.'),
        response.status
      );
    }
    return reply;
  }

  /**
   * One page of granules; pass the previous page's `searchAfter` for the next.
   *
   * @throws HackweekAPIError with the server's message on any failure
   */
  async granulePage(
    params: IGranuleParams,
    searchAfter: string | null = null,
    signal?: AbortSignal
  ): Promise<IGranulesReply> {
    const headers: Record<string, string> = {};
    if (searchAfter) {
      headers['CMR-Search-After'] = searchAfter;
    }
    const response = await requestAPIResponse(
      this._settings,
      `cmr/granules?${toQueryString(params)}`,
      { headers, signal, trans: this._trans }
    );
    const body = (await response.json()) as IGranulesReply;
    const polygon = Array.isArray(body?.polygon) ? body.polygon : null;
    if (
      !body ||
      !Array.isArray(body.granules) ||
      (params.polygon !== undefined && polygon === null)
    ) {
      throw new HackweekAPIError(
        this._trans.__('The server sent an unexpected granules reply.'),
        response.status
      );
    }
    const hits = response.headers.get('CMR-Hits');
    return {
      granules: body.granules,
      hits:
        hits !== null && /^\d+$/.test(hits)
          ? Number(hits)
          : (body.hits ?? null),
      searchAfter:
        response.headers.get('CMR-Search-After') || body.searchAfter || null,
      timedOut: body.timedOut === true,
      polygon,
      versions: Array.isArray(body.versions) ? body.versions : null
    };
  }

  /**
   * Every page of a search, in order, until CMR sends no `CMR-Search-After`.
   *
   * Stops early, without an error, when `signal` aborts; throws `HackweekAPIError` when a page fails or CMR repeats a
   * paging token (which would loop forever).
   */
  async *granulePages(
    params: IGranuleParams,
    options: CmrClient.IPagingOptions = {}
  ): AsyncGenerator<IGranulePage, void, undefined> {
    const { signal, after } = options;
    let searchAfter: string | null = after?.searchAfter ?? null;
    let received = after?.received ?? 0;
    const seen = new Set<string>();
    for (let index = after ? after.index + 1 : 0; ; index++) {
      if (signal?.aborted) {
        return;
      }
      let page: IGranulesReply;
      try {
        page = await this.granulePage(params, searchAfter, signal);
      } catch (error) {
        if (signal?.aborted) {
          return;
        }
        throw error;
      }
      received += page.granules.length;
      yield { ...page, index, received };
      searchAfter = page.searchAfter;
      if (!searchAfter || !page.granules.length) {
        return;
      }
      if (seen.has(searchAfter)) {
        throw new HackweekAPIError(
          this._trans.__(
            'NASA CMR repeated a paging token; the search stopped.'
          ),
          502
        );
      }
      seen.add(searchAfter);
    }
  }

  private _settings: ServerConnection.ISettings;
  private _trans: TranslationBundle;
}

/**
 * The statics of `CmrClient`.
 */
export namespace CmrClient {
  /**
   * Options of a `CmrClient`.
   */
  export interface IOptions {
    /**
     * The app's server settings (`app.serviceManager.serverSettings`).
     */
    serverSettings: ServerConnection.ISettings;
    /**
     * The `jupyterlab_hackweek` translation bundle; English without one.
     */
    trans?: TranslationBundle;
  }

  /**
   * Options of a paged search.
   */
  export interface IPagingOptions {
    /**
     * Aborts the request in flight and stops paging.
     */
    signal?: AbortSignal;
    /**
     * Continue after this page (with its `searchAfter`, counting on from its
     * `index` and `received`) instead of starting from the first page.
     */
    after?: IGranulePage;
  }
}
