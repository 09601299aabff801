/**
 * Generate notebook code that reproduces a search with earthaccess or icepyx.
 *
 * Every value is written as a Python literal with `repr()`-style escaping,
 * so a hostile product name or pattern cannot break out of its string.
 */

import { pythonNumber, pythonString } from '../python';
import type { LonLat } from './geo';
import type { ISearch } from './query';
import { PROVIDERS } from './types';

/**
 * The code style of "Insert code": earthaccess (search), icepyx, or stream
 * (the earthaccess search, then `earthaccess.open` of every granule).
 */
export type CodeStyle = 'earthaccess' | 'icepyx' | 'stream';

/**
 * What the cell of a search also depends on.
 */
export interface ICodeOptions {
  /**
   * The file names ticked in the panel, when only some of the results are.
   */
  selected?: readonly string[];
  /**
   * Whether the Jupyter server runs in AWS us-west-2, where earthaccess reads
   * Earthdata Cloud copies directly from S3 (a granule's `s3Usable`).
   */
  inRegion?: boolean;
}

/**
 * The cell "Insert code" adds for a search, in a code style: the search,
 * narrowed to the ticked granules when only some are, and with the stream
 * style the lines that open each granule.
 */
export function searchCode(
  search: ISearch,
  style: CodeStyle,
  options: ICodeOptions = {}
): string {
  const { selected = [], inRegion = false } = options;
  const lines = [
    style === 'icepyx' ? icepyxCode(search) : earthaccessCode(search)
  ];
  if (selected.length) {
    lines.push(selectionFilterCode(selected, style));
  }
  if (style === 'stream') {
    lines.push(streamLines(search.shortName, inRegion).join('\n'));
  }
  return lines.join('\n');
}

/**
 * earthaccess code for the search a granules reply answered (see
 * `answeredSearch`): `earthaccess.login()` then one `earthaccess.search_data`
 * with the same query the panel's server sent to CMR — the version spellings
 * CMR matched, the provider or both, the ring searched, open ends as `None`,
 * the file-name patterns as one list — and, when both providers were searched,
 * the lines that keep one copy per file as the panel does.
 */
export function earthaccessCode(search: ISearch): string {
  const args: string[] = [`short_name=${pythonString(search.shortName)}`];
  if (search.versions.length) {
    args.push(`version=${oneOrList(search.versions)}`);
  }
  args.push(
    `provider=${search.provider ? pythonString(search.provider) : oneOrList([...PROVIDERS])}`
  );
  if (search.box) {
    const { west, south, east, north } = search.box;
    args.push(
      `bounding_box=${tuple([west, south, east, north].map(pythonNumber))}`
    );
  }
  if (search.polygon) {
    args.push(`polygon=${points(search.polygon)}`);
  }
  if (search.temporal) {
    args.push(
      `temporal=${tuple(search.temporal.map(t => (t ? pythonString(t) : 'None')))}`
    );
  }
  const patterns = search.namePatterns;
  const argLines = args.map(arg => `    ${arg},`);
  if (patterns.length === 1) {
    argLines.push(`    granule_name=${pythonString(patterns[0])},`);
  } else if (patterns.length > 1) {
    argLines.push(
      '    granule_name=[',
      ...patterns.map(pattern => `        ${pythonString(pattern)},`),
      '    ],'
    );
  }
  const lines = [
    'import earthaccess',
    '',
    'earthaccess.login()',
    'results = earthaccess.search_data(',
    ...argLines,
    ')'
  ];
  if (!search.provider) {
    lines.push(...ONE_COPY_PER_FILE);
  }
  lines.push('print(len(results), "granules")');
  return lines.join('\n');
}

/**
 * Keep one copy of each file, the cloud's, in the order found: what the
 * panel's server does when both providers answer.
 */
const ONE_COPY_PER_FILE = [
  '# NSIDC_ECS and NSIDC_CPRD hold the same files: keep one copy of each',
  '# (the cloud one, NSIDC_CPRD), as the search panel does',
  'copies = {}',
  'for granule in results:',
  '    ids = granule["umm"].get("DataGranule", {}).get("Identifiers", [])',
  '    name = next(',
  '        (i["Identifier"] for i in ids if i["IdentifierType"] == "ProducerGranuleId"),',
  '        granule["umm"]["GranuleUR"],',
  '    )',
  '    if name not in copies or granule["meta"]["provider-id"] == "NSIDC_CPRD":',
  '        copies[name] = granule',
  'results = list(copies.values())'
];

