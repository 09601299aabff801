/**
 * One search model and one map kept in step: the form's view, drawing mode,
 * box and polygon shown on the map, what is drawn on the map written to the
 * form, and the footprints of the result rows in view. The sidebar's map and
 * the workspace's large map each have one, on the same model.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';

import { boxText, polygonText, typedBox, typedPolygon } from './formstate';
import { boxRing } from './geo';
import type { SearchMap } from './map';
import type { NsidcSearchModel } from './model';
import type { IGranule } from './types';

/**
 * The most granules whose footprints are drawn at once.
 */
export const MAX_FOOTPRINTS = 200;

/**
 * A granule's footprint as the map draws it: its polygons, or its boxes as
 * rings; null when CMR gives neither.
 */
export function footprintOf(granule: IGranule): SearchMap.IFootprint | null {
  const lines = granule.polygons.length
    ? granule.polygons
    : granule.boxes.map(([west, south, east, north]) =>
        boxRing({ west, south, east, north })
      );
  return lines.length ? { id: granule.id, lines } : null;
}

/**
 * Keeps a map in step with a search model.
 */
export class MapBinding implements IDisposable {
  constructor(
    model: NsidcSearchModel,
    map: SearchMap,
    trans: TranslationBundle
  ) {
    this._model = model;
    this._map = map;
    this._trans = trans;
    map.boxDrawn.connect(
      (_, box) => model.setState({ ...boxText(box), polygon: '' }),
      this
    );
    map.polygonDrawn.connect(
      (_, points) =>
        model.setState({
          polygon: polygonText(points),
          west: '',
          south: '',
          east: '',
          north: ''
        }),
      this
    );
    model.stateChanged.connect(this._sync, this);
    this._sync();
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * Draw the footprints of the rows in view (at most `MAX_FOOTPRINTS`), once
   * per animation frame.
   */
  showFootprints(visible: readonly IGranule[]): void {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => {
      const shown = visible.slice(0, MAX_FOOTPRINTS);
      this._drawn = shown.length > 0;
      this._map.setFootprints(
        shown
          .map(footprintOf)
          .filter((f): f is SearchMap.IFootprint => f !== null)
      );
    });
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    cancelAnimationFrame(this._frame);
    Signal.disconnectReceiver(this);
  }

  /**
   * Keep the map's view, drawing mode, box and polygon in step with the form.
   */
  private _sync(): void {
    const state = this._model.state;
    const map = this._map;
    map.view = state.view;
    map.mode = state.draw;
    if (state.polygon !== this._polygonShown) {
      this._polygonShown = state.polygon;
      const typed = typedPolygon(state, this._trans);
      const points = 'polygon' in typed ? typed.polygon : null;
      map.polygon = points && points.length >= 3 ? points : null;
    }
    const typed = typedBox(state, this._trans);
    const box = 'box' in typed ? typed.box : null;
    const current = map.box;
    const same =
      box === current ||
      (!!box &&
        !!current &&
        box.west === current.west &&
        box.south === current.south &&
        box.east === current.east &&
        box.north === current.north);
    if (!same) {
      map.box = box;
    }
    if (!this._model.granules.length && this._drawn) {
      this._drawn = false;
      map.setFootprints([]);
    }
  }

  private _model: NsidcSearchModel;
  private _map: SearchMap;
  private _trans: TranslationBundle;
  private _frame = 0;
  private _drawn = false;
  private _polygonShown = '';
  private _disposed = false;
}
