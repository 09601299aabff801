/**
 * The cells the real-consumer test runs
 * (`jupyterlab_hackweek/tests/test_shared_snippets.py`): for each case, the
 * cell "Insert code" or "Open in place" puts in a notebook for a file of the
 * shared volume, made here by the panel's own functions, so the Python test
 * runs exactly that text in a real kernel against the real samples. Paths are
 * relative: the kernel runs in the folder holding the samples.
 *
 * After changing the snippets or the cases, write the file again and format it:
 *   HACKWEEK_WRITE_CELLS=1 npm test -- src/shared/__tests__/snippets.spec.ts
 *   ui-tests/node_modules/.bin/prettier --write src/shared/__fixtures__/snippet-cells.json
 */

import * as fs from 'fs';
import * as path from 'path';

import {
  exploreCode,
  LAND_ICE,
  qualityPath,
  quickLookCode,
  quickLookPaths
} from '../../viewer/files';
import { ISnippetTarget, openInPlaceSnippet, openSnippet } from '../code';

const CELLS = path.join(__dirname, '..', '__fixtures__', 'snippet-cells.json');
const WRITE = 'HACKWEEK_WRITE_CELLS';
const ATL06 = 'ATL06_20181013235645_02340114_209_01.h5';
// the synthetic ATL03 beam the Python test makes (fixture_atl03.py)
const ATL03 = 'ATL03_20181014000347_02350101_006_02_synthetic.h5';

const INSERTED: { name: string; target: ISnippetTarget }[] = [
  {
    name: 'h_li of a beam (float32 with a _FillValue)',
    target: {
      path: ATL06,
      node: '/gt1l/land_ice_segments/h_li',
      nodeType: 'dataset',
      dtype: 'float32'
    }
  },
  {
    name: 'solar elevation (fill values outside its valid range)',
    target: {
      path: ATL06,
      node: '/gt1l/land_ice_segments/geophysical/solar_elevation',
      nodeType: 'dataset',
      dtype: 'float32'
    }
  },
  {
    name: 'a valid_range, NaN and a fill value (made by the test)',
    target: {
      path: 'ranges.h5',
      node: '/ranged',
      nodeType: 'dataset',
      dtype: 'float64'
    }
  },
  {
    name: 'integers with a fill value and valid_min/valid_max (made by the test)',
    target: {
      path: 'ranges.h5',
      node: '/counts',
      nodeType: 'dataset',
      dtype: 'int16'
    }
  },
  {
    // the data viewer's "Insert code" on its ATL06 quick look of gt1l
    name: 'the viewer: the ATL06 quick look of gt1l',
    target: {
      path: ATL06,
      ...quickLookCode(quickLookPaths('ATL06', 'gt1l')!, 'gt1l', 'float32')
    }
  },
  {
    // … on the quick look of gt1r coloured by ATL06's quality flag
    name: 'the viewer: the ATL06 quick look of gt1r by quality',
    target: {
      path: ATL06,
      ...quickLookCode(quickLookPaths('ATL06', 'gt1r')!, 'gt1r', 'float32', {
        path: qualityPath('ATL06', 'gt1r')!,
        column: null
      })
    }
  },
  {
    // … on ATL03's photon cloud of gt1l by land ice's signal confidence
    name: 'the viewer: the ATL03 photon cloud of gt1l',
    target: {
      path: ATL03,
      ...quickLookCode(quickLookPaths('ATL03', 'gt1l')!, 'gt1l', 'float32', {
        path: '/gt1l/heights/signal_conf_ph',
        column: LAND_ICE
      })
    }
  },
  {
    // … on Explore showing a 1-D dataset whole (h5web sends no selection)
    name: 'the viewer: Explore, the heights of gt2r',
    target: {
      path: ATL06,
      ...exploreCode(
        {
          path: '/gt2r/land_ice_segments/h_li',
          type: { class: 'Float', size: 32 }
        },
        undefined
      )
    }
  },
  {
    // … and on Explore showing one row of a 2-D dataset as a line (the slice
    // h5web's dimension mapper selects)
    name: 'the viewer: Explore, a row of a 2-D dataset',
    target: {
      path: ATL06,
      ...exploreCode(
        {
          path: '/gt1l/residual_histogram/count',
          type: { class: 'Integer', size: 32, signed: true }
        },
        '3,:'
      )
    }
  },
  {
    name: 'a text dataset',
    target: {
      path: ATL06,
      node: '/ancillary_data/release',
      nodeType: 'dataset',
      dtype: '|S80'
    }
  },
  {
    name: 'a beam group with xarray',
    target: { path: ATL06, node: '/gt1l/land_ice_segments', nodeType: 'group' }
  },
  {
    name: 'a netCDF file with xarray',
    target: { path: 'basin_mask.nc', node: '/', nodeType: 'group' }
  }
];

/**
 * What the panel inserts for each case.
 */
function cells(): object[] {
  return [
    ...INSERTED.map(({ name, target }) => ({
      name,
      target,
      code: openSnippet(target)
    })),
    {
      name: 'an ICESat-2 granule opened in place',
      target: { path: ATL06 },
      code: openInPlaceSnippet(ATL06, true)
    },
    {
      name: 'another file opened in place',
      target: { path: 'basin_mask.nc' },
      code: openInPlaceSnippet('basin_mask.nc', false)
    }
  ];
}

describe('snippet-cells.json', () => {
  it('holds what the panel inserts for each case', () => {
    const current = cells();
    if (process.env[WRITE]) {
      fs.writeFileSync(CELLS, JSON.stringify(current, null, 2) + '\n');
    }
    const recorded = JSON.parse(fs.readFileSync(CELLS, 'utf-8'));
    expect(recorded).toEqual(current);
  });
});
