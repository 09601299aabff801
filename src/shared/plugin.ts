import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard, ICommandPalette, Notification } from '@jupyterlab/apputils';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import { UUID } from '@lumino/coreutils';

import {
  CommandIDs as SuiteCommands,
  commandLabel,
  commandTexts,
  suiteCategory
} from '../commands';
import { requestAPI } from '../request';
import { IDataViewer } from '../viewer/tokens';
import { addSidebarPanel, LazyPanel } from '../sidebar';
import { openInPlaceSnippet, openSnippet } from './code';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the service the plugin provides
import { GranuleMarks } from './marks';
import { followTransfer, ProgressNote } from './progress';
import type { ISharedActions } from './details';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the side panel's model, needed at start-up
import { SharedModel } from './model';
import type { IOrganizerActions } from './organize';
import {
  IFileCodeTarget,
  ISharedCode,
  ISharedLookup,
  ISharedPublisher
} from './tokens';
import { IRootsReply, ISharedEntry } from './types';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- loaded with the model already
import { publishTargets } from './query';

/**
 * Command ids of the shared browser.
 */
namespace CommandIDs {
  export const openFolder = 'hackweek:open-shared-folder';
}

const PLUGIN_ID = 'jupyterlab-hackweek:shared';

/**
 * The side-panel icon: a stack of disks (shared datasets).
 */
const sharedIcon = new LabIcon({
  name: PLUGIN_ID,
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><g class="jp-icon3" fill="#616161">' +
    '<ellipse cx="12" cy="5" rx="8" ry="3"/>' +
    '<path d="M4 7v4c0 1.7 3.6 3 8 3s8-1.3 8-3V7c0 1.7-3.6 3-8 3S4 8.7 4 7z"/>' +
    '<path d="M4 13v4c0 1.7 3.6 3 8 3s8-1.3 8-3v-4c0 1.7-3.6 3-8 3s-8-1.3-8-3z"/></g></svg>'
});

/**
 * The "Shared Data" left-sidebar panel: browse, preview and copy shared
 * datasets; and the `ISharedLookup` service the data search marks the
 * granules already on the shared volume with.
 */
export const sharedPlugin: JupyterFrontEndPlugin<ISharedLookup> = {
  id: PLUGIN_ID,
  description:
    'A left-sidebar browser of the hub’s shared datasets with HDF5 previews, copy to home, code snippets and publishing for organizers.',
  autoStart: true,
  provides: ISharedLookup,
  optional: [
    ITranslator,
    ICommandPalette,
    INotebookTracker,
    ILayoutRestorer,
    ISettingRegistry,
    ILabShell,
    IRenderMimeRegistry,
    IDataViewer
  ],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    notebooks: INotebookTracker | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    labShell: ILabShell | null,
    rendermime: IRenderMimeRegistry | null,
    viewer: IDataViewer | null
  ): ISharedLookup => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    const model = new SharedModel({
      serverSettings: app.serviceManager.serverSettings,
      trans
    });
    const actions = Private.actions(app, model, trans, notebooks, viewer);
    const panel = new LazyPanel({
      className: 'jp-hackweek-SharedPanel',
      loading: trans.__('Loading the shared data browser…'),
      failed: reason =>
        trans.__('The shared data browser could not be loaded: %1', reason),
      load: async () => {
        const [{ SharedBrowser }, { sanitizedMarkdown }] = await Promise.all([
          import('./browser'),
          import('./description')
        ]);
        const browser = new SharedBrowser({
          model,
          trans,
          actions,
          organize: Private.lazyOrganizer(app, model, trans),
          renderMarkdown: sanitizedMarkdown(rendermime, translator ?? undefined)
        });
        // The browser refreshes on later shows; this is the first.
        void model.refresh();
        return browser;
      }
    });
    const texts = commandTexts(trans);
    const show = addSidebarPanel(app, panel, {
      id: 'jp-hackweek-shared',
      restoreName: 'hackweek-shared',
      icon: sharedIcon,
      caption: trans.__('Shared Data'),
      rank: 250,
      restorer,
      labShell,
      command: {
        id: SuiteCommands.showShared,
        label: commandLabel(texts[SuiteCommands.showShared]),
        caption: texts[SuiteCommands.showShared].caption,
        category: suiteCategory(trans),
        palette,
        icon: sharedIcon
      }
    });
    app.commands.addCommand(SuiteCommands.refreshShared, {
      label: texts[SuiteCommands.refreshShared].label,
      caption: texts[SuiteCommands.refreshShared].caption,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => model.refresh()
    });
    palette?.addItem({
      command: SuiteCommands.refreshShared,
      category: suiteCategory(trans)
    });
    app.commands.addCommand(CommandIDs.openFolder, {
      label: trans.__('Show a Shared Folder'),
      caption: trans.__('Show a folder of a shared folder in Shared Data'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            root: { type: 'string', description: 'The shared folder’s name' },
            path: { type: 'string', description: 'A folder inside it' }
          },
          required: ['root']
        }
      },
      execute: args => {
        show();
        return model.open(String(args.root), String(args.path ?? ''));
      }
    });

    if (settingRegistry) {
      void settingRegistry.load(PLUGIN_ID).then(settings => {
        const apply = () => {
          model.filterDebounce = settings.get('filterDelay')
            .composite as number;
        };
        apply();
        settings.changed.connect(apply);
      });
    }
    return {
      marks: () =>
        new GranuleMarks({
          serverSettings: app.serviceManager.serverSettings,
          trans
        }),
      openCode: (place, icesat2) => openInPlaceSnippet(place.absolute, icesat2)
    };
  }
};

