import { ServerConnection } from '@jupyterlab/services';

import { HackweekAPIError, requestAPI } from '../../request';
import { SharedModel } from '../model';
import { SHARED_ROOT } from './fixtures';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

const ROOTS = { roots: [SHARED_ROOT] };

function page(offset: number, total: number) {
  const entries = [];
  for (let i = offset; i < Math.min(total, offset + 200); i++) {
    entries.push({
      name: `granule_${String(i).padStart(6, '0')}.h5`,
      type: 'file',
      size: 0,
      modified: 1
    });
  }
  return {
    path: 'many',
    total,
    offset,
    entries,
    size_pending: false,
    total_size: 0
  };
}

describe('SharedModel', () => {
  const settings = {} as ServerConnection.ISettings;

  beforeEach(() => {
    request.mockReset();
    request.mockImplementation(async (_s, endpoint: string) => {
      if (endpoint === 'shared/roots') {
        return ROOTS;
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
    request.mockImplementation(async (_s, endpoint: string) =>
      endpoint === 'shared/roots'
        ? { roots: [{ ...ROOTS.roots[0], writable: true }], can_publish: false }
        : page(0, 0)
    );
  });

  it('hides the organizer actions when the server says the user may not publish', async () => {
    const model = new SharedModel({ serverSettings: settings });
    await model.refresh();
    expect(model.root?.writable).toBe(true);
    expect(model.canOrganize).toBe(false);
    model.dispose();
  });
});
