import { ServerConnection } from '@jupyterlab/services';
import { CmrClient } from '../client';
import { granuleBytes } from '../format';
import { NsidcSearchModel } from '../model';
import { nullTranslator } from '@jupyterlab/translation';
import { HackweekAPIError, requestAPIResponse } from '../../request';
import { formatBytes } from '../../format';
import { reply as recorded, response } from '../../__tests__/replies';
import type { IGranule, IGranulePage, IGranuleParams } from '../types';

jest.mock('../../request', () => {
  const actual = jest.requireActual('../../request');
  return { ...actual, requestAPIResponse: jest.fn() };
});

const request = requestAPIResponse as jest.MockedFunction<
  typeof requestAPIResponse
>;
const settings = {} as ServerConnection.ISettings;

/**
 * The recorded granule (`cmr-granules.json`) under another file name.
 */
function granule(name: string): IGranule {
  return { ...recorded('cmr-granules').granules[0], name, id: `G-${name}` };
}

/**
 * The recorded granules page with these granules, polygon and headers.
 */
function reply(
  granules: IGranule[],
  headers: Record<string, string>,
  polygon: [number, number][] | null = null
): Response {
  const body = { ...recorded('cmr-granules'), granules, polygon };
  // The paging fields of the body are what the headers say
  body.hits = headers['CMR-Hits'] ? Number(headers['CMR-Hits']) : null;
  body.searchAfter = headers['CMR-Search-After'] ?? null;
  return response(body, 200, headers);
}

/**
 * Every page of a search, read to the end.
 */
async function pagesOf(
  client: CmrClient,
  params: IGranuleParams
): Promise<IGranulePage[]> {
  const pages: IGranulePage[] = [];
  for await (const page of client.granulePages(params)) {
    pages.push(page);
  }
  return pages;
}

