import { earthaccessCode, icepyxCode, selectionFilterCode } from '../code';
import type { ISearch } from '../query';

function search(changes: Partial<ISearch> = {}): ISearch {
  return {
    shortName: 'ATL06',
    version: '006',
    provider: null,
    temporal: ['2019-02-20T00:00:00Z', '2019-02-24T23:59:59Z'],
    box: { west: -55, south: 68, east: -48, north: 71 },
    polygon: null,
    tracks: [],
    cycles: [],
    namePatterns: [],
    pageSize: 500,
    ...changes
  };
}

describe('earthaccessCode', () => {
  it('reproduces the search', () => {
    expect(
      earthaccessCode(search({ namePatterns: ['ATL06_*_084102??_*'] }))
    ).toBe(
      [
        'import earthaccess',
        '',
        'earthaccess.login()',
        'results = earthaccess.search_data(',
        "    short_name='ATL06',",
        "    version='006',",
        '    bounding_box=(-55, 68, -48, 71),',
        "    temporal=('2019-02-20T00:00:00Z', '2019-02-24T23:59:59Z'),",
        "    granule_name='ATL06_*_084102??_*',",
        ')',
        'print(len(results), "granules")'
      ].join('\n')
    );
  });

  it('quotes hostile product names and patterns', () => {
    const code = earthaccessCode(
      search({ shortName: "A'\n__import__('os')", namePatterns: ["b'\n"] })
    );
    expect(code).toContain("short_name='A\\'\\n__import__(\\'os\\')',");
    expect(code).toContain("granule_name='b\\'\\n',");
    expect(code.split('\n')).toHaveLength(11);
  });

  it('runs one search per track × cycle pattern', () => {
    const code = earthaccessCode(
      search({ box: null, temporal: null, namePatterns: ['a\\', "b'"] })
    );
    expect(code).toBe(
      [
        'import earthaccess',
        '',
        'earthaccess.login()',
        'granule_names = [',
        "    'a\\\\',",
        "    'b\\'',",
        ']',
        'results = []',
        'for granule_name in granule_names:',
        '    results += earthaccess.search_data(',
        "        short_name='ATL06',",
        "        version='006',",
        '        granule_name=granule_name,',
        '    )',
        'print(len(results), "granules")'
      ].join('\n')
    );
  });

  it('writes a polygon, a provider and an open time range', () => {
    const code = earthaccessCode(
      search({
        box: null,
        provider: 'NSIDC_CPRD',
        temporal: ['2019-02-20T00:00:00Z', ''],
        polygon: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0]
        ]
      })
    );
    expect(code).toContain("provider='NSIDC_CPRD',");
    expect(code).toContain('polygon=[(0, 0), (1, 0), (1, 1), (0, 0)],');
    expect(code).toContain("temporal=('2019-02-20T00:00:00Z', None),");
  });

  it('refuses a non-finite coordinate', () => {
    expect(() =>
      earthaccessCode(
        search({ box: { west: NaN, south: 0, east: 1, north: 1 } })
      )
    ).toThrow(RangeError);
  });
});

describe('icepyxCode', () => {
  it('reproduces the search with tracks and cycles', () => {
    expect(icepyxCode(search({ tracks: [841], cycles: [2] }))).toBe(
      [
        'import icepyx as ipx',
        '',
        'query = ipx.Query(',
        "    'ATL06',",
        '    [-55, 68, -48, 71],',
        "    ['2019-02-20', '2019-02-24'],",
        "    start_time='00:00:00',",
        "    end_time='23:59:59',",
        "    version='006',",
        "    cycles=['02'],",
        "    tracks=['0841'],",
        ')',
        'query.avail_granules()'
      ].join('\n')
    );
  });

  it('keeps an unsupported name pattern as a one-line comment', () => {
    const code = icepyxCode(search({ namePatterns: ["x'\nimport os"] }));
    expect(code).toContain(
      "# icepyx has no file-name filter; the search used 'x\\'\\nimport os'"
    );
    expect(
      code.split('\n').filter(line => line.includes('import os'))
    ).toHaveLength(1);
  });
});

describe('selectionFilterCode', () => {
  const names = ['ATL06_20190221121851_08410203_005_01.h5', "evil'\nname"];

  it('narrows earthaccess results to the ticked files by their data links', () => {
    const code = selectionFilterCode(names, 'earthaccess');
    expect(code).toContain("    'ATL06_20190221121851_08410203_005_01.h5',");
    // A hostile name stays inside its literal, on one line
    expect(code).toContain("    'evil\\'\\nname',");
    expect(code).toContain(
      "    if any(link.rsplit('/', 1)[-1] in wanted for link in g.data_links())"
    );
  });

  it('checks which ticked files an icepyx query holds', () => {
    const code = selectionFilterCode(names.slice(0, 1), 'icepyx');
    expect(code).toContain(
      'available = set(query.avail_granules(ids=True)[0])'
    );
  });
});
