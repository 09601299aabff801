import { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import { HackweekAPIError, requestAPI } from '../request';
import { reply as recorded, response } from './replies';

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

  it("surfaces a 500's message with its reference (error-internal.json)", async () => {
    // Given a route that failed unexpectedly, answering as recorded
    const body = recorded('error-internal');
    jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockResolvedValue(response(body, 500));
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://localhost/'
    });
    // When a route is called
    const error = await requestAPI<never>(settings, 'metrics').catch(
      (e: HackweekAPIError) => e
    );
    // Then the error's text is the server's, quoting the reference to give
    expect(error).toBeInstanceOf(HackweekAPIError);
    expect(error.status).toBe(500);
    expect(error.message).toBe(body.message);
    expect(error.message).toContain(`reference ${body.reference}`);
    expect(error.reply).toEqual(body);
  });

  it("keeps a 409's body for its free name (shared-copy-conflict.json)", async () => {
    const body = recorded('shared-copy-conflict');
    jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockResolvedValue(response(body, 409));
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://localhost/'
    });
    const error = await requestAPI<never>(settings, 'shared/copy').catch(
      (e: HackweekAPIError) => e
    );
    expect([error.status, error.message]).toEqual([409, body.message]);
    expect((error.reply as { suggested?: string }).suggested).toBe(
      'ATL06_20181013235645_02340114_209_01-2.h5'
    );
  });
});
