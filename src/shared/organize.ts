import {
  Dialog,
  DOMUtils,
  InputDialog,
  Notification
} from '@jupyterlab/apputils';
import { Contents, ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { UUID } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';

import { completionTarget, publishSource, suggestions } from './complete';
import { SharedModel } from './model';
import { SharedOrganizer } from './organizer';
import { requestAPI } from '../request';
import { followTransfer, ProgressNote } from './progress';
import { publishTargets } from './query';
import { IPublishFiles } from './tokens';
import { ICopyReply, IRootsReply, ISharedRoot } from './types';

/**
 * What the organizer toolbar can do (shown only on writable roots).
 */
export interface IOrganizerActions {
  publish(): void;
  newFolder(): void;
  editDescription(): void;
}

/**
 * Options of the organizer actions.
 */
export interface IOrganizeOptions {
  model: SharedModel;
  serverSettings: ServerConnection.ISettings;
  contents: Contents.IManager;
  trans: TranslationBundle;
}

/**
 * The organizer actions: dialogs, then the server call with a notification.
 */
export function organizerActions(options: IOrganizeOptions): IOrganizerActions {
  const { model, contents, trans } = options;
  const organizer = new SharedOrganizer({
    model,
    serverSettings: options.serverSettings,
    trans
  });

  const publish = (source: string, name?: string): Promise<boolean> =>
    publishWithProgress(
      {
        serverSettings: options.serverSettings,
        trans,
        root: model.root?.name ?? '',
        publish: (operation, as) => organizer.publish(source, as, operation)
      },
      name ?? source,
      name
    );

  const failed = (error: unknown) =>
    void Notification.error((error as Error).message, { autoClose: false });

  return {
    publish: async () => {
      const body = new PublishBody(contents, trans);
      const result = await new Dialog<string>({
        title: trans.__('Publish from home into %1', model.root?.name ?? ''),
        body,
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({ label: trans.__('Publish') })
        ],
        focusNodeSelector: 'input'
      }).launch();
      const source = publishSource(result.value ?? '');
      if (result.button.accept && source) {
        await publish(source);
      }
    },
    newFolder: async () => {
      const result = await InputDialog.getText({
        title: trans.__('New shared folder'),
        label: trans.__('Name'),
        okLabel: trans.__('Create'),
        cancelLabel: trans.__('Cancel'),
        required: true
      });
      const name = result.value?.trim();
      if (!result.button.accept || !name) {
        return;
      }
      if (name.includes('/') || name === '.' || name === '..') {
        failed(new Error(trans.__('"%1" is not a valid folder name.', name)));
        return;
      }
      await organizer.mkdir(name).catch(failed);
    },
    editDescription: async () => {
      const result = await new Dialog<string>({
        title: trans.__('Edit the description (README.md)'),
        body: new DescriptionBody(model.description?.readme ?? '', trans),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({ label: trans.__('Save') })
        ],
        focusNodeSelector: 'textarea'
      }).launch();
      if (result.button.accept && result.value !== null) {
        await organizer.describe(result.value).catch(failed);
      }
    }
  };
}

/**
 * The publish dialog's body: a path below home with type-ahead from the Contents API.
 */
class PublishBody extends Widget implements Dialog.IBodyWidget<string> {
  constructor(contents: Contents.IManager, trans: TranslationBundle) {
    super();
    this._contents = contents;
    this.addClass('jp-hackweek-SharedPublish');
    const label = document.createElement('label');
    label.textContent = trans.__(
      'File or folder of yours to publish (path from your home folder)'
    );
    this._input.className = 'jp-mod-styled';
    this._input.placeholder = trans.__('e.g. results/figure.png');
    const listId = DOMUtils.createDomID();
    this._input.setAttribute('list', listId);
    this._input.setAttribute('aria-label', trans.__('Path to publish'));
    this._list.id = listId;
    label.appendChild(this._input);
    this.node.append(label, this._list);
    this._input.addEventListener('input', () => void this._complete());
    void this._complete();
  }

  getValue(): string {
    return this._input.value;
  }

  private async _complete(): Promise<void> {
    const { folder, prefix } = completionTarget(this._input.value);
    const request = ++this._request;
    if (folder !== this._folder) {
      let entries: Contents.IModel[] = [];
      try {
        const listing = await this._contents.get(folder, { content: true });
        entries = Array.isArray(listing.content) ? listing.content : [];
      } catch {
        // No such folder (yet): no suggestions.
      }
      if (request !== this._request) {
        return; // a later keystroke asked again
      }
      this._folder = folder;
      this._entries = entries;
    }
    this._list.replaceChildren(
      ...suggestions(folder, prefix, this._entries).map(path => {
        const option = document.createElement('option');
        option.value = path;
        return option;
      })
    );
  }

  private _contents: Contents.IManager;
  private _request = 0;
  private _folder: string | null = null;
  private _entries: Contents.IModel[] = [];
  private _input = document.createElement('input');
  private _list = document.createElement('datalist');
}

/**
 * The description dialog's body: a Markdown text area.
 */
class DescriptionBody extends Widget implements Dialog.IBodyWidget<string> {
  constructor(readme: string, trans: TranslationBundle) {
    super();
    this.addClass('jp-hackweek-SharedDescribe');
    this._text.className = 'jp-mod-styled';
    this._text.rows = 14;
    this._text.value = readme;
    this._text.placeholder = trans.__(
      '# Title\n\nWhat the data is, where it comes from, how to cite it.'
    );
    this._text.setAttribute('aria-label', trans.__('README.md (Markdown)'));
    this.node.appendChild(this._text);
  }

