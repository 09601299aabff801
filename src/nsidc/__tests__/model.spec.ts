import { nullTranslator } from '@jupyterlab/translation';
import { HackweekAPIError } from '../../request';
import { reply as recorded } from '../../__tests__/replies';
import { earthaccessCode } from '../code';
import type { LonLat } from '../geo';
import { ICmrSource, NsidcSearchModel } from '../model';
import type {
  ICollectionsReply,
  IGranule,
  IGranulePage,
  IGranuleParams
} from '../types';

const trans = nullTranslator.load('jupyterlab_hackweek');

/**
 * The collections reply the route gave for `ATL0` (cmr-collections.json).
 */
const COLLECTIONS: ICollectionsReply = recorded('cmr-collections');

/**
 * The recorded granule (cmr-granules.json) under another file name and size.
 */
function granule(name: string, sizeBytes = 1000): IGranule {
  return {
    ...recorded('cmr-granules').granules[0],
    name,
    id: `G-${name}`,
    sizeBytes
  };
}

/**
 * A fake client: pages of granules; an Error ends the paging with it the first
 * time that page is asked for. Each page's `searchAfter` is its index.
 */
function fakeClient(
  pages: (IGranule[] | Error)[],
  hits: number,
  polygon: LonLat[] | null = null,
  versions: string[] | null = null
) {
  const calls: IGranuleParams[] = [];
  const starts: (string | null)[] = [];
  const failed = new Set<number>();
  const client: ICmrSource = {
    collections: jest.fn(async () => COLLECTIONS),
    granulePages: async function* (params, options = {}) {
      calls.push(params);
      starts.push(options.after?.searchAfter ?? null);
      let received = options.after?.received ?? 0;
      const first = options.after ? options.after.index + 1 : 0;
      for (const [index, page] of pages.entries()) {
        if (index < first) {
          continue;
        }
        if (page instanceof Error && !failed.has(index)) {
          failed.add(index);
          throw page;
        }
        if (page instanceof Error) {
          continue;
        }
        await Promise.resolve();
        if (options.signal?.aborted) {
          return;
        }
        received += page.length;
        const reply: IGranulePage = {
          granules: page,
          hits,
          searchAfter: index < pages.length - 1 ? String(index) : null,
          timedOut: false,
          polygon,
          versions,
          index,
          received
        };
        yield reply;
      }
    }
  };
  return { client, calls, starts };
}

