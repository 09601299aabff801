/**
 * A search's results linked to a map: where its granules already are, the
 * model kept in step with the map, and the results view whose rows in view
 * have their footprints drawn, hover linked. The sidebar and the workspace
 * each hold one, on the same model.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';

import type { SearchMap } from './map';
import { MapBinding } from './mapbinding';
import type { NsidcSearchModel } from './model';
import { IResultActions, ResultsView } from './results';
import type { IGranuleMarks, ISharedLookup } from '../shared/tokens';

/**
 * Asks where a search's granules already are, once per new list of them
 * (pages included).
 */
class GranuleMarker implements IDisposable {
  constructor(model: NsidcSearchModel, lookup: ISharedLookup | null) {
    this._model = model;
    this.marks = lookup?.marks() ?? null;
    model.stateChanged.connect(this._mark, this);
    this._mark();
  }

  /**
   * Where granules are, or null without the shared data plugin.
   */
  readonly marks: IGranuleMarks | null;

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._model.stateChanged.disconnect(this._mark, this);
    this.marks?.dispose();
  }

  private _mark(): void {
    const granules = this._model.granules;
    if (this.marks && granules !== this._marked) {
      this._marked = granules;
      this.marks.mark(granules.map(g => ({ name: g.name, size: g.sizeBytes })));
    }
  }

  private _model: NsidcSearchModel;
  private _marked: readonly unknown[] | null = null;
  private _disposed = false;
}

/**
 * A map and a results view on one search model.
 */
export class LinkedResults implements IDisposable {
  constructor(options: LinkedResults.IOptions) {
    const { model, map, trans, table } = options;
    this._marker = new GranuleMarker(model, options.lookup ?? null);
    this._binding = new MapBinding(model, map, trans);
    this.view = new ResultsView({
      model,
      trans,
      actions: options.actions,
      marks: this._marker.marks,
      table,
      // The table highlights the row of the footprint under the pointer.
      hovered: table ? map.footprintHovered : undefined,
      onWindow: visible => this._binding.showFootprints(visible),
      onHover: id => map.setHighlight(id)
    });
  }

  /**
   * The results view (the owner adds it to its layout).
   */
  readonly view: ResultsView;

  get isDisposed(): boolean {
    return this._binding.isDisposed;
  }

  /**
   * Unbind the map and stop marking (the view goes with its parent).
   */
  dispose(): void {
    this._binding.dispose();
    this._marker.dispose();
  }

  private _binding: MapBinding;
  private _marker: GranuleMarker;
}

/**
 * The statics of `LinkedResults`.
 */
export namespace LinkedResults {
  export interface IOptions {
    model: NsidcSearchModel;
    map: SearchMap;
    trans: TranslationBundle;
    /**
     * The result actions on the model.
     */
    actions: IResultActions;
    /**
     * Where granules already are (shared volume, downloads), when the shared
     * data plugin is there.
     */
    lookup?: ISharedLookup | null;
    /**
     * The results as a sortable table (the workspace) instead of the
     * sidebar's list.
     */
    table: boolean;
  }
}
