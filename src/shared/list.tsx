import { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useRef, useState } from 'react';

import { SharedModel } from './model';
import { formatSize, nextSort, visibleRange } from './query';
import { ISharedEntry } from './tokens';

/**
 * Height of one row in pixels; the CSS uses the same value.
 */
export const ROW_HEIGHT = 24;

/**
 * Props of the virtual list.
 */
export interface IVirtualListProps {
  model: SharedModel;
  trans: TranslationBundle;
}

/**
 * The column headers; clicking one sorts on the server (again: reverses).
 */
export function ListHeader(props: IVirtualListProps): JSX.Element {
  const { model, trans } = props;
  const column = (key: 'name' | 'size' | 'modified', label: string) => {
    const active = model.sort.replace('-', '') === key;
    const arrow = active ? (model.sort.startsWith('-') ? ' ▼' : ' ▲') : '';
    return (
      <button
        className={`jp-hackweek-SharedBrowser-header jp-hackweek-SharedBrowser-col-${key}${active ? ' jp-mod-active' : ''}`}
        data-sort={key}
        title={trans.__('Sort by %1', label)}
        onClick={() => void model.setSort(nextSort(model.sort, key))}
      >
        {label + arrow}
      </button>
    );
  };
  return (
    <div className="jp-hackweek-SharedBrowser-headers">
      {column('name', trans.__('Name'))}
      {column('size', trans.__('Size'))}
      {column('modified', trans.__('Modified'))}
      <span className="jp-hackweek-SharedBrowser-header jp-hackweek-SharedBrowser-col-items">
        {trans.__('Items')}
      </span>
    </div>
  );
}

/**
 * A list that renders only the rows in view and asks the model for missing pages.
 */
export function VirtualList(props: IVirtualListProps): JSX.Element {
  const { model, trans } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const total = model.total ?? 0;
  const [first, last] = visibleRange(scrollTop, height, ROW_HEIGHT, total);

  useEffect(() => {
    const node = scroller.current;
    if (!node) {
      return;
    }
    const observer = new ResizeObserver(() =>
      setHeight(node.clientHeight || 400)
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (total > 0) {
      void model.ensureRows(first, last);
    }
  }, [model, first, last, total]);

  // A new folder, sort or filter starts at the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [model.root?.name, model.path, model.sort, model.filter]);

  const rows: JSX.Element[] = [];
  for (let index = first; index <= last; index++) {
    rows.push(
      <Row
        key={index}
        index={index}
        entry={model.row(index)}
        model={model}
        trans={trans}
      />
    );
  }
  return (
    <div
      ref={scroller}
      className="jp-hackweek-SharedBrowser-scroller"
      role="grid"
      aria-rowcount={total}
      onScroll={event => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div
        className="jp-hackweek-SharedBrowser-spacer"
        style={{ height: total * ROW_HEIGHT }}
      >
        {rows}
      </div>
    </div>
  );
}

/**
 * Props of one row.
 */
interface IRowProps extends IVirtualListProps {
  index: number;
  entry: ISharedEntry | undefined;
}

function Row(props: IRowProps): JSX.Element {
  const { index, entry, model, trans } = props;
  const style = { top: index * ROW_HEIGHT, height: ROW_HEIGHT };
  if (!entry) {
    return (
      <div
        className="jp-hackweek-SharedBrowser-row jp-mod-loading"
        style={style}
      >
        <span className="jp-hackweek-SharedBrowser-name">
          {trans.__('Loading…')}
        </span>
      </div>
    );
  }
  const selected = model.selected?.name === entry.name;
  const open = () => {
    if (entry.type === 'directory') {
      void model.open(
        model.root!.name,
        model.path ? `${model.path}/${entry.name}` : entry.name
      );
    }
  };
  const items =
    entry.items === undefined || entry.items === null
      ? ''
      : entry.items_capped
        ? trans.__('%1+', entry.items)
        : String(entry.items);
  const date = entry.modified ? new Date(entry.modified * 1000) : null;
  return (
    <div
      className={`jp-hackweek-SharedBrowser-row jp-mod-${entry.type}${selected ? ' jp-mod-selected' : ''}`}
      style={style}
      role="row"
      tabIndex={0}
      data-name={entry.name}
      title={
        entry.type === 'symlink-out'
          ? trans.__(
              '%1 links outside the shared folder and cannot be opened',
              entry.name
            )
          : entry.name
      }
      onClick={() => void model.select(entry)}
      onDoubleClick={open}
      onKeyDown={event => event.key === 'Enter' && open()}
    >
      <span className="jp-hackweek-SharedBrowser-name">
        {entry.type === 'directory' ? `${entry.name}/` : entry.name}
      </span>
      <span className="jp-hackweek-SharedBrowser-size">
        {formatSize(entry.size)}
      </span>
      <span
        className="jp-hackweek-SharedBrowser-modified"
        title={date ? date.toLocaleString() : undefined}
      >
        {date ? date.toLocaleDateString() : ''}
      </span>
      <span className="jp-hackweek-SharedBrowser-items">{items}</span>
    </div>
  );
}