async function settle(model: NsidcSearchModel): Promise<void> {
  for (let i = 0; i < 50 && model.status === 'loading'; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

describe('NsidcSearchModel', () => {
  it('defaults the version to the latest CMR lists for the product', async () => {
    // Given a model for ATL06 with no version
    const { client } = fakeClient([], 0);
    const model = new NsidcSearchModel({ client, trans, productDelay: 0 });
    // When the product is looked up
    await new Promise(resolve => setTimeout(resolve, 0));
    // Then the versions are listed and the latest is chosen
    expect(model.versions).toEqual(['006', '005', '003']);
    expect(model.state.version).toBe('006');
    // And the 17 collections (two providers, several versions) are suggested
    // once per product
    expect(model.suggestions.map(c => c.shortName)).toEqual([
      'ATL03',
      'ATL06',
      'ATL07',
      'ATL08'
    ]);
    model.dispose();
  });

  it('looks the product up once typing pauses', async () => {
    jest.useFakeTimers();
    // Given a model with no product yet
    const { client } = fakeClient([], 0);
    const model = new NsidcSearchModel({
      client,
      trans,
      state: { shortName: '' },
      productDelay: 250
    });
    // When a product is typed key by key
    model.setState({ shortName: 'A' });
    model.setState({ shortName: 'ATL' });
    model.setState({ shortName: 'ATL06' });
    // Then CMR is asked nothing until the typing has paused 250 ms
    await jest.advanceTimersByTimeAsync(249);
    expect(client.collections).not.toHaveBeenCalled();
    // And then once, for what was typed last
    await jest.advanceTimersByTimeAsync(1);
    expect(client.collections).toHaveBeenCalledTimes(1);
    expect((client.collections as jest.Mock).mock.calls[0][0]).toMatchObject({
      keyword: 'ATL06'
    });
    // And a model disposed while a look-up waits asks nothing more
    model.setState({ shortName: 'ATL08' });
    model.dispose();
    await jest.advanceTimersByTimeAsync(500);
    expect(client.collections).toHaveBeenCalledTimes(1);
    jest.useRealTimers();
  });

  it('sends nothing and explains when the end is before the start', () => {
    // Given an end date before the start
    const { client, calls } = fakeClient([[granule('a')]], 1);
    const model = new NsidcSearchModel({
      client,
      trans,
      state: { shortName: 'ATL06', start: '2019-03-01', end: '2019-02-01' }
    });
    // When searched, Then no search starts and the end field has the message
    expect(model.start()).toBe(false);
    expect(calls).toHaveLength(0);
    expect(model.errors.end).toBe('The end is before the start.');
    // When the end is changed, Then its message goes away
    model.setState({ end: '2019-04-01' });
    expect(model.errors.end).toBeUndefined();
    model.dispose();
  });

  it('checks the dates as they are typed, and Search waits for them', () => {
    // Given a form with a start date
    const { client, calls } = fakeClient([[granule('a')]], 1);
    const model = new NsidcSearchModel({
      client,
      trans,
      state: { shortName: 'ATL06', start: '2019-03-01' }
    });
    expect(model.dateError).toBeNull();
    // When an end before it is typed, Then it is said at once, before any Search
    model.setState({ end: '2019-02-01' });
    expect(model.errors.end).toBe('The end is before the start.');
    expect(model.dateError).toBe('The end is before the start.');
    // When the start moves before the end, Then the message goes away
    model.setState({ start: '2019-01-15' });
    expect(model.errors.end).toBeUndefined();
    expect(model.dateError).toBeNull();
    // When a date is not a date, Then that is said at once too
    model.setState({ start: '2019-02-30' });
    expect(model.errors.start).toBe('Not a date: use YYYY-MM-DD.');
    // And nothing was searched meanwhile
    expect(calls).toHaveLength(0);
    model.dispose();
  });

  it('says the results are stale once the search asked changes, until the next Search', async () => {
    // Given the results of a search
    const { client } = fakeClient([[granule('a')]], 1);
    const model = new NsidcSearchModel({ client, trans, productDelay: 0 });
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(model.stale).toBe(false);
    model.start();
    await settle(model);
    expect(model.stale).toBe(false);
    // When only the map's view or drawing mode changes, Then they still answer the form
    model.setState({ view: 'arctic', draw: 'polygon' });
    expect(model.stale).toBe(false);
    // When a field of the search changes, Then they are stale
    model.setState({ tracks: '841' });
    expect(model.stale).toBe(true);
    // When it is changed back, Then they answer the form again
    model.setState({ tracks: '' });
    expect(model.stale).toBe(false);
    // When the provider changes and Search is pressed, Then they are fresh
    model.setState({ provider: 'NSIDC_ECS' });
    expect(model.stale).toBe(true);
    model.start();
    expect(model.stale).toBe(false);
    await settle(model);
    expect(model.stale).toBe(false);
    model.dispose();
  });

  it('loads every page, one granule per file name, with the total size', async () => {
    // Given three pages, the second repeating a file of the first
    const { client, calls } = fakeClient(
      [
        [granule('a'), granule('b')],
        [granule('b'), granule('c')],
        [granule('d')]
      ],
      5
    );
    const model = new NsidcSearchModel({ client, trans });
    const seen: number[] = [];
    model.stateChanged.connect(() => seen.push(model.granules.length));
    // When searched
    expect(model.start()).toBe(true);
    await settle(model);
    // Then all pages arrived progressively, without the duplicate, at CMR's largest page size
    expect(model.status).toBe('done');
    expect(model.granules.map(g => g.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(model.hits).toBe(5);
    expect(model.size).toEqual({ bytes: 4000, unknown: 0 });
    expect(seen).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(calls[0].page_size).toBe('2000');
    model.dispose();
  });

  it('describes a search that ran with the ring the server searched', async () => {
    // Given a polygon typed clockwise and not closed, and a server that
    // answers the ring it searched: closed and counter-clockwise
    const searched: LonLat[] = [
      [-50, 70],
      [-50, 60],
      [-40, 60],
      [-40, 70],
      [-50, 70]
    ];
    const { client, calls } = fakeClient([[granule('a')]], 1, searched);
    const model = new NsidcSearchModel({
      client,
      trans,
      state: {
        shortName: 'ATL06',
        polygon: '-50 70, -40 70, -40 60, -50 60'
      }
    });
    // When searched
    expect(model.start()).toBe(true);
    // Then nothing describes the search until its first page arrives
    expect(model.search).toBeNull();
    await settle(model);
    // And the points went as drawn, while the search (what code describes)
    // holds the server's ring
    expect(calls[0].polygon).toBe('-50,70,-40,70,-40,60,-50,60');
    expect(model.search?.polygon).toEqual(searched);
    expect(earthaccessCode(model.search!)).toContain(
      'polygon=[(-50, 70), (-50, 60), (-40, 60), (-40, 70), (-50, 70)],'
    );
    // And a new search describes nothing until it has an answer
    model.start();
    expect(model.search).toBeNull();
    await settle(model);
    expect(model.search?.polygon).toEqual(searched);
    model.dispose();
  });

  it('describes a search that ran with the version CMR matched', async () => {
    // Given version 6 typed, and a server that answers CMR holds it as 006
    const { client, calls } = fakeClient([[granule('a')]], 1, null, ['006']);
    const model = new NsidcSearchModel({
      client,
      trans,
      state: { shortName: 'ATL06', version: '6' }
    });
    // When searched
    model.start();
    await settle(model);
    // Then the panel asked for 6 and the code names 006, which CMR matched
    expect(calls[0].version).toBe('6');
    expect(model.search?.versions).toEqual(['006']);
    expect(earthaccessCode(model.search!)).toContain("    version='006',");
    model.dispose();
  });

  it('shows the server message on failure and Retry goes on from the failed page', async () => {
    // Given a search whose second page fails once
    const failing = fakeClient(
      [
        [granule('a')],
        new HackweekAPIError('NASA CMR timed out.', 504),
        [granule('b')]
      ],
      2
    );
    const model = new NsidcSearchModel({ client: failing.client, trans });
    model.start();
    await settle(model);
    // Then the message is the server's, and the first page stays
    expect(model.status).toBe('error');
    expect(model.errorMessage).toBe('NASA CMR timed out.');
    expect(model.granules.map(g => g.name)).toEqual(['a']);
    model.toggle('a');
    // When retried
    model.retry();
    await settle(model);
    // Then the same search goes on after the first page, keeping it and the selection
    expect(failing.calls[1]).toEqual(failing.calls[0]);
    expect(failing.starts).toEqual([null, '0']);
    expect(model.status).toBe('done');
    expect(model.errorMessage).toBeNull();
    expect(model.granules.map(g => g.name)).toEqual(['a', 'b']);
    expect(model.received).toBe(2);
    expect(model.selection.has('a')).toBe(true);
    model.dispose();
  });

  it('starts over on Retry when the first page failed', async () => {
    const failing = fakeClient(
      [new HackweekAPIError('NASA CMR timed out.', 504), [granule('a')]],
      1
    );
    const model = new NsidcSearchModel({ client: failing.client, trans });
    model.start();
    await settle(model);
    model.retry();
    await settle(model);
    expect(failing.starts).toEqual([null, null]);
    expect(model.status).toBe('done');
    model.dispose();
  });

  it('cancels paging and keeps what arrived; a new search clears the selection', async () => {
    // Given a search of two pages
    const { client, starts } = fakeClient([[granule('a')], [granule('b')]], 2);
    const model = new NsidcSearchModel({ client, trans });
    const cancelOnce = () => {
      if (model.granules.length === 1) {
        model.cancel();
        model.stateChanged.disconnect(cancelOnce);
      }
    };
    model.stateChanged.connect(cancelOnce);
    // When cancelled after the first page
    model.start();
    await settle(model);
    await new Promise(resolve => setTimeout(resolve, 0));
    // Then it stops with the first page
    expect(model.status).toBe('cancelled');
    expect(model.granules.map(g => g.name)).toEqual(['a']);
    // When the rest is asked for ("Load the rest")
    model.selectAll(true);
    model.retry();
    await settle(model);
    // Then the second page is added to the first, and the selection stays
    expect(starts).toEqual([null, '0']);
    expect(model.granules.map(g => g.name)).toEqual(['a', 'b']);
    expect(model.selection.size).toBe(1);
    // And a selection is dropped when the search starts again
    expect(model.start()).toBe(true);
    expect(model.selection.size).toBe(0);
    model.dispose();
  });
});
