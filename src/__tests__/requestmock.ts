/**
 * The `request` module for jest, with `requestAPI` a mock that
 * `bindRequestAPI` (what the models use) calls too:
 *
 *   jest.mock('../../request', () =>
 *     jest.requireActual('../../__tests__/requestmock').requestModuleMock()
 *   );
 */
import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import type * as RequestModule from '../request';

export function requestModuleMock(): typeof RequestModule {
  const actual = jest.requireActual<typeof RequestModule>('../request');
  const requestAPI = jest.fn();
  return {
    ...actual,
    requestAPI,
    bindRequestAPI:
      (settings: ServerConnection.ISettings, trans?: TranslationBundle) =>
      (endPoint: string, init: RequestModule.IRequestInit = {}) =>
        requestAPI(settings, endPoint, { trans, ...init })
  } as typeof RequestModule;
}
