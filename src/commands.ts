/**
 * The suite's commands that people look for: their ids, and the words the
 * command palette and the launcher show for them. Pure (no DOM): the plugins
 * register the commands with these texts, and `__tests__/commands.spec.ts`
 * types the words people use into a real palette over them.
 *
 * JupyterLab's palette (Lumino's `CommandPalette`, wrapped by
 * `@jupyterlab/apputils`) matches what is typed against "category + label"
 * only — never the caption — so the words people type are in the labels.
 */

import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

/**
 * The command ids.
 */
export namespace CommandIDs {
  export const openNsidcSearch = 'hackweek:open-nsidc-search';
  export const showNsidcSidebar = 'hackweek:show-nsidc-sidebar';
  export const showShared = 'hackweek:show-shared';
  export const refreshShared = 'hackweek:refresh-shared';
  export const showDownloads = 'hackweek:show-downloads';
  export const loginEarthdata = 'hackweek:login-earthdata';
  export const showResourceUsage = 'hackweek:show-resource-usage';
  export const openBinder = 'hackweek:open-binder-dialog';
  export const copyBinderLink = 'hackweek:copy-binder-link';
}

/**
 * What a command shows: its palette label, its tooltip, and its launcher
 * card's label (if it has a card).
 */
export interface ICommandText {
  label: string;
  caption: string;
  launcher?: string;
}

/**
 * The palette's (and the launcher's) category of every suite command.
 */
export function suiteCategory(trans: TranslationBundle): string {
  return trans.__('Hackweek');
}

/**
 * The texts of the suite's palette commands, by id, translated.
 */
export function commandTexts(
  trans: TranslationBundle
): Record<string, ICommandText> {
  return {
    [CommandIDs.openNsidcSearch]: {
      label: trans.__('Search NSIDC Data (ICESat-2 granules)'),
      caption: trans.__(
        'Open the NSIDC data search in the main area: a large map, the form and a results table'
      ),
      launcher: trans.__('Search NSIDC data')
    },
    [CommandIDs.showShared]: {
      label: trans.__('Show Shared Data'),
      caption: trans.__('Open the shared-dataset browser'),
      launcher: trans.__('Shared data')
    },
    [CommandIDs.refreshShared]: {
      label: trans.__('Refresh Shared Data'),
      caption: trans.__('Reload the shared folders and the current listing')
    },
    [CommandIDs.showDownloads]: {
      label: trans.__('Show Downloads'),
      caption: trans.__('Open the granule downloads panel'),
      launcher: trans.__('Downloads')
    },
    [CommandIDs.loginEarthdata]: {
      label: trans.__('Log in to NASA Earthdata…'),
      caption: trans.__('Save an Earthdata login on the server for downloads')
    },
    [CommandIDs.showResourceUsage]: {
      label: trans.__('Show Resource Usage (memory, RAM, CPU meter)'),
      caption: trans.__('Memory and CPU of your server and of each kernel'),
      launcher: trans.__('Resource usage')
    },
    [CommandIDs.openBinder]: {
      label: trans.__('Open in Binder… (share this notebook)'),
      caption: trans.__(
        'Make a Binder link, badge or hub link for this notebook'
      )
    },
    [CommandIDs.copyBinderLink]: {
      label: trans.__('Copy Binder link'),
      caption: trans.__(
        'Copy a Binder link to this notebook, pinned to the current commit'
      )
    }
  };
}

/**
 * Argument the launcher's cards pass to a command, to get its short label.
 */
export const LAUNCHER_ARG = 'isLauncher';

/**
 * A command's label: the launcher card's when asked with `isLauncher`, the
 * palette's otherwise.
 */
export function commandLabel(
  text: ICommandText
): (args: ReadonlyPartialJSONObject) => string {
  return args =>
    args[LAUNCHER_ARG] && text.launcher ? text.launcher : text.label;
}

/**
 * The launcher's "Hackweek" section: its commands, in order.
 */
export const LAUNCHER_COMMANDS = [
  CommandIDs.openNsidcSearch,
  CommandIDs.showShared,
  CommandIDs.showDownloads,
  CommandIDs.showResourceUsage
];
