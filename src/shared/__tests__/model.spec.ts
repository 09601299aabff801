import { ServerConnection } from '@jupyterlab/services';

import { HackweekAPIError, requestAPI } from '../../request';
import { formatBytes } from '../../format';
import { SharedModel } from '../model';
import { ISharedEntry } from '../types';
import { entry, listing, sharedRoots } from './fixtures';
import { reply as recorded } from '../../__tests__/replies';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

/**
 * A page of 200 recorded file entries in a folder of `total` granules.
 */
function page(offset: number, total: number) {
  const entries = [];
  for (let i = offset; i < Math.min(total, offset + 200); i++) {
    entries.push(entry('file', `granule_${String(i).padStart(6, '0')}.h5`));
  }
  return listing('many', entries, { total, offset });
}

describe('SharedModel', () => {
  const settings = {} as ServerConnection.ISettings;

  beforeEach(() => {
    request.mockReset();
    request.mockImplementation(async (_s, endpoint: string) => {
      if (endpoint === 'shared/roots') {
        return sharedRoots();
      }
      const offset = Number(
        new URLSearchParams(endpoint.split('?')[1]).get('offset')
      );
      return page(offset, 100_000);
    });
  });

  it('loads the first page of the first root, then only missing pages', async () => {
    const model = new SharedModel({ serverSettings: settings });
    await model.refresh();
    await model.open('shared', 'many');
    expect(model.total).toBe(100_000);
    expect(model.row(0)?.name).toBe('granule_000000.h5');
    expect(model.row(200)).toBeUndefined();
    request.mockClear();
    // When rows 150 to 450 (exclusive) come into view, Then pages 200 and 400 are fetched
    await model.ensureRows(150, 451);
    const offsets = request.mock.calls.map(call =>
      new URLSearchParams(call[1].split('?')[1]).get('offset')
    );
    expect(offsets).toEqual(['200', '400']);
    expect(model.row(450)?.name).toBe('granule_000450.h5');
    // And paths for kernels and for JupyterLab
    expect(model.absolutePath('granule_000001.h5')).toBe(
      '/home/jovyan/shared/many/granule_000001.h5'
    );
    expect(model.labPath('granule_000001.h5')).toBe(
      'shared/many/granule_000001.h5'
    );
    model.dispose();
  });

  it('debounces the filter into one request', async () => {
    jest.useFakeTimers();
    const model = new SharedModel({
      serverSettings: settings,
      filterDebounce: 300
    });
    await model.refresh();
    request.mockClear();
    model.setFilter('g');
    model.setFilter('gr');
    model.setFilter('granule_054321');
    await jest.advanceTimersByTimeAsync(299);
    expect(request).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][1]).toContain('filter=granule_054321');
    // When the setting shortens the pause, Then the next filter waits that long
    model.filterDebounce = 50;
    request.mockClear();
    model.setFilter('granule_0');
    await jest.advanceTimersByTimeAsync(49);
    expect(request).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(request).toHaveBeenCalledTimes(1);
    jest.useRealTimers();
    model.dispose();
  });

  it('shows a server error as a message', async () => {
    request.mockRejectedValue(new HackweekAPIError('Server unavailable', 503));
    const model = new SharedModel({ serverSettings: settings });
    await model.refresh();
    expect(model.error).toBe('Server unavailable');
    model.dispose();
  });
});

describe('SharedModel organizer state', () => {
  const settings = {} as ServerConnection.ISettings;

  beforeEach(() => {
    request.mockReset();
    request.mockImplementation(async (_s, endpoint: string) => {
      if (endpoint === 'shared/roots') {
        const roots = sharedRoots();
        roots.roots[0].writable = true;
        roots.can_publish = false;
        return roots;
      }
      return page(0, 0);
    });
  });

  it('hides the organizer actions when the server says the user may not publish', async () => {
    const model = new SharedModel({ serverSettings: settings });
    await model.refresh();
    expect(model.root?.writable).toBe(true);
    expect(model.canOrganize).toBe(false);
    model.dispose();
  });
});

