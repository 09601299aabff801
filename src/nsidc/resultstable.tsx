/**
 * The search workspace's results: a table of the granules with sortable
 * columns (time, RGT, cycle, region, size, provider), rendering only the rows
 * in view, linked to the map's footprints both ways.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useMemo, useRef, useState } from 'react';

import { formatBytes } from '../format';
import { rowWindow } from '../rowwindow';
import {
  formatCycle,
  formatDateTime,
  formatTrack,
  granuleBytes
} from './format';
import type { NsidcSearchModel } from './model';
import {
  DEFAULT_SORT,
  ISort,
  nextSort,
  SORT_KEYS,
  SortKey,
  sortGranules
} from './table';
import type { IGranule } from './types';

const CLASS = 'jp-hackweek-NsidcTable';

/**
 * Height of a table row in pixels; the CSS uses the same value.
 */
export const TABLE_ROW_HEIGHT = 26;

/**
 * Props of the table.
 */
export interface IGranuleTableProps {
  model: NsidcSearchModel;
  trans: TranslationBundle;
  /**
   * Called with the granules of the rows in view, in the table's order.
   */
  onWindow: (visible: readonly IGranule[]) => void;
  /**
   * Called with the granule id of the row under the pointer, or null.
   */
  onHover: (id: string | null) => void;
  /**
   * The granule whose footprint is under the pointer on the map, or null.
   */
  hovered: string | null;
}

/**
 * The granules as a table, sorted by a column chosen in its header.
 */
export function GranuleTable(props: IGranuleTableProps): JSX.Element {
  const { model, trans, onWindow, onHover, hovered } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(TABLE_ROW_HEIGHT * 10);
  const [sort, setSort] = useState<ISort>(DEFAULT_SORT);
  const granules = useMemo(
    () => sortGranules(model.granules, sort),
    [model.granules, sort]
  );
  const { first, end, height } = rowWindow(
    scrollTop,
    viewport,
    TABLE_ROW_HEIGHT,
    granules.length,
    0
  );

  useEffect(() => {
    const node = scroller.current;
    if (!node) {
      return;
    }
    const observer = new ResizeObserver(() =>
      setViewport(node.clientHeight || TABLE_ROW_HEIGHT * 10)
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    onWindow(granules.slice(first, end));
  }, [first, end, granules]);

  const titles: Record<SortKey, string> = {
    time: trans.__('Time (UTC)'),
    rgt: trans.__('RGT'),
    cycle: trans.__('Cycle'),
    region: trans.__('Region'),
    size: trans.__('Size'),
    provider: trans.__('Provider')
  };
  const rows: JSX.Element[] = [];
  for (let index = first; index < end; index++) {
    const granule = granules[index];
    rows.push(
      <TableRow
        key={granule.name}
        index={index}
        granule={granule}
        model={model}
        trans={trans}
        hovered={granule.id === hovered}
        onHover={onHover}
      />
    );
  }
  return (
    <div
      className={CLASS}
      role="table"
      aria-label={trans.__('Granules')}
      aria-rowcount={granules.length + 1}
    >
      <div className={`${CLASS}-head`} role="row" aria-rowindex={1}>
        <span
          className={`${CLASS}-check`}
          role="columnheader"
          aria-label={trans.__('Selected')}
        />
        {SORT_KEYS.map(key => (
          <span
            key={key}
            className={`${CLASS}-cell ${CLASS}-col-${key}`}
            role="columnheader"
            aria-sort={
              sort.key === key
                ? sort.ascending
                  ? 'ascending'
                  : 'descending'
                : 'none'
            }
          >
            <button
              className={`${CLASS}-sort`}
              title={trans.__('Sort by %1', titles[key])}
              onClick={() => setSort(nextSort(sort, key))}
            >
              {titles[key]}
              <span className={`${CLASS}-arrow`} aria-hidden="true">
                {sort.key === key ? (sort.ascending ? '▲' : '▼') : ''}
              </span>
            </button>
          </span>
        ))}
      </div>
      <div
        ref={scroller}
        className={`${CLASS}-body`}
        role="rowgroup"
        onScroll={e => setScrollTop(e.currentTarget.scrollTop)}
        // pointer events, as the map's: a browser sends every pointer boundary
        // event before the mouse ones, so a mouse leave would come after the
        // footprint's pointerover and undo its highlight
        onPointerLeave={() => onHover(null)}
      >
        <div className={`${CLASS}-spacer`} style={{ height }}>
          {rows}
        </div>
      </div>
    </div>
  );
}

/**
 * One granule's row.
 */
function TableRow(props: {
  index: number;
  granule: IGranule;
  model: NsidcSearchModel;
  trans: TranslationBundle;
  hovered: boolean;
  onHover: (id: string | null) => void;
}): JSX.Element {
  const { index, granule, model, trans, hovered, onHover } = props;
  const parsed = granule.icesat2;
  const selected = model.selection.has(granule.name);
  const size = granuleBytes(granule);
  return (
    <div
      className={`${CLASS}-row${selected ? ' jp-mod-selected' : ''}${hovered ? ' jp-mod-hovered' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      style={{ top: index * TABLE_ROW_HEIGHT, height: TABLE_ROW_HEIGHT }}
      data-name={granule.name}
      data-id={granule.id}
      title={granule.name}
      onPointerEnter={() => onHover(granule.id)}
    >
      <span className={`${CLASS}-check`} role="cell">
        <input
          type="checkbox"
          checked={selected}
          aria-label={trans.__('Select %1', granule.name)}
          onChange={() => model.toggle(granule.name)}
        />
      </span>
      <span className={`${CLASS}-cell ${CLASS}-col-time`} role="cell">
        {formatDateTime(granule.start)}
      </span>
      <span className={`${CLASS}-cell ${CLASS}-col-rgt`} role="cell">
        {parsed ? formatTrack(parsed.rgt) : ''}
      </span>
      <span className={`${CLASS}-cell ${CLASS}-col-cycle`} role="cell">
        {parsed && parsed.cycle !== null ? formatCycle(parsed.cycle) : ''}
      </span>
      <span className={`${CLASS}-cell ${CLASS}-col-region`} role="cell">
        {parsed ? String(parsed.region).padStart(2, '0') : ''}
      </span>
      <span className={`${CLASS}-cell ${CLASS}-col-size`} role="cell">
        {size === null ? '' : formatBytes(size)}
      </span>
      <span className={`${CLASS}-cell ${CLASS}-col-provider`} role="cell">
        <span
          className={`jp-hackweek-NsidcPanel-badge ${granule.cloudHosted ? 'jp-mod-cloud' : 'jp-mod-onprem'}`}
          title={granule.providers.join(', ')}
        >
          {granule.cloudHosted ? trans.__('cloud') : trans.__('on-prem')}
        </span>
      </span>
    </div>
  );
}
