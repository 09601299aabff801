import { PathExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { APIRequest, bindRequestAPI, HackweekAPIError } from '../request';
import { SharedModel } from './model';
import { ICopyReply, IFolderReply } from './types';

/**
 * The organizer's changes to the current writable root: publish a file or
 * folder from home, make a folder, replace the folder's README.md.
 *
 * Each call targets the model's current root and folder and refreshes the
 * listing afterwards; the server refuses (403) read-only roots and users not
 * in `SharedData.publishers`.
 */
export class SharedOrganizer {
  constructor(options: SharedOrganizer.IOptions) {
    this._model = options.model;
    this._trans = options.trans ?? nullTranslator.load('jupyterlab_hackweek');
    this._request = bindRequestAPI(options.serverSettings, this._trans);
  }

  /**
   * Copy `source` (a path below the user's root folder) into the current folder,
   * as `name` when given. A 409 error carries `reply.suggested`, a free name.
   * With an `operation` id, `GET shared/publish?operation=ID` tells its progress.
   */
  async publish(
    source: string,
    name?: string,
    operation?: string
  ): Promise<ICopyReply> {
    const reply = await this._post<ICopyReply>('shared/publish', {
      root: this._rootName(),
      path: this._model.path,
      source,
      name,
      operation
    });
    await this._model.refresh();
    return reply;
  }

  /**
   * Make a folder called `name` (one name: no `/`, not `.` or `..`, which
   * `PathExt.join` would resolve here before the server could refuse them)
   * in the current folder, then show it.
   */
  async mkdir(name: string): Promise<string> {
    const root = this._rootName();
    const reply = await this._post<IFolderReply>('shared/mkdir', {
      root,
      path: PathExt.join(this._model.path, name)
    });
    await this._model.open(root, reply.path);
    return reply.path;
  }

  /** Replace the current folder's README.md with `readme`. */
  async describe(readme: string): Promise<void> {
    await this._post<IFolderReply>('shared/describe', {
      root: this._rootName(),
      path: this._model.path,
      readme
    });
    await this._model.refresh();
  }

  private _rootName(): string {
    const root = this._model.root;
    if (!root?.writable) {
      throw new HackweekAPIError(
        this._trans.__('This shared folder is read-only.'),
        403
      );
    }
    return root.name;
  }

  private _post<T>(route: string, body: object): Promise<T> {
    return this._request<T>(route, {
      method: 'POST',
      body: JSON.stringify(body)
    });
  }

  private _model: SharedModel;

  private _trans: TranslationBundle;
  private _request: APIRequest;
}

/**
 * Statics of the organizer.
 */
export namespace SharedOrganizer {
  /**
   * Options of an organizer.
   */
  export interface IOptions {
    model: SharedModel;
    serverSettings: ServerConnection.ISettings;
    /** The `jupyterlab_hackweek` translation bundle; English without one. */
    trans?: TranslationBundle;
  }
}
