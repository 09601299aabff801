import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import {
  geoEquirectangular,
  geoGraticule10,
  GeoPath,
  geoPath,
  GeoProjection,
  geoStereographic
} from 'd3-geo';
import type { Feature, Geometry, MultiPolygon } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import land110m from 'world-atlas/land-110m.json';

import {
  boxFromOutline,
  boxRing,
  IBox,
  LonLat,
  MapView,
  VIEW_PROJECTION
} from './geo';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SIZE: Record<MapView, [number, number]> = {
  global: [360, 180],
  arctic: [300, 300],
  antarctic: [300, 300]
};
/** Points sampled along each edge of a dragged rectangle. */
const EDGE_SAMPLES = 16;

/**
 * The search map: land outlines shipped with the extension (Natural Earth
 * 1:110m, works offline), in a global view and the Arctic and Antarctic polar
 * stereographic views; drag to draw a search box; granule footprints drawn on
 * top, one of them highlighted.
 */
export class SearchMap extends Widget {
  constructor(options: SearchMap.IOptions) {
    super();
    this._trans = options.trans;
    this.addClass('jp-hackweek-SearchMap');
    this._svg = document.createElementNS(SVG_NS, 'svg');
    this._svg.setAttribute('role', 'img');
    this.node.appendChild(this._svg);
    this._svg.addEventListener('pointerdown', this);
    this._svg.addEventListener('pointermove', this);
    this._svg.addEventListener('pointerup', this);
    this._render();
  }

  /**
   * Emitted when the user finishes drawing a box.
   */
  get boxDrawn(): ISignal<this, IBox> {
    return this._boxDrawn;
  }

  /**
   * The map view: global, Arctic or Antarctic.
   */
  get view(): MapView {
    return this._view;
  }
  set view(view: MapView) {
    if (view !== this._view) {
      this._view = view;
      this._render();
    }
  }

  /**
   * The search box drawn on the map, or null.
   */
  get box(): IBox | null {
    return this._box;
  }
  set box(box: IBox | null) {
    this._box = box;
    this._render();
  }

  /**
   * Draw these granule footprints (lon/lat lines).
   */
  setFootprints(footprints: SearchMap.IFootprint[]): void {
    this._footprints = footprints;
    this._render();
  }

  /**
   * Highlight one footprint (the granule under the pointer in the list), or none.
   */
  setHighlight(id: string | null): void {
    this._highlight = id;
    this._svg
      .querySelectorAll('.jp-hackweek-SearchMap-footprint')
      .forEach(node =>
        node.classList.toggle(
          'jp-mod-highlighted',
          node.getAttribute('data-id') === id
        )
      );
  }

  /**
   * Handle the pointer events of drawing a box.
   */
  handleEvent(event: Event): void {
    const pointer = event as PointerEvent;
    const point = this._svgPoint(pointer);
    switch (event.type) {
      case 'pointerdown':
        this._dragStart = point;
        this._svg.setPointerCapture?.(pointer.pointerId);
        break;
      case 'pointermove':
        if (this._dragStart) {
          this._drawDragRect(this._dragStart, point);
        }
        break;
      case 'pointerup':
        if (this._dragStart) {
          const start = this._dragStart;
          this._dragStart = null;
          const box = this._boxFromDrag(start, point);
          if (box) {
            this.box = box;
            this._boxDrawn.emit(box);
          } else {
            this._render();
          }
        }
        break;
    }
  }

  private _projection(): GeoProjection {
    const spec = VIEW_PROJECTION[this._view];
    const projection =
      spec.kind === 'equirectangular'
        ? geoEquirectangular()
        : geoStereographic()
            .rotate(spec.rotate)
            .clipAngle(spec.clipAngle ?? 90);
    return projection.fitSize(SIZE[this._view], { type: 'Sphere' });
  }

  private _render(): void {
    const [width, height] = SIZE[this._view];
    const projection = this._projection();
    const path = geoPath(projection);
    this._svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this._svg.setAttribute(
      'aria-label',
      this._trans.__(
        'Map (%1 view): drag to draw a search box',
        this._viewLabel()
      )
    );
    this._svg.replaceChildren();
    this._append(path, { type: 'Sphere' }, 'jp-hackweek-SearchMap-sphere');
    this._append(path, geoGraticule10(), 'jp-hackweek-SearchMap-graticule');
    this._append(path, Private.land(), 'jp-hackweek-SearchMap-land');
    for (const footprint of this._footprints) {
      for (const line of footprint.lines) {
        const node = this._append(
          path,
          { type: 'LineString', coordinates: line },
          'jp-hackweek-SearchMap-footprint'
        );
        node.setAttribute('data-id', footprint.id);
        node.classList.toggle(
          'jp-mod-highlighted',
          footprint.id === this._highlight
        );
      }
    }
    if (this._box) {
      this._append(
        path,
        { type: 'LineString', coordinates: boxRing(this._box) },
        'jp-hackweek-SearchMap-box'
      );
    }
  }

