import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  WidgetTracker
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Debouncer } from '@lumino/polling';

import {
  CommandIDs,
  commandLabel,
  commandTexts,
  suiteCategory
} from '../commands';
import { IDownloads } from '../downloads/tokens';
import { ISharedLookup } from '../shared/tokens';
import { addSidebarPanel, LazyPanel } from '../sidebar';
import type { CodeStyle } from './code';
import type { IFormState } from './formstate';
import { ISearchMaps } from './tokens';
import type { NsidcSearchModel } from './model';
import type { IResultActions } from './results';
import type { NsidcWorkspace } from './workspace';

const PLUGIN_ID = 'jupyterlab-hackweek:nsidc';
const STATE_KEY = `${PLUGIN_ID}:form`;

/**
 * The workspace's DOM id and the layout restorer's namespace for it.
 */
const WORKSPACE_ID = 'jp-hackweek-nsidc-workspace';
const WORKSPACE_NAMESPACE = 'hackweek-nsidc-workspace';

/**
 * The search shared by the sidebar and the workspace.
 */
interface ISearchParts {
  model: NsidcSearchModel;
  actions: IResultActions;
}

/**
 * Focus a view's product field once its form has rendered (a later animation
 * frame than the view attaches).
 */
async function focusProduct(node: HTMLElement): Promise<void> {
  for (let frame = 0; frame < 60; frame++) {
    const input = node.querySelector<HTMLInputElement>(
      '.jp-hackweek-NsidcPanel-product'
    );
    if (input) {
      input.focus();
      return;
    }
    await new Promise(resolve => requestAnimationFrame(resolve));
  }
}

/**
 * Milliseconds the form waits for typing to pause before it is saved.
 */
const SAVE_DELAY = 500;

/**
 * The side-panel icon: a globe with an orbit track.
 */
const nsidcIcon = new LabIcon({
  name: PLUGIN_ID,
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><g class="jp-icon3" fill="#616161">' +
    '<path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 2a7 7 0 0 1 6.7 5H15.5L13 7.5 11 9l-2-1-3 2.6A7 7 0 0 1 12 5zM5.1 13.2 8.8 10l2.1 1 2-1.5L15 11.6V14l-2.5 2-.5 3A7 7 0 0 1 5.1 13.2zm9 5.5.4-1.9 2.5-2v-2.8h1.9a7 7 0 0 1-4.8 6.7z"/>' +
    '<path d="M2.3 17.2 21 4.6l.6.8L2.9 18z"/></g></svg>'
});

/**
 * The NSIDC data search: NASA CMR's NSIDC granules (ICESat-2 and more) on a
 * map, with notebook code — in the main-area workspace ("Search NSIDC data")
 * and the compact "NSIDC Data" left sidebar, one search shared by both.
 */