/**
 * The `ISharedPublisher` service: organizers publish files of theirs (a
 * finished subset order) as a new, described folder of a writable shared
 * folder, from where those files are shown.
 */
export const sharedPublisherPlugin: JupyterFrontEndPlugin<ISharedPublisher> = {
  id: 'jupyterlab-hackweek:shared-publisher',
  description:
    'Lets other features publish files of the user (a finished subset order) into a writable shared folder.',
  autoStart: true,
  provides: ISharedPublisher,
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): ISharedPublisher => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    const serverSettings = app.serviceManager.serverSettings;
    let targets: Promise<boolean> | null = null;
    return {
      canPublish: () =>
        (targets ??= requestAPI<IRootsReply>(serverSettings, 'shared/roots', {
          trans
        }).then(
          reply => publishTargets(reply).length > 0,
          () => {
            targets = null; // ask again next time
            return false;
          }
        )),
      publishFiles: async files => {
        const { publishFiles } = await import('./organize');
        return publishFiles({
          serverSettings,
          trans,
          files,
          show: (root, path) =>
            void app.commands.execute(CommandIDs.openFolder, { root, path })
        });
      }
    };
  }
};

/**
 * The `ISharedCode` service: the data viewer's "Insert code" writes the Shared
 * Data panel's snippets (masked arrays, HDF5 locking off) for a file of a
 * shared root or the home, into the current notebook or a new one.
 */
