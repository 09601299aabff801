import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { downloadIcon } from '@jupyterlab/ui-components';

import {
  CommandIDs,
  commandLabel,
  commandTexts,
  suiteCategory
} from '../commands';
import { ISharedPublisher } from '../shared/tokens';
import { IDataViewer } from '../viewer/tokens';
import { addSidebarPanel } from '../sidebar';
import { summary, waitsForLogin } from './format';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the service the plugin provides
import { DownloadsModel } from './model';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the side panel is added at start-up
import { DownloadsPanel, IDownloadsActions } from './panel';
import { IDownloads } from './tokens';
import { DownloadState } from './types';

const PLUGIN_ID = 'jupyterlab-hackweek:downloads';

/**
 * Granule downloads with Earthdata Login: the "Downloads" side panel and the
 * `IDownloads` service the data search starts downloads with.
 */
export const downloadsPlugin: JupyterFrontEndPlugin<IDownloads> = {
  id: PLUGIN_ID,
  description:
    'Downloads granules on the Jupyter server with Earthdata Login (resumable, verified) and shows their progress in a side panel.',
  autoStart: true,
  provides: IDownloads,
  optional: [
    ITranslator,
    ICommandPalette,
    ILayoutRestorer,
    ISettingRegistry,
    ILabShell,
    ISharedPublisher,
    IDataViewer
  ],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    labShell: ILabShell | null,
    publisher: ISharedPublisher | null,
    viewer: IDataViewer | null
  ): IDownloads => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    // One login dialog at a time, whoever asks (Download, a refused file, the
    // header's button)
    let asking: Promise<boolean> | null = null;
    const askLogin = (): Promise<boolean> =>
      (asking ??= import('./login')
        .then(({ showLoginDialog }) => showLoginDialog(model, trans))
        .finally(() => (asking = null)));
    const model: DownloadsModel = new DownloadsModel({
      serverSettings: app.serviceManager.serverSettings,
      trans,
      askLogin
    });
    const login = () => void askLogin();
    const panel = new DownloadsPanel({
      model,
      trans,
      actions: Private.actions(app, model, trans, login, publisher, viewer)
    });
    void publisher?.canPublish().then(able => (panel.publishable = able));
    const texts = commandTexts(trans);
    const show = addSidebarPanel(app, panel, {
      id: 'jp-hackweek-downloads',
      restoreName: 'hackweek-downloads',
      icon: downloadIcon,
      caption: trans.__('Downloads'),
      rank: 260,
      restorer,
      labShell,
      command: {
        id: CommandIDs.showDownloads,
        label: commandLabel(texts[CommandIDs.showDownloads]),
        caption: texts[CommandIDs.showDownloads].caption,
        category: suiteCategory(trans),
        palette,
        icon: downloadIcon
      }
    });
    app.commands.addCommand(CommandIDs.loginEarthdata, {
      label: texts[CommandIDs.loginEarthdata].label,
      caption: texts[CommandIDs.loginEarthdata].caption,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: login
    });
    palette?.addItem({
      command: CommandIDs.loginEarthdata,
      category: suiteCategory(trans)
    });

    model.loginNeeded.connect(() => {
      show();
      login();
    });
    Private.notifyWhenFinished(model, trans, show);
    void model.refresh().catch(() => {
      // The panel shows the server's message; the poll retries.
    });

    if (settingRegistry) {
      void settingRegistry.load(PLUGIN_ID).then(settings => {
        const apply = () => {
          model.interval = settings.get('refreshRate').composite as number;
        };
        apply();
        settings.changed.connect(apply);
      });
    }
    return model;
  }
};

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The panel's button actions, with errors shown as notifications.
   */
  export function actions(
    app: JupyterFrontEnd,
    model: DownloadsModel,
    trans: TranslationBundle,
    login: () => void,
    publisher: ISharedPublisher | null,
    viewer: IDataViewer | null
  ): IDownloadsActions {
    const report = (promise: Promise<void>) =>
      void promise.catch(error =>
        Notification.error((error as Error).message, { autoClose: 8000 })
      );
    return {
      cancel: id => report(model.cancel(id)),
      retry: id => report(model.retry(id)),
      pause: (id, pause) => report(model.pause(id, pause)),
      clear: id => report(model.clear(id)),
      login,
      publish: files => {
        if (publisher) {
          report(publisher.publishFiles(files).then(() => undefined));
        }
      },
      viewable: name => viewer?.viewable(name) ?? false,
      view: path =>
        report(viewer?.open({ root: null, path }) ?? Promise.resolve()),
      openFolder: download => {
        if (download.browser_path !== null) {
          void app.commands.execute('filebrowser:go-to-path', {
            path: `/${download.browser_path}`
          });
        }
      }
    };
  }

  /**
   * A notification when a download finishes (saved, failed or cancelled);
   * none while it only waits for an Earthdata login.
   */
  export function notifyWhenFinished(
    model: DownloadsModel,
    trans: TranslationBundle,
    show: () => void
  ): void {
    const states = new Map<string, DownloadState>();
    model.changed.connect(() => {
      for (const download of model.downloads) {
        const before = states.get(download.id);
        states.set(download.id, download.state);
        if (
          before !== 'active' ||
          download.state === 'active' ||
          waitsForLogin(download) // the login dialog says it; saving one resumes
        ) {
          continue;
        }
        const message = trans.__(
          '%1 v%2: %3',
          download.short_name,
          download.version,
          summary(download, trans)
        );
        const options = {
          autoClose: download.state === 'done' ? 5000 : (false as const),
          actions: [{ label: trans.__('Show'), callback: show }]
        };
        if (download.state === 'done') {
          Notification.success(message, options);
        } else {
          Notification.warning(message, options);
        }
      }
    });
  }
}
