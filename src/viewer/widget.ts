import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Message } from '@lumino/messaging';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import type { ISearchMaps } from '../nsidc/tokens';
import type { IFileCodeTarget } from '../shared/tokens';
import { fileName, firstProfileQuery } from './files';
import { ProfilePrefetch } from './prefetch';
import type { IDataFile, IViewState } from './tokens';

/**
 * The viewer of one file: h5web (and three.js) are imported the first time it
 * is shown, never with the page.
 */
export class ViewerContent extends Widget {
  constructor(options: ViewerContent.IOptions) {
    super();
    this.addClass('jp-hackweek-Viewer');
    this.file = options.file;
    this._settings = options.serverSettings;
    this._trans = options.trans;
    this._insertCode = options.insertCode;
    this._maps = options.maps;
    this.title.label = fileName(options.file);
    this.title.caption = options.file.path;
    const note = document.createElement('div');
    note.className = 'jp-hackweek-Viewer-loading';
    note.textContent = this._trans.__('Loading the data viewer…');
    this.node.appendChild(note);
  }

  /**
   * The file shown.
   */
  readonly file: IDataFile;

  /**
   * What the viewer shows (for the layout restorer): as opened until its
   * view reports.
   */
  get viewState(): IViewState | null {
    return this._view ?? this.file.view ?? null;
  }

  /**
   * Emitted when what the viewer shows changes.
   */
  get viewChanged(): ISignal<this, void> {
    return this._viewChanged;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._unmount?.();
    this._unmount = null;
    super.dispose();
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    if (this._loading) {
      return;
    }
    // the quick look's first profile is read on the server while h5web loads
    const first = firstProfileQuery(this.file);
    const prefetch = first
      ? new ProfilePrefetch(this._settings, this._trans, first)
      : null;
    this._loading = import('./app').then(
      ({ mountViewer }) => {
        if (this.isDisposed) {
          return;
        }
        this.node.textContent = '';
        this._unmount = mountViewer(this.node, {
          file: this.file,
          serverSettings: this._settings,
          trans: this._trans,
          insertCode: this._insertCode,
          maps: this._maps,
          prefetch,
          onView: view => {
            this._view = view;
            this._viewChanged.emit();
          }
        });
      },
      (reason: Error) => {
        this.node.textContent = this._trans.__(
          'The data viewer could not be loaded: %1',
          reason.message
        );
      }
    );
  }

  private _settings: ServerConnection.ISettings;
  private _trans: TranslationBundle;
  private _loading: Promise<void> | null = null;
  private _unmount: (() => void) | null = null;
  private _insertCode: ViewerContent.IOptions['insertCode'];
  private _view: IViewState | null = null;
  private _viewChanged = new Signal<this, void>(this);
  private _maps: ISearchMaps | null;
}

export namespace ViewerContent {
  export interface IOptions {
    file: IDataFile;
    serverSettings: ServerConnection.ISettings;
    trans: TranslationBundle;
    /**
     * Inserts the cell that reproduces a view into a notebook (the shared
     * feature's `ISharedCode`), or null without it.
     */
    insertCode: ((target: IFileCodeTarget) => Promise<void>) | null;
    /**
     * The NSIDC search's maps (`ISearchMaps`), for ground tracks, or null.
     */
    maps: ISearchMaps | null;
  }
}
