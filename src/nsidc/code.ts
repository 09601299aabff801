/**
 * Generate notebook code that reproduces a search with earthaccess or icepyx.
 *
 * Every value is written as a Python literal with `repr()`-style escaping,
 * so a hostile product name or pattern cannot break out of its string.
 */

import { pythonNumber, pythonString } from '../python';
import type { LonLat } from './geo';
import type { ISearch } from './query';

/**
 * earthaccess code for a validated search:
 * `earthaccess.login()` then `earthaccess.search_data(...)` — once per
 * file-name pattern when there are several (track × cycle filters), since
 * earthaccess's `granule_name` takes a single string.
 */
export function earthaccessCode(search: ISearch): string {
  const args: string[] = [`short_name=${pythonString(search.shortName)}`];
  if (search.version) {
    args.push(`version=${pythonString(search.version)}`);
  }
  if (search.provider) {
    args.push(`provider=${pythonString(search.provider)}`);
  }
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
  if (patterns.length <= 1) {
    if (patterns.length) {
      args.push(`granule_name=${pythonString(patterns[0])}`);
    }
    return [
      'import earthaccess',
      '',
      'earthaccess.login()',
      'results = earthaccess.search_data(',
      ...args.map(arg => `    ${arg},`),
      ')',
      'print(len(results), "granules")'
    ].join('\n');
  }
  // earthaccess takes one granule_name per search: one search per pattern.
  return [
    'import earthaccess',
    '',
    'earthaccess.login()',
    'granule_names = [',
    ...patterns.map(pattern => `    ${pythonString(pattern)},`),
    ']',
    'results = []',
    'for granule_name in granule_names:',
    '    results += earthaccess.search_data(',
    ...args.map(arg => `        ${arg},`),
    '        granule_name=granule_name,',
    '    )',
    'print(len(results), "granules")'
  ].join('\n');
}

/**
 * icepyx code for a validated search: `ipx.Query(...)`.
 *
 * icepyx has no file-name filter: a typed pattern is kept as a comment (its
 * literal escaped, so it stays on one line).
 */
export function icepyxCode(search: ISearch): string {
  const args: string[] = [pythonString(search.shortName)];
  if (search.polygon) {
    args.push(points(search.polygon));
  } else if (search.box) {
    const { west, south, east, north } = search.box;
    args.push(`[${[west, south, east, north].map(pythonNumber).join(', ')}]`);
  }
  if (search.temporal && search.temporal[0] && search.temporal[1]) {
    const [start, end] = search.temporal;
    args.push(
      `[${pythonString(start.slice(0, 10))}, ${pythonString(end.slice(0, 10))}]`
    );
    args.push(`start_time=${pythonString(start.slice(11, 19))}`);
    args.push(`end_time=${pythonString(end.slice(11, 19))}`);
  }
  if (search.version) {
    args.push(`version=${pythonString(search.version)}`);
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
  if (
    search.namePatterns.length &&
    !search.tracks.length &&
    !search.cycles.length
  ) {
    lines.push(
      `# icepyx has no file-name filter; the search used ${pythonString(search.namePatterns[0])}`
    );
  }
  return [
    ...lines,
    'query = ipx.Query(',
    ...args.map(arg => `    ${arg},`),
    ')',
    'query.avail_granules()'
  ].join('\n');
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
  names: string[],
  style: 'earthaccess' | 'icepyx'
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