  getValue(): string {
    return this._text.value;
  }

  private _text = document.createElement('textarea');
}

/**
 * Options of `publishWithProgress`.
 */
interface IPublishRun {
  serverSettings: ServerConnection.ISettings;
  trans: TranslationBundle;
  /**
   * The shared folder's name.
   */
  root: string;
  /**
   * Send the publication (`as`: another name, after a 409).
   */
  publish(operation: string, as?: string): Promise<ICopyReply>;
  /**
   * Show the published folder or file (the success toast's button), if given.
   */
  show?(reply: ICopyReply): void;
}

/**
 * Publish with a progress notification; a taken name offers the server's free
 * one. True when published.
 */
async function publishWithProgress(
  run: IPublishRun,
  label: string,
  name?: string
): Promise<boolean> {
  const { trans, root } = run;
  const operation = UUID.uuid4();
  const note = new ProgressNote(trans.__('Publishing %1 to %2…', label, root));
  followTransfer(note, run.serverSettings, 'shared/publish', operation, count =>
    trans.__(
      'Publishing %1 to %2… %3 of %4 (%5%)',
      label,
      root,
      count.done,
      count.total,
      count.percent
    )
  );
  try {
    const reply = await run.publish(operation, name);
    const show = run.show;
    await note.finish(
      trans.__('Published %1 in %2', reply.path, root),
      'success',
      {
        autoClose: 5000,
        actions: show
          ? [{ label: trans.__('Show'), callback: () => show(reply) }]
          : []
      }
    );
    return true;
  } catch (error) {
    await note.fail(
      error,
      SharedModel.suggestedName(error),
      suggested => trans.__('Publish as %1', suggested),
      suggested => void publishWithProgress(run, suggested, suggested)
    );
    return false;
  }
}

/**
 * Options of `publishFiles`.
 */
export interface IPublishFilesOptions {
  serverSettings: ServerConnection.ISettings;
  trans: TranslationBundle;
  files: IPublishFiles;
  /**
   * Show a folder of a shared folder in the Shared Data panel.
   */
  show(root: string, path: string): void;
}

/**
 * Ask where to publish the files (writable shared folder, folder inside it,
 * the new folder's name), then publish them with their description as one new
 * folder. True when published.
 */
export async function publishFiles(
  options: IPublishFilesOptions
): Promise<boolean> {
  const { serverSettings, trans, files } = options;
  const reply = await requestAPI<IRootsReply>(serverSettings, 'shared/roots', {
    trans
  });
  const roots = publishTargets(reply);
  if (roots.length === 0) {
    Notification.warning(
      trans.__('There is no shared folder you may publish into.'),
      { autoClose: 5000 }
    );
    return false;
  }
  const result = await new Dialog<IPublishPlace>({
    title: trans.__('Publish %1', files.label),
    body: new PublishFilesBody(roots, files, trans),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Publish') })
    ],
    focusNodeSelector: 'input'
  }).launch();
  const place = result.value;
  if (!result.button.accept || !place || !place.name) {
    return false;
  }
  const folder = publishSource(place.folder);
  return publishWithProgress(
    {
      serverSettings,
      trans,
      root: place.root,
      publish: (operation, as) =>
        requestAPI<ICopyReply>(serverSettings, 'shared/publish', {
          method: 'POST',
          body: JSON.stringify({
            root: place.root,
            path: folder,
            sources: files.sources,
            name: as ?? place.name,
            readme: files.readme,
            operation
          }),
          trans
        }),
      show: published => options.show(place.root, published.path)
    },
    place.name
  );
}

/**
 * Where the files go: a writable shared folder, a folder inside it, a name.
 */
interface IPublishPlace {
  root: string;
  folder: string;
  name: string;
}

/**
 * The "publish files" dialog's body: the shared folder (a choice when there
 * are several), the folder inside it and the new folder's name.
 */
class PublishFilesBody
  extends Widget
  implements Dialog.IBodyWidget<IPublishPlace>
{
  constructor(
    roots: ISharedRoot[],
    files: IPublishFiles,
    trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-hackweek-SharedPublishFiles');
    const what = document.createElement('p');
    what.textContent = trans._n(
      'One file and its description (README.md) become a new folder everyone on the hub can read.',
      '%1 files and their description (README.md) become a new folder everyone on the hub can read.',
      files.sources.length
    );
    this._root.className = 'jp-mod-styled';
    for (const root of roots) {
      const option = document.createElement('option');
      option.value = option.textContent = root.name;
      this._root.appendChild(option);
    }
    this._folder.className = this._name.className = 'jp-mod-styled';
    this._folder.placeholder = trans.__('(top level)');
    this._name.value = files.name;
    this._name.required = true;
    this.node.append(
      what,
      labelled(trans.__('Shared folder'), this._root),
      labelled(trans.__('Inside the folder'), this._folder),
      labelled(trans.__('New folder’s name'), this._name)
    );
  }

  getValue(): IPublishPlace {
    return {
      root: this._root.value,
      folder: this._folder.value,
      name: this._name.value.trim()
    };
  }

  private _root = document.createElement('select');
  private _folder = document.createElement('input');
  private _name = document.createElement('input');
}

/**
 * A form field: its label, then the control.
 */
function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.textContent = text;
  label.appendChild(control);
  return label;
}
