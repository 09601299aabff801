/**
 * The ICESat-2 quick looks' common parts (props, the beam picker, the
 * attributes table, theme colours) and the heights quick look: a product's
 * main height along track, one beam at a time (ATL06's `h_li` against
 * `x_atc`), from `h5/profile`'s min/max per pixel column, with `@h5web/lib`.
 */

import {
  Annotation,
  CurveType,
  DataCurve,
  DefaultInteractions,
  getDomain,
  ResetZoomButton,
  useCameraState,
  useCanvasEvent,
  useVisCanvasContext,
  VisCanvas
} from '@h5web/lib';
import { useThree } from '@react-three/fiber';
import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useMemo, useState } from 'react';

import type { ISearchMaps } from '../nsidc/tokens';
import { requestAPI, requestAPIResponse } from '../request';
import {
  attrText,
  BEAMS,
  beamStrength,
  classOf,
  COLUMNS,
  envelope,
  fileArgument,
  IViewCode,
  nearestIndex,
  profileQuery,
  qualityPath,
  quickLookCode,
  quickLookPaths,
  trackPaths,
  zoomedEnvelope,
  zoomQuery
} from './files';
import type { ProfilePrefetch } from './prefetch';
import { GroundTrackMap } from './track';
import type { IDataFile, IViewState } from './tokens';
import type { AttrValue, IProfileReply } from './types';

/**
 * What every quick look gets from the viewer.
 */
export interface IQuickLookProps {
  file: IDataFile;
  serverSettings: ServerConnection.ISettings;
  trans: TranslationBundle;
  product: string;
  beam: string;
  onBeam: (beam: string) => void;
  /** Whether heights are coloured by the product's quality flag. */
  byQuality: boolean;
  onByQuality: (on: boolean) => void;
  /** The column (surface type) of ATL03's signal confidence. */
  surface: number;
  onSurface: (surface: number) => void;
  /**
   * The zoom to show once the first profile is drawn (the one restored, or
   * kept across a visit to Explore), and the zoom reported as it changes.
   */
  zoom: IViewState['zoom'];
  onZoom: (zoom: IViewState['zoom']) => void;
  /** Called with the view as code once its profile is shown. */
  onCode: (code: IViewCode | null) => void;
  /** The NSIDC search's maps, for the ground tracks (none without it). */
  maps: ISearchMaps | null;
  /** The first profile, asked for while the viewer's code loaded. */
  prefetch: ProfilePrefetch | null;
}

/**
 * A profile as drawn: the route's reply, the query it answers and its size.
 */
export interface IShownProfile {
  query: string;
  reply: IProfileReply;
  bytes: number;
}

/**
 * The `h5/profile` reply to `query` (the viewer's prefetch when it asked the
 * same): `profile` is the last reply received, which answers `query` once
 * `profile.query === query`; nothing is asked for a null query.
 */
export function useProfile(
  props: Pick<IQuickLookProps, 'serverSettings' | 'trans' | 'prefetch'>,
  query: string | null
): { profile: IShownProfile | null; error: string | null } {
  const [profile, setProfile] = useState<IShownProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    if (query === null) {
      return;
    }
    let current = true;
    // a zoom passed by before its reply came: not read any further
    const cancel = new AbortController();
    const text =
      props.prefetch?.take(query) ??
      requestAPIResponse(props.serverSettings, `h5/profile?${query}`, {
        trans: props.trans,
        signal: cancel.signal
      }).then(response => response.text());
    text.then(
      value =>
        current &&
        setProfile({
          query,
          reply: JSON.parse(value) as IProfileReply,
          bytes: value.length
        }),
      (reason: Error) => current && setError(reason.message)
    );
    return () => {
      current = false;
      cancel.abort();
    };
  }, [query]);
  return { profile, error };
}

/**
 * How long the view must rest after a zoom or a pan before its finer
 * profile is asked for (ms).
 */
const ZOOM_REST = 120;

/**
 * Reports the ranges a `VisCanvas` shows, and whether it is zoomed in (a
 * camera scale below 1, when h5web shows "Reset zoom"), once the view has
 * rested after a zoom or a pan.
 */
