/**
 * The harmony-py cells "Insert code → order" inserts, for the orders of
 * `order-cases.json`, kept in `order-cells.json`: the Python test
 * (`jupyterlab_hackweek/tests/test_harmony.py`) runs exactly that text with the
 * real harmony-py against the fake Harmony and compares the job it placed with
 * the one our server places for the same order.
 *
 * After changing the generator or the cases, write the file again:
 *   HACKWEEK_WRITE_CELLS=1 npx jest src/nsidc/__tests__/ordercells.spec.ts
 */

import * as fs from 'fs';
import * as path from 'path';

import type { IOrderRequest } from '../../downloads/tokens';
import cases from '../__fixtures__/order-cases.json';
import { orderCode } from '../ordercode';

const CELLS = path.join(__dirname, '..', '__fixtures__', 'order-cells.json');

describe('order-cells.json', () => {
  it('holds the cell inserted for each order', () => {
    const current = (
      cases as unknown as { name: string; order: IOrderRequest }[]
    ).map(({ name, order }) => ({ name, order, cell: orderCode(order) }));
    if (process.env.HACKWEEK_WRITE_CELLS) {
      fs.writeFileSync(CELLS, JSON.stringify(current, null, 2) + '\n');
    }
    expect(JSON.parse(fs.readFileSync(CELLS, 'utf-8'))).toEqual(current);
  });

  it('quotes every value as a Python literal', () => {
    const cell = orderCode({
      short_name: 'ATL06',
      version: '006',
      collection_id: 'C1-X',
      granules: ["a'); import os; os.system('x"]
    });
    expect(cell).toContain(`'a\\'); import os; os.system(\\'x',`);
  });
});
