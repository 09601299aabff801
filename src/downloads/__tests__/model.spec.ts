import { ServerConnection } from '@jupyterlab/services';

import { HackweekAPIError, requestAPI } from '../../request';
import { DownloadsModel } from '../model';
import { IDownloadReply } from '../tokens';

jest.mock('../../request', () => {
  const actual = jest.requireActual('../../request');
  return { ...actual, requestAPI: jest.fn() };
});

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const settings = {} as ServerConnection.ISettings;

function reply(
  state: IDownloadReply['state'],
  errorKind: string | null = null
) {
  return {
    id: 'f'.repeat(32),
    short_name: 'ATL06',
    version: '006',
    folder: '~/data/ATL06/006',
    browser_path: 'data/ATL06/006',
    created: 0,
    state,
    bytes_total: 10,
    bytes_done: 5,
    speed: 0,
    eta_seconds: null,
    counts: {},
    files: [
      {
        granule: 'a.h5',
        name: 'a.h5',
        size_bytes: 10,
        bytes_done: 5,
        state: errorKind ? 'failed' : state === 'active' ? 'active' : 'done',
        error: errorKind ? 'These files need an Earthdata Login.' : null,
        error_kind: errorKind,
        link: null,
        attempts: 1,
        speed: 0,
        eta_seconds: null,
        retry_in: null
      }
    ]
  } as unknown as IDownloadReply;
}

describe('DownloadsModel', () => {
  beforeEach(() => request.mockReset());

  it('posts the granules, short name and version, then follows progress', async () => {
    const model = new DownloadsModel({
      serverSettings: settings,
      interval: 500
    });
    let state: IDownloadReply['state'] = 'active';
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        if (endpoint === 'downloads/login') {
          return {
            configured: true,
            login_url: 'https://urs.earthdata.nasa.gov'
          };
        }
        if (endpoint === 'downloads' && init?.method === 'POST') {
          return reply('active');
        }
        return { downloads: [reply(state)] };
      }
    );
    await model.refresh();
    const granule = {
      name: 'a.h5',
      url: 'https://n5eil01u.ecs.nsidc.org/a.h5',
      size_bytes: 10,
      checksum: { algorithm: 'MD5' as const, value: '0'.repeat(32) }
    };
    const started = await model.start([granule], 'ATL06', '006');
    expect(started.state).toBe('active');
    const post = request.mock.calls.find(c => c[2]?.method === 'POST')!;
    expect(JSON.parse(post[2]!.body as string)).toEqual({
      granules: [granule],
      short_name: 'ATL06',
      version: '006'
    });
    expect(model.polling).toBe(true);
    // When the server says it finished, Then polling stops
    state = 'done';
    await new Promise(resolve => setTimeout(resolve, 1200));
    expect(model.downloads[0].state).toBe('done');
    expect(model.polling).toBe(false);
    model.dispose();
  });

  it('asks for a login for downloads started here, not for ones left from an earlier visit', async () => {
    const model = new DownloadsModel({ serverSettings: settings });
    const asked = jest.fn();
    model.loginNeeded.connect(asked);
    let listed = reply('failed', 'login');
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        if (endpoint === 'downloads/login') {
          return {
            configured: false,
            login_url: 'https://urs.earthdata.nasa.gov'
          };
        }
        if (init?.method === 'POST') {
          return reply('active');
        }
        return { downloads: [listed] };
      }
    );
    // Given a download left waiting for a login by an earlier visit, When the
    // page loads, Then no dialog pops up (the panel offers "Log in")
    await model.refresh();
    expect(model.login?.configured).toBe(false);
    expect(asked).not.toHaveBeenCalled();
    // When the user starts a download without a login, Then the dialog is asked for
    await model.start(
      [{ name: 'a.h5', url: 'https://x/a.h5' }],
      'ATL06',
      '006'
    );
    expect(asked).toHaveBeenCalledTimes(1);
    // And when the server later refuses that download's login, it is asked for again
    listed = reply('failed', 'login');
    await model.refresh();
    expect(asked).toHaveBeenCalledTimes(2);
    model.dispose();
  });

  it('follows the downloads again once a login is saved', async () => {
    // Given a download that stopped because no login was configured
    const model = new DownloadsModel({
      serverSettings: settings,
      interval: 500
    });
    let listed = reply('failed', 'login');
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        if (endpoint === 'downloads/login') {
          return init?.method === 'POST'
            ? { configured: true, login_url: 'https://u', username: 'me' }
            : { configured: false, login_url: 'https://u' };
        }
        return { downloads: [listed] };
      }
    );
    await model.refresh();
    expect(model.polling).toBe(false);
    // When the login is saved (the server queues the file again)
    listed = reply('active');
    await model.saveLogin('me', 'secret');
    // Then the model polls and shows the file downloading
    expect(model.login?.configured).toBe(true);
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(model.downloads[0].state).toBe('active');
    expect(model.polling).toBe(true);
    model.dispose();
  });

  it('keeps the server message when it cannot be reached', async () => {
    const model = new DownloadsModel({ serverSettings: settings });
    request.mockRejectedValue(
      new HackweekAPIError('503 Service Unavailable', 503)
    );
    await expect(model.refresh()).rejects.toThrow('503');
    expect(model.error).toBe('503 Service Unavailable');
    model.dispose();
  });

  it('rejects a start with the server message (e.g. no free space)', async () => {
    const model = new DownloadsModel({ serverSettings: settings });
    request.mockRejectedValue(
      new HackweekAPIError(
        'These granules need 2.0 TB but only 10.0 GB is free',
        507
      )
    );
    await expect(
      model.start([{ name: 'a.h5', url: 'https://x/a.h5' }], 'ATL06', '006')
    ).rejects.toThrow('only 10.0 GB is free');
    expect(model.downloads).toEqual([]);
    model.dispose();
  });
});
