/**
 * The NSIDC search workspace in the main area: a large map (latitude rings,
 * place names, zoom) with the form beside it and the results as a sortable
 * table whose visible rows' footprints are on the map, hover linked both
 * ways. It works on the sidebar's model: one search, two views.
 */

import type { IStateDB } from '@jupyterlab/statedb';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Panel, Widget } from '@lumino/widgets';

import { SearchFormView } from './form';
import { MAX_ZOOM, SearchMap } from './map';
import { LinkedResults } from './linked';
import type { NsidcSearchModel } from './model';
import type { IResultActions } from './results';
import type { ISharedLookup } from '../shared/tokens';

const CLASS = 'jp-hackweek-NsidcWorkspace';

/**
 * How much a zoom button zooms.
 */
const ZOOM_STEP = 1.5;

/**
 * The state database key of the large map's frame (view, zoom, centre).
 */
const FRAME_KEY = 'jupyterlab-hackweek:nsidc:workspace-frame';

/**
 * The workspace: the map on the left, the form and the results on the right.
 */
export class NsidcWorkspace extends Panel {
  constructor(options: NsidcWorkspace.IOptions) {
    super();
    const { model, trans } = options;
    this.addClass(CLASS);
    this.model = model;
    this.map = new SearchMap({ trans, detail: true });
    this.map.addClass(`${CLASS}-map`);
    this._linked = new LinkedResults({
      model,
      map: this.map,
      trans,
      actions: options.actions,
      lookup: options.lookup,
      table: true
    });

    const mapArea = new Panel();
    mapArea.addClass(`${CLASS}-mapArea`);
    mapArea.addWidget(this.map);
    mapArea.addWidget(zoomBar(this.map, trans));

    const side = new Panel();
    side.addClass(`${CLASS}-side`);
    side.addClass('jp-hackweek-NsidcPanel-body');
    const form = new Panel();
    form.addClass(`${CLASS}-form`);
    form.addWidget(new SearchFormView({ model, trans, part: 'query' }));
    form.addWidget(new SearchFormView({ model, trans, part: 'filters' }));
    side.addWidget(form);
    const results = this._linked.view;
    results.addClass(`${CLASS}-results`);
    side.addWidget(results);

    this.addWidget(mapArea);
    this.addWidget(side);
    if (options.state) {
      void keepFrame(options.state, this.map);
    }
  }

  /**
   * The search model, shared with the sidebar.
   */
  readonly model: NsidcSearchModel;

  /**
   * The large map.
   */
  readonly map: SearchMap;

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
 * The map's zoom kept across reloads: the saved frame shown again when it is
 * of the view the form restored, the frame saved whenever the zoom changes.
 */
async function keepFrame(state: IStateDB, map: SearchMap): Promise<void> {
  const saved = SearchMap.frameOf(
    await state.fetch(FRAME_KEY).catch(() => null)
  );
  if (map.isDisposed) {
    return;
  }
  if (saved) {
    map.setFrame(saved);
  }
  map.zoomChanged.connect(
    () =>
      void state
        .save(FRAME_KEY, map.frame as unknown as ReadonlyPartialJSONObject)
        .catch(reason =>
          console.warn('jupyterlab-hackweek:nsidc: map zoom not saved', reason)
        )
  );
}

/**
 * The zoom buttons over the map: in, out, and the whole view.
 */
function zoomBar(map: SearchMap, trans: TranslationBundle): Widget {
  const bar = new Widget();
  bar.addClass(`${CLASS}-zoom`);
  bar.node.setAttribute('role', 'toolbar');
  bar.node.setAttribute('aria-label', trans.__('Zoom'));
  const buttons: [string, string, string, () => void][] = [
    ['in', '+', trans.__('Zoom in'), () => map.zoomBy(ZOOM_STEP)],
    ['out', '−', trans.__('Zoom out'), () => map.zoomBy(1 / ZOOM_STEP)],
    ['reset', '⤢', trans.__('Show the whole view'), () => map.zoomBy(0)]
  ];
  const nodes: HTMLButtonElement[] = [];
  for (const [name, symbol, label, action] of buttons) {
    const button = document.createElement('button');
    button.className = `${CLASS}-zoom-${name} jp-mod-styled`;
    button.textContent = symbol;
    button.title = label;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', action);
    bar.node.appendChild(button);
    nodes.push(button);
  }
  const update = () => {
    nodes[0].disabled = map.zoom >= MAX_ZOOM;
    nodes[1].disabled = nodes[2].disabled = map.zoom <= 1;
  };
  map.zoomChanged.connect(update);
  update();
  return bar;
}

/**
 * The statics of `NsidcWorkspace`.
 */
export namespace NsidcWorkspace {
  /**
   * Options of the workspace.
   */
  export interface IOptions {
    /**
     * The search model, shared with the sidebar.
     */
    model: NsidcSearchModel;
    trans: TranslationBundle;
    /**
     * The result actions on the model.
     */
    actions: IResultActions;
    /**
     * Where granules already are, when the shared data plugin is there.
     */
    lookup?: ISharedLookup | null;
    /**
     * Where the map's zoom is kept across reloads.
     */
    state?: IStateDB | null;
  }
}
