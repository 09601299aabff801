/**
 * The cells the real-client tests run
 * (`jupyterlab_hackweek/tests/test_nsidc_clients.py`): for each search of
 * `client-cases.json` (the form as the user filled it, and the granules
 * reply's `polygon` and `versions`, which the Python test checks against the
 * real route), `client-cells.json` holds the route's parameters the panel
 * sends and the earthaccess, icepyx and stream cells "Insert code" inserts
 * (stream as outside AWS us-west-2, where the tests run) — made here
 * by the panel's own functions, so the Python test runs exactly that text.
 *
 * After changing the code generator or the cases, write the file again and
 * format it:
 *   HACKWEEK_WRITE_CELLS=1 npx jest src/nsidc/__tests__/cells.spec.ts
 *   npx prettier --write src/nsidc/__fixtures__/client-cells.json
 */

import { nullTranslator } from '@jupyterlab/translation';
import * as fs from 'fs';
import * as path from 'path';

import { searchCode } from '../code';
import type { LonLat } from '../geo';
import { answeredSearch, ISearchForm, validateSearch } from '../query';

const FIXTURES = path.join(__dirname, '..', '__fixtures__');
const CELLS = path.join(FIXTURES, 'client-cells.json');
const WRITE = 'HACKWEEK_WRITE_CELLS';
const trans = nullTranslator.load('jupyterlab_hackweek');

interface ICase {
  name: string;
  form: ISearchForm;
  reply: { polygon: LonLat[] | null; versions: string[] | null };
}

/**
 * What the panel sends and inserts for each case.
 */
function cells(): object[] {
  const cases: ICase[] = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, 'client-cases.json'), 'utf-8')
  );
  return cases.map(({ name, form, reply }) => {
    const { search, params, errors } = validateSearch(form, trans);
    if (!search || !params) {
      throw new Error(`${name}: ${JSON.stringify(errors)}`);
    }
    const answered = answeredSearch(search, reply);
    return {
      name,
      params,
      earthaccess: searchCode(answered, 'earthaccess'),
      icepyx: searchCode(answered, 'icepyx'),
      stream: searchCode(answered, 'stream', { inRegion: false })
    };
  });
}

describe('client-cells.json', () => {
  it('holds what the panel sends and inserts for each case', () => {
    const current = cells();
    if (process.env[WRITE]) {
      fs.writeFileSync(CELLS, JSON.stringify(current, null, 2) + '\n');
    }
    const recorded = JSON.parse(fs.readFileSync(CELLS, 'utf-8'));
    expect(recorded).toEqual(current);
  });
});
