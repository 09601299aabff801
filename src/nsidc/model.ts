/**
 * The search panel's model: the form, the product type-ahead, a search that
 * pages through every result, and the selection.
 */

import { VDomModel } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import type { CmrClient } from './client';
import type { CodeStyle } from './code';
import { totalSize } from './format';
import {
  DEFAULT_FORM,
  IFormState,
  restoreForm,
  searchChanged,
  toSearchForm
} from './formstate';
import { CLOUD_PROVIDER, cloudCollection } from './order';
import {
  answeredSearch,
  checkTimes,
  ISearch,
  SearchField,
  validateSearch
} from './query';
import { GranuleSelection } from './selection';
import type {
  ICollection,
  IGranule,
  IGranulePage,
  IGranuleParams
} from './types';

/**
 * Where a search stands.
 */
export type SearchStatus = 'idle' | 'loading' | 'done' | 'cancelled' | 'error';

/**
 * What the model needs of a `CmrClient` (a fake in tests).
 */
export type ICmrSource = Pick<CmrClient, 'collections' | 'granulePages'>;

const KEYWORD = /^[A-Za-z0-9 _\-./]{1,80}$/;

/**
 * The state of the NSIDC search panel; `stateChanged` (from `VDomModel`) is
 * emitted on any change the views show.
 */
export class NsidcSearchModel extends VDomModel {
  constructor(options: NsidcSearchModel.IOptions) {
    super();
    this._client = options.client;
    this._trans = options.trans;
    this._state = restoreForm(options.state ?? DEFAULT_FORM);
    this._productLookUp = new Debouncer(
      () => this._lookUpProduct(),
      options.productDelay ?? 250
    );
    if (this._state.shortName.trim()) {
      void this._lookUpProduct();
    }
  }

  /**
   * Emitted when the form changes (to save it).
   */
  get formChanged(): ISignal<this, IFormState> {
    return this._formChanged;
  }

  /**
   * The form as typed.
   */
  get state(): Readonly<IFormState> {
    return this._state;
  }

  /**
   * Messages per field of the last search attempt; the dates' as they are
   * typed.
   */
  get errors(): Partial<Record<SearchField, string>> {
    return this._errors;
  }

  /**
   * What is wrong with the dates typed (Search waits until they are right),
   * or null.
   */
  get dateError(): string | null {
    return this._errors.start ?? this._errors.end ?? null;
  }

  /**
   * Whether the form changed since the search whose results are shown: they
   * are greyed until the next Search.
   */
  get stale(): boolean {
    return (
      this._status !== 'idle' &&
      this._searched !== null &&
      searchChanged(this._searched, this._state)
    );
  }

  /**
   * Collections matching the typed product, one per short name.
   */
  get suggestions(): readonly ICollection[] {
    return this._suggestions;
  }

  /**
   * The versions CMR lists for the typed product, latest first.
   */
  get versions(): readonly string[] {
    return this._versions;
  }

  /**
   * Why the product list could not be loaded, or null.
   */
  get productError(): string | null {
    return this._productError;
  }

  get status(): SearchStatus {
    return this._status;
  }

  /**
   * CMR's count for the search (copies at both providers count twice).
   */
  get hits(): number | null {
    return this._hits;
  }

  /**
   * Granule records received so far, duplicates across providers included.
   */
  get received(): number {
    return this._received;
  }

  /**
   * The granules loaded so far, one per file name.
   */
  get granules(): readonly IGranule[] {
    return this._granules;
  }

  /**
   * The loaded granules' total size in bytes, and how many have no size.
   */
  get size(): { bytes: number; unknown: number } {
    return this._size;
  }

  /**
   * Whether CMR stopped early on a page (results may be incomplete).
   */
  get timedOut(): boolean {
    return this._timedOut;
  }

  /**
   * The server's message when the search failed, or null.
   */
  get errorMessage(): string | null {
    return this._errorMessage;
  }

  /**
   * The search whose results are shown (what "Insert code" and "Download"
   * describe), or null until its first page arrives. Its `polygon` is the
   * ring the server searched (`IGranulesReply.polygon`: closed, wound for
   * CMR), not the points as drawn.
   */
  get search(): ISearch | null {
    return this._search;
  }

