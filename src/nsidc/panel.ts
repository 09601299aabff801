/**
 * The NSIDC search sidebar: the compact form around a small map, and the
 * results, with "Expand" to open the same search in the main-area workspace.
 * Loaded on first show (it brings the map, d3-geo and the land outlines).
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import { Panel, Widget } from '@lumino/widgets';

import { SearchFormView } from './form';
import { SearchMap } from './map';
import { MapBinding } from './mapbinding';
import type { NsidcSearchModel } from './model';
import { IResultActions, ResultsView } from './results';
import type { IGranuleMarks, ISharedLookup } from '../shared/tokens';

/**
 * Asks where a search's granules already are, once per new list of them
 * (pages included); the sidebar and the workspace each hold one.
 */
export class GranuleMarker {
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

  dispose(): void {
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
}

/**
 * The sidebar's search form, map and results, on the shared model.
 */
export class NsidcPanel extends Panel {
  constructor(options: NsidcPanel.IOptions) {
    super();
    const { trans, model } = options;
    this.addClass('jp-hackweek-NsidcPanel-body');
    this.model = model;
    this._marker = new GranuleMarker(model, options.lookup ?? null);
    const map = new SearchMap({ trans });
    map.addClass('jp-hackweek-NsidcPanel-map');
    this._binding = new MapBinding(model, map, trans);
    this.addWidget(expandBar(trans, options.expand));
    this.addWidget(new SearchFormView({ model, trans, part: 'query' }));
    this.addWidget(map);
    this.addWidget(new SearchFormView({ model, trans, part: 'filters' }));
    this.addWidget(
      new ResultsView({
        model,
        trans,
        actions: options.actions,
        marks: this._marker.marks,
        onWindow: visible => this._binding.showFootprints(visible),
        onHover: id => map.setHighlight(id)
      })
    );
  }

  /**
   * The search model, shared with the workspace.
   */
  readonly model: NsidcSearchModel;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._binding.dispose();
    this._marker.dispose();
    super.dispose();
  }

  private _binding: MapBinding;
  private _marker: GranuleMarker;
}

/**
 * The sidebar's first line: the button that opens the workspace.
 */
function expandBar(trans: TranslationBundle, expand: () => void): Widget {
  const bar = new Widget();
  bar.addClass('jp-hackweek-NsidcPanel-expandBar');
  const button = document.createElement('button');
  button.className = 'jp-hackweek-NsidcPanel-expand jp-mod-styled';
  button.textContent = trans.__('Expand');
  button.title = trans.__(
    'Open this search in the main area: a large map, the form beside it and the results as a table'
  );
  button.addEventListener('click', expand);
  bar.node.appendChild(button);
  return bar;
}

/**
 * The statics of `NsidcPanel`.
 */
export namespace NsidcPanel {
  /**
   * Options of the panel.
   */
  export interface IOptions {
    /**
     * The search model, shared with the workspace.
     */
    model: NsidcSearchModel;
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
     * Open the search workspace.
     */
    expand: () => void;
  }
}
