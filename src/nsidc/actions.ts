/**
 * The actions on search results: insert code in a notebook, copy links,
 * download. Loaded with the panel.
 */

import { Clipboard, Notification } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IDownloadGranule, IDownloads } from '../downloads/tokens';
import type { ISharedLookup } from '../shared/tokens';
import { downloadItem } from './selection';
import { searchCode } from './code';
import type { NsidcSearchModel } from './model';
import type { IResultActions } from './results';
import type { IGranule } from './types';

/**
 * What the actions need from the application.
 */
export interface IActionOptions {
  trans: TranslationBundle;
  notebooks: INotebookTracker | null;
  /**
   * Bring a widget to the front (the notebook after inserting code).
   */
  activate: (id: string) => void;
  /**
   * The downloads service, when the downloads plugin is there.
   */
  downloads: IDownloads | null;
  /**
   * Where granules already are, when the shared data plugin is there.
   */
  lookup?: ISharedLookup | null;
  /**
   * Show the Downloads panel (after a subset order).
   */
  showDownloads: () => void;
}

/**
 * The result actions of a panel's model.
 */
export function createActions(
  model: NsidcSearchModel,
  options: IActionOptions
): IResultActions {
  const { trans, notebooks } = options;
  /** The ticked granules, or all loaded ones when none is ticked. */
  const target = (): IGranule[] => {
    const picked = model.selection.pick(model.granules);
    return picked.length ? picked : [...model.granules];
  };
  /** Insert `code` below the current cell of the current notebook; false without one. */
  const insert = (code: string): boolean => {
    const panel = notebooks?.currentWidget;
    if (!panel) {
      return false;
    }
    NotebookActions.insertBelow(panel.content);
    panel.content.activeCell?.model.sharedModel.setSource(code);
    options.activate(panel.id);
    return true;
  };
  const noNotebook = () =>
    Notification.warning(trans.__('Open a notebook first.'), {
      autoClose: 4000
    });
  const actions: IResultActions = {
    insertCode: () => {
      const search = model.search;
      if (!search) {
        return;
      }
      const picked = model.selection.pick(model.granules);
      const code = searchCode(search, model.codeStyle, {
        selected:
          picked.length < model.granules.length ? picked.map(g => g.name) : [],
        inRegion: model.granules.some(g => g.s3Usable)
      });
      if (!insert(code)) {
        noNotebook();
      }
    },
    copyLinks: () => {
      const links = target().flatMap(g => g.links);
      if (!links.length) {
        Notification.warning(trans.__('These granules have no data links.'), {
          autoClose: 4000
        });
        return;
      }
      Clipboard.copyToSystem(links.join('\n'));
      Notification.info(trans.__('Copied %1 links.', links.length), {
        autoClose: 3000
      });
    },
    download: undefined
  };
  const lookup = options.lookup;
  if (lookup) {
    actions.openInPlace = (granule, place) => {
      if (!insert(lookup.openCode(place, granule.icesat2 !== null))) {
        noNotebook();
      }
    };
  }
  const downloads = options.downloads;
  if (downloads) {
    actions.orderSubset = () =>
      void import('./orderdialog').then(({ orderSubset }) =>
        orderSubset(model, target(), {
          trans,
          downloads,
          insert,
          showDownloads: options.showDownloads
        })
      );
    actions.download = () => {
      const search = model.search;
      const items = target()
        .map(downloadItem)
        .filter((item): item is IDownloadGranule => item !== null);
      if (!search || !items.length) {
        Notification.warning(trans.__('These granules have no data links.'), {
          autoClose: 4000
        });
        return;
      }
      downloads
        .start(
          items,
          search.shortName,
          search.version || model.granules[0]?.icesat2?.release || 'any'
        )
        .then(reply => {
          if (reply) {
            Notification.success(
              trans._n(
                'Downloading %1 file to %2',
                'Downloading %1 files to %2',
                items.length,
                reply.folder
              ),
              { autoClose: 5000 }
            );
          }
        })
        .catch(error =>
          Notification.error((error as Error).message, { autoClose: false })
        );
    };
  }
  return actions;
}