describe('SharedModel with the recorded replies', () => {
  const settings = {} as ServerConnection.ISettings;

  beforeEach(() => {
    // Given the server's roots, listing, folder size and preview as recorded
    request.mockReset();
    request.mockImplementation(async (_s, endpoint: string) => {
      const route = endpoint.split('?')[0];
      const replies: Record<string, unknown> = {
        'shared/roots': recorded('shared-roots'),
        'shared/list': recorded('shared-list'),
        'shared/size': recorded('shared-size'),
        'shared/preview': recorded('shared-preview')
      };
      return replies[route];
    });
  });

  it('lists the entries of shared-list.json, then the folder size of shared-size.json', async () => {
    // Given a server that first answers with the names and the page's rows only
    // (sizes still counting), and once asked for the size, with every count
    const cold = recorded('shared-list');
    const counted = {
      ...cold,
      sizes_counting: false,
      entries: cold.entries.map((e: ISharedEntry) =>
        e.type === 'directory' ? { ...e, items: 1 } : e
      )
    };
    let sized = false;
    request.mockImplementation(async (_s, endpoint: string) => {
      const route = endpoint.split('?')[0];
      if (route === 'shared/size') {
        sized = true;
        return recorded('shared-size');
      }
      if (route === 'shared/list') {
        return sized
          ? counted
          : {
              ...cold,
              sizes_counting: true,
              entries: cold.entries.map((e: ISharedEntry) =>
                e.type === 'directory' ? { ...e, items: null } : e
              )
            };
      }
      return recorded(route === 'shared/roots' ? 'shared-roots' : 'x');
    });
    const model = new SharedModel({ serverSettings: settings });
    // When the panel loads
    const states: [boolean, number | null | undefined][] = [];
    model.stateChanged.connect(() =>
      states.push([model.sizesCounting, model.row(0)?.items])
    );
    await model.refresh();
    // Then it first said sizes were still counting (the folder's item count unknown)
    expect(states).toContainEqual([true, null]);
    // Then the first root is shown, read-only, so nothing may be organized
    expect(model.roots.map(r => [r.name, r.writable])).toEqual([
      ['shared', false],
      ['organizers', true]
    ]);
    expect(model.root?.name).toBe('shared');
    expect(model.canOrganize).toBe(false);
    // And the rows are the server's, with their types and sizes
    expect(model.total).toBe(8);
    const rows = [...Array(model.total!).keys()].map(i => model.row(i)!);
    expect(rows.map(r => [r.name, r.type, formatBytes(r.size)])).toEqual([
      ['a', 'directory', '—'],
      ['ATL06_20181013235645_02340114_209_01.h5', 'file', '3.15 MB'],
      ['cafe\u0301.txt', 'file', '3 B'],
      ['caf\u00e9.txt', 'file', '3 B'],
      ['link-out-dir', 'symlink-out', '—'],
      ['link-out-file', 'symlink-out', '—'],
      ['pipe', 'other', '—'],
      ['tiny.nc', 'file', '104 B']
    ]);
    // And the folder's size, pending in the listing, comes from shared/size, after
    // which the page is asked again and has the folder's item count
    await new Promise(resolve => setTimeout(resolve, 0));
    expect([model.totalSize, model.sizePending]).toEqual([6, false]);
    expect(model.sizesCounting).toBe(false);
    expect(model.row(0)!.items).toBe(1);
    expect(
      request.mock.calls.filter(c => c[1].startsWith('shared/size'))
    ).toHaveLength(1);
    // And kernels open the file at the root's path; JupyterLab cannot (the
    // root is outside its root folder: lab_path null)
    expect(model.absolutePath(rows[1].name)).toBe(
      `${recorded('shared-roots').roots[0].path}/${rows[1].name}`
    );
    expect(model.labPath(rows[1].name)).toBeNull();
    model.dispose();
  });

  it('previews the HDF5 file of shared-preview.json', async () => {
    const model = new SharedModel({ serverSettings: settings });
    await model.refresh();
    // When the recorded ATL06 granule is selected
    await model.select(model.row(1)!, { index: 1 });
    // Then its preview is the server's tree: HDF5, the root group first
    expect(model.previewError).toBeNull();
    expect(model.preview?.format).toBe('HDF5');
    expect(model.preview?.truncated).toBe(false);
    const [top, ancillary, epoch] = model.preview!.nodes;
    expect([top.path, top.type, top.attrs?.short_name]).toEqual([
      '/',
      'group',
      'ATL06'
    ]);
    expect(ancillary.path).toBe('/ancillary_data');
    expect([epoch.type, epoch.dtype, epoch.shape]).toEqual([
      'dataset',
      'float64',
      [1]
    ]);
    model.dispose();
  });

  it('reads the free name a 409 of shared-copy-conflict.json suggests', () => {
    const conflict = recorded('shared-copy-conflict');
    const error = new HackweekAPIError(conflict.message, 409, conflict);
    expect(SharedModel.suggestedName(error)).toBe(
      'ATL06_20181013235645_02340114_209_01-2.h5'
    );
  });
});
