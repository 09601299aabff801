import { VDomModel } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Debouncer } from '@lumino/polling';
import { Signal } from '@lumino/signaling';

import { APIRequest, bindRequestAPI, HackweekAPIError } from '../request';
import { isPreviewable, listEndpoint, pagesToFetch, withQuery } from './query';
import {
  ICopyReply,
  IDatasetDescription,
  IListReply,
  IPreviewReply,
  IRootsReply,
  ISharedEntry,
  ISharedRoot,
  ISizeReply,
  SortOrder
} from './types';

/**
 * The state of the shared-data browser: roots, the current folder's sparse rows,
 * the selection and its preview. Views render it (`stateChanged`, from
 * `VDomModel`, on anything they show); it does all the fetching.
 */
export class SharedModel extends VDomModel {
  constructor(options: SharedModel.IOptions) {
    super();
    this._trans = options.trans ?? nullTranslator.load('jupyterlab_hackweek');
    this._request = bindRequestAPI(options.serverSettings, this._trans);
    this._filterReload = this._reloader(options.filterDebounce ?? 300);
  }

  /** Milliseconds the filter waits for typing to pause. */
  get filterDebounce(): number {
    return this._filterReload.limit;
  }
  set filterDebounce(value: number) {
    const limit = Math.max(0, value);
    if (limit !== this._filterReload.limit) {
      this._filterReload.dispose();
      this._filterReload = this._reloader(limit);
    }
  }

  get roots(): readonly ISharedRoot[] {
    return this._roots;
  }
  get root(): ISharedRoot | null {
    return this._roots.find(root => root.name === this._rootName) ?? null;
  }
  /** Whether the organizer actions apply: a writable root and a user allowed to publish. */
  get canOrganize(): boolean {
    return !!this.root?.writable && this._canPublish;
  }
  get path(): string {
    return this._path;
  }
  get sort(): SortOrder {
    return this._sort;
  }
  get filter(): string {
    return this._filter;
  }
  /** Rows in the (filtered) listing, or null before the first page arrived. */
  get total(): number | null {
    return this._total;
  }
  get description(): IDatasetDescription | null {
    return this._description;
  }
  get totalSize(): number | null {
    return this._totalSize;
  }
  get sizePending(): boolean {
    return this._sizePending;
  }
  /**
   * The server is still taking the sizes of the folder's entries (the rows shown
   * have theirs; folders' item counts and the other sorts come when it ends).
   */
  get sizesCounting(): boolean {
    return this._sizesCounting;
  }
  get error(): string | null {
    return this._error;
  }
  get selected(): ISharedEntry | null {
    return this._selected;
  }
  /** Counts the listings (folder, sort, filter): a reply for an older one is stale. */
  get generation(): number {
    return this._generation;
  }
  /** The row index of the selection, or -1. */
  get selectedIndex(): number {
    return this._selected ? this._selectedIndex : -1;
  }
  get preview(): IPreviewReply | null {
    return this._preview;
  }
  get previewError(): string | null {
    return this._previewError;
  }
  get previewLoading(): boolean {
    return this._previewLoading;
  }
  get selectedNode(): string | null {
    return this._selectedNode;
  }

  /** The row at `index`, or undefined while its page is not loaded. */
  row(index: number): ISharedEntry | undefined {
    return this._rows.get(index);
  }

  /** Absolute server path of an entry of the current folder (what kernels open). */
  absolutePath(name: string): string | null {
    const root = this.root;
    return root
      ? PathExt.joinWithLeadingSlash(root.path, this._path, name)
      : null;
  }

  /** JupyterLab path of an entry, when the root lies inside JupyterLab's root folder. */
  labPath(name: string): string | null {
    const root = this.root;
    return root && root.lab_path !== null
      ? PathExt.join(root.lab_path, this._path, name)
      : null;
  }

  /** Reload the roots and the current folder (the refresh button, showing the panel). */
  async refresh(): Promise<void> {
    try {
      const reply = await this._request<IRootsReply>('shared/roots');
      this._roots = reply.roots;
      this._canPublish = reply.can_publish;
      this._error = null;
    } catch (error) {
      this._fail(error);
      return;
    }
    if (!this.root) {
      const first = this._roots.find(root => root.available) ?? this._roots[0];
      this._rootName = first?.name ?? null;
      this._path = '';
    }
    await this._reload();
  }

