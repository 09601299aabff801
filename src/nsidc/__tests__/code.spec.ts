import {
  earthaccessCode,
  icepyxCode,
  icepyxLimits,
  roundsPole,
  searchCode,
  selectionFilterCode
} from '../code';
import type { LonLat } from '../geo';
import type { ISearch } from '../query';

function search(changes: Partial<ISearch> = {}): ISearch {
  return {
    shortName: 'ATL06',
    version: '006',
    versions: ['006'],
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
  it('reproduces the search, with the version CMR matched', () => {
    expect(
      earthaccessCode(
        search({
          provider: 'NSIDC_ECS',
          namePatterns: ['ATL06_*_084102??_*']
        })
      )
    ).toBe(
      [
        'import earthaccess',
        '',
        'earthaccess.login()',
        'results = earthaccess.search_data(',
        "    short_name='ATL06',",
        "    version='006',",
        "    provider='NSIDC_ECS',",
        '    bounding_box=(-55, 68, -48, 71),',
        "    temporal=('2019-02-20T00:00:00Z', '2019-02-24T23:59:59Z'),",
        "    granule_name='ATL06_*_084102??_*',",
        ')',
        'print(len(results), "granules")'
      ].join('\n')
    );
  });

  it('searches both providers and keeps one copy per file, as the panel does', () => {
    const code = earthaccessCode(search());
    expect(code).toContain("    provider=['NSIDC_ECS', 'NSIDC_CPRD'],");
    const lines = code.split('\n');
    expect(lines.slice(lines.indexOf('copies = {}'))).toEqual([
      'copies = {}',
      'for granule in results:',
      '    ids = granule["umm"].get("DataGranule", {}).get("Identifiers", [])',
      '    name = next(',
      '        (i["Identifier"] for i in ids if i["IdentifierType"] == "ProducerGranuleId"),',
      '        granule["umm"]["GranuleUR"],',
      '    )',
      '    if name not in copies or granule["meta"]["provider-id"] == "NSIDC_CPRD":',
      '        copies[name] = granule',
      'results = list(copies.values())',
      'print(len(results), "granules")'
    ]);
  });

  it('names every version spelling CMR holds, and none for any version', () => {
    expect(earthaccessCode(search({ versions: ['6', '006'] }))).toContain(
      "    version=['6', '006'],"
    );
    expect(
      earthaccessCode(search({ version: '', versions: [] }))
    ).not.toContain('version=');
  });

  it('quotes hostile product names and patterns', () => {
    const code = earthaccessCode(
      search({
        provider: 'NSIDC_CPRD',
        shortName: "A'\n__import__('os')",
        namePatterns: ["b'\n"]
      })
    );
    expect(code).toContain("short_name='A\\'\\n__import__(\\'os\\')',");
    expect(code).toContain("granule_name='b\\'\\n',");
    expect(code.split('\n')).toHaveLength(12);
  });

  it('passes many track × cycle patterns as one list, in one search', () => {
    const code = earthaccessCode(
      search({
        provider: 'NSIDC_CPRD',
        box: null,
        temporal: null,
        namePatterns: ['a\\', "b'"]
      })
    );
    expect(code).toContain(
      [
        "    provider='NSIDC_CPRD',",
        '    granule_name=[',
        "        'a\\\\',",
        "        'b\\'',",
        '    ],',
        ')'
      ].join('\n')
    );
    expect(code.match(/search_data\(/g)).toHaveLength(1);
  });

  it('writes a polygon as searched and an open time range', () => {
    const code = earthaccessCode(
      search({
        box: null,
        temporal: ['2019-02-20T00:00:00Z', ''],
        polygon: [
          [0.123456789012, 0],
          [1, 0],
          [1, 1],
          [0.123456789012, 0]
        ]
      })
    );
    expect(code).toContain(
      'polygon=[(0.123456789012, 0), (1, 0), (1, 1), (0.123456789012, 0)],'
    );
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
  it('reproduces a cloud search with keyword arguments', () => {
    expect(
      icepyxCode(search({ provider: 'NSIDC_CPRD', tracks: [841], cycles: [2] }))
    ).toBe(
      [
        'import icepyx as ipx',
        '',
        'query = ipx.Query(',
        "    product='ATL06',",
        '    spatial_extent=[-55, 68, -48, 71],',
        "    date_range=['2019-02-20', '2019-02-24'],",
        "    start_time='00:00:00',",
        "    end_time='23:59:59',",
        "    version='006',",
        "    cycles=['02'],",
        "    tracks=['0841'],",
        ')',
        'print(len(query.avail_granules(ids=True)[0]), "granules")'
      ].join('\n')
    );
  });

  it('searches the whole globe when no area was drawn', () => {
    const code = icepyxCode(
      search({ provider: 'NSIDC_CPRD', box: null, temporal: null })
    );
    expect(code).toContain('    spatial_extent=[-180, -90, 180, 90],');
    expect(code).not.toContain('#');
  });

  it('says what it cannot reproduce and gives the earthaccess code', () => {
    const ring: LonLat[] = [
      [0, 75],
      [90, 75],
      [180, 75],
      [-90, 75],
      [0, 75]
    ];
    const pole = search({
      box: null,
      polygon: ring,
      temporal: ['2019-02-20T00:00:00Z', ''],
      namePatterns: ["x'\nimport os"]
    });
    expect(icepyxLimits(pole)).toEqual([
      'pattern',
      'polePolygon',
      'openDates',
      'provider'
    ]);
    const lines = icepyxCode(pole).split('\n');
    expect(lines.slice(2, 8)).toEqual([
      '# This query differs from the search in the panel:',
      '# - icepyx has no file-name filter: this query ignores the pattern',
      '# - icepyx redraws polygons on a flat map: a ring round a pole is not searched as drawn',
      '# - icepyx needs a start and an end date: this query searches all dates',
      '# - icepyx searches only the Earthdata Cloud copies (NSIDC_CPRD), not NSIDC_ECS',
      '# earthaccess finds exactly what the panel found:'
    ]);
    const commented = earthaccessCode(pole)
      .split('\n')
      .map(line => (line ? `#     ${line}` : '#'));
    expect(lines.join('\n')).toContain(commented.join('\n'));
    // A hostile pattern stays inside its literal, on one (commented) line
    expect(lines.filter(line => line.includes('import os'))).toEqual([
      "#         granule_name='x\\'\\nimport os',"
    ]);
    expect(icepyxLimits(search({ provider: 'NSIDC_CPRD' }))).toEqual([]);
    expect(
      icepyxLimits(search({ provider: 'NSIDC_CPRD', versions: [] }))
    ).toEqual(['anyVersion']);
  });
});

describe('roundsPole', () => {
  it('tells a ring round a pole from one beside it', () => {
    expect(
      roundsPole([
        [0, -75],
        [-90, -75],
        [180, -75],
        [90, -75],
        [0, -75]
      ])
    ).toBe(true);
    expect(
      roundsPole([
        [170, 60],
        [-170, 60],
        [-170, 70],
        [170, 60]
      ])
    ).toBe(false);
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

describe('searchCode with the stream style', () => {
  it('searches with the earthaccess lines, then opens each beam of ATL06 with xarray', () => {
    const code = searchCode(search(), 'stream');
    // the earthaccess cell, unchanged, comes first
    expect(code.startsWith(earthaccessCode(search()) + '\n')).toBe(true);
    const lines = code.split('\n');
    expect(lines).toContain('files = earthaccess.open(results)');
    expect(lines).toContain(
      "        groups = [f\"{beam}/land_ice_segments\" for beam in ['gt1l', 'gt1r', 'gt2l', 'gt2r', 'gt3l', 'gt3r']]"
    );
    expect(lines).toContain(
      '        with xr.open_dataset(file, group=group, engine="h5netcdf") as beam:'
    );
    expect(lines).toContain(
      '            print(name, group, beam.sizes["delta_time"], \'segments\')'
    );
  });

  it('chooses the group per product, and h5py when the product is not along-track', () => {
    const atl03 = searchCode(search({ shortName: 'ATL03' }), 'stream');
    expect(atl03).toContain('f"{beam}/heights"');
    expect(atl03).toContain('beam.sizes["delta_time"], \'photons\')');
    const atl08 = searchCode(search({ shortName: 'ATL08' }), 'stream');
    expect(atl08).toContain('f"{beam}/land_segments"');
    const other = searchCode(search({ shortName: 'MOD10A1' }), 'stream');
    expect(other).not.toContain('xarray');
    expect(other).toContain('        print(name, "groups:", ", ".join(h5))');
  });

  it('says range requests may be slow outside us-west-2, and direct S3 inside', () => {
    const outside = searchCode(search(), 'stream');
    expect(outside).toContain(
      '# Outside AWS us-west-2, earthaccess.open reads over HTTPS: each read is an'
    );
    expect(outside).toContain('# all for ATL03 (1-7 GB a file).');
    expect(outside).not.toContain('directly from S3');
    const inside = searchCode(search(), 'stream', { inRegion: true });
    expect(inside).toContain(
      '# Cloud copies (NSIDC_CPRD) directly from S3, without downloading them.'
    );
    expect(inside).not.toContain('HTTPS range request');
  });

  it('narrows the results to the ticked granules before opening them', () => {
    const code = searchCode(search(), 'stream', {
      selected: ['ATL06_20190221121851_08410203_005_01.h5']
    });
    const filter = code.indexOf('print(len(results), "selected granules")');
    expect(filter).toBeGreaterThan(0);
    expect(code.indexOf('files = earthaccess.open(results)')).toBeGreaterThan(
      filter
    );
    // the other styles take the same filter after the search
    expect(
      searchCode(search(), 'earthaccess', { selected: ['a.h5'] })
    ).toContain(selectionFilterCode(['a.h5'], 'earthaccess'));
    expect(searchCode(search(), 'icepyx', { selected: ['a.h5'] })).toContain(
      selectionFilterCode(['a.h5'], 'icepyx')
    );
  });
});