function VisibleRange(props: {
  onRange: (x: [number, number], y: [number, number], zoomed: boolean) => void;
}): null {
  const { getVisibleDomains } = useVisCanvasContext();
  const [x0, x1, y0, y1, zoomed] = useCameraState(
    camera => {
      const { xVisibleDomain, yVisibleDomain } = getVisibleDomains(camera);
      const scaled = camera.scale.x < 1 || camera.scale.y < 1;
      return [...xVisibleDomain, ...yVisibleDomain, scaled ? 1 : 0];
    },
    [getVisibleDomains],
    (a, b) => a.every((end, i) => end === b[i])
  );
  useEffect(() => {
    const timer = setTimeout(
      () => props.onRange([x0, x1], [y0, y1], zoomed === 1),
      ZOOM_REST
    );
    return () => clearTimeout(timer);
  }, [x0, x1, y0, y1, zoomed]);
  return null;
}

/**
 * How long a `VisCanvas`'s size must rest before a kept zoom is shown (ms):
 * h5web's canvas takes its size 200 ms after a change, and then re-centres
 * its camera on the data point it showed (its `ViewportCenterer`), which
 * would undo a zoom shown before.
 */
const SIZE_REST = 250;

/**
 * Moves a `VisCanvas`'s camera, once its size has rested, to show these
 * ranges (in the plot's coordinates), as h5web's own zoom would (a camera
 * scale below 1).
 */
function ShowRange(props: {
  x: [number, number];
  y: [number, number];
  onShown: () => void;
}): null {
  const { abscissaScale, ordinateScale, canvasSize } = useVisCanvasContext();
  const camera = useThree(state => state.camera);
  const invalidate = useThree(state => state.invalidate);
  useEffect(() => {
    const timer = setTimeout(() => {
      const [left, right] = props.x.map(x => abscissaScale(x));
      const [bottom, top] = props.y.map(y => ordinateScale(y));
      camera.scale.x = Math.min(1, Math.abs(right - left) / canvasSize.width);
      camera.scale.y = Math.min(1, Math.abs(top - bottom) / canvasSize.height);
      camera.position.x = (left + right) / 2;
      camera.position.y = (bottom + top) / 2;
      camera.updateMatrixWorld();
      invalidate();
      props.onShown();
    }, SIZE_REST);
    return () => clearTimeout(timer);
  }, [abscissaScale, ordinateScale, canvasSize.width, canvasSize.height]);
  return null;
}

/**
 * A quick look's zoom: the finer profile of the range its plot shows when
 * zoomed in (the same query with `lo` and `hi`), the zoom reported to the
 * viewer (`onZoom`, in the file's x; null when whole) and the zoom it was
 * given shown once, when the first profile is drawn; `tracker` holds the
 * plot's children that do it. `toFile` and `toPlot` turn the plot's x into
 * the file's and back.
 */
export function useZoom(
  props: Pick<
    IQuickLookProps,
    'serverSettings' | 'trans' | 'prefetch' | 'zoom' | 'onZoom'
  >,
  shown: IShownProfile | null,
  toFile: (x: number) => number,
  toPlot: (x: number) => number
): {
  finer: IProfileReply | null;
  tracker: JSX.Element;
} {
  // the range shown, and the profile it was shown for (a new one starts whole)
  const [visible, setVisible] = useState<{
    of: string;
    range: [number, number];
  } | null>(null);
  const query =
    shown && visible?.of === shown.query
      ? zoomQuery(
          shown.query,
          [shown.reply.x.lo, shown.reply.x.hi],
          [toFile(visible.range[0]), toFile(visible.range[1])]
        )
      : null;
  const { profile } = useProfile(props, query);
  const finer =
    profile && query !== null && profile.query === query ? profile.reply : null;
  // the zoom given is shown on the first profile drawn, once
  const [pending, setPending] = useState(props.zoom);
  const of = shown?.query ?? '';
  const onRange = (
    x: [number, number],
    y: [number, number],
    zoomed: boolean
  ) => {
    setVisible({ of, range: x });
    props.onZoom(
      zoomed
        ? {
            x: [toFile(Math.min(...x)), toFile(Math.max(...x))],
            y: [Math.min(...y), Math.max(...y)]
          }
        : null
    );
  };
  return {
    finer,
    tracker: (
      <>
        <VisibleRange onRange={onRange} />
        {pending && shown && (
          <ShowRange
            x={[toPlot(pending.x[0]), toPlot(pending.x[1])]}
            y={pending.y}
            onShown={() => setPending(null)}
          />
        )}
      </>
    )
  };
}

