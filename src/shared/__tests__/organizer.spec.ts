import { ServerConnection } from '@jupyterlab/services';

import { HackweekAPIError, requestAPI } from '../../request';
import { SharedModel } from '../model';
import { SharedOrganizer } from '../organizer';
import { listing } from './fixtures';
import { reply as recorded } from '../../__tests__/replies';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const settings = {} as ServerConnection.ISettings;

/**
 * The recorded `shared/roots` reply (shared-roots.json) with its
 * `organizers` root writable or not.
 */
function roots(writable: boolean) {
  const reply = recorded('shared-roots');
  reply.roots[1].writable = writable;
  return reply;
}

/**
 * The recorded copy reply (shared-copy.json), as `shared/publish` answers it:
 * its path relative to the shared root.
 */
function published(folder: string) {
  const reply = recorded('shared-copy');
  return { ...reply, path: `${folder}/${reply.name}` };
}

const NAME = recorded('shared-copy').name;

async function modelAt(writable: boolean): Promise<SharedModel> {
  request.mockImplementation(async (_s, endpoint: string, init) => {
    if (endpoint === 'shared/roots') {
      return roots(writable);
    }
    if (init?.method === 'POST') {
      return published(JSON.parse(init.body as string).path);
    }
    const path = new URLSearchParams(endpoint.split('?')[1]).get('path');
    return listing(path ?? '', []);
  });
  const model = new SharedModel({ serverSettings: settings });
  await model.refresh();
  await model.open('organizers', 'week1');
  request.mockClear();
  return model;
}

const posts = () =>
  request.mock.calls
    .filter(call => call[2]?.method === 'POST')
    .map(call => [call[1], JSON.parse(call[2]!.body as string)]);

describe('SharedOrganizer', () => {
  beforeEach(() => request.mockReset());

  it('publishes into the current folder, then reloads the listing', async () => {
    const model = await modelAt(true);
    const organizer = new SharedOrganizer({ model, serverSettings: settings });
    const reply = await organizer.publish(`results/${NAME}`, 'r-2.h5');
    expect(reply.path).toBe(`week1/${NAME}`);
    expect(posts()).toEqual([
      [
        'shared/publish',
        {
          root: 'organizers',
          path: 'week1',
          source: `results/${NAME}`,
          name: 'r-2.h5'
        }
      ]
    ]);
    expect(request.mock.calls.some(call => call[1] === 'shared/roots')).toBe(
      true
    );
    model.dispose();
  });

  it('makes a folder below the current one and opens it; writes the README', async () => {
    const model = await modelAt(true);
    request.mockImplementation(async (_s, endpoint: string, init) => {
      // shared/mkdir and shared/describe: not recorded yet (their reply is
      // typed inline in organizer.ts as `{ path: string }`)
      if (init?.method === 'POST') {
        return { path: JSON.parse(init.body as string).path };
      }
      if (endpoint === 'shared/roots') {
        return roots(true);
      }
      const path = new URLSearchParams(endpoint.split('?')[1]).get('path');
      return listing(path ?? '', []);
    });
    const organizer = new SharedOrganizer({ model, serverSettings: settings });
    await organizer.mkdir('day 2');
    expect(model.path).toBe('week1/day 2');
    await organizer.describe('# Day 2');
    expect(posts()).toEqual([
      ['shared/mkdir', { root: 'organizers', path: 'week1/day 2' }],
      [
        'shared/describe',
        { root: 'organizers', path: 'week1/day 2', readme: '# Day 2' }
      ]
    ]);
    model.dispose();
  });

  it('refuses a read-only root without calling the server', async () => {
    const model = await modelAt(false);
    const organizer = new SharedOrganizer({ model, serverSettings: settings });
    await expect(organizer.mkdir('x')).rejects.toBeInstanceOf(HackweekAPIError);
    expect(posts()).toEqual([]);
    model.dispose();
  });

  it('reads the suggested free name of a 409', () => {
    // Given the recorded 409 of a copy (shared-copy-conflict.json)
    const body = recorded('shared-copy-conflict');
    const conflict = new HackweekAPIError(body.message, 409, body);
    expect(SharedModel.suggestedName(conflict)).toBe(body.suggested);
    expect(body.suggested).toBe('ATL06_20181013235645_02340114_209_01-2.h5');
    expect(SharedModel.suggestedName(new Error('x'))).toBeNull();
  });
});
