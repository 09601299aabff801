import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { geoGraticule10, GeoPath, geoPath, GeoProjection } from 'd3-geo';

import type { DrawMode } from './formstate';
import { boxRing, IBox, LonLat, MapView } from './geo';
import {
  boxFromDrag,
  IProjectedLine,
  landOutline,
  lonLatAt,
  MAP_SIZE,
  nearestVertex,
  projectionOf
} from './mapshapes';
import { latitudeRings, PlaceKey, placeLabels } from './places';
import { PolygonSketch } from './sketch';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The most the map zooms in (unless its options say otherwise).
 */
export const MAX_ZOOM = 8;

/**
 * Label size in map units at zoom 1.
 */
const LABEL_SIZE = 4.5;

/**
 * The centre of a zoomed view, moved so the view stays on the map.
 */
function clampCenter(
  center: [number, number],
  zoom: number,
  width: number,
  height: number
): [number, number] {
  const [hw, hh] = [width / zoom / 2, height / zoom / 2];
  return [
    Math.min(width - hw, Math.max(hw, center[0])),
    Math.min(height - hh, Math.max(hh, center[1]))
  ];
}
/**
 * The search map: land outlines shipped with the extension (Natural Earth
 * 1:110m, works offline), in a global view and the Arctic and Antarctic polar
 * stereographic views; drag to draw a search box, or click the points of a
 * polygon (Enter or a click on the first point closes it, Backspace drops the
 * last point, Escape starts again); granule footprints drawn on top, one of
 * them highlighted. With `detail` (the search workspace's large map) it also
 * rings 60°, 70° and 80° in the polar views, names the polar regions, zooms
 * (`zoomBy`, the wheel) and reports the footprint (and its point) under the
 * pointer. With `draw: false` (the data viewer's map of ground tracks) it only
 * shows: nothing is drawn by dragging or clicking.
 */
export class SearchMap extends Widget {
  constructor(options: SearchMap.IOptions) {
    super();
    this._trans = options.trans;
    this._detail = !!options.detail;
    this._draw = options.draw ?? true;
    this._maxZoom = options.maxZoom ?? MAX_ZOOM;
    this.addClass('jp-hackweek-SearchMap');
    this.toggleClass('jp-mod-detail', this._detail);
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
    if (this._detail) {
      this._svg.addEventListener('wheel', this, { passive: false });
      this._svg.addEventListener('pointerover', this);
      this._svg.addEventListener('pointerout', this);
      this._svg.addEventListener('pointerleave', this);
    }
    this._render();
  }

  /**
   * Emitted with the granule id of the footprint under the pointer, or null
   * when the pointer leaves it (`detail` maps only).
   */
  get footprintHovered(): ISignal<this, string | null> {
    return this._footprintHovered;
  }

  /**
   * Emitted with the footprint point nearest the pointer (a few pixels away
   * on screen at most), or null when the pointer leaves it (`detail` maps
   * only).
   */
  get pointed(): ISignal<this, SearchMap.IPointed | null> {
    return this._pointed;
  }

  /**
   * The zoom: 1 shows the whole view, up to `maxZoom`.
   */
  get zoom(): number {
    return this._zoom;
  }

  /**
   * Zoom by `factor` about a map point (the middle of what is shown by
   * default), keeping that point where it is on screen.
   */
  zoomBy(factor: number, about?: [number, number]): void {
    const [width, height] = MAP_SIZE[this._view];
    const zoom = Math.min(this._maxZoom, Math.max(1, this._zoom * factor));
    const [ax, ay] = about ?? this._center;
    const ratio = this._zoom / zoom;
    this._zoom = zoom;
    this._center = clampCenter(
      [
        ax + (this._center[0] - ax) * ratio,
        ay + (this._center[1] - ay) * ratio
      ],
      zoom,
      width,
      height
    );
    this._render();
    this._zoomChanged.emit(zoom);
  }

  /**
   * What is shown: the view, the zoom and the map point in the middle.
   */
  get frame(): SearchMap.IFrame {
    return { view: this._view, zoom: this._zoom, center: [...this._center] };
  }

  /**
   * Show a frame again (a saved one): ignored unless it is of the current
   * view; the zoom and centre are kept within the map.
   */
  setFrame(frame: SearchMap.IFrame): void {
    if (frame.view !== this._view) {
      return;
    }
    const [width, height] = MAP_SIZE[this._view];
    const zoom = Math.min(this._maxZoom, Math.max(1, frame.zoom));
    this._center = clampCenter(frame.center, zoom, width, height);
    if (zoom !== this._zoom) {
      this._zoom = zoom;
      this._zoomChanged.emit(zoom);
    }
    this._render();
  }