/**
 * What icepyx cannot reproduce of a search.
 *
 * - `pattern`: icepyx has no file-name filter (track/cycle patterns it
 *   builds itself from `tracks` and `cycles`);
 * - `polePolygon`: icepyx re-orients and simplifies polygons on a flat map,
 *   so a ring round a pole is not searched as drawn;
 * - `openDates`: icepyx needs both a start and an end date;
 * - `provider`: icepyx searches the cloud copy (NSIDC_CPRD) only;
 * - `versions`: icepyx takes one version spelling;
 * - `anyVersion`: icepyx searches one version, the latest when none is named.
 */
export type IcepyxLimit =
  | 'pattern'
  | 'polePolygon'
  | 'openDates'
  | 'provider'
  | 'versions'
  | 'anyVersion';

/**
 * The parts of `search` icepyx cannot reproduce (none: the icepyx cell
 * searches what the panel searched).
 */
export function icepyxLimits(search: ISearch): IcepyxLimit[] {
  const limits: IcepyxLimit[] = [];
  if (
    search.namePatterns.length &&
    !search.tracks.length &&
    !search.cycles.length
  ) {
    limits.push('pattern');
  }
  if (search.polygon && roundsPole(search.polygon)) {
    limits.push('polePolygon');
  }
  if (search.temporal && !(search.temporal[0] && search.temporal[1])) {
    limits.push('openDates');
  }
  if (search.provider !== 'NSIDC_CPRD') {
    limits.push('provider');
  }
  if (search.versions.length > 1) {
    limits.push('versions');
  }
  if (!search.versions.length) {
    limits.push('anyVersion');
  }
  return limits;
}

/**
 * The comment of an icepyx cell for each limit.
 */
const ICEPYX_LIMIT_COMMENTS: Record<IcepyxLimit, string> = {
  pattern: 'icepyx has no file-name filter: this query ignores the pattern',
  polePolygon:
    'icepyx redraws polygons on a flat map: a ring round a pole is not searched as drawn',
  openDates:
    'icepyx needs a start and an end date: this query searches all dates',
  provider:
    'icepyx searches only the Earthdata Cloud copies (NSIDC_CPRD), not NSIDC_ECS',
  versions: 'icepyx takes one version spelling: this query names the first',
  anyVersion:
    'icepyx searches one version: with none named, the latest, not every version'
};

/**
 * icepyx code for the search a granules reply answered: `ipx.Query(...)` with
 * keyword arguments (a whole-globe box when no area was drawn, as icepyx needs
 * one). Where icepyx cannot reproduce the search (`icepyxLimits`), comments
 * say what differs and give the earthaccess code that does.
 */
export function icepyxCode(search: ISearch): string {
  const args: string[] = [`product=${pythonString(search.shortName)}`];
  if (search.polygon) {
    args.push(`spatial_extent=${points(search.polygon)}`);
  } else {
    const { west, south, east, north } = search.box ?? WHOLE_GLOBE;
    args.push(
      `spatial_extent=[${[west, south, east, north].map(pythonNumber).join(', ')}]`
    );
  }
  if (search.temporal && search.temporal[0] && search.temporal[1]) {
    const [start, end] = search.temporal;
    args.push(
      `date_range=[${pythonString(start.slice(0, 10))}, ${pythonString(end.slice(0, 10))}]`,
      `start_time=${pythonString(start.slice(11, 19))}`,
      `end_time=${pythonString(end.slice(11, 19))}`
    );
  }
  if (search.versions.length) {
    args.push(`version=${pythonString(search.versions[0])}`);
  }
  if (search.cycles.length) {
    const cycles = search.cycles.map(c =>
      pythonString(String(c).padStart(2, '0'))
    );
    args.push(`cycles=[${cycles.join(', ')}]`);
  }
  if (search.tracks.length) {
    const tracks = search.tracks.map(t =>
      pythonString(String(t).padStart(4, '0'))
    );
    args.push(`tracks=[${tracks.join(', ')}]`);
  }
  const lines = ['import icepyx as ipx', ''];
  const limits = icepyxLimits(search);
  if (limits.length) {
    lines.push(
      '# This query differs from the search in the panel:',
      ...limits.map(limit => `# - ${ICEPYX_LIMIT_COMMENTS[limit]}`),
      '# earthaccess finds exactly what the panel found:',
      '#',
      ...earthaccessCode(search)
        .split('\n')
        .map(line => (line ? `#     ${line}` : '#')),
      ''
    );
  }
  return [
    ...lines,
    'query = ipx.Query(',
    ...args.map(arg => `    ${arg},`),
    ')',
    'print(len(query.avail_granules(ids=True)[0]), "granules")'
  ].join('\n');
}

