/**
 * The results of the NSIDC panel: count and size, paging progress, errors
 * with Retry, the actions, and a virtual list of granules.
 */

import { VDomRenderer } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISignal } from '@lumino/signaling';
import React, { useEffect, useRef, useState } from 'react';

import { formatBytes } from '../format';
import { rowWindow } from '../rowwindow';
import {
  filesText,
  formatCycle,
  formatDateTime,
  formatTrack,
  granuleBytes
} from './format';
import { CodeStyle, IcepyxLimit, icepyxLimits } from './code';
import type { NsidcSearchModel } from './model';
import { GranuleTable } from './resultstable';
import type { IGranule } from './types';
import type { IGranuleMarks } from '../shared/tokens';
import type { IGranulePlace } from '../shared/types';

const CLASS = 'jp-hackweek-NsidcPanel';

/**
 * The libraries "Insert code" writes for (names, not translated).
 */
const CODE_STYLES: CodeStyle[] = ['earthaccess', 'icepyx', 'stream'];

/**
 * Height of a granule row in pixels; the CSS uses the same value.
 */
export const ROW_HEIGHT = 58;

/**
 * The list's height in pixels when it holds enough rows.
 */
const LIST_HEIGHT = 348;

/**
 * What the result actions do (wired by the plugin).
 */
export interface IResultActions {
  /**
   * Insert a code cell reproducing the search (or the selection).
   */
  insertCode(): void;
  /**
   * Copy the data links of the selection (or of every loaded granule).
   */
  copyLinks(): void;
  /**
   * Download the selection (or everything); absent without a downloader.
   */
  download?: () => void;
  /**
   * Order subsets of the selection (or everything) from Harmony; absent
   * without a downloader.
   */
  orderSubset?: () => void;
  /**
   * Insert a cell that opens a granule where it already is; absent without
   * the shared data plugin.
   */
  openInPlace?: (granule: IGranule, place: IGranulePlace) => void;
}

/**
 * The results part of the panel.
 */
export class ResultsView extends VDomRenderer<NsidcSearchModel> {
  constructor(options: ResultsView.IOptions) {
    super(options.model);
    this._options = options;
    this.addClass(`${CLASS}-results`);
    options.marks?.changed.connect(() => this.update(), this);
    options.hovered?.connect((_, id) => {
      if (id !== this._hovered) {
        this._hovered = id;
        this.update();
      }
    }, this);
  }

  protected render(): JSX.Element {
    const { trans, actions, marks, onWindow, onHover, table } = this._options;
    const model = this.model;
    this.toggleClass('jp-mod-stale', model.stale);
    return (
      <>
        {model.stale && (
          <div className={`${CLASS}-stale`} role="status">
            {trans.__('Change the search and press Search')}
          </div>
        )}
        <Summary model={model} trans={trans} />
        {model.status === 'error' && (
          <div className={`${CLASS}-failure`} role="alert">
            <div className={`${CLASS}-error`}>{model.errorMessage}</div>
            <button
              className={`${CLASS}-retry jp-mod-styled`}
              onClick={() => model.retry()}
            >
              {trans.__('Retry')}
            </button>
          </div>
        )}
        {model.granules.length > 0 && (
          <Toolbar model={model} trans={trans} actions={actions} />
        )}
        {model.granules.length > 0 && (
          <CodeStyleWarning model={model} trans={trans} />
        )}
        {model.granules.length > 0 && table && (
          <GranuleTable
            model={model}
            trans={trans}
            onWindow={onWindow}
            onHover={onHover}
            hovered={this._hovered}
          />
        )}
        {model.granules.length > 0 && !table && (
          <GranuleList
            model={model}
            trans={trans}
            onWindow={onWindow}
            onHover={onHover}
            marks={marks ?? null}
            openInPlace={actions.openInPlace}
          />
        )}
      </>
    );
  }

  private _options: ResultsView.IOptions;
  private _hovered: string | null = null;
}

/**
 * The statics of `ResultsView`.
 */