  /**
   * The library of the cell "Insert code" adds (the `codeStyle` setting,
   * which the plugin keeps in step with this).
   */
  get codeStyle(): CodeStyle {
    return this._codeStyle;
  }

  set codeStyle(style: CodeStyle) {
    if (style !== this._codeStyle) {
      this._codeStyle = style;
      this.stateChanged.emit();
    }
  }

  /**
   * The ticked granules.
   */
  get selection(): GranuleSelection {
    return this._selection;
  }

  /**
   * Change form fields; a new product looks up its versions.
   */
  setState(patch: Partial<IFormState>): void {
    const next = { ...this._state, ...patch };
    const changed = (Object.keys(patch) as (keyof IFormState)[]).filter(
      key => next[key] !== this._state[key]
    );
    if (!changed.length) {
      return;
    }
    this._state = next;
    for (const key of changed) {
      delete this._errors[key as SearchField];
      if (['west', 'south', 'east', 'north'].includes(key)) {
        delete this._errors.box;
      }
    }
    if (changed.includes('start') || changed.includes('end')) {
      // The dates are checked as they are typed
      delete this._errors.start;
      delete this._errors.end;
      Object.assign(this._errors, checkTimes(next, this._trans).errors);
    }
    if (changed.includes('shortName')) {
      void this._productLookUp.invoke();
    }
    this._formChanged.emit(this._state);
    this.stateChanged.emit();
  }

  /**
   * Validate the form and, if it is valid, search (all pages).
   *
   * @returns whether a search started
   */
  start(): boolean {
    const { form, errors: boxErrors } = toSearchForm(this._state, this._trans);
    const result = validateSearch(form, this._trans);
    this._errors = { ...result.errors, ...boxErrors };
    if (Object.keys(this._errors).length || !result.params || !result.search) {
      this.stateChanged.emit();
      return false;
    }
    this._requested = result.search;
    this._params = result.params;
    this._searched = this._state;
    void this._run(result.params, null);
    return true;
  }

  /**
   * Go on with the last search after an error or a cancel: from the page after
   * the last one received (CMR's paging token is stateless), keeping what
   * arrived and the selection; from the start if no page arrived.
   */
  retry(): void {
    if (this._params) {
      const last = this._lastPage;
      void this._run(this._params, last?.searchAfter ? last : null);
    }
  }

  /**
   * Stop loading pages; what arrived stays.
   */
  cancel(): void {
    if (this._status === 'loading') {
      this._abort?.abort();
      this._status = 'cancelled';
      this.stateChanged.emit();
    }
  }

  /**
   * Tick or untick one granule.
   */
  toggle(name: string): void {
    this._selection.toggle(name);
    this.stateChanged.emit();
  }

  /**
   * Tick every loaded granule, or none.
   */
  selectAll(on: boolean): void {
    this._selection.setAll(
      this._granules.map(g => g.name),
      on
    );
    this.stateChanged.emit();
  }

  /**
   * The cloud (NSIDC_CPRD) collection of a product at a version, as CMR lists
   * it: what a Harmony subset order cuts from.
   */
  async cloudCollection(
    shortName: string,
    version: string
  ): Promise<ICollection | null> {
    const reply = await this._client.collections({
      short_name: shortName,
      provider: CLOUD_PROVIDER
    });
    return cloudCollection(reply.collections, shortName, version);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._productLookUp.dispose();
    this._abort?.abort();
    this._productAbort?.abort();
    Signal.clearData(this);
    super.dispose();
  }

