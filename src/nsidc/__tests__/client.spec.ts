import { ServerConnection } from '@jupyterlab/services';
import { CmrClient } from '../client';
import { HackweekAPIError, requestAPIResponse } from '../../request';
import type { IGranule, IGranulePage, IGranuleParams } from '../types';

jest.mock('../../request', () => {
  const actual = jest.requireActual('../../request');
  return { ...actual, requestAPIResponse: jest.fn() };
});

const request = requestAPIResponse as jest.MockedFunction<
  typeof requestAPIResponse
>;
const settings = {} as ServerConnection.ISettings;

function granule(name: string): IGranule {
  return { name, id: `G-${name}` } as IGranule;
}

function reply(
  granules: IGranule[],
  headers: Record<string, string>,
  polygon: [number, number][] | null = null
): Response {
  return {
    status: 200,
    headers: { get: (name: string) => headers[name] ?? null },
    json: async () => ({ granules, hits: null, searchAfter: null, polygon })
  } as unknown as Response;
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
    const after = {
      granules: [granule('c'), granule('d')],
      hits: 5,
      searchAfter: '["2"]',
      timedOut: false,
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
    request.mockResolvedValueOnce({
      status: 200,
      json: async () => ({ collections: [], versions: {}, hits: 0 })
    } as unknown as Response);
    const client = new CmrClient({ serverSettings: settings });
    await client.collections({ keyword: 'ATL0' });
    expect(request.mock.calls[0][1]).toBe('cmr/collections?keyword=ATL0');
  });
});