/**
 * What a zoomed-in quick look draws from its finer profile.
 */
export function ZoomNote(props: {
  trans: TranslationBundle;
  finer: IProfileReply | null;
}): JSX.Element | null {
  const { trans, finer } = props;
  if (!finer) {
    return null;
  }
  return (
    <div className="jp-hackweek-QuickLook-zoom">
      {trans.__(
        'Zoomed in: the %1 values in view are drawn from %2 finer columns',
        finer.count.reduce((a, b) => a + b, 0).toLocaleString(),
        finer.columns
      )}
    </div>
  );
}

/**
 * Reports the abscissa under the pointer in a `VisCanvas` (null when it
 * leaves).
 */
function PointerX(props: { onX: (x: number | null) => void }): null {
  useCanvasEvent('pointermove', event => props.onX(event.dataPt.x));
  useCanvasEvent('pointerleave', () => props.onX(null));
  return null;
}

/**
 * A CSS variable of the theme (for WebGL colours, which CSS cannot reach).
 */
export function themeColor(name: string, fallback: string): string {
  return (
    getComputedStyle(document.body).getPropertyValue(name).trim() || fallback
  );
}

/**
 * An axis tick as a plain number (1,400 rather than h5web's 1.4e+3).
 */
export function plainTick(value: number): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: 2 });
}

/**
 * The six beams as radio buttons (arrow keys move between them); with the
 * spacecraft's orientation, strong beams bold and each labelled.
 */
export function BeamPicker(
  props: IQuickLookProps & { scOrient?: number | null }
): JSX.Element {
  const { file, trans, beam, onBeam } = props;
  const strength = (name: string) => beamStrength(name, props.scOrient ?? null);
  return (
    <div
      className="jp-hackweek-QuickLook-beams"
      role="radiogroup"
      aria-label={trans.__('Beam')}
    >
      {BEAMS.map(name => (
        <label
          key={name}
          className={
            strength(name) === 'strong'
              ? 'jp-hackweek-QuickLook-beam jp-mod-strong'
              : 'jp-hackweek-QuickLook-beam'
          }
          data-strength={strength(name) ?? ''}
        >
          <input
            type="radio"
            name={`beam-${fileArgument(file)}`}
            value={name}
            checked={beam === name}
            onChange={() => onBeam(name)}
          />
          {name}
          {strength(name) && (
            <span className="jp-hackweek-QuickLook-strength">
              {strength(name) === 'strong'
                ? trans.__('strong')
                : trans.__('weak')}
            </span>
          )}
        </label>
      ))}
    </div>
  );
}

/**
 * The legend of a quick look drawn per class: each class's colour and text.
 */
