import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act } from 'react';

import { HackweekAPIError, requestAPI } from '../../request';
import { DownloadsModel } from '../model';
import { DownloadsPanel } from '../panel';
import { IDownloadReply } from '../types';
import { reply as recorded } from '../../__tests__/replies';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

/**
 * The panel's actions, each a mock the test can inspect.
 */
function panelActions() {
  return {
    cancel: jest.fn(),
    retry: jest.fn(),
    pause: jest.fn(),
    clear: jest.fn(),
    login: jest.fn(),
    openFolder: jest.fn(),
    publish: jest.fn(),
    viewable: jest.fn((name: string) => name.endsWith('.h5')),
    view: jest.fn()
  };
}
const settings = {} as ServerConnection.ISettings;

/**
 * A model of the mocked server and its panel, attached to the page, with the
 * panel's actions as mocks.
 */
function mountPanel() {
  const model = new DownloadsModel({ serverSettings: settings });
  const trans = nullTranslator.load('jupyterlab_hackweek');
  const actions = panelActions();
  const panel = new DownloadsPanel({ model, trans, actions });
  Widget.attach(panel, document.body);
  return { model, actions, panel };
}

/**
 * The recorded download (download.json: one file, saved) in `state`; its file
 * downloading when active, failed with `errorKind` when given.
 */
function reply(
  state: IDownloadReply['state'],
  errorKind: string | null = null
): IDownloadReply {
  const d = recorded('download');
  const f = d.files[0];
  d.state = state;
  f.state = errorKind ? 'failed' : state === 'active' ? 'active' : 'done';
  if (f.state !== 'done') {
    f.bytes_done = d.bytes_done = 1048576;
  }
  if (errorKind) {
    f.error = 'These files need an Earthdata Login. Log in and retry.';
    f.error_kind = errorKind;
  }
  d.counts = { ...d.counts, done: 0, [f.state]: 1 };
  return d;
}

/**
 * The recorded list (downloads.json) holding these downloads.
 */
function list(...downloads: IDownloadReply[]) {
  return { ...recorded('downloads'), downloads };
}

/**
 * Render a widget now (not on the next animation frame), React's work included.
 */
