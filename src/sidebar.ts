/**
 * Left-sidebar panels: one place that docks a panel with its icon, DOM id,
 * caption and rank, registers it with the layout restorer and adds the command
 * that shows it; and a light panel that loads its contents on first show.
 */

import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { LabIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Panel, Widget } from '@lumino/widgets';

/**
 * A Lumino message (typed without depending on @lumino/messaging directly).
 */
type Message = Parameters<Widget['processMessage']>[0];

/**
 * Options of `addSidebarPanel`.
 */
export interface ISidebarPanelOptions {
  /** The panel's DOM id (the sidebar tab's `data-id`). */
  id: string;
  /** The name the layout restorer saves the panel under. */
  restoreName: string;
  icon: LabIcon;
  /** The tab's tooltip, translated. */
  caption: string;
  /** The rank in the left sidebar. */
  rank: number;
  restorer: ILayoutRestorer | null;
  labShell: ILabShell | null;
  /** The command that shows the panel, listed in the palette. */
  command: {
    id: string;
    /** The palette's label (a function: the launcher asks with arguments). */
    label: string | ((args: ReadonlyPartialJSONObject) => string);
    caption: string;
    /** The palette category, translated. */
    category: string;
    palette: ICommandPalette | null;
    icon?: LabIcon;
    /** Runs once the panel is shown (the command waits for it). */
    afterShow?: () => Promise<void>;
  };
}

/**
 * Dock `widget` in the left sidebar, restore it with the layout and add the
 * command that shows it.
 *
 * Returns a function that shows the panel.
 */
export function addSidebarPanel(
  app: JupyterFrontEnd,
  widget: Widget,
  options: ISidebarPanelOptions
): () => void {
  widget.id = options.id;
  widget.title.icon = options.icon;
  widget.title.caption = options.caption;
  app.shell.add(widget, 'left', { rank: options.rank });
  options.restorer?.add(widget, options.restoreName);

  const show = () => {
    if (options.labShell) {
      options.labShell.activateById(widget.id);
    } else {
      app.shell.activateById(widget.id);
    }
  };
  const { command } = options;
  app.commands.addCommand(command.id, {
    label: command.label,
    caption: command.caption,
    icon: command.icon,
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      show();
      return command.afterShow?.();
    }
  });
  command.palette?.addItem({
    command: command.id,
    category: command.category
  });
  return show;
}

/**
 * A sidebar panel that is light at start-up: it loads its contents (and the
 * chunk they live in) the first time it is shown, with a line of status text
 * meanwhile.
 */
export class LazyPanel extends Panel {
  constructor(options: LazyPanel.IOptions) {
    super();
    this._load = options.load;
    this._loading = options.loading;
    this._failed = options.failed;
    this.addClass(options.className);
    this._status = new Widget();
    this._status.addClass(`${options.className}-loading`);
    this.addWidget(this._status);
    this.loaded = new Promise(resolve => (this._resolve = resolve));
  }

  /**
   * Settles once the contents are loaded (or failed to load).
   */
  readonly loaded: Promise<void>;

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (this._started) {
      return;
    }
    this._started = true;
    this._status.node.textContent = this._loading;
    this._load()
      .then(widget => {
        this._status.dispose();
        this.addWidget(widget);
      })
      .catch(reason => {
        this._status.node.textContent = this._failed(
          String((reason as Error)?.message ?? reason)
        );
      })
      .finally(() => this._resolve());
  }

  private _load: () => Promise<Widget>;
  private _loading: string;
  private _failed: (reason: string) => string;
  private _status: Widget;
  private _started = false;
  private _resolve: () => void = () => undefined;
}

/**
 * The statics of `LazyPanel`.
 */
export namespace LazyPanel {
  /**
   * Options of a lazy panel.
   */
  export interface IOptions {
    /** The panel's class; its status line gets `<className>-loading`. */
    className: string;
    /** Builds the contents (typically after an `await import(...)`). */
    load: () => Promise<Widget>;
    /** The status text while loading, translated. */
    loading: string;
    /** The status text when loading failed, translated, given the reason. */
    failed: (reason: string) => string;
  }
}
