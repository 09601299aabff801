import { ServerConnection } from '@jupyterlab/services';

import { HackweekAPIError, requestAPI } from '../../request';
import { SharedModel } from '../model';
import { SharedOrganizer } from '../organizer';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const settings = {} as ServerConnection.ISettings;

function roots(writable: boolean) {
  return {
    roots: [
      {
        name: 'shared-readwrite',
        path: '/home/jovyan/shared-readwrite',
        writable,
        available: true,
        lab_path: null
      }
    ],
    can_publish: true
  };
}

async function modelAt(writable: boolean): Promise<SharedModel> {
  request.mockImplementation(async (_s, endpoint: string, init) => {
    if (endpoint === 'shared/roots') {
      return roots(writable);
    }
    if (init?.method === 'POST') {
      const body = JSON.parse(init.body as string);
      return { name: 'r.h5', bytes: 1, path: `${body.path}/r.h5` };
    }
    const path = new URLSearchParams(endpoint.split('?')[1]).get('path');
    return { path, total: 0, offset: 0, entries: [] };
  });
  const model = new SharedModel({ serverSettings: settings });
  await model.refresh();
  await model.open('shared-readwrite', 'week1');
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
    const reply = await organizer.publish('results/r.h5', 'r (1).h5');
    expect(reply.path).toBe('week1/r.h5');
    expect(posts()).toEqual([
      [
        'shared/publish',
        {
          root: 'shared-readwrite',
          path: 'week1',
          source: 'results/r.h5',
          name: 'r (1).h5'
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
      if (init?.method === 'POST') {
        return { path: JSON.parse(init.body as string).path };
      }
      if (endpoint === 'shared/roots') {
        return roots(true);
      }
      const path = new URLSearchParams(endpoint.split('?')[1]).get('path');
      return { path, total: 0, offset: 0, entries: [] };
    });
    const organizer = new SharedOrganizer({ model, serverSettings: settings });
    await organizer.mkdir('day 2');
    expect(model.path).toBe('week1/day 2');
    await organizer.describe('# Day 2');
    expect(posts()).toEqual([
      ['shared/mkdir', { root: 'shared-readwrite', path: 'week1/day 2' }],
      [
        'shared/describe',
        { root: 'shared-readwrite', path: 'week1/day 2', readme: '# Day 2' }
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
    const conflict = new HackweekAPIError('exists', 409, {
      suggested: 'r (1).h5'
    });
    expect(SharedModel.suggestedName(conflict)).toBe('r (1).h5');
    expect(SharedModel.suggestedName(new Error('x'))).toBeNull();
  });
});