async function render(panel: DownloadsPanel): Promise<void> {
  const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  env.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      panel.processMessage(Widget.Msg.UpdateRequest);
    });
  } finally {
    env.IS_REACT_ACT_ENVIRONMENT = false;
  }
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
          return recorded('downloads-login');
        }
        if (endpoint === 'downloads' && init?.method === 'POST') {
          return reply('active');
        }
        return list(reply(state));
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
    const askLogin = jest.fn(async () => true);
    const model = new DownloadsModel({ serverSettings: settings, askLogin });
    const asked = jest.fn();
    model.loginNeeded.connect(asked);
    let listed = reply('failed', 'login');
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        if (endpoint === 'downloads/login') {
          return recorded('downloads-login-none');
        }
        if (init?.method === 'POST') {
          return reply('active');
        }
        return list(listed);
      }
    );
    // Given a download left waiting for a login by an earlier visit, When the
    // page loads, Then no dialog pops up (the panel offers "Log in")
    await model.refresh();
    expect(model.login?.configured).toBe(false);
    expect(asked).not.toHaveBeenCalled();
    expect(askLogin).not.toHaveBeenCalled();
    // When the user starts a download without a login, Then the login is
    // asked for first
    await model.start(
      [{ name: 'a.h5', url: 'https://x/a.h5' }],
      'ATL06',
      '006'
    );
    expect(askLogin).toHaveBeenCalledTimes(1);
    expect(asked).not.toHaveBeenCalled();
    // And when the server later refuses that download's login, it is asked for again
    listed = reply('failed', 'login');
    await model.refresh();
    expect(asked).toHaveBeenCalledTimes(1);
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
            ? recorded('downloads-login')
            : recorded('downloads-login-none');
        }
        return list(listed);
      }
    );
    await model.refresh();
    expect(model.polling).toBe(false);
    // When the login is saved (the server queues the file again)
    listed = reply('active');
    await model.saveLogin('hackweek', 'secret');
    // Then the model polls and shows the file downloading
    expect(model.login?.configured).toBe(true);
    expect(model.login?.username).toBe('hackweek');
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(model.downloads[0].state).toBe('active');
    expect(model.polling).toBe(true);
    model.dispose();
  });

  it('survives Cancel on a download that finished since the last poll, and Clear removes it', async () => {
    // Given the panel showing a download that was active at the last poll
    // (the recorded download, which a Cancel after its end answered)
    const done = recorded('download');
    const id = done.id;
    const calls: [string, string | undefined, unknown][] = [];
    const changes = () => calls.filter(([, method]) => method !== undefined);
    let listed = [reply('active')];
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        calls.push([
          endpoint,
          init?.method,
          init?.body ? JSON.parse(init.body as string) : undefined
        ]);
        if (endpoint === 'downloads/login') {
          return recorded('downloads-login');
        }
        if (endpoint === 'downloads') {
          return list(...listed);
        }
        // A finished download: the server answers it unchanged to a cancel,
        // and `{id, cleared}` to a clear (then lists it no more)
        if (init?.method === 'DELETE') {
          listed = [];
          return recorded('download-cleared');
        }
        return done;
      }
    );
    const { model, panel } = mountPanel();
    await model.refresh();
    // When the download finishes on the server, and Cancel is clicked before
    // the next poll
    listed = [done];
    calls.length = 0;
    await model.cancel(id);
    // Then the cancel is a POST with its action (never the DELETE that clears)
    expect(changes()).toEqual([
      [`downloads/${id}`, 'POST', { action: 'cancel' }]
    ]);
    // And the list holds the finished download, which the panel shows
    expect(model.downloads).toEqual([done]);
    await render(panel);
    expect(panel.node.textContent).toContain('1 of 1 files saved');
    // When Clear is clicked, Then it is a DELETE and the download leaves the list
    calls.length = 0;
    await model.clear(id);
    expect(changes()).toEqual([[`downloads/${id}`, 'DELETE', undefined]]);
    expect(model.downloads).toEqual([]);
    await render(panel);
    expect(panel.node.textContent).toContain('No downloads yet.');
    expect(panel.node.textContent).not.toContain('files saved');
    panel.dispose();
    model.dispose();
  });

  it('shows the recorded downloads list and login as the panel', async () => {
    // Given the server's list (downloads.json) and login (downloads-login.json)
    request.mockImplementation(async (_s, endpoint: string) =>
      endpoint === 'downloads/login'
        ? recorded('downloads-login')
        : recorded('downloads')
    );
    const { model, panel } = mountPanel();
    // When the panel loads
    await model.refresh();
    await render(panel);
    // Then it shows the product, folder, file, sizes and login the server sent
    const text = panel.node.textContent;
    expect(text).toContain('Earthdata: hackweek');
    expect(text).toContain('ATL06 v006');
    expect(text).toContain('~/data/ATL06/006');
    expect(text).toContain('1 of 1 files saved · 3.15 MB of 3.15 MB');
    expect(text).toContain('ATL06_20181013235645_02340114_209_01.h5');
    expect(text).toContain('Saved');
    // And a finished download offers Clear, not Cancel; its folder (outside
    // the file browser's root: browser_path null) cannot be shown
    const buttons = [...panel.node.querySelectorAll('button')];
    expect(buttons.map(b => b.textContent)).toContain('Clear from list');
    expect(buttons.map(b => b.textContent)).not.toContain('Cancel');
    const folder = panel.node.querySelector<HTMLButtonElement>(
      '.jp-hackweek-Downloads-folder'
    );
    expect(folder?.disabled).toBe(true);
    // nor its saved file viewed (the viewer reads below the root only)
    expect(buttons.map(b => b.textContent)).not.toContain('View');
    panel.dispose();
    model.dispose();
  });

  it('opens a saved HDF5 file of a download in the data viewer', async () => {
    // Given a finished download in the file browser's root, and a running one
    const saved = reply('done');
    saved.browser_path = 'data/ATL06/006';
    const running = reply('active');
    running.id = 'running';
    running.browser_path = 'data/ATL06/006';
    request.mockImplementation(async (_s, endpoint: string) =>
      endpoint === 'downloads/login'
        ? recorded('downloads-login')
        : list(saved, running)
    );
    const { model, actions, panel } = mountPanel();
    await model.refresh();
    await render(panel);
    // Then only the saved file offers "View", which opens its path
    const views = panel.node.querySelectorAll<HTMLButtonElement>(
      '.jp-hackweek-Downloads-view'
    );
    expect(views).toHaveLength(1);
    views[0].click();
    expect(actions.view).toHaveBeenCalledWith(
      'data/ATL06/006/ATL06_20181013235645_02340114_209_01.h5'
    );
    // And without the viewer (nothing viewable) there is none
    actions.viewable.mockReturnValue(false);
    await model.refresh();
    await render(panel);
    expect(
      panel.node.querySelectorAll('.jp-hackweek-Downloads-view')
    ).toHaveLength(0);
    panel.dispose();
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

  it('orders subsets, follows the Harmony job and pauses or resumes it', async () => {
    // Given a running order (download-order.json with its job still running,
    // one of three subsets made, one granule Harmony could not cut)
    const running = recorded('download-order');
    const order = running.order!;
    running.state = 'active';
    Object.assign(order, {
      status: 'running_with_errors',
      progress: 33,
      message: 'The job is being processed',
      warnings: ['WorkItem failed: No data found for ATL06_x.h5']
    });
    running.files = running.files.slice(0, 1);
    const paused = recorded('download-order');
    paused.state = 'paused';
    Object.assign(paused.order!, { status: 'paused', progress: 66 });
    const calls: [string, string | undefined, unknown][] = [];
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        calls.push([
          endpoint,
          init?.method,
          init?.body ? JSON.parse(init.body as string) : undefined
        ]);
        if (endpoint === 'downloads/login') {
          return recorded('downloads-login');
        }
        if (endpoint === 'downloads/orders') {
          return running;
        }
        if (endpoint.startsWith('downloads/capabilities')) {
          return recorded('downloads-capabilities');
        }
        return endpoint === 'downloads' ? list(running) : paused;
      }
    );
    const { model, actions, panel } = mountPanel();
    // When the search panel asks what Harmony can do, then orders
    const able = await model.capabilities('C9000000008-NSIDC_CPRD');
    expect(able.subset).toBe(true);
    const request_ = {
      short_name: 'ATL06',
      version: '006',
      collection_id: 'C9000000008-NSIDC_CPRD',
      granules: ['ATL06_a.h5'],
      bbox: [-124.6, -25, -124.45, -24] as [number, number, number, number]
    };
    await model.order(request_);
    expect(calls).toContainEqual([
      'downloads/capabilities?collection_id=C9000000008-NSIDC_CPRD',
      undefined,
      undefined
    ]);
    expect(calls).toContainEqual(['downloads/orders', 'POST', request_]);
    // Then the panel shows the job's progress, message and the failed granule,
    // with Pause and Cancel (not Clear)
    await render(panel);
    const text = panel.node.textContent;
    expect(text).toContain('ATL06 v006 subsets');
    expect(text).toContain('Harmony is cutting subsets: 33%');
    expect(text).toContain('The job is being processed');
    expect(text).toContain('1 granule could not be cut');
    const labels = () =>
      [...panel.node.querySelectorAll('button')].map(b => b.textContent);
    expect(labels()).toEqual(expect.arrayContaining(['Pause', 'Cancel']));
    expect(labels()).not.toContain('Clear from list');
    [...panel.node.querySelectorAll('button')]
      .find(b => b.textContent === 'Pause')!
      .click();
    expect(actions.pause).toHaveBeenCalledWith(running.id, true);
    // When the model pauses it, Then the server is asked and Resume is offered
    await model.pause(running.id);
    expect(calls).toContainEqual([
      `downloads/${running.id}`,
      'POST',
      { action: 'pause' }
    ]);
    await render(panel);
    expect(panel.node.textContent).toContain('Harmony paused the order at 66%');
    expect(labels()).toEqual(expect.arrayContaining(['Resume', 'Cancel']));
    panel.dispose();
    model.dispose();
  });

  it('asks for a login when an order is refused for want of one', async () => {
    const refused = recorded('error-order-login');
    request.mockImplementation(async (_s, endpoint: string) => {
      if (endpoint === 'downloads/orders') {
        throw new HackweekAPIError(refused.message, 401, refused);
      }
      return recorded('downloads-login-none');
    });
    const model = new DownloadsModel({ serverSettings: settings });
    const asked = jest.fn();
    model.loginNeeded.connect(asked);
    await expect(
      model.order({
        short_name: 'ATL06',
        version: '006',
        collection_id: 'C9000000008-NSIDC_CPRD',
        granules: []
      })
    ).rejects.toThrow('Harmony needs an Earthdata Login');
    expect(asked).toHaveBeenCalledTimes(1);
    expect(model.downloads).toEqual([]);
    model.dispose();
  });

  it('offers a finished order to organizers to publish, with its files and description', async () => {
    // Given a finished order saved in the file browser's data/ATL06/006, and
    // the same order still running
    const finished = recorded('download-order');
    finished.browser_path = 'data/ATL06/006';
    const running = recorded('download-order');
    running.id = 'running';
    running.state = 'active';
    running.order!.status = 'running';
    request.mockImplementation(async (_s, endpoint: string) =>
      endpoint === 'downloads/login'
        ? recorded('downloads-login')
        : list(finished, running)
    );
    const { model, actions, panel } = mountPanel();
    await model.refresh();
    const publishButtons = () =>
      [...panel.node.querySelectorAll('button')].filter(
        b => b.textContent === 'Publish…'
      );
    // When the user may not publish, Then no order offers it
    await render(panel);
    expect(publishButtons()).toHaveLength(0);
    // When the user may, Then only the finished order offers it
    panel.publishable = true;
    await render(panel);
    expect(publishButtons()).toHaveLength(1);
    // And clicking it publishes the three saved files, as one folder named
    // after the product and the order's day, described
    publishButtons()[0].click();
    expect(actions.publish).toHaveBeenCalledTimes(1);
    const files = actions.publish.mock.calls[0][0];
    expect(files.sources).toEqual(
      finished.files.map(f => `data/ATL06/006/${f.name}`)
    );
    expect(files.name).toBe('ATL06_006_subset_20181013');
    expect(files.label).toBe('the ATL06 v006 subsets (3 files)');
    expect(files.readme).toContain('# ATL06 v006 subsets');
    expect(files.readme).toContain(
      'Area: box: west -124.6, south -25, east -124.45, north -24'
    );
    expect(files.readme).toContain(
      'Time: 2018-10-13T23:57:20Z to 2018-10-13T23:57:35Z'
    );
    expect(files.readme).toContain(
      'Harmony job: `a63917da-edc2-4009-8f12-b0ad47559777`'
    );
    expect(files.readme).toContain('3 files, 7.06 MB');
    expect(files.readme).toContain(
      '- `ATL06_20190330000000_00010301_006_01_subsetted.h5`'
    );
    panel.dispose();
    model.dispose();
  });

  it('asks for the login before starting a download when none is saved', async () => {
    // Given a server with no Earthdata login
    const posts: string[] = [];
    request.mockImplementation(
      async (_s, endpoint: string, init?: RequestInit) => {
        if (endpoint === 'downloads/login') {
          return recorded('downloads-login-none');
        }
        if (init?.method === 'POST') {
          posts.push(endpoint);
        }
        return endpoint === 'downloads' && init?.method === 'POST'
          ? recorded('download')
          : list();
      }
    );
    const answers = [false, true];
    const askLogin = jest.fn(async () => answers.shift()!);
    const model = new DownloadsModel({ serverSettings: settings, askLogin });
    const granule = { name: 'a.h5', url: 'https://x/a.h5' };
    // When Download is pressed and the login dialog cancelled, Then nothing
    // is sent and the caller hears null (no "Downloading" toast)
    expect(await model.start([granule], 'ATL06', '006')).toBeNull();
    expect(posts).toEqual([]);
    // When pressed again and a login saved, Then the download is started
    const reply = await model.start([granule], 'ATL06', '006');
    expect(reply?.id).toBe(recorded('download').id);
    expect(posts).toEqual(['downloads']);
    expect(askLogin).toHaveBeenCalledTimes(2);
    model.dispose();
  });
});