  private _append(
    path: GeoPath,
    object: Parameters<GeoPath>[0],
    className: string
  ): SVGElement {
    const node = document.createElementNS(SVG_NS, 'path');
    node.setAttribute('d', path(object) ?? '');
    node.setAttribute('class', className);
    this._svg.appendChild(node);
    return node;
  }

  private _svgPoint(event: PointerEvent): [number, number] {
    const rect = this._svg.getBoundingClientRect();
    const [width, height] = SIZE[this._view];
    if (!rect.width || !rect.height) {
      return [0, 0];
    }
    return [
      ((event.clientX - rect.left) / rect.width) * width,
      ((event.clientY - rect.top) / rect.height) * height
    ];
  }

  private _drawDragRect(a: [number, number], b: [number, number]): void {
    let rect = this._svg.querySelector('.jp-hackweek-SearchMap-drag');
    if (!rect) {
      rect = document.createElementNS(SVG_NS, 'rect');
      rect.setAttribute('class', 'jp-hackweek-SearchMap-drag');
      this._svg.appendChild(rect);
    }
    rect.setAttribute('x', String(Math.min(a[0], b[0])));
    rect.setAttribute('y', String(Math.min(a[1], b[1])));
    rect.setAttribute('width', String(Math.abs(a[0] - b[0])));
    rect.setAttribute('height', String(Math.abs(a[1] - b[1])));
  }

  private _boxFromDrag(a: [number, number], b: [number, number]): IBox | null {
    const [x0, x1] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
    const [y0, y1] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
    if (x1 - x0 < 3 || y1 - y0 < 3) {
      return null; // A click, not a drag.
    }
    const projection = this._projection();
    const outline: LonLat[] = [];
    for (let i = 0; i <= EDGE_SAMPLES; i++) {
      const t = i / EDGE_SAMPLES;
      for (const [x, y] of [
        [x0 + (x1 - x0) * t, y0],
        [x0 + (x1 - x0) * t, y1],
        [x0, y0 + (y1 - y0) * t],
        [x1, y0 + (y1 - y0) * t]
      ]) {
        const lonLat = projection.invert?.([x, y]);
        if (
          lonLat &&
          Number.isFinite(lonLat[0]) &&
          Number.isFinite(lonLat[1])
        ) {
          outline.push([lonLat[0], lonLat[1]]);
        }
      }
    }
    if (outline.length === 0) {
      return null;
    }
    const inside = (lonLat: LonLat) => {
      const p = projection(lonLat);
      return !!p && p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
    };
    const pole = inside([0, 90]) ? 'north' : inside([0, -90]) ? 'south' : null;
    return boxFromOutline(outline, pole);
  }

  private _viewLabel(): string {
    switch (this._view) {
      case 'arctic':
        return this._trans.__('Arctic');
      case 'antarctic':
        return this._trans.__('Antarctic');
      default:
        return this._trans.__('global');
    }
  }

  private _trans: TranslationBundle;
  private _svg: SVGSVGElement;
  private _view: MapView = 'global';
  private _box: IBox | null = null;
  private _footprints: SearchMap.IFootprint[] = [];
  private _highlight: string | null = null;
  private _dragStart: [number, number] | null = null;
  private _boxDrawn = new Signal<this, IBox>(this);
}

/**
 * The statics of SearchMap.
 */
export namespace SearchMap {
  /**
   * The options of a search map.
   */
  export interface IOptions {
    /**
     * The translation bundle of the suite.
     */
    trans: TranslationBundle;
  }

  /**
   * A granule footprint: one or more lon/lat lines.
   */
  export interface IFootprint {
    id: string;
    lines: LonLat[][];
  }
}

namespace Private {
  let landFeature: Feature<MultiPolygon> | null = null;

  /**
   * Natural Earth land polygons, decoded once.
   */
  export function land(): Feature<Geometry> {
    if (!landFeature) {
      const topology = land110m as unknown as Topology;
      landFeature = feature(
        topology,
        topology.objects.land
      ) as unknown as Feature<MultiPolygon>;
    }
    return landFeature;
  }
}
