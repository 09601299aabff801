import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { HackweekAPIError, requestAPI } from '../request';
import { compareVersions, HandshakeResult, IVersionReply } from './version';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FRONTEND_VERSION: string = require('../../package.json').version;

/**
 * Checks at start-up that the server extension is there and matches the front end.
 */
export const handshakePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-hackweek:handshake',
  description:
    'Checks that the jupyterlab_hackweek server extension runs and matches the front end.',
  autoStart: true,
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, translator: ITranslator | null) => {
    // Not awaited: the application's start must not wait for a server round trip.
    void Private.check(app, translator);
  }
};

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * Ask the server extension's version and tell the user what to do when it
   * is missing or differs from the front end's.
   */
  export async function check(
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): Promise<void> {
    const trans = (translator ?? nullTranslator).load('jupyterlab_hackweek');
    const settings = app.serviceManager.serverSettings;
    let result: HandshakeResult;
    try {
      result = compareVersions(
        FRONTEND_VERSION,
        await requestAPI<IVersionReply>(settings, 'version', { trans })
      );
    } catch (error) {
      result =
        error instanceof HackweekAPIError && error.status === 404
          ? { kind: 'missing' }
          : { kind: 'unreachable', detail: (error as Error).message };
    }
    switch (result.kind) {
      case 'missing':
        Notification.error(
          trans.__(
            'Hackweek tools: server extension missing. Ask your hub admin to pip install jupyterlab-hackweek, then restart your server.'
          ),
          { autoClose: false }
        );
        break;
      case 'mismatch':
        Notification.error(
          trans.__(
            'Hackweek tools were updated (page %1, server %2). Restart your server, then reload this page.',
            result.frontend,
            result.server
          ),
          { autoClose: false }
        );
        break;
      case 'unreachable':
        console.warn(
          `jupyterlab-hackweek: version check failed: ${result.detail}`
        );
        break;
    }
  }
}
