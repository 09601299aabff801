import { nullTranslator } from '@jupyterlab/translation';

import { formatBytes } from '../../format';
import {
  breadcrumbs,
  compactCount,
  formatShape,
  isPreviewable,
  listEndpoint,
  nextSort,
  pagesToFetch,
  previewHeading,
  previewNodeDetail,
  previewReadNote,
  progressParts,
  shortDate,
  visibleNodes,
  publishTargets
} from '../query';
import { IPreviewReply, IRootsReply } from '../types';

describe('listEndpoint', () => {
  it('encodes every value', () => {
    expect(
      listEndpoint({
        root: 'shared',
        path: 'a b/ç',
        offset: 200,
        sort: '-size',
        filter: '*.h5&x'
      })
    ).toBe(
      'shared/list?root=shared&path=a+b%2F%C3%A7&offset=200&limit=200&sort=-size&filter=*.h5%26x'
    );
  });
});

describe('isPreviewable', () => {
  it('previews HDF5/NetCDF files and Zarr folders only', () => {
    const entry = (name: string, type: 'file' | 'directory') => ({
      name,
      type,
      size: null,
      modified: 1
    });
    // Given HDF5, NetCDF and Zarr names, Then the server is asked for a preview
    expect(isPreviewable(entry('ATL06.H5', 'file'))).toBe(true);
    expect(isPreviewable(entry('sst.nc4', 'file'))).toBe(true);
    expect(isPreviewable(entry('cube.zarr', 'directory'))).toBe(true);
    // And not for other files, folders, or a file merely named .zarr
    expect(isPreviewable(entry('notes.txt', 'file'))).toBe(false);
    expect(isPreviewable(entry('data.h5', 'directory'))).toBe(false);
    expect(isPreviewable(entry('cube.zarr', 'file'))).toBe(false);
  });
});

describe('paging a virtual list', () => {
  it('fetches the pages covering the visible rows, once', () => {
    // Given rows 150..450 in view, page 0 loaded, When asked, Then pages 200 and 400
    // Rows 150 to 450 (end exclusive): pages 200 and 400 are missing
    expect(pagesToFetch(150, 450, new Set([0]), 100_000)).toEqual([200, 400]);
    expect(pagesToFetch(150, 450, new Set([0, 200, 400]), 100_000)).toEqual([]);
    // The end is exclusive: rows 150 to 400 need no page 400
    expect(pagesToFetch(150, 400, new Set([0]), 100_000)).toEqual([200]);
    expect(pagesToFetch(399, 400, new Set(), 100_000)).toEqual([200]);
  });

  it('never asks past the end', () => {
    expect(pagesToFetch(0, 450, new Set(), 150)).toEqual([0]);
    expect(pagesToFetch(0, 450, new Set(), 200)).toEqual([0]);
  });
});

describe('formatting', () => {
  it('sizes', () => {
    // The one formatter (src/format.ts): decimal units, 3 significant digits
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3145769)).toBe('3.15 MB');
  });

  it('shapes like numpy', () => {
    expect(formatShape([330])).toBe('(330,)');
    expect(formatShape([33, 180, 360])).toBe('(33, 180, 360)');
  });
});

describe('navigation helpers', () => {
  it('breadcrumbs', () => {
    expect(breadcrumbs('shared', 'a/b')).toEqual([
      ['', 'shared'],
      ['a', 'a'],
      ['a/b', 'b']
    ]);
  });

  it('sort toggles on the same column', () => {
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'size')).toBe('size');
    expect(nextSort('-size', 'size')).toBe('size');
  });

  it('folds groups of the preview tree', () => {
    const nodes = ['/', '/gt1l', '/gt1l/h_li', '/gt1r', '/gt1r/h_li'].map(
      path => ({ path })
    );
    expect(visibleNodes(nodes, new Set(['/gt1l'])).map(n => n.path)).toEqual([
      '/',
      '/gt1l',
      '/gt1r',
      '/gt1r/h_li'
    ]);
    expect(visibleNodes(nodes, new Set(['/'])).map(n => n.path)).toEqual(['/']);
  });
});

