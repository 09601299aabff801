/**
 * The NSIDC search sidebar: the compact form around a small map, and the
 * results, with "Expand" to open the same search in the main-area workspace.
 * Loaded on first show (it brings the map, d3-geo and the land outlines).
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import { Panel, Widget } from '@lumino/widgets';

import { SearchFormView } from './form';
import { SearchMap } from './map';
import { LinkedResults } from './linked';
import type { NsidcSearchModel } from './model';
import type { IResultActions } from './results';
import type { ISharedLookup } from '../shared/tokens';

/**
 * The sidebar's search form, map and results, on the shared model.
 */
export class NsidcPanel extends Panel {
  constructor(options: NsidcPanel.IOptions) {
    super();
    const { trans, model } = options;
    this.addClass('jp-hackweek-NsidcPanel-body');
    this.model = model;
    const map = new SearchMap({ trans });
    map.addClass('jp-hackweek-NsidcPanel-map');
    this._linked = new LinkedResults({
      model,
      map,
      trans,
      actions: options.actions,
      lookup: options.lookup,
      table: false
    });
    this.addWidget(expandBar(trans, options.expand));
    this.addWidget(new SearchFormView({ model, trans, part: 'query' }));
    this.addWidget(map);
    this.addWidget(new SearchFormView({ model, trans, part: 'filters' }));
    this.addWidget(this._linked.view);
  }

  /**
   * The search model, shared with the workspace.
   */
  readonly model: NsidcSearchModel;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._linked.dispose();
    super.dispose();
  }

  private _linked: LinkedResults;
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
