/**
 * The NSIDC search panel: the form around the map, and the results. Loaded
 * on first show (it brings the map, d3-geo and the land outlines).
 */

import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Panel } from '@lumino/widgets';

import { CmrClient } from './client';
import { SearchFormView } from './form';
import { boxText, polygonText, typedBox, typedPolygon } from './formstate';
import { boxRing } from './geo';
import { SearchMap } from './map';
import { NsidcSearchModel } from './model';
import { IResultActions, ResultsView } from './results';
import type { IGranuleMarks, ISharedLookup } from '../shared/tokens';

/**
 * The most granules whose footprints are drawn at once.
 */
export const MAX_FOOTPRINTS = 200;

/**
 * The search form, the map and the results, on one model.
 */
export class NsidcPanel extends Panel {
  constructor(options: NsidcPanel.IOptions) {
    super();
    const { trans } = options;
    this._trans = trans;
    this.addClass('jp-hackweek-NsidcPanel-body');
    this.model = new NsidcSearchModel({
      client: new CmrClient({
        serverSettings: options.serverSettings,
        trans: options.trans
      }),
      trans,
      state: options.state
    });
    this._marks = options.lookup?.marks() ?? null;
    this._map = new SearchMap({ trans });
    this._map.addClass('jp-hackweek-NsidcPanel-map');
    this.addWidget(
      new SearchFormView({ model: this.model, trans, part: 'query' })
    );
    this.addWidget(this._map);
    this.addWidget(
      new SearchFormView({ model: this.model, trans, part: 'filters' })
    );
    this.addWidget(
      new ResultsView({
        model: this.model,
        trans,
        actions: options.actions(this.model),
        marks: this._marks,
        onWindow: (first, end) => this._showFootprints(first, end),
        onHover: id => this._map.setHighlight(id)
      })
    );
    this._map.boxDrawn.connect((_, box) =>
      this.model.setState({ ...boxText(box), polygon: '' })
    );
    this._map.polygonDrawn.connect((_, points) =>
      this.model.setState({
        polygon: polygonText(points),
        west: '',
        south: '',
        east: '',
        north: ''
      })
    );
    this.model.stateChanged.connect(this._syncMap, this);
    this.model.stateChanged.connect(this._mark, this);
    this._syncMap();
  }

  /**
   * The panel's model (form, results, selection).
   */
  readonly model: NsidcSearchModel;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    cancelAnimationFrame(this._frame);
    this._marks?.dispose();
    this.model.dispose();
    super.dispose();
  }

  /**
   * Keep the map's view, drawing mode, box and polygon in step with the form.
   */
  private _syncMap(): void {
    const state = this.model.state;
    this._map.view = state.view;
    this._map.mode = state.draw;
    if (state.polygon !== this._polygonShown) {
      this._polygonShown = state.polygon;
      const typed = typedPolygon(state, this._trans);
      const points = 'polygon' in typed ? typed.polygon : null;
      this._map.polygon = points && points.length >= 3 ? points : null;
    }
    const typed = typedBox(state, this._trans);
    const box = 'box' in typed ? typed.box : null;
    const current = this._map.box;
    const same =
      box === current ||
      (!!box &&
        !!current &&
        box.west === current.west &&
        box.south === current.south &&
        box.east === current.east &&
        box.north === current.north);
    if (!same) {
      this._map.box = box;
    }
    if (!this.model.granules.length && this._drawn) {
      this._drawn = false;
      this._map.setFootprints([]);
    }
  }

  /**
   * Ask where the granules are, once per new list of them (pages included).
   */
  private _mark(): void {
    const granules = this.model.granules;
    if (this._marks && granules !== this._marked) {
      this._marked = granules;
      this._marks.mark(
        granules.map(g => ({ name: g.name, size: g.sizeBytes }))
      );
    }
  }

  /**
   * Draw the footprints of the rows in view (at most `MAX_FOOTPRINTS`), once
   * per animation frame.
   */
  private _showFootprints(first: number, end: number): void {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => {
      const granules = this.model.granules.slice(
        first,
        Math.min(end, first + MAX_FOOTPRINTS)
      );
      this._drawn = granules.length > 0;
      this._map.setFootprints(
        granules
          .map(g => ({
            id: g.id,
            lines: g.polygons.length
              ? g.polygons
              : g.boxes.map(([west, south, east, north]) =>
                  boxRing({ west, south, east, north })
                )
          }))
          .filter(f => f.lines.length)
      );
    });
  }

  private _trans: TranslationBundle;
  private _map: SearchMap;
  private _marks: IGranuleMarks | null;
  private _marked: readonly unknown[] | null = null;
  private _frame = 0;
  private _drawn = false;
  private _polygonShown = '';
}

/**
 * The statics of `NsidcPanel`.
 */
export namespace NsidcPanel {
  /**
   * Options of the panel.
   */
  export interface IOptions {
    serverSettings: ServerConnection.ISettings;
    trans: TranslationBundle;
    /**
     * A saved form to start from.
     */
    state?: unknown;
    /**
     * The result actions, given the model.
     */
    actions: (model: NsidcSearchModel) => IResultActions;
    /**
     * Where granules already are (shared volume, downloads), when the shared
     * data plugin is there.
     */
    lookup?: ISharedLookup | null;
  }
}
