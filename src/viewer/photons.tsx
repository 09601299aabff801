/**
 * ATL03's photon-cloud quick look: a beam's photon heights (`h_ph`) against
 * time along track, coloured by `signal_conf_ph` for one surface type (land
 * ice first). The server reduces millions of photons to the min and max of
 * each confidence class per pixel column (`h5/profile` with `by`); each class
 * is drawn with `@h5web/lib` as a band through its columns, the most
 * confident on top.
 */

import {
  CurveType,
  DataCurve,
  DefaultInteractions,
  getDomain,
  ResetZoomButton,
  VisCanvas
} from '@h5web/lib';
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useMemo } from 'react';

import {
  attrText,
  classOf,
  COLUMNS,
  envelope,
  photonQuery,
  quickLookCode,
  quickLookPaths,
  zoomedEnvelope
} from './files';
import {
  AttributesTable,
  BeamPicker,
  ClassLegend,
  IQuickLookProps,
  plainTick,
  themeColor,
  useProfile,
  useZoom,
  ZoomNote
} from './quicklook';

/**
 * The theme colour of each confidence class (noise faint, high strong).
 */
const CLASS_COLORS: Record<number, [string, string]> = {
  [-2]: ['--jp-error-color1', '#d32f2f'],
  [-1]: ['--jp-layout-color4', '#757575'],
  // a solid colour: WebGL drops the alpha of rgba() text colours
  0: ['--jp-border-color1', '#bdbdbd'],
  1: ['--jp-warn-color2', '#ffb74d'],
  2: ['--jp-warn-color0', '#e65100'],
  3: ['--jp-success-color1', '#388e3c'],
  4: ['--jp-brand-color1', '#1976d2']
};

/**
 * The surface types of `signal_conf_ph`'s columns, in order.
 */
function surfaceTypes(trans: TranslationBundle): string[] {
  return [
    trans.__('land'),
    trans.__('ocean'),
    trans.__('sea ice'),
    trans.__('land ice'),
    trans.__('inland water')
  ];
}

/**
 * A confidence class's name (ATL03's flag_meanings of `signal_conf_ph`).
 */
function confidenceName(trans: TranslationBundle, value: number): string {
  switch (value) {
    case -2:
      return trans.__('possible TEP');
    case -1:
      return trans.__('not considered');
    case 0:
      return trans.__('noise');
    case 1:
      return trans.__('buffer');
    case 2:
      return trans.__('low');
    case 3:
      return trans.__('medium');
    case 4:
      return trans.__('high');
    default:
      return trans.__('class %1', value);
  }
}

export function PhotonQuickLook(props: IQuickLookProps): JSX.Element {
  const { file, trans, beam, surface } = props;
  const paths = quickLookPaths('ATL03', beam)!;
  const query = photonQuery(file, beam, surface, COLUMNS);
  const { profile, error } = useProfile(props, query);
  const shown =
    profile && profile.query === query && profile.reply.classes
      ? profile
      : null;
  // times from the first photon: 4.1e7 s since the epoch would be every tick
  const start = shown?.reply.x.lo ?? 0;
  // zoomed in: the visible range's finer columns in place of the coarse ones
  const { finer, tracker } = useZoom(
    props,
    shown,
    x => x + start,
    x => x - start
  );
  useEffect(() => {
    props.onCode(
      shown
        ? quickLookCode(paths, beam, shown.reply.y.dtype, shown.reply.by)
        : null
    );
  }, [shown, beam]);
  const bands = useMemo(
    () =>
      (shown?.reply.classes ?? []).map(entry => ({
        value: entry.value,
        photons: entry.count.reduce((a, b) => a + b, 0),
        line: zoomedEnvelope(
          classOf(shown!.reply, entry.value),
          finer && classOf(finer, entry.value),
          start
        ),
        color: themeColor(...(CLASS_COLORS[entry.value] ?? CLASS_COLORS[-1]))
      })),
    [shown, finer]
  );
  const all = useMemo(
    () => (shown ? envelope(shown.reply, start) : null),
    [shown]
  );
  const xDomain = all ? getDomain(all.x) : undefined;
  const yDomain = all ? getDomain(all.y) : undefined;
  const units = shown ? attrText(shown.reply.y.attrs.units ?? '') : '';
  const surfaces = surfaceTypes(trans);
  const yName = paths.y.split('/').pop()!;
  return (
    <div
      className="jp-hackweek-QuickLook jp-hackweek-PhotonLook"
      data-beam={shown ? beam : ''}
      data-surface={shown ? String(surface) : ''}
      data-classes={bands.map(b => b.value).join(',')}
      data-bytes={shown ? String(shown.bytes) : ''}
      data-photons={shown ? String(shown.reply.values) : ''}
      data-zoom={finer ? `${finer.x.lo},${finer.x.hi}` : ''}
    >
      <BeamPicker {...props} />
      <label className="jp-hackweek-PhotonLook-surface">
        {trans.__('Signal confidence for')}
        <select
          className="jp-hackweek-PhotonLook-select"
          value={surface}
          onChange={event => props.onSurface(Number(event.target.value))}
        >
          {surfaces.map((name, column) => (
            <option key={column} value={column}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {error && <div className="jp-hackweek-Viewer-error">{error}</div>}
      {!shown && !error && <div>{trans.__('Reducing the photon cloud…')}</div>}
      {shown && all && xDomain && yDomain && (
        <>
          <div className="jp-hackweek-QuickLook-summary">
            {trans.__(
              '%1 of %2: %3 photons, %4 masked, drawn from %5 columns per confidence class (%6 kB sent)',
              yName,
              beam,
              shown.reply.values.toLocaleString(),
              shown.reply.masked.toLocaleString(),
              shown.reply.columns,
              Math.round(shown.bytes / 1024)
            )}
          </div>
          <ZoomNote trans={trans} finer={finer} />
          <ClassLegend
            label={trans.__('Confidence classes')}
            entries={[...bands].reverse().map(band => ({
              value: band.value,
              color: band.color,
              text: trans.__(
                '%1 (%2): %3 photons',
                confidenceName(trans, band.value),
                band.value,
                band.photons.toLocaleString()
              )
            }))}
          />
          <div className="jp-hackweek-QuickLook-plot">
            <VisCanvas
              title={trans.__(
                'Photon cloud of %1, %2 confidence',
                beam,
                surfaces[surface]
              )}
              abscissaConfig={{
                visDomain: xDomain,
                showGrid: true,
                label: trans.__('seconds from the first photon')
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
              {tracker}
              {bands.map(band => (
                <DataCurve
                  key={band.value}
                  abscissas={band.line.x}
                  ordinates={band.line.y}
                  color={band.color}
                  curveType={CurveType.LineOnly}
                />
              ))}
            </VisCanvas>
          </div>
          <AttributesTable
            trans={trans}
            path={paths.y}
            attrs={shown.reply.y.attrs}
          />
        </>
      )}
    </div>
  );
}