  /**
   * Load the pages of a search: all of them, or those after `after`.
   */
  private async _run(
    params: IGranuleParams,
    after: IGranulePage | null
  ): Promise<void> {
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    this._status = 'loading';
    this._errorMessage = null;
    if (!after) {
      this._hits = null;
      this._received = 0;
      this._granules = [];
      this._names = new Set();
      this._lastPage = null;
      this._size = { bytes: 0, unknown: 0 };
      this._timedOut = false;
      this._selection.clear();
      this._search = null;
    }
    const requested = this._requested;
    this.stateChanged.emit();
    const names = this._names;
    try {
      for await (const page of this._client.granulePages(params, {
        signal: abort.signal,
        after: after ?? undefined
      })) {
        if (abort.signal.aborted) {
          return;
        }
        const fresh = page.granules.filter(g => {
          const key = g.name || g.id;
          const isNew = !names.has(key);
          names.add(key);
          return isNew;
        });
        this._granules = this._granules.concat(fresh);
        const added = totalSize(fresh);
        this._size = {
          bytes: this._size.bytes + added.bytes,
          unknown: this._size.unknown + added.unknown
        };
        if (!this._search && requested) {
          // What the results answer: the server's ring, CMR's version
          this._search = answeredSearch(requested, page);
        }
        this._hits = page.hits;
        this._received = page.received;
        this._lastPage = page;
        this._timedOut = this._timedOut || page.timedOut;
        this.stateChanged.emit();
      }
      if (!abort.signal.aborted) {
        this._status = 'done';
      }
    } catch (error) {
      if (abort.signal.aborted) {
        return;
      }
      this._status = 'error';
      this._errorMessage =
        (error as Error).message || this._trans.__('The search failed.');
    }
    if (!this.isDisposed) {
      this.stateChanged.emit();
    }
  }

  private async _lookUpProduct(): Promise<void> {
    const text = this._state.shortName.trim();
    this._productAbort?.abort();
    if (!KEYWORD.test(text)) {
      this._suggestions = [];
      this._versions = [];
      this.stateChanged.emit();
      return;
    }
    const abort = new AbortController();
    this._productAbort = abort;
    try {
      const reply = await this._client.collections(
        { keyword: text, page_size: '100' },
        abort.signal
      );
      if (abort.signal.aborted || this.isDisposed) {
        return;
      }
      const seen = new Set<string>();
      this._suggestions = reply.collections.filter(c => {
        const isNew = !seen.has(c.shortName);
        seen.add(c.shortName);
        return isNew;
      });
      const key = Object.keys(reply.versions).find(
        name => name.toLowerCase() === text.toLowerCase()
      );
      this._versions = key ? reply.versions[key] : [];
      this._productError = null;
      const version = this._state.version;
      if (this._versions.length && !this._versions.includes(version)) {
        this.setState({ version: this._versions[0] });
      }
    } catch (error) {
      if (abort.signal.aborted || this.isDisposed) {
        return;
      }
      this._suggestions = [];
      this._versions = [];
      this._productError = (error as Error).message;
    }
    this.stateChanged.emit();
  }

  private _client: ICmrSource;
  private _trans: TranslationBundle;
  private _state: IFormState;
  private _errors: Partial<Record<SearchField, string>> = {};
  private _searched: IFormState | null = null;
  private _suggestions: ICollection[] = [];
  private _versions: string[] = [];
  private _productError: string | null = null;
  private _productLookUp: Debouncer<void>;
  private _productAbort: AbortController | null = null;
  private _status: SearchStatus = 'idle';
  private _hits: number | null = null;
  private _received = 0;
  private _granules: IGranule[] = [];
  private _size = { bytes: 0, unknown: 0 };
  private _timedOut = false;
  private _errorMessage: string | null = null;
  private _search: ISearch | null = null;
  private _codeStyle: CodeStyle = 'earthaccess';
  private _requested: ISearch | null = null;
  private _params: IGranuleParams | null = null;
  private _lastPage: IGranulePage | null = null;
  private _names = new Set<string>();
  private _abort: AbortController | null = null;
  private _selection = new GranuleSelection();
  private _formChanged = new Signal<this, IFormState>(this);
}

/**
 * The statics of `NsidcSearchModel`.
 */
export namespace NsidcSearchModel {
  /**
   * Options of the model.
   */
  export interface IOptions {
    /**
     * The access to the search routes.
     */
    client: ICmrSource;
    /**
     * The `jupyterlab_hackweek` translation bundle.
     */
    trans: TranslationBundle;
    /**
     * A saved form to start from.
     */
    state?: unknown;
    /**
     * Milliseconds the product look-up waits after the last key press.
     */
    productDelay?: number;
  }
}
