import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
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
import type { NsidcPanel } from './panel';

const PLUGIN_ID = 'jupyterlab-hackweek:nsidc';
const STATE_KEY = `${PLUGIN_ID}:form`;

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
 * The "NSIDC Data" left-sidebar panel: search NASA CMR for NSIDC granules
 * (ICESat-2 and more), see them on a map, and insert notebook code.
 */
export const nsidcPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'A left-sidebar search of NSIDC data in NASA CMR, with a map, ICESat-2 track and cycle filters and notebook code.',
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
    let shown: NsidcPanel | null = null;
    const saved = state
      ? state.fetch(STATE_KEY).catch(() => undefined)
      : Promise.resolve(undefined);

    const sidebar = new LazyPanel({
      className: 'jp-hackweek-NsidcPanel',
      loading: trans.__('Loading the search…'),
      failed: reason =>
        trans.__('The search panel could not be loaded: %1', reason),
      load: async () => {
        const [{ NsidcPanel }, { createActions }] = await Promise.all([
          import('./panel'),
          import('./actions')
        ]);
        const panel: NsidcPanel = new NsidcPanel({
          serverSettings: app.serviceManager.serverSettings,
          trans,
          state: await saved,
          lookup,
          actions: model =>
            createActions(model, {
              trans,
              notebooks,
              activate: id => app.shell.activateById(id),
              downloads,
              lookup,
              showDownloads: () =>
                void app.commands.execute(CommandIDs.showDownloads)
            })
        });
        // The code style chosen in the panel is the setting, and back.
        panel.model.codeStyle = codeStyle;
        panel.model.stateChanged.connect(() => {
          if (panel.model.codeStyle !== codeStyle) {
            codeStyle = panel.model.codeStyle;
            void settings
              ?.set('codeStyle', codeStyle)
              .catch(reason =>
                console.warn(`${PLUGIN_ID}: code style not saved`, reason)
              );
          }
        });
        shown = panel;
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
          panel.model.formChanged.connect((_, form) => void save.invoke(form));
          panel.disposed.connect(() => save.dispose());
        }
        return panel;
      }
    });
    const text = commandTexts(trans)[CommandIDs.openNsidcSearch];
    addSidebarPanel(app, sidebar, {
      id: 'jp-hackweek-nsidc',
      restoreName: 'hackweek-nsidc',
      icon: nsidcIcon,
      caption: trans.__('NSIDC Data'),
      rank: 240,
      restorer,
      labShell,
      command: {
        id: CommandIDs.openNsidcSearch,
        label: commandLabel(text),
        caption: text.caption,
        category: suiteCategory(trans),
        palette,
        icon: nsidcIcon,
        afterShow: async () => {
          await sidebar.loaded;
          // The form renders on a later animation frame than the panel attaches.
          for (let frame = 0; frame < 60; frame++) {
            const input = sidebar.node.querySelector<HTMLInputElement>(
              '.jp-hackweek-NsidcPanel-product'
            );
            if (input) {
              input.focus();
              return;
            }
            await new Promise(resolve => requestAnimationFrame(resolve));
          }
        }
      }
    });

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
              shown.model.codeStyle = codeStyle;
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
