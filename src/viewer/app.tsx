/**
 * The data viewer's React part, loaded with `import()` when a viewer opens:
 * h5web's explorer (`@h5web/app` over the suite's h5grove routes) and the
 * ICESat-2 quick look (`@h5web/lib`'s `VisCanvas` and `DataCurve` over the
 * `h5/profile` route).
 */

import '@h5web/app/styles.css';

import { App, H5GroveProvider, type Fetcher } from '@h5web/app';
import {
  CurveType,
  DataCurve,
  DefaultInteractions,
  getDomain,
  ResetZoomButton,
  VisCanvas
} from '@h5web/lib';
import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { requestAPI, requestAPIResponse } from '../request';
import {
  attrText,
  BEAMS,
  envelope,
  fileArgument,
  icesat2Product,
  fileName,
  profileQuery,
  quickLookPaths
} from './files';
import type { IDataFile } from './tokens';
import type { IProfileReply } from './types';

/**
 * Pixel columns asked of the profile route.
 */
const COLUMNS = 1200;

/**
 * Props of the viewer.
 */
export interface IViewerProps {
  file: IDataFile;
  serverSettings: ServerConnection.ISettings;
  trans: TranslationBundle;
  /**
   * Called with the dataset the quick look shows (for the layout restorer).
   */
  onDataset: (path: string) => void;
}

/**
 * Render the viewer into `node`; returns the function that unmounts it.
 */
export function mountViewer(
  node: HTMLElement,
  props: IViewerProps
): () => void {
  const root = createRoot(node);
  root.render(<Viewer {...props} />);
  return () => root.unmount();
}

/**
 * h5web's fetcher over the suite's request helper: the app's base URL, token
 * and XSRF cookie, the server's own error words.
 */
export function suiteFetcher(settings: ServerConnection.ISettings): Fetcher {
  return async (url, params, options = {}) => {
    const query = new URLSearchParams(params).toString();
    const response = await requestAPIResponse(settings, `${url}?${query}`, {
      signal: options.abortSignal
    });
    return response.arrayBuffer();
  };
}

function Viewer(props: IViewerProps): JSX.Element {
  const { file, serverSettings, trans } = props;
  const product = icesat2Product(fileName(file));
  const quick = product !== null && quickLookPaths(product, BEAMS[0]) !== null;
  const [tab, setTab] = useState<'quick' | 'explore'>(
    quick && !file.dataset ? 'quick' : 'explore'
  );
  // kept here, so the beam chosen survives a visit to Explore
  const [beam, setBeam] = useState(BEAMS[0]);
  const fetcher = useMemo(() => suiteFetcher(serverSettings), [serverSettings]);
  return (
    <div className="jp-hackweek-Viewer-body">
      <div
        className="jp-hackweek-Viewer-tabs"
        role="tablist"
        aria-label={trans.__('Views')}
      >
        {quick && (
          <button
            role="tab"
            aria-selected={tab === 'quick'}
            className="jp-hackweek-Viewer-tab"
            onClick={() => setTab('quick')}
          >
            {trans.__('%1 quick look', product)}
          </button>
        )}
        <button
          role="tab"
          aria-selected={tab === 'explore'}
          className="jp-hackweek-Viewer-tab"
          onClick={() => setTab('explore')}
        >
          {trans.__('Explore')}
        </button>
      </div>
      {tab === 'quick' && product ? (
        <QuickLook {...props} product={product} beam={beam} onBeam={setBeam} />
      ) : (
        <div className="jp-hackweek-Viewer-h5web">
          <H5GroveProvider
            url="h5"
            filepath={fileArgument(file)}
            fetcher={fetcher}
          >
            <App
              disableDarkMode
              initialPath={file.dataset ?? undefined}
              sidebarOpen
            />
          </H5GroveProvider>
        </div>
      )}
    </div>
  );
}

/**
 * Heights along track, one beam at a time, from the min/max profile: fill
 * values are masked by the server, so the line's range is the real heights'.
 */
function QuickLook(
  props: IViewerProps & {
    product: string;
    beam: string;
    onBeam: (beam: string) => void;
  }
): JSX.Element {
  const { file, serverSettings, trans, product, onDataset, beam } = props;
  const setBeam = props.onBeam;
  const [reply, setReply] = useState<IProfileReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const paths = quickLookPaths(product, beam)!;
  useEffect(() => {
    let current = true;
    setError(null);
    onDataset(paths.y);
    requestAPI<IProfileReply>(
      serverSettings,
      `h5/profile?${profileQuery(file, paths, COLUMNS)}`,
      { trans }
    ).then(
      value => current && setReply(value),
      (reason: Error) => current && setError(reason.message)
    );
    return () => {
      current = false;
    };
  }, [beam]);
  const line = useMemo(() => (reply ? envelope(reply) : null), [reply]);
  const units = reply ? attrText(reply.y.attrs.units ?? '') : '';
  const xUnits = reply ? attrText(reply.x.attrs.units ?? '') : '';
  const yName = paths.y.split('/').pop()!;
  const xName = paths.x.split('/').pop()!;
  const shown = reply && reply.y.path === paths.y;
  const color = useMemo(
    () =>
      getComputedStyle(document.body)
        .getPropertyValue('--jp-brand-color1')
        .trim() || '#1976d2',
    []
  );
  const xDomain = line ? getDomain(line.x) : undefined;
  const yDomain = line ? getDomain(line.y) : undefined;
  return (
    <div
      className="jp-hackweek-QuickLook"
      data-beam={shown ? beam : ''}
      data-y-min={shown ? String(reply.y.min) : ''}
      data-y-max={shown ? String(reply.y.max) : ''}
      data-masked={shown ? String(reply.masked) : ''}
      data-units={shown ? units : ''}
    >
      <div
        className="jp-hackweek-QuickLook-beams"
        role="radiogroup"
        aria-label={trans.__('Beam')}
      >
        {BEAMS.map(name => (
          <label key={name} className="jp-hackweek-QuickLook-beam">
            <input
              type="radio"
              name={`beam-${fileArgument(file)}`}
              value={name}
              checked={beam === name}
              onChange={() => setBeam(name)}
            />
            {name}
          </label>
        ))}
      </div>
      {error && <div className="jp-hackweek-Viewer-error">{error}</div>}
      {!reply && !error && <div>{trans.__('Reading the profile…')}</div>}
      {shown && line && xDomain && yDomain && (
        <>
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
          <div className="jp-hackweek-QuickLook-plot">
            <VisCanvas
              title={trans.__('%1 along track, %2', yName, beam)}
              abscissaConfig={{
                visDomain: xDomain,
                showGrid: true,
                label: xUnits ? `${xName} (${xUnits})` : xName
              }}
              ordinateConfig={{
                visDomain: yDomain,
                showGrid: true,
                label: units ? `${yName} (${units})` : yName
              }}
            >
              <DefaultInteractions />
              <ResetZoomButton />
              <DataCurve
                abscissas={line.x}
                ordinates={line.y}
                color={color}
                curveType={CurveType.LineAndGlyphs}
                glyphSize={4}
              />
            </VisCanvas>
          </div>
          <table className="jp-hackweek-QuickLook-attrs">
            <caption>{trans.__('Attributes of %1', paths.y)}</caption>
            <tbody>
              {Object.entries(reply.y.attrs).map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>{attrText(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