export namespace ResultsView {
  /**
   * Options of the results view.
   */
  export interface IOptions {
    model: NsidcSearchModel;
    trans: TranslationBundle;
    actions: IResultActions;
    /**
     * Called with the granules of the rows in view (to draw their
     * footprints).
     */
    onWindow: (visible: readonly IGranule[]) => void;
    /**
     * Called with the granule id under the pointer, or null.
     */
    onHover: (id: string | null) => void;
    /**
     * The results as a sortable table (the workspace) instead of the
     * sidebar's list.
     */
    table?: boolean;
    /**
     * Emitted with the granule id under the pointer on the map, or null: its
     * row is highlighted.
     */
    hovered?: ISignal<unknown, string | null>;
    /**
     * Where granules already are (shared volume, downloads), if known.
     */
    marks?: IGranuleMarks | null;
  }
}

interface IProps {
  model: NsidcSearchModel;
  trans: TranslationBundle;
}

/**
 * Count, size and paging progress.
 */
function Summary(props: IProps): JSX.Element | null {
  const { model, trans } = props;
  const { status, hits, received } = model;
  if (status === 'idle') {
    return null;
  }
  const count = model.granules.length;
  const total = hits ?? received;
  const size = formatBytes(model.size.bytes);
  let text: string;
  if (status === 'loading' && hits === null) {
    text = trans.__('Searching…');
  } else if (total === 0 && status !== 'loading') {
    text = trans.__('No files match.');
  } else if (status === 'done' && hits !== null && hits > count) {
    // Without a provider, CMR counts each file's copy at both providers.
    text = trans.__('%1 · %2', filesText(count, hits - count, trans), size);
  } else {
    text = trans.__('%1 · %2', filesText(total, 0, trans), size);
  }
  const loading = status === 'loading' && hits !== null && received < hits;
  return (
    <div className={`${CLASS}-summary`}>
      <div className={`${CLASS}-hits`} data-hits={hits ?? ''}>
        {text}
      </div>
      {model.size.unknown > 0 && (
        <div className={`${CLASS}-note`}>
          {trans._n(
            '%2 file has no size in CMR.',
            '%2 files have no size in CMR.',
            model.size.unknown,
            model.size.unknown.toLocaleString()
          )}
        </div>
      )}
      {(loading || status === 'cancelled') && (
        <div className={`${CLASS}-progress`}>
          <span className={`${CLASS}-progressText`}>
            {status === 'cancelled'
              ? trans.__(
                  'Stopped after %1 of %2.',
                  received.toLocaleString(),
                  total.toLocaleString()
                )
              : trans.__(
                  'Loaded %1 of %2',
                  received.toLocaleString(),
                  total.toLocaleString()
                )}
          </span>
          <progress max={Math.max(total, 1)} value={received} />
          {status === 'cancelled' ? (
            <button
              className={`${CLASS}-resume jp-mod-styled`}
              onClick={() => model.retry()}
            >
              {trans.__('Load the rest')}
            </button>
          ) : (
            <button
              className={`${CLASS}-cancel jp-mod-styled`}
              onClick={() => model.cancel()}
            >
              {trans.__('Cancel')}
            </button>
          )}
        </div>
      )}
      {model.timedOut && (
        <div className={`${CLASS}-note`}>
          {trans.__(
            'CMR stopped early on some pages: the results may be incomplete.'
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Select all, and the actions on the selection (or on everything).
 */
function Toolbar(
  props: IProps & { actions: IResultActions }
): JSX.Element | null {
  const { model, trans, actions } = props;
  const all = model.selection.allState(model.granules.length);
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) {
      box.current.indeterminate = all === 'some';
    }
  });
  const selected = model.selection.size;
  const scope = selected
    ? trans.__('%1 selected', selected.toLocaleString())
    : trans.__('Actions apply to all');
  return (
    <div className={`${CLASS}-toolbar`}>
      <label className={`${CLASS}-selectAll`}>
        <input
          ref={box}
          type="checkbox"
          checked={all === 'all'}
          onChange={() => model.selectAll(all !== 'all')}
        />
        {trans.__('Select all')}
      </label>
      <span className={`${CLASS}-scope`}>{scope}</span>
      <div className={`${CLASS}-actions`}>
        <select
          className={`${CLASS}-codeStyle jp-mod-styled`}
          aria-label={trans.__('Library of the inserted code')}
          title={trans.__('Library of the code cell that Insert code adds')}
          value={model.codeStyle}
          onChange={event => {
            model.codeStyle = event.target.value as CodeStyle;
          }}
        >
          {CODE_STYLES.map(style => (
            <option key={style} value={style}>
              {style}
            </option>
          ))}
        </select>
        <button
          className={`${CLASS}-insert jp-mod-styled`}
          title={trans.__('Insert a code cell that reproduces this search')}
          onClick={() => actions.insertCode()}
        >
          {trans.__('Insert code')}
        </button>
        <button
          className={`${CLASS}-copy jp-mod-styled`}
          title={trans.__('Copy the download links')}
          onClick={() => actions.copyLinks()}
        >
          {trans.__('Copy links')}
        </button>
        {actions.download && (
          <button
            className={`${CLASS}-download jp-mod-styled`}
            onClick={actions.download}
          >
            {trans.__('Download')}
          </button>
        )}
        {actions.orderSubset && (
          <button
            className={`${CLASS}-order jp-mod-styled`}
            title={trans.__(
              'Have NASA Harmony cut these granules to the area and times searched, then download the subsets'
            )}
            onClick={actions.orderSubset}
          >
            {trans.__('Order a subset')}
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * With the icepyx code style, what icepyx cannot reproduce of the search
 * shown (the inserted cell says the same in comments); with the stream
 * style, how the cell's reads travel (its comment says the same).
 */
function CodeStyleWarning(props: IProps): JSX.Element | null {
  const { model, trans } = props;
  if (model.codeStyle === 'stream') {
    return (
      <div className={`${CLASS}-codeWarning`} role="note">
        {model.granules.some(g => g.s3Usable)
          ? trans.__(
              'This server runs in AWS us-west-2: the inserted cell streams the cloud granules directly from S3.'
            )
          : trans.__(
              'Outside AWS us-west-2 each read of a streamed granule is an HTTPS range request: downloading whole granules may be faster, above all for ATL03.'
            )}
      </div>
    );
  }
  const search = model.search;
  const limits =
    model.codeStyle === 'icepyx' && search ? icepyxLimits(search) : [];
  if (!limits.length) {
    return null;
  }
  const words: Record<IcepyxLimit, string> = {
    pattern: trans.__('it has no file-name filter'),
    polePolygon: trans.__('it redraws a polygon round a pole'),
    openDates: trans.__('it needs both a start and an end date'),
    provider: trans.__('it searches only the Earthdata Cloud copies'),
    versions: trans.__('it takes one version spelling'),
    anyVersion: trans.__('it searches one version, not every version')
  };
  return (
    <div className={`${CLASS}-codeWarning`} role="note">
      {trans.__(
        'icepyx cannot search exactly what the panel searched: %1. The inserted cell says so and gives the earthaccess code that does.',
        limits.map(limit => words[limit]).join('; ')
      )}
    </div>
  );
}

/**
 * The granules, rendering only the rows in view.
 */
function GranuleList(
  props: IProps &
    Pick<ResultsView.IOptions, 'onWindow' | 'onHover'> &
    IHereProps & { marks: IGranuleMarks | null }
): JSX.Element {
  const { model, trans, onWindow, onHover, marks, openInPlace } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(LIST_HEIGHT);
  const granules = model.granules;
  const { first, end, height } = rowWindow(
    scrollTop,
    viewport,
    ROW_HEIGHT,
    granules.length
  );

  useEffect(() => {
    const node = scroller.current;
    if (!node) {
      return;
    }
    const observer = new ResizeObserver(() =>
      setViewport(node.clientHeight || LIST_HEIGHT)
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    onWindow(granules.slice(first, end));
  }, [first, end, granules]);

  const rows: JSX.Element[] = [];
  for (let index = first; index < end; index++) {
    rows.push(
      <Row
        key={granules[index].name}
        index={index}
        granule={granules[index]}
        model={model}
        trans={trans}
        onHover={onHover}
        places={marks?.places(granules[index].name)}
        openInPlace={openInPlace}
      />
    );
  }
  return (
    <div
      ref={scroller}
      className={`${CLASS}-list`}
      style={{ height: Math.min(LIST_HEIGHT, height + 2) }}
      role="list"
      aria-label={trans.__('Granules')}
      onScroll={e => setScrollTop(e.currentTarget.scrollTop)}
      onMouseLeave={() => onHover(null)}
    >
      <div className={`${CLASS}-spacer`} style={{ height }}>
        {rows}
      </div>
    </div>
  );
}

interface IHereProps {
  openInPlace?: (granule: IGranule, place: IGranulePlace) => void;
}

function Row(
  props: IProps &
    IHereProps & {
      index: number;
      granule: IGranule;
      onHover: (id: string | null) => void;
      places: readonly IGranulePlace[] | undefined;
    }
): JSX.Element {
  const { index, granule, model, trans, onHover, places, openInPlace } = props;
  const parsed = granule.icesat2;
  const selected = model.selection.has(granule.name);
  const track = parsed
    ? [
        trans.__('RGT %1', formatTrack(parsed.rgt)),
        parsed.cycle !== null
          ? trans.__('cycle %1', formatCycle(parsed.cycle))
          : '',
        trans.__('region %1', String(parsed.region).padStart(2, '0'))
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  return (
    <div
      className={`${CLASS}-row${selected ? ' jp-mod-selected' : ''}`}
      role="listitem"
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
      data-name={granule.name}
      onMouseEnter={() => onHover(granule.id)}
    >
      <input
        type="checkbox"
        className={`${CLASS}-check`}
        checked={selected}
        aria-label={trans.__('Select %1', granule.name)}
        onChange={() => model.toggle(granule.name)}
      />
      <div className={`${CLASS}-cells`}>
        <div className={`${CLASS}-name`} title={granule.name}>
          {granule.name}
        </div>
        <div className={`${CLASS}-meta`}>
          <span className={`${CLASS}-time`}>
            {formatDateTime(granule.start)}
          </span>
          <span className={`${CLASS}-size`}>
            {formatBytes(granuleBytes(granule))}
          </span>
          <span
            className={`${CLASS}-badge ${granule.cloudHosted ? 'jp-mod-cloud' : 'jp-mod-onprem'}`}
            title={granule.providers.join(', ')}
          >
            {granule.cloudHosted ? trans.__('cloud') : trans.__('on-prem')}
          </span>
        </div>
        {(track || places) && (
          <div className={`${CLASS}-meta ${CLASS}-track`}>
            {track && <span className={`${CLASS}-trackText`}>{track}</span>}
            {places && (
              <Here
                granule={granule}
                places={places}
                trans={trans}
                openInPlace={openInPlace}
              />
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * Where a granule already is, in words, and "Open in place": the first place
 * whose size is CMR's (or unknown); a copy of another size is only named.
 */
function Here(
  props: IHereProps & {
    granule: IGranule;
    places: readonly IGranulePlace[];
    trans: TranslationBundle;
  }
): JSX.Element {
  const { granule, places, trans, openInPlace } = props;
  const place = places.find(p => p.size_check !== 'mismatch');
  const shown = place ?? places[0];
  const label =
    shown.where === 'shared'
      ? trans.__('on the shared volume')
      : trans.__('in your downloads');
  const title = place
    ? shown.absolute
    : trans.__(
        '%1 has %2, not the size NSIDC lists: a partial or different file.',
        shown.absolute,
        formatBytes(shown.size)
      );
  return (
    <>
      <span
        className={`${CLASS}-here jp-mod-${shown.where}${place ? '' : ' jp-mod-mismatch'}`}
        title={title}
      >
        {place ? label : trans.__('%1, other size', label)}
      </span>
      {place && openInPlace && (
        <button
          className={`${CLASS}-openInPlace jp-mod-styled`}
          title={trans.__('Insert a cell that opens %1', place.absolute)}
          onClick={() => openInPlace(granule, place)}
        >
          {trans.__('Open in place')}
        </button>
      )}
    </>
  );
}