  /** Show a folder of a root. */
  async open(rootName: string, path: string): Promise<void> {
    this._rootName = rootName;
    this._path = path;
    this._filter = '';
    await this._reload();
  }

  /** Change the server-side sort order. */
  async setSort(sort: SortOrder): Promise<void> {
    if (sort !== this._sort) {
      this._sort = sort;
      await this._reload();
    }
  }

  /** Change the filter; the listing reloads once typing pauses. */
  setFilter(filter: string): void {
    if (filter === this._filter) {
      return;
    }
    this._filter = filter;
    this.stateChanged.emit();
    void this._filterReload.invoke();
  }

  /**
   * Make sure rows `first` to `end` (exclusive, as in `rowWindow`) are loaded
   * (the virtual list calls it on scroll).
   */
  async ensureRows(first: number, end: number): Promise<void> {
    const generation = this._generation;
    const offsets = pagesToFetch(first, end, this._pages, this._total);
    await Promise.all(
      offsets.map(offset => this._fetchPage(offset, generation))
    );
  }

  /**
   * Select an entry (row `index` when known) and preview HDF5/NetCDF files and
   * Zarr folders, unless `preview` is false (moving with the arrow keys; see
   * `keyboard.ts`).
   */
  async select(
    entry: ISharedEntry | null,
    options: { index?: number; preview?: boolean } = {}
  ): Promise<void> {
    this._selected = entry;
    this._selectedIndex = options.index ?? -1;
    this._preview = null;
    this._previewError = null;
    this._selectedNode = null;
    this.stateChanged.emit();
    const root = this.root;
    if (!entry || !root || options.preview === false || !isPreviewable(entry)) {
      return;
    }
    this._previewLoading = true;
    this.stateChanged.emit();
    const endpoint = withQuery('shared/preview', {
      root: root.name,
      path: PathExt.join(this._path, entry.name)
    });
    try {
      const reply = await this._request<IPreviewReply>(endpoint);
      if (this._selected === entry) {
        this._preview = reply;
      }
    } catch (error) {
      if (this._selected === entry) {
        this._previewError = (error as Error).message;
      }
    }
    this._previewLoading = false;
    this.stateChanged.emit();
  }

  /** Select a node of the previewed file (used by the generated code). */
  selectNode(path: string | null): void {
    if (path !== this._selectedNode) {
      this._selectedNode = path;
      this.stateChanged.emit();
    }
  }

  /**
   * Copy an entry of the current folder into the user's root folder.
   *
   * A `HackweekAPIError` with status 409 carries `reply.suggested`, a free name.
   * With an `operation` id, `GET shared/copy?operation=ID` tells its progress.
   */
  async copyToHome(
    entry: ISharedEntry,
    name?: string,
    operation?: string
  ): Promise<ICopyReply> {
    const root = this.root;
    if (!root) {
      throw new Error(this._trans.__('No shared folder is selected.'));
    }
    const body = {
      root: root.name,
      path: PathExt.join(this._path, entry.name),
      name,
      operation
    };
    return this._request<ICopyReply>('shared/copy', {
      method: 'POST',
      body: JSON.stringify(body)
    });
  }

  /** Stop the pending filter reload. Safe to call twice. */
  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._filterReload.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  /** The filter's debouncer: one listing request once typing pauses `limit` ms. */
  private _reloader(limit: number): Debouncer<void> {
    return new Debouncer(() => this._reload(), limit);
  }

  private async _reload(): Promise<void> {
    this._generation += 1;
    this._rows = new Map();
    this._pages = new Set();
    this._total = null;
    this._description = null;
    this._totalSize = null;
    this._sizePending = false;
    this._sizesCounting = false;
    this._error = null;
    void this.select(null);
    if (this.root) {
      await this._fetchPage(0, this._generation);
    }
    this.stateChanged.emit();
  }

