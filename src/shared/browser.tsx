import { VDomRenderer } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  editIcon,
  fileUploadIcon,
  newFolderIcon,
  refreshIcon
} from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import React from 'react';

import { Description, MarkdownRenderer } from './description';
import { Details, ISharedActions } from './details';
import { ListHeader, VirtualList } from './list';
import { SharedModel } from './model';
import { IOrganizerActions } from './organize';
import { formatBytes } from '../format';
import { breadcrumbs } from './query';

/**
 * A Lumino message (typed without depending on @lumino/messaging directly).
 */
type Message = Parameters<Widget['processMessage']>[0];

/**
 * The "Shared Data" side panel: root picker, breadcrumb, filter, virtual list, details.
 *
 * It renders the model and refreshes it when shown; it never polls.
 */
export class SharedBrowser extends VDomRenderer<SharedModel> {
  constructor(options: SharedBrowser.IOptions) {
    super(options.model);
    this._trans = options.trans;
    this._actions = options.actions;
    this._organize = options.organize;
    this._renderMarkdown = options.renderMarkdown;
    this.addClass('jp-hackweek-SharedBrowser');
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.model.refresh();
  }

  protected render(): JSX.Element {
    const { model } = this;
    const trans = this._trans;
    const root = model.root;
    return (
      <>
        <div className="jp-hackweek-SharedBrowser-toolbar">
          <select
            className="jp-hackweek-SharedBrowser-roots"
            aria-label={trans.__('Shared folder')}
            value={root?.name ?? ''}
            onChange={event => void model.open(event.currentTarget.value, '')}
          >
            {model.roots.map(r => (
              <option key={r.name} value={r.name} disabled={!r.available}>
                {r.writable ? trans.__('%1 (writable)', r.name) : r.name}
              </option>
            ))}
          </select>
          <button
            className="jp-hackweek-SharedBrowser-refresh"
            title={trans.__('Refresh')}
            aria-label={trans.__('Refresh')}
            onClick={() => void model.refresh()}
          >
            <refreshIcon.react tag="span" />
          </button>
        </div>
        {model.canOrganize && this._organizerBar()}
        {root && (
          <div className="jp-hackweek-SharedBrowser-breadcrumbs">
            {breadcrumbs(root.name, model.path).map(([path, label]) => (
              <button
                key={path}
                className="jp-hackweek-SharedBrowser-crumb"
                onClick={() => void model.open(root.name, path)}
              >
                {label}
              </button>
            ))}
          </div>
        )}
        <input
          className="jp-hackweek-SharedBrowser-filter jp-mod-styled"
          type="search"
          placeholder={trans.__('Filter (text or glob, e.g. *.h5)')}
          aria-label={trans.__('Filter')}
          value={model.filter}
          onChange={event => model.setFilter(event.currentTarget.value)}
        />
        {model.error && (
          <div className="jp-hackweek-SharedBrowser-error">{model.error}</div>
        )}
        {model.roots.length === 0 && !model.error && (
          <div className="jp-hackweek-SharedBrowser-empty">
            {trans.__('No shared folders are configured on this server.')}
          </div>
        )}
        {model.description && (
          <Description
            description={model.description}
            trans={trans}
            renderMarkdown={this._renderMarkdown}
          />
        )}
        <div className="jp-hackweek-SharedBrowser-status">
          <span className="jp-hackweek-SharedBrowser-count">
            {model.total === null
              ? ''
              : trans._n('%1 item', '%1 items', model.total)}
          </span>
          {model.sizesCounting && (
            <span
              className="jp-hackweek-SharedBrowser-counting"
              title={trans.__(
                'The rows shown have their sizes; the sizes of the rest of the folder, and the item counts of its folders, come when the server has taken them.'
              )}
            >
              {trans.__('sizes still counting')}
            </span>
          )}
          <span className="jp-hackweek-SharedBrowser-total">
            {this._totalSize()}
          </span>
        </div>
        <ListHeader model={model} trans={trans} />
        <VirtualList model={model} trans={trans} />
        <Details model={model} trans={trans} actions={this._actions} />
      </>
    );
  }

  /** The folder's total size (all of it, whatever the filter shows). */
  private _totalSize(): string {
    const { model } = this;
    if (model.sizePending) {
      return this._trans.__('Total: computing…');
    }
    return model.totalSize === null
      ? ''
      : this._trans.__('Total %1', formatBytes(model.totalSize));
  }

  /** Publish, New folder and Edit description (writable roots only). */
  private _organizerBar(): JSX.Element {
    const trans = this._trans;
    const button = (
      label: string,
      icon: typeof editIcon,
      onClick: () => void
    ) => (
      <button className="jp-mod-styled" title={label} onClick={onClick}>
        <icon.react tag="span" className="jp-hackweek-SharedBrowser-icon" />
        <span>{label}</span>
      </button>
    );
    return (
      <div
        className="jp-hackweek-SharedBrowser-organizer"
        role="toolbar"
        aria-label={trans.__('Organizer actions')}
      >
        {button(trans.__('Publish from home…'), fileUploadIcon, () =>
          this._organize.publish()
        )}
        {button(trans.__('New folder'), newFolderIcon, () =>
          this._organize.newFolder()
        )}
        {button(trans.__('Edit description'), editIcon, () =>
          this._organize.editDescription()
        )}
      </div>
    );
  }

  private _trans: TranslationBundle;
  private _actions: ISharedActions;
  private _organize: IOrganizerActions;
  private _renderMarkdown: MarkdownRenderer | null;
}

/**
 * Statics of the shared browser.
 */
export namespace SharedBrowser {
  /**
   * Options of a shared browser.
   */
  export interface IOptions {
    model: SharedModel;
    trans: TranslationBundle;
    actions: ISharedActions;
    organize: IOrganizerActions;
    /** Renders READMEs as sanitized Markdown; null shows them as plain text. */
    renderMarkdown: MarkdownRenderer | null;
  }
}