export function ClassLegend(props: {
  label: string;
  entries: { value: number; color: string; text: string }[];
}): JSX.Element {
  return (
    <ul className="jp-hackweek-PhotonLook-legend" aria-label={props.label}>
      {props.entries.map(entry => (
        <li key={entry.value} data-class={entry.value}>
          <span
            className="jp-hackweek-PhotonLook-swatch"
            style={{ background: entry.color }}
          />
          {entry.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * A dataset's attributes as a table.
 */
export function AttributesTable(props: {
  trans: TranslationBundle;
  path: string;
  attrs: Record<string, AttrValue>;
}): JSX.Element {
  return (
    <table className="jp-hackweek-QuickLook-attrs">
      <caption>{props.trans.__('Attributes of %1', props.path)}</caption>
      <tbody>
        {Object.entries(props.attrs).map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{attrText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Heights along track, one beam at a time, from the min/max profile: fill
 * values are masked by the server, so the line's range is the real heights'.
 */
export function HeightsQuickLook(props: IQuickLookProps): JSX.Element {
  const { file, serverSettings, trans, product, beam } = props;
  const paths = quickLookPaths(product, beam)!;
  // coloured by the product's quality flag, when it has one and it is ticked
  const quality = props.byQuality ? qualityPath(product, beam) : null;
  const query = profileQuery(file, paths, COLUMNS, quality);
  const { profile, error } = useProfile(props, query);
  const reply = profile?.reply ?? null;
  // the spacecraft's orientation, which tells strong beams from weak ones
  const [scOrient, setScOrient] = useState<number | null>(null);
  useEffect(() => {
    const query = new URLSearchParams({
      file: fileArgument(file),
      path: '/orbit_info/sc_orient',
      format: 'json',
      flatten: 'true'
    });
    requestAPI<number[]>(serverSettings, `h5/data?${query}`, { trans }).then(
      value => setScOrient(Array.isArray(value) ? value[0] : null),
      () => setScOrient(null) // not in this file: beams not told apart
    );
  }, []);
  // metres along track as km from the first column: 3.7e7 m would be every tick
  const km = reply ? attrText(reply.x.attrs.units ?? '') === 'meters' : false;
  const start = reply?.x.lo ?? 0;
  const shift = km ? start : 0;
  const scale = km ? 1000 : 1;
  const toPlot = (x: number) => (x - shift) / scale;
  const toFile = (x: number) => x * scale + shift;
  const shown = reply !== null && profile!.query === query;
  // zoomed in: the visible range's finer columns in place of the coarse ones
  const { finer, tracker } = useZoom(
    props,
    shown ? profile : null,
    toFile,
    toPlot
  );
  const line = useMemo(
    () => (reply ? zoomedEnvelope(reply, finer, shift, scale) : null),
    [reply, finer]
  );
  // the axes' extent is the whole profile's, zoomed or not
  const whole = useMemo(
    () => (reply ? envelope(reply, shift, scale) : null),
    [reply]
  );
  const strength = beamStrength(beam, scOrient);
  // linked to the map: the along-track coordinate (the file's own, not km)
  // under the plot's pointer, and the one of the track point under the map's
  const [plotX, setPlotX] = useState<number | null>(null);
  const [mapX, setMapX] = useState<number | null>(null);
  const mapMark = useMemo(() => {
    if (mapX === null || !line || !line.x.length) {
      return null;
    }
    const at = nearestIndex(line.x, toPlot(mapX));
    return { x: line.x[at], y: line.y[at] };
  }, [mapX, line]);
  const tracked = props.maps && trackPaths(product, beam);
  useEffect(() => {
    props.onCode(
      shown ? quickLookCode(paths, beam, reply.y.dtype, reply.by) : null
    );
  }, [shown, reply, beam]);
  const units = reply ? attrText(reply.y.attrs.units ?? '') : '';
  const xUnits = reply ? attrText(reply.x.attrs.units ?? '') : '';
  const yName = paths.y.split('/').pop()!;
  const xName = paths.x.split('/').pop()!;
  const color = useMemo(() => themeColor('--jp-brand-color1', '#1976d2'), []);
  const doubtful = useMemo(() => themeColor('--jp-warn-color0', '#e65100'), []);
  // per quality class (0 best, 1 possible problems), when coloured by it
  const classes = useMemo(
    () =>
      (shown && reply.classes ? reply.classes : []).map(entry => ({
        value: entry.value,
        segments: entry.count.reduce((a, b) => a + b, 0),
        line: zoomedEnvelope(
          classOf(reply!, entry.value),
          finer && classOf(finer, entry.value),
          shift,
          scale
        ),
        color: entry.value === 0 ? color : doubtful
      })),
    [reply, shown, finer]
  );
  const xDomain = whole ? getDomain(whole.x) : undefined;
  const yDomain = whole ? getDomain(whole.y) : undefined;
  return (
    <div
      className="jp-hackweek-QuickLook"
      data-beam={shown ? beam : ''}
      data-y-min={shown ? String(reply.y.min) : ''}
      data-y-max={shown ? String(reply.y.max) : ''}
      data-masked={shown ? String(reply.masked) : ''}
      data-units={shown ? units : ''}
      data-strength={shown ? (strength ?? '') : ''}
      data-classes={classes.map(entry => entry.value).join(',')}
      data-zoom={finer ? `${finer.x.lo},${finer.x.hi}` : ''}
    >
      <BeamPicker {...props} scOrient={scOrient} />
      {qualityPath(product, beam) && (
        <label className="jp-hackweek-QuickLook-quality">
          <input
            type="checkbox"
            checked={props.byQuality}
            onChange={event => props.onByQuality(event.target.checked)}
          />
          {trans.__('Colour by %1', 'atl06_quality_summary')}
        </label>
      )}
      {error && <div className="jp-hackweek-Viewer-error">{error}</div>}
      {!reply && !error && <div>{trans.__('Reading the profile…')}</div>}
      {shown && (
        <div className="jp-hackweek-QuickLook-summary">
          {trans.__(
            '%1 of %2: %3 values, %4 fill or out-of-range values masked; %5 to %6 %7',
            yName,
            beam,
            reply.values,
            reply.masked,
            reply.y.min?.toFixed(2) ?? '—',
            reply.y.max?.toFixed(2) ?? '—',
            units
          )}
        </div>
      )}
      <ZoomNote trans={trans} finer={finer} />
      {classes.length > 0 && (
        <ClassLegend
          label={trans.__('Quality classes')}
          entries={classes.map(entry => ({
            value: entry.value,
            color: entry.color,
            text: trans.__(
              '%1 (%2): %3 segments',
              entry.value === 0
                ? trans.__('best quality')
                : trans.__('possible problems'),
              entry.value,
              entry.segments
            )
          }))}
        />
      )}
      <div className="jp-hackweek-QuickLook-main">
        {shown && line && xDomain && yDomain ? (
          <div
            className="jp-hackweek-QuickLook-plot"
            data-marked={mapMark ? String(mapMark.x) : ''}
          >
            <VisCanvas
              title={
                strength === 'strong'
                  ? trans.__('%1 along track, %2 (strong beam)', yName, beam)
                  : strength === 'weak'
                    ? trans.__('%1 along track, %2 (weak beam)', yName, beam)
                    : trans.__('%1 along track, %2', yName, beam)
              }
              abscissaConfig={{
                visDomain: xDomain,
                showGrid: true,
                label: km
                  ? trans.__(
                      '%1 from %2 km (km)',
                      xName,
                      (start / 1000).toLocaleString(undefined, {
                        maximumFractionDigits: 3
                      })
                    )
                  : xUnits
                    ? `${xName} (${xUnits})`
                    : xName
              }}
              ordinateConfig={{
                visDomain: yDomain,
                showGrid: true,
                label: units ? `${yName} (${units})` : yName,
                formatTick: plainTick
              }}
            >
              <DefaultInteractions />
              <ResetZoomButton />
              <PointerX onX={x => setPlotX(x === null ? null : toFile(x))} />
              {tracker}
              {mapMark && (
                <Annotation x={mapMark.x} y={mapMark.y} center>
                  <div className="jp-hackweek-QuickLook-mark" />
                </Annotation>
              )}
              {(classes.length ? classes : [{ value: 0, line, color }]).map(
                entry => (
                  <DataCurve
                    // a curve of its own per mode: h5web does not redraw one
                    // whose curve type changes
                    key={`${classes.length ? 'class' : 'all'}-${entry.value}`}
                    abscissas={entry.line.x}
                    ordinates={entry.line.y}
                    color={entry.color}
                    // (classes as lines: h5web draws the glyphs of one curve
                    // only when several share a canvas)
                    curveType={
                      classes.length
                        ? CurveType.LineOnly
                        : CurveType.LineAndGlyphs
                    }
                    width={strength === 'strong' ? 2 : 1}
                    glyphSize={strength === 'strong' ? 5 : 4}
                  />
                )
              )}
            </VisCanvas>
          </div>
        ) : (
          <div className="jp-hackweek-QuickLook-plot" />
        )}
        {/* kept while beams change: the tracks are read once per file */}
        {tracked && props.maps && (
          <GroundTrackMap
            {...props}
            maps={props.maps}
            markedX={plotX}
            onPointedX={setMapX}
          />
        )}
      </div>
      {shown && (
        <AttributesTable trans={trans} path={paths.y} attrs={reply.y.attrs} />
      )}
    </div>
  );
}