  private async _fetchPage(offset: number, generation: number): Promise<void> {
    const root = this.root;
    if (!root) {
      return;
    }
    this._pages.add(offset);
    const endpoint = listEndpoint({
      root: root.name,
      path: this._path,
      offset,
      sort: this._sort,
      filter: this._filter
    });
    let reply: IListReply;
    try {
      reply = await this._request<IListReply>(endpoint);
    } catch (error) {
      if (generation === this._generation) {
        this._pages.delete(offset);
        this._fail(error);
      }
      return;
    }
    if (generation !== this._generation) {
      return; // a newer folder, sort or filter replaced this listing
    }
    this._total = reply.total;
    reply.entries.forEach((entry, index) =>
      this._rows.set(offset + index, entry)
    );
    if (offset === 0 && this._sizeAsked !== generation) {
      // The listing's first reply; pages asked again after the sizes were
      // taken leave the folder's size to `_waitForSize`.
      this._path = reply.path;
      this._description = reply.description ?? null;
      this._totalSize = reply.total_size ?? null;
      this._sizePending = reply.size_pending ?? false;
      this._sizesCounting = reply.sizes_counting ?? false;
      if (this._sizePending || this._sizesCounting) {
        this._sizeAsked = generation;
        void this._waitForSize(root.name, reply.path, generation);
      }
    }
    this.stateChanged.emit();
  }

  /**
   * Long requests that return when the server finished taking the folder's
   * entries' sizes (the loaded pages are then asked again, so folders' item
   * counts fill in) and summing the folder: two at most, as the first may end
   * when the sizes are taken while the total is still being summed.
   */
  private async _waitForSize(
    root: string,
    path: string,
    generation: number
  ): Promise<void> {
    const endpoint = withQuery('shared/size', { root, path });
    for (let asked = 0; asked < 2; asked++) {
      let reply: ISizeReply;
      try {
        reply = await this._request<ISizeReply>(endpoint);
      } catch {
        return; // The size is a nicety: the listing stays usable without it.
      }
      if (generation !== this._generation) {
        return;
      }
      this._totalSize = reply.total_size;
      this._sizePending = reply.size_pending;
      const counted = this._sizesCounting && !reply.sizes_counting;
      this._sizesCounting = reply.sizes_counting ?? false;
      this.stateChanged.emit();
      if (counted) {
        await Promise.all(
          [...this._pages].map(offset => this._fetchPage(offset, generation))
        );
      }
      if (!this._sizePending) {
        return;
      }
    }
  }

  private _fail(error: unknown): void {
    this._error =
      error instanceof HackweekAPIError || error instanceof Error
        ? error.message
        : String(error);
    this.stateChanged.emit();
  }

  private _trans: TranslationBundle;
  private _request: APIRequest;
  private _filterReload: Debouncer<void>;
  private _roots: ISharedRoot[] = [];
  private _rootName: string | null = null;
  private _path = '';
  private _sort: SortOrder = 'name';
  private _filter = '';
  private _generation = 0;
  private _rows = new Map<number, ISharedEntry>();
  private _pages = new Set<number>();
  private _total: number | null = null;
  private _description: IDatasetDescription | null = null;
  private _totalSize: number | null = null;
  private _sizePending = false;
  private _sizesCounting = false;
  private _sizeAsked = -1;
  private _error: string | null = null;
  private _selected: ISharedEntry | null = null;
  private _selectedIndex = -1;
  private _canPublish = true;
  private _preview: IPreviewReply | null = null;
  private _previewError: string | null = null;
  private _previewLoading = false;
  private _selectedNode: string | null = null;
}

/**
 * Statics of the shared model.
 */
export namespace SharedModel {
  /**
   * Options of a shared model.
   */
  export interface IOptions {
    serverSettings: ServerConnection.ISettings;
    /** The `jupyterlab_hackweek` translation bundle; English without one. */
    trans?: TranslationBundle;
    /** Milliseconds the filter waits for typing to pause (default 300). */
    filterDebounce?: number;
  }

  /**
   * The free name a 409 reply (copy or publish) suggests, if the error is one.
   */
  export function suggestedName(error: unknown): string | null {
    if (error instanceof HackweekAPIError && error.status === 409) {
      return error.reply?.suggested ?? null;
    }
    return null;
  }
}
