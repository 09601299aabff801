import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { geoGraticule10, GeoPath, geoPath } from 'd3-geo';

import type { DrawMode } from './formstate';
import { boxRing, IBox, LonLat, MapView } from './geo';
import {
  boxFromDrag,
  landOutline,
  lonLatAt,
  MAP_SIZE,
  projectionOf
} from './mapshapes';
import { PolygonSketch } from './sketch';

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * The search map: land outlines shipped with the extension (Natural Earth
 * 1:110m, works offline), in a global view and the Arctic and Antarctic polar
 * stereographic views; drag to draw a search box, or click the points of a
 * polygon (Enter or a click on the first point closes it, Backspace drops the
 * last point, Escape starts again); granule footprints drawn on top, one of
 * them highlighted.
 */
export class SearchMap extends Widget {
  constructor(options: SearchMap.IOptions) {
    super();
    this._trans = options.trans;
    this.addClass('jp-hackweek-SearchMap');
    this._svg = document.createElementNS(SVG_NS, 'svg');
    this._svg.setAttribute('role', 'img');
    this._svg.setAttribute('tabindex', '0');
    this.node.appendChild(this._svg);
    for (const type of [
      'pointerdown',
      'pointermove',
      'pointerup',
      'pointercancel',
      'keydown'
    ]) {
      this._svg.addEventListener(type, this);
    }
    this._render();
  }

  /**
   * Emitted when the user closes a drawn polygon (three points or more).
   */
  get polygonDrawn(): ISignal<this, LonLat[]> {
    return this._polygonDrawn;
  }

  /**
   * What dragging or clicking draws: a box or a polygon.
   */
  get mode(): DrawMode {
    return this._mode;
  }
  set mode(mode: DrawMode) {
    if (mode !== this._mode) {
      this._mode = mode;
      this._sketch.clear();
      this._render();
    }
  }

  /**
   * The search polygon shown on the map, or null.
   */
  get polygon(): readonly LonLat[] | null {
    return this._polygon;
  }
  set polygon(polygon: readonly LonLat[] | null) {
    this._polygon = polygon;
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
      this._dragStart = null;
      this._sketch.clear();
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
   * Handle the pointer and key events of drawing a box or a polygon.
   */
  handleEvent(event: Event): void {
    if (event.type === 'keydown') {
      this._onKey(event as KeyboardEvent);
      return;
    }
    const pointer = event as PointerEvent;
    const point = this._svgPoint(pointer);
    switch (event.type) {
      case 'pointerdown':
        if (pointer.button !== 0) {
          return; // the primary button draws; others open menus
        }
        this._dragStart = point;
        this._svg.setPointerCapture?.(pointer.pointerId);
        break;
      case 'pointermove':
        if (this._mode === 'polygon') {
          this._drawRubber(point);
        } else if (this._dragStart) {
          this._drawDragRect(this._dragStart, point);
        }
        break;
      case 'pointercancel':
        this._dragStart = null;
        this._render();
        break;
      case 'pointerup':
        if (this._dragStart) {
          const start = this._dragStart;
          this._dragStart = null;
          if (this._mode === 'polygon') {
            this._click(start, point);
            break;
          }
          const box = boxFromDrag(this._view, start, point);
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

  private _onKey(event: KeyboardEvent): void {
    if (this._mode !== 'polygon' || !this._sketch.points.length) {
      return;
    }
    if (event.key === 'Enter' && this._sketch.canClose) {
      this._closePolygon();
    } else if (event.key === 'Backspace') {
      this._sketch.undo();
      this._render();
    } else if (event.key === 'Escape') {
      this._sketch.clear();
      this._render();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private _click(down: [number, number], up: [number, number]): void {
    const lonLat = lonLatAt(this._view, up);
    if (Math.hypot(up[0] - down[0], up[1] - down[1]) > 4 || !lonLat) {
      return; // a drag, or a click off the Earth
    }
    if (this._sketch.click(up, lonLat) === 'closed') {
      this._closePolygon();
    } else {
      this._render();
    }
  }

  private _closePolygon(): void {
    const points = [...this._sketch.points];
    this._sketch.clear();
    this.polygon = points;
    this._polygonDrawn.emit(points);
  }

  private _drawRubber(point: [number, number]): void {
    const last = this._sketch.screen[this._sketch.screen.length - 1];
    let line = this._svg.querySelector('.jp-hackweek-SearchMap-rubber');
    if (!last) {
      line?.remove();
      return;
    }
    if (!line) {
      line = document.createElementNS(SVG_NS, 'line');
      line.setAttribute('class', 'jp-hackweek-SearchMap-rubber');
      this._svg.appendChild(line);
    }
    line.setAttribute('x1', String(last[0]));
    line.setAttribute('y1', String(last[1]));
    line.setAttribute('x2', String(point[0]));
    line.setAttribute('y2', String(point[1]));
  }

  private _render(): void {
    const [width, height] = MAP_SIZE[this._view];
    const projection = projectionOf(this._view);
    const path = geoPath(projection);
    this._svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this._svg.setAttribute(
      'aria-label',
      this._mode === 'polygon'
        ? this._trans.__(
            'Map (%1 view): click to add the points of a search polygon, Enter to close it',
            this._viewLabel()
          )
        : this._trans.__(
            'Map (%1 view): drag to draw a search box',
            this._viewLabel()
          )
    );
    this._svg.replaceChildren();
    this._append(path, { type: 'Sphere' }, 'jp-hackweek-SearchMap-sphere');
    this._append(path, geoGraticule10(), 'jp-hackweek-SearchMap-graticule');
    this._append(path, landOutline(), 'jp-hackweek-SearchMap-land');
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
    if (this._polygon) {
      const ring = [...this._polygon, this._polygon[0]];
      this._append(
        path,
        { type: 'LineString', coordinates: ring },
        'jp-hackweek-SearchMap-polygon'
      );
    }
    this._renderSketch(path);
  }

  /**
   * The polygon being drawn: its edges and a dot on each point (the first
   * one marked once a click on it would close the polygon).
   */
  private _renderSketch(path: GeoPath): void {
    const { points, screen, canClose } = this._sketch;
    if (points.length > 1) {
      this._append(
        path,
        { type: 'LineString', coordinates: [...points] },
        'jp-hackweek-SearchMap-sketch'
      );
    }
    screen.forEach(([x, y], index) => {
      const dot = document.createElementNS(SVG_NS, 'circle');
      dot.setAttribute('cx', String(x));
      dot.setAttribute('cy', String(y));
      dot.setAttribute('r', index === 0 && canClose ? '4' : '2.5');
      dot.setAttribute('class', 'jp-hackweek-SearchMap-vertex');
      dot.classList.toggle('jp-mod-first', index === 0 && canClose);
      this._svg.appendChild(dot);
    });
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
    const [width, height] = MAP_SIZE[this._view];
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
  private _mode: DrawMode = 'box';
  private _polygon: readonly LonLat[] | null = null;
  private _sketch = new PolygonSketch();
  private _polygonDrawn = new Signal<this, LonLat[]>(this);
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
