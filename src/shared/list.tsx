import { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useId, useRef, useState } from 'react';

import { formatBytes } from '../format';
import { rowWindow } from '../rowwindow';
import { keyAction } from './keyboard';
import { SharedModel } from './model';
import { compactCount, nextSort, shortDate } from './query';
import { ISharedEntry } from './types';

/**
 * Height of one row in pixels; the CSS uses the same value.
 */
export const ROW_HEIGHT = 24;

/**
 * Rows rendered above and below the viewport (rows are short: a wide margin).
 */
const OVERSCAN = 10;

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
    </div>
  );
}

/**
 * A list that renders only the rows in view and asks the model for missing pages.
 *
 * It takes the focus: ArrowUp/ArrowDown move the selection, Enter opens a
 * folder or previews a file, Backspace shows the parent folder.
 */
export function VirtualList(props: IVirtualListProps): JSX.Element {
  const { model, trans } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const total = model.total ?? 0;
  const idPrefix = `jp-hackweek-SharedRow${useId().replace(/:/g, '')}`;
  const {
    first,
    end,
    height: spacer
  } = rowWindow(scrollTop, height, ROW_HEIGHT, total, OVERSCAN);

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
      void model.ensureRows(first, end);
    }
  }, [model, first, end, total]);

  // Keep the selected row in view when the keyboard moves it.
  const selectedIndex = model.selectedIndex;
  useEffect(() => {
    const node = scroller.current;
    if (!node || selectedIndex < 0) {
      return;
    }
    const top = selectedIndex * ROW_HEIGHT;
    if (top < node.scrollTop) {
      node.scrollTop = top;
    } else if (top + ROW_HEIGHT > node.scrollTop + node.clientHeight) {
      node.scrollTop = top + ROW_HEIGHT - node.clientHeight;
    }
  }, [selectedIndex]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const action = keyAction(model, event.key);
    if (action && event.target === event.currentTarget) {
      event.preventDefault();
      event.stopPropagation();
      void action();
    }
  };

  // A new folder, sort or filter starts at the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [model.root?.name, model.path, model.sort, model.filter]);

  const rows: JSX.Element[] = [];
  for (let index = first; index < end; index++) {
    rows.push(
      <Row
        key={index}
        index={index}
        entry={model.row(index)}
        id={`${idPrefix}-${index}`}
        model={model}
        trans={trans}
      />
    );
  }
  return (
    <div
      ref={scroller}
      className="jp-hackweek-SharedBrowser-scroller"
      role="listbox"
      tabIndex={0}
      aria-label={trans.__('Folder contents')}
      aria-activedescendant={
        selectedIndex >= 0 ? `${idPrefix}-${selectedIndex}` : undefined
      }
      onKeyDown={onKeyDown}
      onScroll={event => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div
        className="jp-hackweek-SharedBrowser-spacer"
        style={{ height: spacer }}
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
  id: string;
  entry: ISharedEntry | undefined;
}

function Row(props: IRowProps): JSX.Element {
  const { index, entry, id, model, trans } = props;
  const style = { top: index * ROW_HEIGHT, height: ROW_HEIGHT };
  if (!entry) {
    return (
      <div
        className="jp-hackweek-SharedBrowser-row jp-mod-loading"
        style={style}
        id={id}
        role="option"
        aria-selected={false}
      >
        <span className="jp-hackweek-SharedBrowser-name">
          {trans.__('Loading…')}
        </span>
      </div>
    );
  }
  const selected = model.selectedIndex === index;
  const open = () => {
    if (entry.type === 'directory') {
      void model.open(
        model.root!.name,
        model.path ? `${model.path}/${entry.name}` : entry.name
      );
    }
  };
  const date = entry.modified ? new Date(entry.modified * 1000) : null;
  const title =
    entry.type === 'symlink-out'
      ? trans.__(
          '%1 links outside the shared folder and cannot be opened',
          entry.name
        )
      : entry.name;
  return (
    <div
      className={`jp-hackweek-SharedBrowser-row jp-mod-${entry.type}${selected ? ' jp-mod-selected' : ''}`}
      style={style}
      id={id}
      role="option"
      aria-selected={selected}
      data-name={entry.name}
      onClick={() => void model.select(entry, { index })}
      onDoubleClick={open}
    >
      <span className="jp-hackweek-SharedBrowser-name" title={title}>
        {entry.type === 'directory' ? `${entry.name}/` : entry.name}
      </span>
      <span className="jp-hackweek-SharedBrowser-size">
        {entry.type === 'directory'
          ? itemCount(entry, trans)
          : formatBytes(entry.size)}
      </span>
      <span
        className="jp-hackweek-SharedBrowser-modified"
        title={date ? date.toLocaleString() : undefined}
      >
        {entry.modified ? shortDate(entry.modified) : ''}
      </span>
    </div>
  );
}

/**
 * A folder's entry count for the Size column (`12 items`, `10k+ items`).
 */
function itemCount(entry: ISharedEntry, trans: TranslationBundle): string {
  if (entry.items === undefined || entry.items === null) {
    return '';
  }
  if (entry.items_capped) {
    return trans.__('%1+ items', compactCount(entry.items));
  }
  return entry.items < 1000
    ? trans._n('%1 item', '%1 items', entry.items)
    : trans.__('%1 items', compactCount(entry.items));
}
