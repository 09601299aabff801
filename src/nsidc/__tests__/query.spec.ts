import { nullTranslator } from '@jupyterlab/translation';
import { parseTime, trackPatterns } from '../parse';
import { ISearchForm, toQueryString, validateSearch } from '../query';

const trans = nullTranslator.load('jupyterlab_hackweek');

function form(changes: Partial<ISearchForm> = {}): ISearchForm {
  return {
    shortName: 'ATL06',
    version: '006',
    provider: '',
    start: '2019-02-20',
    end: '2019-02-24',
    box: null,
    polygon: null,
    tracks: '',
    cycles: '',
    namePattern: '',
    ...changes
  };
}

describe('validateSearch', () => {
  it('turns a valid form into the route parameters', () => {
    // Given a product, version, dates and a box across the antimeridian
    const result = validateSearch(
      form({ box: { west: 170, south: -80, east: -170, north: -60 } }),
      trans
    );
    // Then there are no errors and the parameters are the route's
    expect(result.errors).toEqual({});
    expect(result.params).toEqual({
      short_name: 'ATL06',
      version: '006',
      temporal: '2019-02-20T00:00:00Z,2019-02-24T23:59:59Z',
      bounding_box: '170,-80,-170,-60',
      page_size: '500'
    });
  });

  it.each([
    [
      { start: '2019-03-01', end: '2019-02-01' },
      'end',
      'The end is before the start.'
    ],
    [{ start: '2019-02-30' }, 'start', 'Not a date: use YYYY-MM-DD.'],
    [{ end: 'tomorrow' }, 'end', 'Not a date: use YYYY-MM-DD.'],
    [
      { box: { west: 0, south: -91, east: 10, north: 10 } },
      'box',
      'Latitude -91 is outside −90 to 90.'
    ],
    [
      { box: { west: -181, south: 0, east: 10, north: 10 } },
      'box',
      'Longitude -181 is outside −180 to 180.'
    ],
    [
      { box: { west: 0, south: 20, east: 10, north: 10 } },
      'box',
      'The south edge is north of the north edge.'
    ],
    [{ shortName: ' ' }, 'shortName', 'Choose a product, such as ATL06.'],
    [{ tracks: '1388' }, 'tracks', 'Track 1388 is outside 1–1387.'],
    [{ tracks: '0' }, 'tracks', 'Track 0 is outside 1–1387.'],
    [{ cycles: '100' }, 'cycles', 'Cycle 100 is outside 1–99.'],
    [{ tracks: 'x' }, 'tracks', '"x" is not a number or a range like 3-7.'],
    [
      { shortName: 'MOD10A1', tracks: '5' },
      'tracks',
      'Tracks and cycles apply to ICESat-2 products (ATL03, ATL06, ...).'
    ],
    [
      { shortName: 'ATL11', cycles: '3' },
      'cycles',
      'ATL11 files span many cycles: filter ATL11 by track only.'
    ],
    [
      { tracks: '1', namePattern: 'ATL06_*' },
      'namePattern',
      'Filter by file name or by track and cycle, not both.'
    ],
    [
      { pageSize: 2001 },
      'pageSize',
      'The page size must be a whole number from 1 to 2000.'
    ],
    [
      {
        polygon: [
          [0, 0],
          [1, 1],
          [0, 0]
        ]
      },
      'polygon',
      'A polygon needs at least three points.'
    ]
  ] as [Partial<ISearchForm>, string, string][])(
    'refuses %p with a message on its field',
    (changes, field, message) => {
      const result = validateSearch(form(changes), trans);
      expect(result.errors).toEqual({ [field]: message });
      expect(result.params).toBeNull();
    }
  );

  it('sends a polygon as drawn: the server closes and winds it', () => {
    // Given a clockwise ring, not closed
    const clockwise: [number, number][] = [
      [-50, 70],
      [-40, 70],
      [-40, 60],
      [-50, 60]
    ];
    const result = validateSearch(form({ polygon: clockwise }), trans);
    // Then it goes to the server point for point (winding is the server's)
    expect(result.search?.polygon).toEqual(clockwise);
    expect(result.params?.polygon).toBe('-50,70,-40,70,-40,60,-50,60');
  });

  it('keeps tracks and cycles as numbers and their CMR patterns', () => {
    const result = validateSearch(
      form({ tracks: '841, 10-11', cycles: '2' }),
      trans
    );
    expect(result.params?.rgt).toBe('10,11,841');
    expect(result.params?.cycle).toBe('2');
    expect(result.search?.namePatterns).toEqual([
      'ATL06_??????????????_001002??_*',
      'ATL06_??????????????_001102??_*',
      'ATL06_??????????????_084102??_*'
    ]);
  });
});

describe('trackPatterns', () => {
  it('uses the hemisphere prefix for sea-ice products and the ATL11 layout', () => {
    expect(trackPatterns('ATL07', [5], [])).toEqual([
      'ATL07-??_??????????????_0005????_*'
    ]);
    expect(trackPatterns('ATL11', [54], [])).toEqual(['ATL11_0054??_*']);
  });
});

describe('parseTime', () => {
  it('reads dates and times, to UTC', () => {
    expect(parseTime('2019-02-21')).toBe('2019-02-21T00:00:00Z');
    expect(parseTime('2019-02-21', true)).toBe('2019-02-21T23:59:59Z');
    expect(parseTime('2019-02-21T12:18+02:00')).toBe('2019-02-21T10:18:00Z');
    expect(parseTime('21/02/2019')).toBeNull();
  });
});

describe('toQueryString', () => {
  it('encodes values and leaves out empty ones', () => {
    expect(
      toQueryString({ short_name: 'ATL06', name: 'A*?', version: undefined })
    ).toBe('short_name=ATL06&name=A*%3F');
  });
});
