/**
 * The launcher's "Hackweek" section: a card for each panel of the suite
 * (Search NSIDC data, Shared data, Downloads, Resource usage), running the
 * command that opens it. Without JupyterLab's launcher, nothing.
 */

import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ILauncher } from '@jupyterlab/launcher';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { LAUNCHER_ARG, LAUNCHER_COMMANDS, suiteCategory } from './commands';

/**
 * The cards of the "Hackweek" launcher section.
 */
export const launcherPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-hackweek:launcher',
  description:
    'A “Hackweek” section in the launcher: Search NSIDC data, Shared data, Downloads and Resource usage.',
  autoStart: true,
  optional: [ILauncher, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    launcher: ILauncher | null,
    translator: ITranslator | null
  ) => {
    if (!launcher) {
      return;
    }
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    // Once every plugin has added its commands: a panel whose plugin is
    // disabled gets no card.
    void app.restored.then(() => {
      LAUNCHER_COMMANDS.forEach((command, rank) => {
        if (app.commands.hasCommand(command)) {
          launcher.add({
            command,
            category: suiteCategory(trans),
            rank,
            args: { [LAUNCHER_ARG]: true }
          });
        }
      });
    });
  }
};