describe('shortDate', () => {
  const now = new Date(2026, 10, 25, 12);
  it('shows month and day within the year, month and year before it', () => {
    expect(shortDate(new Date(2026, 2, 3).getTime() / 1000, now, 'en-US')).toBe(
      'Mar 3'
    );
    expect(
      shortDate(new Date(2024, 11, 31).getTime() / 1000, now, 'en-US')
    ).toBe('Dec 2024');
  });
});

describe('compactCount', () => {
  it('keeps small counts and shortens large ones for the narrow column', () => {
    expect([0, 999, 1000, 10_000, 12_345, 2_500_000].map(compactCount)).toEqual(
      ['0', '999', '1k', '10k', '12k', '2M']
    );
  });
});

describe('progressParts', () => {
  it('says how far a copy has got, once the total is known', () => {
    expect(progressParts(0, null)).toBeNull();
    expect(progressParts(1288490189, 3221225472)).toEqual({
      done: '1.29 GB',
      total: '3.22 GB',
      percent: 40
    });
    expect(progressParts(0, 0)).toEqual({
      done: '0 B',
      total: '0 B',
      percent: 100
    });
  });
});

describe('preview rows and heading', () => {
  const trans = nullTranslator.load('jupyterlab');
  const reply = (extra: Partial<IPreviewReply>): IPreviewReply => ({
    path: 'x.h5',
    format: 'HDF5',
    nodes: [{ path: '/', name: '/', type: 'group' }],
    truncated: false,
    ...extra
  });

  it('says which limit cut the tree', () => {
    expect(previewHeading(reply({}), trans)).toBe('HDF5 — 1 nodes');
    expect(
      previewHeading(
        reply({ truncated: true, truncated_reason: 'bytes' }),
        trans
      )
    ).toContain('size limit');
    expect(
      previewHeading(
        reply({ truncated: true, truncated_reason: 'nodes' }),
        trans
      )
    ).toContain('the file has more');
  });

  it('says how much of the file a preview read, when the server counted it', () => {
    expect(
      previewReadNote(
        reply({ bytes_read: 1_725_674, file_size: 3_145_769 }),
        trans
      )
    ).toBe('read 1.73 MB of 3.15 MB');
    expect(previewReadNote(reply({ format: 'Zarr' }), trans)).toBe('');
  });

  it('names what a hard link, a refused or an unsupported node is', () => {
    expect(
      previewNodeDetail(
        { path: '/a/self', name: 'self', type: 'hard-link', target: '/a' },
        trans
      )
    ).toBe('same object as /a');
    expect(
      previewNodeDetail(
        {
          path: '/int128',
          name: 'int128',
          type: 'unsupported',
          reason: "data type '<i16' not understood"
        },
        trans
      )
    ).toBe("data type '<i16' not understood");
    expect(
      previewNodeDetail(
        {
          path: '/h',
          name: 'h',
          type: 'dataset',
          shape: [330],
          dtype: 'float32',
          compression: 'gzip'
        },
        trans
      )
    ).toBe('(330,) float32 gzip');
  });
});

describe('publishTargets', () => {
  const root = (name: string, writable: boolean, available = true) => ({
    name,
    path: `/srv/${name}`,
    writable,
    available,
    lab_path: null
  });
  const roots: IRootsReply = {
    roots: [
      root('shared', false),
      root('shared-readwrite', true),
      root('gone', true, false)
    ],
    can_publish: true
  };

  it('lists the writable shared folders that are there, for a publisher', () => {
    expect(publishTargets(roots).map(r => r.name)).toEqual([
      'shared-readwrite'
    ]);
  });

  it('lists none for a user who may not publish', () => {
    expect(publishTargets({ ...roots, can_publish: false })).toEqual([]);
  });
});
