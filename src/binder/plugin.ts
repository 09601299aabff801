import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Clipboard,
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { launchIcon } from '@jupyterlab/ui-components';

import {
  CommandIDs as SuiteCommands,
  commandTexts,
  suiteCategory
} from '../commands';
import { requestAPI } from '../request';
import type { BinderDialogModel } from './model';
import { CaptureKind, ICaptureReply, IGitStateReply } from './types';

/**
 * The command ids of the Binder export.
 */
namespace CommandIDs {
  export const openDialog = SuiteCommands.openBinder;
  export const copyLink = SuiteCommands.copyBinderLink;
}

const PLUGIN_ID = 'jupyterlab-hackweek:binder';

/**
 * "Open in Binder": a notebook toolbar button and palette commands that build
 * Binder links (pinned to the commit), badges and nbgitpuller links, and warn
 * about unsaved, uncommitted or unpushed work.
 */
export const binderPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Opens the current notebook in Binder: links, badges and nbgitpuller links from its git state, with warnings about unpushed work.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ITranslator, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    const serverSettings = app.serviceManager.serverSettings;
    let userHost = '';
    if (settingRegistry) {
      void settingRegistry.load(PLUGIN_ID).then(
        settings => {
          const read = () =>
            (userHost =
              (settings.get('binderhubUrl').composite as string) ?? '');
          read();
          settings.changed.connect(read);
        },
        reason =>
          console.warn(
            `jupyterlab-hackweek: binder settings not loaded: ${reason}`
          )
      );
    }

    const gitState = (path: string) =>
      requestAPI<IGitStateReply>(
        serverSettings,
        `git/state?path=${encodeURIComponent(path)}`,
        { trans }
      );

    const modelFor = async (
      panel: NotebookPanel
    ): Promise<BinderDialogModel> => {
      const path = panel.context.localPath;
      const [reply, { BinderDialogModel: Model }] = await Promise.all([
        gitState(path),
        import('./model')
      ]);
      return new Model({
        reply,
        host: userHost || reply.binderhub_url,
        hubUrl: reply.hub_url ?? Private.hubUrlFromPage(),
        dirty: panel.context.model.dirty,
        sources: Private.codeSources(panel),
        trans,
        capture: async (kind: CaptureKind, overwrite: boolean) => {
          const written = await requestAPI<ICaptureReply>(
            serverSettings,
            'binder/environment',
            {
              trans,
              method: 'POST',
              body: JSON.stringify({ path, kind, overwrite })
            }
          );
          return written.path;
        },
        refresh: () => gitState(path)
      });
    };

    /**
     * The current notebook with its dialog model, or null (after telling the
     * user why) when the git state cannot be read.
     */
    const current = async (): Promise<{
      panel: NotebookPanel;
      model: BinderDialogModel;
    } | null> => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return null;
      }
      try {
        return { panel, model: await modelFor(panel) };
      } catch (error) {
        Notification.error(Private.failure(trans, error));
        return null;
      }
    };

    const isEnabled = () => tracker.currentWidget !== null;

    const texts = commandTexts(trans);
    app.commands.addCommand(CommandIDs.openDialog, {
      // The palette's label has the words people look for; the toolbar's is short.
      label: args =>
        args.isPalette
          ? texts[CommandIDs.openDialog].label
          : trans.__('Open in Binder…'),
      caption: texts[CommandIDs.openDialog].caption,
      icon: args => (args.isPalette ? undefined : launchIcon),
      isEnabled,
      describedBy: {
        args: { type: 'object', properties: { isPalette: { type: 'boolean' } } }
      },
      execute: async () => {
        const found = await current();
        if (!found) {
          return;
        }
        const { panel, model } = found;
        const { BinderDialogBody } = await import('./dialog');
        const body = new BinderDialogBody(model, trans);
        await showDialog({
          title: trans.__('Open %1 in Binder', panel.title.label),
          body,
          buttons: [Dialog.okButton({ label: trans.__('Close') })]
        });
        model.dispose();
      }
    });

    app.commands.addCommand(CommandIDs.copyLink, {
      label: texts[CommandIDs.copyLink].label,
      caption: texts[CommandIDs.copyLink].caption,
      isEnabled,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: async () => {
        const found = await current();
        if (!found) {
          return;
        }
        const { model } = found;
        const link = model.link;
        const blocking = model.warnings.filter(
          w => w.id !== 'no-environment' && w.id !== 'shared-data'
        );
        if (link) {
          Clipboard.copyToSystem(link);
          const note = blocking.length ? ` ${blocking[0].message}` : '';
          Notification.success(trans.__('Binder link copied.') + note, {
            autoClose: 8000
          });
        } else {
          Notification.warning(
            model.linkProblem ?? trans.__('No Binder link.')
          );
        }
        model.dispose();
      }
    });

    if (palette) {
      const category = suiteCategory(trans);
      palette.addItem({
        command: CommandIDs.openDialog,
        category,
        args: { isPalette: true }
      });
      palette.addItem({ command: CommandIDs.copyLink, category });
    }
    tracker.currentChanged.connect(() => app.commands.notifyCommandChanged());
  }
};

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The sources of the notebook's code cells.
   */
  export function codeSources(panel: NotebookPanel): string[] {
    const cells = panel.content.model?.cells;
    const sources: string[] = [];
    if (cells) {
      for (const cell of cells) {
        if (cell.type === 'code') {
          sources.push(cell.sharedModel.getSource());
        }
      }
    }
    return sources;
  }

  /**
   * This hub's `/hub/` URL from the page (`hubHost` + `hubPrefix`), or `null` off a hub.
   */
  export function hubUrlFromPage(): string | null {
    const prefix = PageConfig.getOption('hubPrefix');
    if (!prefix) {
      return null;
    }
    return new URL(
      PageConfig.getOption('hubHost') + prefix,
      window.location.href
    ).href;
  }

  /**
   * A message for a failed git-state request.
   */
  export function failure(trans: TranslationBundle, error: unknown): string {
    return trans.__(
      'Could not read the git state of this notebook: %1',
      (error as Error).message
    );
  }
}