const WHOLE_GLOBE = { west: -180, south: -90, east: 180, north: 90 };

/**
 * Whether a closed ring goes round a pole: its longitude steps (each the
 * short way round) add up to a whole turn.
 */
export function roundsPole(ring: LonLat[]): boolean {
  let turn = 0;
  for (let i = 1; i < ring.length; i++) {
    const step = ring[i][0] - ring[i - 1][0];
    turn += step > 180 ? step - 360 : step < -180 ? step + 360 : step;
  }
  return Math.abs(turn) > 180;
}

function oneOrList(values: string[]): string {
  return values.length === 1
    ? pythonString(values[0])
    : `[${values.map(pythonString).join(', ')}]`;
}

function tuple(items: string[]): string {
  return `(${items.join(', ')})`;
}

function points(ring: LonLat[]): string {
  return `[${ring.map(([lon, lat]) => tuple([pythonNumber(lon), pythonNumber(lat)])).join(', ')}]`;
}

/**
 * Lines that narrow the `results` of the search code to the granules ticked
 * in the panel, by file name. earthaccess filters its results; icepyx orders
 * whole searches, so its code checks which ticked files the query holds
 * (`query.avail_granules(ids=True)`).
 */
export function selectionFilterCode(
  names: readonly string[],
  style: CodeStyle
): string {
  const wanted = [
    'wanted = {',
    ...names.map(n => `    ${pythonString(n)},`),
    '}'
  ];
  if (style === 'icepyx') {
    return [
      ...wanted,
      'available = set(query.avail_granules(ids=True)[0])',
      'print(len(wanted & available), "of the selected granules are in the query")'
    ].join('\n');
  }
  return [
    ...wanted,
    'results = [',
    '    g',
    '    for g in results',
    "    if any(link.rsplit('/', 1)[-1] in wanted for link in g.data_links())",
    ']',
    'print(len(results), "selected granules")'
  ].join('\n');
}

/**
 * The group of each beam that holds the along-track records of an ICESat-2
 * product, and what one record is.
 */
const ALONG_TRACK: Record<string, { group: string; records: string }> = {
  ATL03: { group: 'heights', records: 'photons' },
  ATL06: { group: 'land_ice_segments', records: 'segments' },
  ATL08: { group: 'land_segments', records: 'segments' }
};

/**
 * The ground tracks (beams) of ICESat-2 files.
 */
const BEAMS = ['gt1l', 'gt1r', 'gt2l', 'gt2r', 'gt3l', 'gt3r'];

/**
 * Lines that stream the `results` of the earthaccess search: where the reads
 * go (direct S3 in AWS us-west-2, else HTTPS range requests, slow for big
 * granules), `earthaccess.open(results)`, then each file: for an along-track
 * ICESat-2 product (`ALONG_TRACK`) each beam's group opened with xarray
 * (h5netcdf) and its record count printed, else its top-level groups listed
 * with h5py.
 */
function streamLines(shortName: string, inRegion: boolean): string[] {
  const where = inRegion
    ? [
        '# This server runs in AWS us-west-2: earthaccess.open reads the Earthdata',
        '# Cloud copies (NSIDC_CPRD) directly from S3, without downloading them.'
      ]
    : [
        '# Outside AWS us-west-2, earthaccess.open reads over HTTPS: each read is an',
        '# HTTPS range request to the data host, so opening many groups is slow and',
        '# downloading whole granules (earthaccess.download) may be faster, above',
        '# all for ATL03 (1-7 GB a file).'
      ];
  const head = [
    '',
    ...where,
    'import h5py',
    ...(ALONG_TRACK[shortName] ? ['import xarray as xr'] : []),
    '',
    'files = earthaccess.open(results)',
    'for file in files:',
    '    name = file.path.rsplit("/", 1)[-1]'
  ];
  const along = ALONG_TRACK[shortName];
  if (!along) {
    return [
      ...head,
      '    with h5py.File(file, "r") as h5:',
      '        print(name, "groups:", ", ".join(h5))'
    ];
  }
  const beams = `[${BEAMS.map(pythonString).join(', ')}]`;
  return [
    ...head,
    '    # one group per beam (ground track) present in the file',
    '    with h5py.File(file, "r") as h5:',
    `        groups = [f"{beam}/${along.group}" for beam in ${beams}]`,
    '        groups = [group for group in groups if group in h5]',
    '    for group in groups:',
    '        with xr.open_dataset(file, group=group, engine="h5netcdf") as beam:',
    `            print(name, group, beam.sizes["delta_time"], ${pythonString(along.records)})`
  ];
}
