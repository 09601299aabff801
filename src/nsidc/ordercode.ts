/**
 * The notebook code that places the same Harmony subset order as the panel's
 * "Order a subset", with harmony-py (NASA's reference Harmony client). Pure.
 *
 * Every value is a Python literal with `repr()`-style escaping. The code is
 * run unchanged by the real harmony-py against the fake Harmony in
 * `jupyterlab_hackweek/tests/test_harmony.py` (cells kept current by
 * `src/nsidc/__tests__/ordercells.spec.ts`).
 */

import type { IOrderRequest } from '../downloads/tokens';
import { pythonNumber, pythonString } from '../python';

/**
 * harmony-py code for `order`: the request the server sends (same collection,
 * file names, box or polygon, times), waiting for the job and downloading every
 * subset into `<short_name>_<version>_subsets/` beside the notebook.
 */
export function orderCode(order: IOrderRequest): string {
  const folder = `${order.short_name}_${order.version}_subsets`;
  const lines = [
    'import datetime as dt',
    ...(order.polygon ? ['import json'] : []),
    'import os',
    ...(order.polygon ? ['import tempfile'] : []),
    '',
    'import harmony',
    '',
    '# NASA Harmony cuts the granules to the area and times below (its trajectory',
    '# subsetter); the Earthdata Login comes from ~/.netrc (earthaccess.login(persist=True)',
    '# writes it), EDL_USERNAME/EDL_PASSWORD, or harmony.Client(token=...).',
    'client = harmony.Client()'
  ];
  const args = [
    `    collection=harmony.Collection(id=${pythonString(order.collection_id)}),`
  ];
  if (order.bbox) {
    const [west, south, east, north] = order.bbox.map(pythonNumber);
    args.push(
      `    spatial=harmony.BBox(${west}, ${south}, ${east}, ${north}),`
    );
  }
  if (order.polygon) {
    const ring = order.polygon
      .map(([lon, lat]) => `[${pythonNumber(lon)}, ${pythonNumber(lat)}]`)
      .join(', ');
    lines.push(
      '# The polygon goes to Harmony as a GeoJSON shape file.',
      'shape = {"type": "Polygon", "coordinates": [[' + ring + ']]}',
      "with tempfile.NamedTemporaryFile('w', suffix='.geojson', delete=False) as shape_file:",
      '    json.dump(shape, shape_file)'
    );
    args.push('    shape=shape_file.name,');
  }
  const temporal = [
    order.start ? `'start': ${pythonTime(order.start)}` : null,
    order.end ? `'stop': ${pythonTime(order.end)}` : null
  ].filter(Boolean);
  if (temporal.length) {
    args.push(`    temporal={${temporal.join(', ')}},`);
  }
  if (order.granules.length) {
    args.push(
      '    granule_name=[',
      ...order.granules.map(name => `        ${pythonString(name)},`),
      '    ],'
    );
  }
  lines.push(
    'request = harmony.Request(',
    ...args,
    ')',
    'job_id = client.submit(request)',
    'client.wait_for_processing(job_id, show_progress=True)',
    `os.makedirs(${pythonString(folder)}, exist_ok=True)`,
    `files = [f.result() for f in client.download_all(job_id, directory=${pythonString(folder)})]`,
    `print(len(files), 'subsets saved in', ${pythonString(folder)})`
  );
  return lines.join('\n');
}

/**
 * An ISO 8601 instant as an aware Python datetime in UTC.
 */
function pythonTime(iso: string): string {
  const moment = new Date(iso);
  const parts = [
    moment.getUTCFullYear(),
    moment.getUTCMonth() + 1,
    moment.getUTCDate(),
    moment.getUTCHours(),
    moment.getUTCMinutes(),
    moment.getUTCSeconds()
  ];
  if (moment.getUTCMilliseconds()) {
    parts.push(moment.getUTCMilliseconds() * 1000);
  }
  return `dt.datetime(${parts.join(', ')}, tzinfo=dt.timezone.utc)`;
}
