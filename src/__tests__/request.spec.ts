import { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import { HackweekAPIError, requestAPI } from '../request';

/**
 * A bundle that marks what went through it, with `%1` filled in.
 */
const marking = {
  __: (text: string, ...args: unknown[]) =>
    `«${args.reduce<string>((t, a, i) => t.replace(`%${i + 1}`, String(a)), text)}»`
} as unknown as TranslationBundle;

describe('requestAPI', () => {
  afterEach(() => jest.restoreAllMocks());

  it('words an unreachable server with the translator it is given', async () => {
    // Given a server that cannot be reached
    jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockRejectedValue(new TypeError('Failed to fetch'));
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://localhost/'
    });
    // When a route is called with the suite's bundle
    const call = requestAPI(settings, 'version', { trans: marking });
    // Then the message is the translated one, with status 0
    await expect(call).rejects.toThrow(
      '«The Jupyter server could not be reached: Failed to fetch»'
    );
    await expect(call).rejects.toBeInstanceOf(HackweekAPIError);
    // And the bundle is not passed on to fetch
    const init = (ServerConnection.makeRequest as jest.Mock).mock.calls[0][1];
    expect(init).not.toHaveProperty('trans');
    // And without a bundle the words are English
    await expect(requestAPI(settings, 'version')).rejects.toThrow(
      /^The Jupyter server could not be reached: Failed to fetch$/
    );
  });
});