export const sharedCodePlugin: JupyterFrontEndPlugin<ISharedCode> = {
  id: 'jupyterlab-hackweek:shared-code',
  description:
    'Inserts the Shared Data panel’s code cells for files of the shared folders and the home into a notebook, for other features.',
  autoStart: true,
  provides: ISharedCode,
  optional: [ITranslator, INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    notebooks: INotebookTracker | null
  ): ISharedCode => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    const serverSettings = app.serviceManager.serverSettings;
    /** The file's absolute path on the server, as kernels see it. */
    const absolute = async (target: IFileCodeTarget): Promise<string> => {
      if (target.root === null) {
        return PathExt.joinWithLeadingSlash(
          PageConfig.getOption('serverRoot'),
          target.path
        );
      }
      const reply = await requestAPI<IRootsReply>(
        serverSettings,
        'shared/roots',
        { trans }
      );
      const root = reply.roots.find(r => r.name === target.root);
      if (!root) {
        throw new Error(trans.__('No shared folder is named %1.', target.root));
      }
      return PathExt.joinWithLeadingSlash(root.path, target.path);
    };
    return {
      insertCode: async target => {
        const code = openSnippet({ ...target, path: await absolute(target) });
        let panel = notebooks?.currentWidget ?? null;
        if (panel) {
          Private.insertBelow(app, panel, code);
          return;
        }
        panel = (await app.commands.execute(
          'notebook:create-new'
        )) as NotebookPanel;
        await panel.context.ready;
        // a new notebook holds one empty cell: the code goes there
        const cell = panel.content.activeCell;
        if (
          cell &&
          panel.content.widgets.length === 1 &&
          !cell.model.sharedModel.getSource()
        ) {
          cell.model.sharedModel.setSource(code);
          app.shell.activateById(panel.id);
        } else {
          Private.insertBelow(app, panel, code);
        }
      }
    };
  }
};

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * Insert a code cell below the notebook's active cell and show the notebook.
   */
  export function insertBelow(
    app: JupyterFrontEnd,
    panel: NotebookPanel,
    code: string
  ): void {
    NotebookActions.insertBelow(panel.content);
    panel.content.activeCell?.model.sharedModel.setSource(code);
    app.shell.activateById(panel.id);
  }

  /**
   * The organizer actions, loaded the first time an organizer uses one.
   */
  export function lazyOrganizer(
    app: JupyterFrontEnd,
    model: SharedModel,
    trans: TranslationBundle
  ): IOrganizerActions {
    let loaded: Promise<IOrganizerActions> | null = null;
    const load = () =>
      (loaded ??= import('./organize').then(module =>
        module.organizerActions({
          model,
          serverSettings: app.serviceManager.serverSettings,
          contents: app.serviceManager.contents,
          trans
        })
      ));
    return {
      publish: () => void load().then(actions => actions.publish()),
      newFolder: () => void load().then(actions => actions.newFolder()),
      editDescription: () =>
        void load().then(actions => actions.editDescription())
    };
  }

  /**
   * The details pane's actions, wired to notifications, notebooks and commands.
   */
  export function actions(
    app: JupyterFrontEnd,
    model: SharedModel,
    trans: TranslationBundle,
    notebooks: INotebookTracker | null,
    viewer: IDataViewer | null
  ): ISharedActions {
    const copyToHome = async (entry: ISharedEntry, name?: string) => {
      const label = name ?? entry.name;
      const operation = UUID.uuid4();
      const note = new ProgressNote(
        trans.__('Copying %1 to your home folder…', label)
      );
      followTransfer(
        note,
        app.serviceManager.serverSettings,
        'shared/copy',
        operation,
        count =>
          trans.__(
            'Copying %1 to your home folder… %2 of %3 (%4%)',
            label,
            count.done,
            count.total,
            count.percent
          )
      );
      try {
        const reply = await model.copyToHome(entry, name, operation);
        await note.finish(trans.__('Copied to %1', reply.path), 'success', {
          autoClose: 5000,
          actions: [
            {
              label: trans.__('Open'),
              callback: () =>
                void app.commands.execute('docmanager:open', {
                  path: reply.path
                })
            }
          ]
        });
      } catch (error) {
        await note.fail(
          error,
          SharedModel.suggestedName(error),
          suggested => trans.__('Copy as %1', suggested),
          suggested => void copyToHome(entry, suggested)
        );
      }
    };
    return {
      copyToHome: entry => void copyToHome(entry),
      canInsertCode: () => !!notebooks?.currentWidget,
      insertCode: () => {
        const panel = notebooks?.currentWidget;
        const entry = model.selected;
        const path = entry ? model.absolutePath(entry.name) : null;
        if (!panel || !path) {
          Notification.warning(trans.__('Open a notebook first.'), {
            autoClose: 4000
          });
          return;
        }
        const node = model.preview?.nodes.find(
          n => n.path === model.selectedNode
        );
        const code = openSnippet({
          path,
          node: node?.path,
          nodeType: node?.type === 'dataset' ? 'dataset' : 'group',
          dtype: node?.dtype,
          format: model.preview?.format
        });
        insertBelow(app, panel, code);
      },
      copyPath: entry => {
        const path = model.absolutePath(entry.name);
        if (path) {
          Clipboard.copyToSystem(path);
          Notification.info(trans.__('Copied %1', path), { autoClose: 3000 });
        }
      },
      openInLab: entry => {
        const path = model.labPath(entry.name);
        if (path !== null) {
          void app.commands.execute('docmanager:open', { path });
        }
      },
      canView: entry => !!viewer && viewer.viewable(entry.name),
      view: entry => {
        const root = model.root;
        if (!viewer || !root) {
          return;
        }
        void viewer.open({
          root: root.name,
          path: model.path ? `${model.path}/${entry.name}` : entry.name,
          dataset: model.selected === entry ? model.selectedNode : null
        });
      }
    };
  }
}