  /**
   * Emitted with the new zoom when it changes (the centre changes with it).
   */
  get zoomChanged(): ISignal<this, number> {
    return this._zoomChanged;
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
      const [width, height] = MAP_SIZE[view];
      this._center = [width / 2, height / 2];
      if (this._zoom !== 1) {
        this._zoom = 1;
        this._zoomChanged.emit(1);
      }
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
   * Mark one place (a point of a track), or none.
   */
  setMarker(lonLat: LonLat | null): void {
    this._marker = lonLat;
    this._svg.querySelector('.jp-hackweek-SearchMap-marker')?.remove();
    this._renderMarker();
  }

  /**
   * Frame these lines: centred, as large as the zoom allows with a margin.
   */
  fitTo(lines: LonLat[][]): void {
    const [[x0, y0], [x1, y1]] = geoPath(projectionOf(this._view)).bounds({
      type: 'MultiLineString',
      coordinates: lines
    });
    if (![x0, y0, x1, y1].every(Number.isFinite)) {
      return;
    }
    const [width, height] = MAP_SIZE[this._view];
    const margin = 1.6;
    this.setFrame({
      view: this._view,
      zoom: Math.min(
        width / Math.max((x1 - x0) * margin, 1e-9),
        height / Math.max((y1 - y0) * margin, 1e-9)
      ),
      center: [(x0 + x1) / 2, (y0 + y1) / 2]
    });
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
    if (event.type === 'wheel') {
      const wheel = event as WheelEvent;
      wheel.preventDefault();
      this.zoomBy(wheel.deltaY < 0 ? 1.25 : 0.8, this._svgPoint(wheel));
      return;
    }
    if (event.type === 'pointerleave') {
      this._point(null);
      return;
    }
    if (event.type === 'pointerover' || event.type === 'pointerout') {
      const target = event.target as Element;
      if (target.classList?.contains('jp-hackweek-SearchMap-footprint')) {
        const id = target.getAttribute('data-id');
        if (event.type === 'pointerover') {
          this.setHighlight(id);
          this._footprintHovered.emit(id);
        } else if (this._highlight === id) {
          // Left this footprint (and no row took the highlight meanwhile)
          this.setHighlight(null);
          this._footprintHovered.emit(null);
        }
      }
      return;
    }
    const pointer = event as PointerEvent;
    const point = this._svgPoint(pointer);
    if (this._detail && event.type === 'pointermove' && !this._dragStart) {
      this._point(point);
    }
    if (!this._draw) {
      return;
    }
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

  /**
   * Report the footprint point within a few screen pixels of a map point.
   */
  private _point(at: [number, number] | null): void {
    const matrix = this._svg.getScreenCTM?.();
    const radius = 6 / (matrix?.a || this._zoom);
    const near = at ? nearestVertex(this._vertices, at, radius) : null;
    const old = this._pointedAt;
    if (
      near?.id !== old?.id ||
      near?.line !== old?.line ||
      near?.index !== old?.index
    ) {
      this._pointedAt = near;
      this._pointed.emit(near);
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
    this._projection = projection;
    const path = geoPath(projection);
    const [w, h] = [width / this._zoom, height / this._zoom];
    const [x0, y0] = [this._center[0] - w / 2, this._center[1] - h / 2];
    this._svg.setAttribute('viewBox', `${x0} ${y0} ${w} ${h}`);
    this._svg.setAttribute(
      'aria-label',
      !this._draw
        ? this._trans.__('Map (%1 view)', this._viewLabel())
        : this._mode === 'polygon'
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
    this._vertices = [];
    this._append(path, { type: 'Sphere' }, 'jp-hackweek-SearchMap-sphere');
    this._append(path, geoGraticule10(), 'jp-hackweek-SearchMap-graticule');
    this._append(path, landOutline(), 'jp-hackweek-SearchMap-land');
    if (this._detail) {
      this._renderRings(path);
    }
    for (const footprint of this._footprints) {
      if (this._detail) {
        // for the point under the pointer (only detail maps report it)
        footprint.lines.forEach((line, index) =>
          this._vertices.push({
            id: footprint.id,
            line: index,
            points: line.map(lonLat => projection(lonLat))
          })
        );
      }
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
    if (this._detail) {
      this._renderPlaces();
    }
    this._renderSketch(path);
    this._renderMarker();
  }

  private _renderMarker(): void {
    const point = this._marker && this._projection(this._marker);
    if (!point) {
      return;
    }
    const dot = document.createElementNS(SVG_NS, 'circle');
    dot.setAttribute('cx', String(point[0]));
    dot.setAttribute('cy', String(point[1]));
    dot.setAttribute('r', String(3 / this._zoom));
    dot.setAttribute('class', 'jp-hackweek-SearchMap-marker');
    dot.setAttribute('data-lon', String(this._marker![0]));
    dot.setAttribute('data-lat', String(this._marker![1]));
    this._svg.appendChild(dot);
  }

  /**
   * The polar views' latitude rings, each with its latitude.
   */
  private _renderRings(path: GeoPath): void {
    for (const ring of latitudeRings(this._view)) {
      this._append(
        path,
        { type: 'LineString', coordinates: ring.line },
        'jp-hackweek-SearchMap-ring'
      );
      const text = this._text(
        ring.label.x,
        ring.label.y,
        ring.lat > 0
          ? this._trans.__('%1°N', ring.lat)
          : this._trans.__('%1°S', -ring.lat),
        'jp-hackweek-SearchMap-ringLabel'
      );
      text.setAttribute('data-lat', String(ring.lat));
    }
  }

  /**
   * The names of the polar regions, where the projection puts them.
   */
  private _renderPlaces(): void {
    for (const { place, x, y } of placeLabels(this._view)) {
      const text = this._text(
        x,
        y,
        this._placeName(place.key),
        'jp-hackweek-SearchMap-place'
      );
      text.setAttribute('data-place', place.key);
      text.classList.toggle('jp-mod-sea', !place.land);
    }
  }

  /**
   * A text centred on a map point, the same size on screen at any zoom.
   */
  private _text(
    x: number,
    y: number,
    content: string,
    className: string
  ): SVGTextElement {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(x));
    text.setAttribute('y', String(y));
    text.setAttribute('dy', '0.35em');
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('font-size', String(LABEL_SIZE / this._zoom));
    text.setAttribute('class', className);
    text.textContent = content;
    this._svg.appendChild(text);
    return text;
  }

  private _placeName(key: PlaceKey): string {
    const trans = this._trans;
    switch (key) {
      case 'greenland':
        return trans.__('Greenland');
      case 'ellesmere':
        return trans.__('Ellesmere Island');
      case 'svalbard':
        return trans.__('Svalbard');
      case 'iceland':
        return trans.__('Iceland');
      case 'alaska':
        return trans.__('Alaska');
      case 'siberia':
        return trans.__('Siberia');
      case 'arcticOcean':
        return trans.__('Arctic Ocean');
      case 'antarctica':
        return trans.__('Antarctica');
      case 'peninsula':
        return trans.__('Antarctic Peninsula');
      case 'ross':
        return trans.__('Ross Ice Shelf');
      case 'weddell':
        return trans.__('Weddell Sea');
    }
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

  /**
   * The map point (viewBox units) under the pointer, whatever the zoom and
   * however the SVG is fitted into its box.
   */
  private _svgPoint(event: MouseEvent): [number, number] {
    const matrix = this._svg.getScreenCTM?.();
    if (matrix) {
      const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(
        matrix.inverse()
      );
      return [point.x, point.y];
    }
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
  private _detail: boolean;
  private _draw: boolean;
  private _maxZoom: number;
  private _marker: LonLat | null = null;
  /** The view's projection, as the last render drew it. */
  private _projection!: GeoProjection;
  private _vertices: IProjectedLine[] = [];
  private _pointedAt: SearchMap.IPointed | null = null;
  private _pointed = new Signal<this, SearchMap.IPointed | null>(this);
  private _zoom = 1;
  private _center: [number, number] = [
    MAP_SIZE.global[0] / 2,
    MAP_SIZE.global[1] / 2
  ];
  private _zoomChanged = new Signal<this, number>(this);
  private _footprintHovered = new Signal<this, string | null>(this);
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
    /**
     * The large map's details: latitude rings, place names, zoom and
     * footprint hover.
     */
    detail?: boolean;
    /**
     * Whether dragging and clicking draw a search box or polygon (the
     * default); false for a map that only shows.
     */
    draw?: boolean;
    /**
     * The most it zooms in: `MAX_ZOOM` by default (a search area); more for
     * a granule's tracks, a few hundred km long.
     */
    maxZoom?: number;
  }

  /**
   * A point of a footprint: the footprint, which of its lines, which point.
   */
  export interface IPointed {
    id: string;
    line: number;
    index: number;
  }

  /**
   * A map's view, zoom (1 to its `maxZoom`) and centre in map units.
   */
  export interface IFrame {
    view: MapView;
    zoom: number;
    center: [number, number];
  }

  /**
   * A saved frame, if `value` is one.
   */
  export function frameOf(value: unknown): IFrame | null {
    const record = (value ?? {}) as Record<string, unknown>;
    const { view, zoom, center } = record;
    const numbers = (...items: unknown[]) =>
      items.every(item => typeof item === 'number' && Number.isFinite(item));
    if (
      !['global', 'arctic', 'antarctic'].includes(view as string) ||
      !numbers(zoom) ||
      !Array.isArray(center) ||
      center.length !== 2 ||
      !numbers(...center)
    ) {
      return null;
    }
    return {
      view: view as MapView,
      zoom: zoom as number,
      center: [center[0], center[1]]
    };
  }

  /**
   * A granule footprint: one or more lon/lat lines.
   */
  export interface IFootprint {
    id: string;
    lines: LonLat[][];
  }
}