describe('CmrClient', () => {
  beforeEach(() => request.mockReset());

  it('pages with CMR-Search-After until the last page', async () => {
    // Given three pages, the last without a CMR-Search-After header
    request
      .mockResolvedValueOnce(
        reply([granule('a'), granule('b')], {
          'CMR-Hits': '5',
          'CMR-Search-After': '["1"]'
        })
      )
      .mockResolvedValueOnce(
        reply([granule('c'), granule('d')], {
          'CMR-Hits': '5',
          'CMR-Search-After': '["2"]'
        })
      )
      .mockResolvedValueOnce(reply([granule('e')], { 'CMR-Hits': '5' }));
    const client = new CmrClient({ serverSettings: settings });
    // When paging
    const pages = [];
    for await (const page of client.granulePages({
      short_name: 'ATL06',
      page_size: '2'
    })) {
      pages.push(page);
    }
    // Then every page came once, with the token handed back each time
    expect(pages.map(p => [p.index, p.received, p.hits])).toEqual([
      [0, 2, 5],
      [1, 4, 5],
      [2, 5, 5]
    ]);
    expect(
      request.mock.calls.map(
        call => (call[2]?.headers as Record<string, string>)['CMR-Search-After']
      )
    ).toEqual([undefined, '["1"]', '["2"]']);
    expect(request.mock.calls[0][1]).toBe(
      'cmr/granules?short_name=ATL06&page_size=2'
    );
  });

  it('goes on after a given page with its token and counts', async () => {
    // Given the last page received before a stop: index 1, 4 granules so far
    request.mockResolvedValueOnce(reply([granule('e')], { 'CMR-Hits': '5' }));
    const client = new CmrClient({ serverSettings: settings });
    const after: IGranulePage = {
      granules: [granule('c'), granule('d')],
      hits: 5,
      searchAfter: '["2"]',
      timedOut: false,
      polygon: null,
      versions: null,
      index: 1,
      received: 4
    };
    // When paging on after it
    const pages = [];
    for await (const page of client.granulePages(
      { short_name: 'ATL06', page_size: '2' },
      { after }
    )) {
      pages.push(page);
    }
    // Then the first request carries its token, and the counts go on from it
    expect(
      (request.mock.calls[0][2]?.headers as Record<string, string>)[
        'CMR-Search-After'
      ]
    ).toBe('["2"]');
    expect(pages.map(p => [p.index, p.received])).toEqual([[2, 5]]);
  });

  it('stops quietly when aborted', async () => {
    const controller = new AbortController();
    request.mockImplementation(async () => {
      controller.abort();
      throw new HackweekAPIError(
        'The Jupyter server could not be reached: aborted',
        0
      );
    });
    const client = new CmrClient({ serverSettings: settings });
    const pages = [];
    for await (const page of client.granulePages(
      { short_name: 'ATL06' },
      { signal: controller.signal }
    )) {
      pages.push(page);
    }
    expect(pages).toEqual([]);
    expect(request.mock.calls[0][2]?.signal).toBe(controller.signal);
  });

  it('passes on the server message of a failed page', async () => {
    request.mockRejectedValueOnce(
      new HackweekAPIError('Latitude -91 is outside -90 to 90.', 400)
    );
    const client = new CmrClient({ serverSettings: settings });
    await expect(pagesOf(client, { short_name: 'ATL06' })).rejects.toThrow(
      'Latitude -91'
    );
  });

  it('refuses a repeated paging token instead of looping', async () => {
    request.mockResolvedValue(
      reply([granule('a')], { 'CMR-Search-After': '["same"]' })
    );
    const client = new CmrClient({ serverSettings: settings });
    await expect(pagesOf(client, { short_name: 'ATL06' })).rejects.toThrow(
      'repeated a paging token'
    );
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('passes on the ring the server searched, and refuses a reply without it', async () => {
    // Given a polygon sent as drawn, and the server's closed counter-clockwise ring
    const ring: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0]
    ];
    const params = { short_name: 'ATL06', polygon: '0,0,1,1,1,0' };
    request.mockResolvedValueOnce(reply([granule('a')], {}, ring));
    const client = new CmrClient({ serverSettings: settings });
    // Then the page carries the server's ring
    expect((await client.granulePage(params)).polygon).toEqual(ring);
    // And a reply to a polygon search without the ring is refused, not guessed
    request.mockResolvedValueOnce(reply([granule('a')], {}));
    await expect(client.granulePage(params)).rejects.toThrow(
      'unexpected granules reply'
    );
    // While a search without a polygon has none
    request.mockResolvedValueOnce(reply([granule('a')], {}));
    expect(
      (await client.granulePage({ short_name: 'ATL06' })).polygon
    ).toBeNull();
  });

  it('asks for collections with a type-ahead keyword', async () => {
    request.mockResolvedValueOnce(response(recorded('cmr-collections')));
    const client = new CmrClient({ serverSettings: settings });
    const reply = await client.collections({ keyword: 'ATL0' });
    expect(request.mock.calls[0][1]).toBe('cmr/collections?keyword=ATL0');
    // And the recorded reply reads as products with their versions, latest first
    expect(reply.versions['ATL06']).toEqual(['006', '005', '003']);
    expect(new Set(reply.collections.map(c => c.shortName))).toEqual(
      new Set(['ATL03', 'ATL06', 'ATL07', 'ATL08'])
    );
  });

  it('reads the granules page the server route answers', async () => {
    // Given the route's recorded reply (cmr-granules.json), with its headers
    const body = recorded('cmr-granules');
    request.mockResolvedValueOnce(
      response(body, 200, { 'CMR-Hits': String(body.hits) })
    );
    const client = new CmrClient({ serverSettings: settings });
    // When the search is paged
    const pages = await pagesOf(client, { short_name: 'ATL06' });
    // Then one page holds the one granule, with what a result row shows
    expect(pages.map(p => [p.index, p.received, p.hits, p.timedOut])).toEqual([
      [0, 1, 1, false]
    ]);
    const [g] = pages[0].granules;
    expect(g.name).toBe('ATL06_20190221121851_08410203_005_01.h5');
    expect(formatBytes(granuleBytes(g))).toBe('62.1 MB');
    expect(g.start).toBe('2019-02-21T12:19:05.196Z');
    expect(g.icesat2).toMatchObject({ rgt: 841, cycle: 2, region: 3 });
    expect([g.cloudHosted, g.providers]).toEqual([false, ['NSIDC_ECS']]);
    expect(g.links[0]).toMatch(
      /^https:\/\/.*\/ATL06_20190221121851_08410203_005_01\.h5$/
    );
    // And a search without a polygon has no ring
    expect(pages[0].polygon).toBeNull();
  });

  it('gives the search model the rows and the total size of the recorded page', async () => {
    // Given the server's collections and granules replies
    request.mockImplementation(async (_settings, endPoint) =>
      endPoint.startsWith('cmr/collections')
        ? response(recorded('cmr-collections'))
        : response(recorded('cmr-granules'), 200, { 'CMR-Hits': '1' })
    );
    const client = new CmrClient({ serverSettings: settings });
    const model = new NsidcSearchModel({
      client,
      trans: nullTranslator.load('jupyterlab_hackweek'),
      productDelay: 0
    });
    // When searched
    expect(model.start()).toBe(true);
    for (let i = 0; i < 50 && model.status !== 'done'; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    // Then the one row is the recorded file, and the total is its size
    expect([model.status, model.errorMessage]).toEqual(['done', null]);
    expect(model.hits).toBe(1);
    expect(model.granules.map(g => g.name)).toEqual([
      'ATL06_20190221121851_08410203_005_01.h5'
    ]);
    expect(formatBytes(model.size.bytes)).toBe('62.1 MB');
    model.dispose();
  });
});