export const nsidcPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'A search of NSIDC data in NASA CMR — a main-area workspace and a compact left sidebar on one search — with a map, ICESat-2 track and cycle filters and notebook code.',
  autoStart: true,
  optional: [
    ITranslator,
    ICommandPalette,
    INotebookTracker,
    ILayoutRestorer,
    ISettingRegistry,
    ILabShell,
    IStateDB,
    IDownloads,
    ISharedLookup
  ],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    notebooks: INotebookTracker | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    labShell: ILabShell | null,
    state: IStateDB | null,
    downloads: IDownloads | null,
    lookup: ISharedLookup | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    let codeStyle: CodeStyle = 'earthaccess';
    let settings: ISettingRegistry.ISettings | null = null;
    let shown: NsidcSearchModel | null = null;
    const saved = state
      ? state.fetch(STATE_KEY).catch(() => undefined)
      : Promise.resolve(undefined);

    // One search for the sidebar and the workspace: created once, on the
    // first view's load (it brings the chunk of the search code).
    let loading: Promise<ISearchParts> | null = null;
    const loadSearch = (): Promise<ISearchParts> => {
      loading ??= (async () => {
        const [{ NsidcSearchModel }, { CmrClient }, { createActions }] =
          await Promise.all([
            import('./model'),
            import('./client'),
            import('./actions')
          ]);
        const model = new NsidcSearchModel({
          client: new CmrClient({
            serverSettings: app.serviceManager.serverSettings,
            trans
          }),
          trans,
          state: await saved
        });
        // The code style chosen in the panel is the setting, and back.
        model.codeStyle = codeStyle;
        model.stateChanged.connect(() => {
          if (model.codeStyle !== codeStyle) {
            codeStyle = model.codeStyle;
            void settings
              ?.set('codeStyle', codeStyle)
              .catch(reason =>
                console.warn(`${PLUGIN_ID}: code style not saved`, reason)
              );
          }
        });
        shown = model;
        if (state) {
          // Save the form once typing pauses.
          const save = new Debouncer(
            (form: IFormState) =>
              state.save(
                STATE_KEY,
                form as unknown as ReadonlyPartialJSONObject
              ),
            SAVE_DELAY
          );
          model.formChanged.connect((_, form) => void save.invoke(form));
        }
        const actions = createActions(model, {
          trans,
          notebooks,
          activate: id => app.shell.activateById(id),
          downloads,
          lookup,
          showDownloads: () =>
            void app.commands.execute(CommandIDs.showDownloads)
        });
        return { model, actions };
      })();
      return loading;
    };

    const sidebar = new LazyPanel({
      className: 'jp-hackweek-NsidcPanel',
      loading: trans.__('Loading the search…'),
      failed: reason =>
        trans.__('The search panel could not be loaded: %1', reason),
      load: async () => {
        const [{ NsidcPanel }, { model, actions }] = await Promise.all([
          import('./panel'),
          loadSearch()
        ]);
        return new NsidcPanel({
          model,
          trans,
          lookup,
          actions,
          expand: () => void app.commands.execute(CommandIDs.openNsidcSearch)
        });
      }
    });
    addSidebarPanel(app, sidebar, {
      id: 'jp-hackweek-nsidc',
      restoreName: 'hackweek-nsidc',
      icon: nsidcIcon,
      caption: trans.__('NSIDC Data'),
      rank: 240,
      restorer,
      labShell,
      command: {
        id: CommandIDs.showNsidcSidebar,
        // The sidebar's tab is its way in; the palette's is the workspace
        label: trans.__('Show the NSIDC Data Sidebar'),
        caption: trans.__(
          'Open the compact NSIDC data search in the left sidebar'
        ),
        category: suiteCategory(trans),
        palette: null,
        icon: nsidcIcon,
        afterShow: async () => {
          await sidebar.loaded;
          await focusProduct(sidebar.node);
        }
      }
    });

    // The workspace: one at a time, restored with the layout.
    const tracker = new WidgetTracker<MainAreaWidget<NsidcWorkspace>>({
      namespace: WORKSPACE_NAMESPACE
    });
    const openWorkspace = async (): Promise<void> => {
      let widget = tracker.currentWidget;
      if (!widget || widget.isDisposed) {
        const [{ NsidcWorkspace }, { model, actions }] = await Promise.all([
          import('./workspace'),
          loadSearch()
        ]);
        widget = tracker.currentWidget;
        if (!widget || widget.isDisposed) {
          const content = new NsidcWorkspace({
            model,
            trans,
            lookup,
            actions,
            state
          });
          widget = new MainAreaWidget({ content });
          widget.id = WORKSPACE_ID;
          widget.title.label = trans.__('NSIDC Search');
          widget.title.caption = trans.__('Search NSIDC data');
          widget.title.icon = nsidcIcon;
          widget.title.closable = true;
          app.shell.add(widget, 'main');
          void tracker.add(widget);
        }
      }
      app.shell.activateById(widget.id);
      await focusProduct(widget.node);
    };
    const text = commandTexts(trans)[CommandIDs.openNsidcSearch];
    app.commands.addCommand(CommandIDs.openNsidcSearch, {
      label: commandLabel(text),
      caption: text.caption,
      icon: nsidcIcon,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => openWorkspace()
    });
    palette?.addItem({
      command: CommandIDs.openNsidcSearch,
      category: suiteCategory(trans)
    });
    if (restorer) {
      void restorer.restore(tracker, {
        command: CommandIDs.openNsidcSearch,
        name: () => WORKSPACE_NAMESPACE
      });
    }

    if (settingRegistry) {
      void settingRegistry
        .load(PLUGIN_ID)
        .then(loaded => {
          settings = loaded;
          const apply = () => {
            const chosen = loaded.get('codeStyle').composite;
            codeStyle =
              chosen === 'icepyx' || chosen === 'stream'
                ? chosen
                : 'earthaccess';
            if (shown) {
              shown.codeStyle = codeStyle;
            }
          };
          apply();
          loaded.changed.connect(apply);
        })
        .catch(reason =>
          console.warn(`${PLUGIN_ID}: settings not loaded`, reason)
        );
    }
  }
};

/**
 * The search's map for other features (`ISearchMaps`): the data viewer draws
 * a granule's ground tracks on it.
 */
export const searchMapsPlugin: JupyterFrontEndPlugin<ISearchMaps> = {
  id: 'jupyterlab-hackweek:nsidc-maps',
  description:
    'Maps like the NSIDC search’s (polar views, land outlines, zoom) for other features’ lines.',
  autoStart: true,
  provides: ISearchMaps,
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, translator: ITranslator | null) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    return {
      createMap: async () => {
        const { SearchMap } = await import('./map');
        // close enough to tell a granule's beam pairs apart (3 km)
        return new SearchMap({
          trans,
          detail: true,
          draw: false,
          maxZoom: 256
        });
      }
    };
  }
};
