import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from '../../request';
import { reply as recorded } from '../../__tests__/replies';
import { BUILDING_INTERVAL, GranuleMarks, MAX_PER_REQUEST } from '../marks';
import type { IFindReply } from '../types';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

/**
 * The recorded `shared/find` reply: one granule on the shared root, one among
 * the downloads.
 */
const FIND = recorded('shared-find');
const [SHARED, DOWNLOADED] = Object.keys(FIND.found).sort();

/**
 * The names a call asked about.
 */
function asked(call: unknown[]): string[] {
  const init = call[2] as { body: string };
  return JSON.parse(init.body).granules.map((g: { name: string }) => g.name);
}

/**
 * Resolve when `marks` emits `changed` `count` times.
 */
function changes(marks: GranuleMarks, count = 1): Promise<void> {
  return new Promise(resolve => {
    let seen = 0;
    marks.changed.connect(() => {
      if (++seen === count) {
        resolve();
      }
    });
  });
}

describe('GranuleMarks', () => {
  const settings = {} as ServerConnection.ISettings;
  let marks: GranuleMarks;

  beforeEach(() => {
    request.mockReset();
    request.mockImplementation(async () => recorded('shared-find'));
    marks = new GranuleMarks({ serverSettings: settings });
  });

  afterEach(() => marks.dispose());

  it('marks the granules the server found, with where they are', async () => {
    // When a page of three results is marked
    const changed = changes(marks);
    marks.mark([
      { name: SHARED, size: 1000 },
      { name: DOWNLOADED, size: null },
      { name: 'ATL06_elsewhere.h5', size: 5 }
    ]);
    await changed;
    // Then one POST asked about them with CMR's sizes
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][1]).toBe('shared/find');
    expect(request.mock.calls[0][2]).toMatchObject({ method: 'POST' });
    expect(
      JSON.parse((request.mock.calls[0][2] as { body: string }).body)
    ).toEqual({
      granules: [
        { name: SHARED, size: 1000 },
        { name: DOWNLOADED, size: null },
        { name: 'ATL06_elsewhere.h5', size: 5 }
      ]
    });
    // And the rows can say where each is
    expect(marks.places(SHARED)?.[0]).toMatchObject({
      where: 'shared',
      root: 'shared',
      size_check: 'match'
    });
    expect(marks.places(DOWNLOADED)?.[0].where).toBe('downloads');
    expect(marks.places('ATL06_elsewhere.h5')).toBeUndefined();
    expect(marks.building).toBe(false);
  });

  it('asks only about new granules as pages arrive, and again for a new search', async () => {
    let changed = changes(marks);
    marks.mark([{ name: SHARED, size: 1000 }]);
    await changed;
    // When the next page arrives, only its granule is asked about
    changed = changes(marks);
    marks.mark([
      { name: SHARED, size: 1000 },
      { name: DOWNLOADED, size: null }
    ]);
    await changed;
    expect(asked(request.mock.calls[1])).toEqual([DOWNLOADED]);
    // When a new search starts, its results are asked about from scratch
    changed = changes(marks, 2);
    marks.mark([{ name: DOWNLOADED, size: null }]);
    await changed;
    expect(asked(request.mock.calls[2])).toEqual([DOWNLOADED]);
    expect(marks.places(SHARED)).toBeUndefined();
    expect(marks.places(DOWNLOADED)).toBeDefined();
  });

  it(`asks ${MAX_PER_REQUEST.toLocaleString()} granules at a time`, async () => {
    const granules = Array.from({ length: MAX_PER_REQUEST + 2 }, (_, i) => ({
      name: `ATL06_${i}.h5`,
      size: null
    }));
    const changed = changes(marks, 2);
    marks.mark(granules);
    await changed;
    expect(request.mock.calls.map(call => asked(call).length)).toEqual([
      MAX_PER_REQUEST,
      2
    ]);
  });

  it('asks again while the server builds its first index', async () => {
    // Given a server whose index is still being built: nothing found yet
    const building: IFindReply = {
      ...recorded('shared-find'),
      found: {},
      building: true
    };
    request.mockImplementationOnce(async () => building);
    const first = changes(marks);
    marks.mark([{ name: SHARED, size: 1000 }]);
    await first;
    expect(marks.building).toBe(true);
    expect(marks.places(SHARED)).toBeUndefined();
    // Then it asks again, and marks the granule once the index is built
    await new Promise<void>(resolve =>
      marks.changed.connect(() => {
        if (!marks.building) {
          resolve();
        }
      })
    );
    expect(marks.places(SHARED)?.[0].where).toBe('shared');
    // And stops asking
    const calls = request.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, BUILDING_INTERVAL * 1.5));
    expect(request.mock.calls.length).toBe(calls);
  });

  it('asks again about granules whose question failed', async () => {
    request.mockImplementationOnce(async () => {
      throw new Error('offline');
    });
    const warn = jest
      .spyOn(console, 'warn')
      .mockImplementation(() => undefined);
    marks.mark([{ name: SHARED, size: 1000 }]);
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(marks.places(SHARED)).toBeUndefined();
    const changed = changes(marks);
    marks.mark([{ name: SHARED, size: 1000 }]);
    await changed;
    expect(marks.places(SHARED)?.[0].where).toBe('shared');
    warn.mockRestore();
  });
});
