import { TranslationBundle } from '@jupyterlab/translation';
import React, { useState } from 'react';

import { SharedModel } from './model';
import {
  formatShape,
  nodeDepth,
  previewHeading,
  previewNodeDetail,
  previewReadNote,
  visibleNodes
} from './query';
import { IPreviewNode, ISharedEntry } from './types';

/**
 * What the details pane can ask the shell to do with the selected entry.
 */
export interface ISharedActions {
  copyToHome(entry: ISharedEntry): void;
  insertCode(): void;
  canInsertCode(): boolean;
  copyPath(entry: ISharedEntry): void;
  openInLab(entry: ISharedEntry): void;
  /**
   * Whether the data viewer (`IDataViewer`, when installed) opens this file.
   */
  canView(entry: ISharedEntry): boolean;
  /**
   * Open the file in the data viewer, at the dataset selected in the preview.
   */
  view(entry: ISharedEntry): void;
}

/**
 * Props of the details pane.
 */
export interface IDetailsProps {
  model: SharedModel;
  trans: TranslationBundle;
  actions: ISharedActions;
}

/**
 * The selected entry: its actions and preview (nothing without a selection).
 */
export function Details(props: IDetailsProps): JSX.Element | null {
  const { model, trans, actions } = props;
  const entry = model.selected;
  if (!entry) {
    return null;
  }
  const usable = entry.type === 'file' || entry.type === 'directory';
  return (
    <div className="jp-hackweek-SharedDetails">
      <div className="jp-hackweek-SharedDetails-title">{entry.name}</div>
      {entry.type === 'symlink-out' && (
        <div className="jp-hackweek-SharedDetails-warning">
          {trans.__(
            'This link leads outside the shared folder; it cannot be opened or copied.'
          )}
        </div>
      )}
      {usable && (
        <div className="jp-hackweek-SharedDetails-actions">
          {entry.type === 'file' && actions.canView(entry) && (
            <button
              className="jp-mod-styled jp-mod-accept"
              title={trans.__(
                'See values, plots and attributes in the data viewer'
              )}
              onClick={() => actions.view(entry)}
            >
              {trans.__('View')}
            </button>
          )}
          <button
            className="jp-mod-styled jp-mod-accept"
            onClick={() => actions.copyToHome(entry)}
          >
            {trans.__('Copy to home')}
          </button>
          <button
            className="jp-mod-styled"
            disabled={!model.preview || !actions.canInsertCode()}
            title={trans.__(
              'Insert code that opens this file into the active notebook'
            )}
            onClick={() => actions.insertCode()}
          >
            {trans.__('Insert code')}
          </button>
          <button
            className="jp-mod-styled"
            onClick={() => actions.copyPath(entry)}
          >
            {trans.__('Copy path')}
          </button>
          {model.labPath(entry.name) !== null && entry.type === 'file' && (
            <button
              className="jp-mod-styled"
              onClick={() => actions.openInLab(entry)}
            >
              {trans.__('Open')}
            </button>
          )}
        </div>
      )}
      {model.previewLoading && (
        <div>{trans.__('Reading the file structure…')}</div>
      )}
      {model.previewError && (
        <div className="jp-hackweek-SharedDetails-warning">
          {model.previewError}
        </div>
      )}
      {model.preview && <PreviewTree model={model} trans={trans} />}
    </div>
  );
}

/**
 * The group/dataset tree of a previewed file; groups fold, a click selects a node.
 */
function PreviewTree(props: {
  model: SharedModel;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
  const preview = model.preview!;
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const visible = visibleNodes(preview.nodes, folded);
  const toggle = (path: string) => {
    const next = new Set(folded);
    if (!next.delete(path)) {
      next.add(path);
    }
    setFolded(next);
  };
  const selected =
    preview.nodes.find(node => node.path === model.selectedNode) ?? null;
  const readNote = previewReadNote(preview, trans);
  return (
    <div className="jp-hackweek-SharedPreview">
      <div className="jp-hackweek-SharedPreview-format">
        {previewHeading(preview, trans)}
        {readNote && (
          <span
            className="jp-hackweek-SharedPreview-read"
            title={trans.__(
              'Bytes of the file the preview read: its metadata only, no data'
            )}
          >
            {readNote}
          </span>
        )}
      </div>
      <div className="jp-hackweek-SharedPreview-tree" role="tree">
        {visible.map(node => (
          <PreviewNode
            key={node.path}
            node={node}
            folded={folded.has(node.path)}
            selected={node.path === model.selectedNode}
            onToggle={() => toggle(node.path)}
            onSelect={() => model.selectNode(node.path)}
            trans={trans}
          />
        ))}
      </div>
      {selected && <Attributes node={selected} trans={trans} />}
    </div>
  );
}

function PreviewNode(props: {
  node: IPreviewNode;
  folded: boolean;
  selected: boolean;
  onToggle: () => void;
  onSelect: () => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { node, folded, selected, onToggle, onSelect, trans } = props;
  const isGroup = node.type === 'group';
  const detail = previewNodeDetail(node, trans);
  return (
    <div
      className={`jp-hackweek-SharedPreview-node jp-mod-${node.type}${selected ? ' jp-mod-selected' : ''}`}
      data-path={node.path}
      role="treeitem"
      aria-expanded={isGroup ? !folded : undefined}
      style={{ paddingLeft: `${nodeDepth(node.path)}em` }}
      onClick={onSelect}
    >
      {isGroup && (
        <button
          className="jp-hackweek-SharedPreview-toggle"
          aria-label={folded ? trans.__('Expand') : trans.__('Collapse')}
          onClick={event => {
            event.stopPropagation();
            onToggle();
          }}
        >
          {folded ? '▸' : '▾'}
        </button>
      )}
      <span className="jp-hackweek-SharedPreview-name">{node.name}</span>
      {detail && (
        <span className="jp-hackweek-SharedPreview-detail">{detail}</span>
      )}
      {node.problem && (
        <span
          className="jp-hackweek-SharedPreview-problem"
          title={node.problem}
        >
          {'⚠ '}
          {node.problem}
        </span>
      )}
    </div>
  );
}

function Attributes(props: {
  node: IPreviewNode;
  trans: TranslationBundle;
}): JSX.Element {
  const { node, trans } = props;
  const attrs = Object.entries(node.attrs ?? {});
  return (
    <div className="jp-hackweek-SharedPreview-attrs">
      <div className="jp-hackweek-SharedPreview-attrsTitle">
        {trans.__(
          '%1: %2 attributes',
          node.path,
          node.attr_count ?? attrs.length
        )}
      </div>
      {node.chunks && (
        <div>{trans.__('Chunks: %1', formatShape(node.chunks))}</div>
      )}
      <dl>
        {attrs.map(([key, value]) => (
          <React.Fragment key={key}>
            <dt>{key}</dt>
            <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
          </React.Fragment>
        ))}
      </dl>
    </div>
  );
}
