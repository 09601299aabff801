/**
 * The data viewer's React part, loaded with `import()` when a viewer opens:
 * h5web's explorer (`@h5web/app` over the suite's h5grove routes) and the
 * ICESat-2 quick looks (`quicklook.tsx`: heights along track; `photons.tsx`:
 * ATL03's photon cloud), drawn with `@h5web/lib` over the `h5/profile` route.
 */

import '@h5web/app/styles.css';

import {
  App,
  H5GroveProvider,
  type DataProviderApi,
  type Fetcher
} from '@h5web/app';
import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';

import type { ISearchMaps } from '../nsidc/tokens';
import { requestAPIResponse } from '../request';
import type { IFileCodeTarget } from '../shared/tokens';
import {
  exploreCode,
  fileArgument,
  icesat2Product,
  fileName,
  initialView,
  IViewCode,
  quickLookKind
} from './files';
import { PhotonQuickLook } from './photons';
import type { ProfilePrefetch } from './prefetch';
import { HeightsQuickLook } from './quicklook';
import type { IDataFile, IViewState } from './tokens';

/**
 * Props of the viewer.
 */
export interface IViewerProps {
  file: IDataFile;
  serverSettings: ServerConnection.ISettings;
  trans: TranslationBundle;
  /**
   * Inserts the cell that reproduces a view into a notebook, or null (no
   * "Insert code" button).
   */
  insertCode: ((target: IFileCodeTarget) => Promise<void>) | null;
  /**
   * Called with what the viewer shows, as it changes (for the layout
   * restorer).
   */
  onView: (view: IViewState) => void;
  /**
   * The NSIDC search's maps, for the quick look's ground tracks (none
   * without the search).
   */
  maps: ISearchMaps | null;
  /**
   * The quick look's first profile, asked for while this code loaded.
   */
  prefetch: ProfilePrefetch | null;
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
  const kind = product ? quickLookKind(product) : null;
  const quick = kind !== null;
  const QuickLook =
    kind === 'photons'
      ? PhotonQuickLook
      : kind === 'heights'
        ? HeightsQuickLook
        : null;
  // as restored, else the quick look unless a dataset was asked for
  const [initial] = useState(() => initialView(file));
  const [tab, setTab] = useState(initial.tab);
  // kept here, so the beam, colouring and zoom chosen survive a visit to
  // Explore (and, through onView, a reload)
  const [beam, setBeam] = useState(initial.beam);
  const [byQuality, setByQuality] = useState(initial.byQuality);
  const [surface, setSurface] = useState(initial.surface);
  const [zoom, setZoom] = useState(initial.zoom);
  const fetcher = useMemo(() => suiteFetcher(serverSettings), [serverSettings]);
  // what each tab shows, as code: the quick look says it; h5web's explorer
  // asks for the export URLs of the dataset and slice it draws, on each render
  const [quickCode, setQuickCode] = useState<IViewCode | null>(null);
  const [exploreShown, setExploreShown] = useState<IViewCode | null>(null);
  const getExportURL = useCallback<
    NonNullable<DataProviderApi['getExportURL']>
  >((_format, dataset, selection) => {
    const shown = exploreCode(dataset, selection);
    // h5web is rendering: the button changes after it
    setTimeout(() =>
      setExploreShown(old =>
        old?.node === shown.node && old.selection === shown.selection
          ? old
          : shown
      )
    );
    return undefined; // h5web's own export
  }, []);
  const explored = exploreShown?.node ?? initial.dataset;
  useEffect(
    () =>
      props.onView({
        tab,
        beam,
        byQuality,
        surface,
        zoom,
        dataset: explored
      }),
    [tab, beam, byQuality, surface, zoom, explored]
  );
  const [insertError, setInsertError] = useState<string | null>(null);
  const shownCode = tab === 'quick' ? quickCode : exploreShown;
  const insert = async () => {
    if (!props.insertCode || !shownCode) {
      return;
    }
    try {
      await props.insertCode({
        root: file.root,
        path: file.path,
        ...shownCode
      });
      setInsertError(null);
    } catch (reason) {
      setInsertError((reason as Error).message);
    }
  };
  const target = shownCode
    ? shownCode.selection
      ? `${shownCode.node}[${shownCode.selection}]`
      : shownCode.node
    : null;
  return (
    <div className="jp-hackweek-Viewer-body">
      <div className="jp-hackweek-Viewer-bar">
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
        {props.insertCode && (
          <button
            className="jp-hackweek-Viewer-insert jp-mod-styled"
            disabled={!target}
            data-target={target ?? ''}
            title={
              target
                ? trans.__(
                    'Insert code that reads %1 as shown here (same slice, fill values masked) into the active notebook, or a new one',
                    target
                  )
                : trans.__('Show a dataset first')
            }
            onClick={() => void insert()}
          >
            {trans.__('Insert code')}
          </button>
        )}
      </div>
      {insertError && (
        <div className="jp-hackweek-Viewer-error" role="alert">
          {insertError}
        </div>
      )}
      {tab === 'quick' && product && QuickLook ? (
        <QuickLook
          {...props}
          product={product}
          beam={beam}
          onBeam={setBeam}
          byQuality={byQuality}
          onByQuality={setByQuality}
          surface={surface}
          onSurface={setSurface}
          zoom={zoom}
          onZoom={setZoom}
          onCode={setQuickCode}
        />
      ) : (
        <div className="jp-hackweek-Viewer-h5web">
          <H5GroveProvider
            url="h5"
            filepath={fileArgument(file)}
            fetcher={fetcher}
            getExportURL={getExportURL}
          >
            <App
              disableDarkMode
              initialPath={initial.dataset ?? undefined}
              sidebarOpen
            />
          </H5GroveProvider>
        </div>
      )}
    </div>
  );
}
