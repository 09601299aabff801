import { openInPlaceSnippet, openSnippet } from '../code';

describe('openSnippet', () => {
  const path = '/home/jovyan/shared/ATL06_20181013235645_02340114_209_01.h5';

  it('opens a group with xarray', () => {
    // Given a selected group, Then xr.open_dataset with group=
    expect(
      openSnippet({ path, node: '/gt1l/land_ice_segments', nodeType: 'group' })
    ).toBe(
      'import xarray as xr\n\n' +
        "# xarray shows each variable's _FillValue as NaN (valid_min/valid_max are not applied)\n" +
        'ds = xr.open_dataset(\n' +
        `    '${path}', group='/gt1l/land_ice_segments', engine="h5netcdf", phony_dims="sort",\n` +
        '    driver_kwds={"locking": False},\n' +
        ')\nds'
    );
  });

  it('reads a numeric dataset with h5py, without file locking, fill values masked', () => {
    const code = openSnippet({
      path,
      node: '/gt1l/land_ice_segments/h_li',
      nodeType: 'dataset',
      dtype: 'float32'
    });
    expect(code).toContain(
      `with h5py.File('${path}', "r", locking=False) as f:`
    );
    expect(code).toContain("    dataset = f['/gt1l/land_ice_segments/h_li']");
    expect(code).toContain(
      'data = np.ma.masked_equal(data, attrs["_FillValue"])'
    );
  });

  it('reads a text dataset as it is', () => {
    const code = openSnippet({
      path,
      node: '/ancillary_data/release',
      nodeType: 'dataset',
      dtype: '|S80'
    });
    expect(code).toContain("    data = f['/ancillary_data/release'][...]");
    expect(code).not.toContain('masked');
  });

  it('opens the whole file when nothing is selected', () => {
    expect(openSnippet({ path })).toContain(
      `    '${path}', engine="h5netcdf", phony_dims="sort",\n`
    );
  });

  it('keeps a hostile name inert', () => {
    const code = openSnippet({
      path: "/s/x'); import os; os.system('id') #.h5"
    });
    expect(code).toContain(
      "    '/s/x\\'); import os; os.system(\\'id\\') #.h5', engine="
    );
  });

  it('opens Zarr stores with open_zarr', () => {
    expect(
      openSnippet({
        path: '/s/b.zarr',
        format: 'Zarr',
        node: '/g',
        nodeType: 'group'
      })
    ).toBe(
      "import xarray as xr\n\nds = xr.open_zarr('/s/b.zarr', group='/g')\nds"
    );
  });
});

describe('openInPlaceSnippet', () => {
  it('opens each beam group of an ICESat-2 granule with xarray, no file locking', () => {
    const code = openInPlaceSnippet(
      '/home/jovyan/shared/ATL06_20190221121851_08410203_005_01.h5',
      true
    );
    expect(code).toContain(
      "path = '/home/jovyan/shared/ATL06_20190221121851_08410203_005_01.h5'"
    );
    expect(code).toContain('with h5py.File(path, "r", locking=False) as f:');
    expect(code).toContain('if track.startswith(("gt", "pt"))');
    expect(code).toContain('driver_kwds={"locking": False}');
  });

  it('opens any other file with h5py', () => {
    expect(openInPlaceSnippet('/srv/shared/a.nc', false)).toContain(
      `f = h5py.File('/srv/shared/a.nc', "r", locking=False)`
    );
  });

  it('quotes a hostile path like repr()', () => {
    const code = openInPlaceSnippet(
      "/s/x'\n__import__('os').system('id')#.h5",
      true
    );
    expect(code).toContain(
      "path = '/s/x\\'\\n__import__(\\'os\\').system(\\'id\\')#.h5'"
    );
    // The newline stays inside the string: no line is added
    expect(code.split('\n')).toHaveLength(
      openInPlaceSnippet('/s/x.h5', true).split('\n').length
    );
  });
});

describe('a view as a cell (the data viewer)', () => {
  const path = '/home/jovyan/ATL06.h5';

  it('reads the slice shown and what it is drawn against, and prints what is shown', () => {
    const code = openSnippet({
      path,
      node: '/a/h',
      nodeType: 'dataset',
      dtype: 'float32',
      selection: '3, 1:20:2',
      x: '/a/x',
      view: 'h of a\nagainst x'
    });
    expect(code).toContain('# h of a against x\n');
    expect(code).toContain('data = np.ma.masked_invalid(dataset[3, 1:20:2])');
    expect(code).toContain("    x = f['/a/x'][3, 1:20:2]");
    expect(code).toContain('print("first values:", data.ravel()[:10])');
    expect(code).toContain(
      'print("first real values:", data.compressed()[:10])'
    );
  });

  it('reads the classes a view is coloured by, one surface type’s column', () => {
    const code = openSnippet({
      path,
      node: '/gt1l/heights/h_ph',
      nodeType: 'dataset',
      dtype: 'float32',
      by: { path: '/gt1l/heights/signal_conf_ph', column: 3 },
      view: 'the photon cloud'
    });
    expect(code).toContain(
      "    classes = f['/gt1l/heights/signal_conf_ph'][:, 3]"
    );
  });

  it('reads the whole dataset when the selection is anything but slices', () => {
    for (const selection of ['__import__("os")', '0;1', '1:2:3:4', ' ']) {
      expect(
        openSnippet({
          path,
          node: '/a/h',
          nodeType: 'dataset',
          dtype: 'float32',
          selection
        })
      ).toContain('np.ma.masked_invalid(dataset[...])');
    }
  });

  it('keeps the Shared Data panel’s cell without a view', () => {
    const code = openSnippet({
      path,
      node: '/a/h',
      nodeType: 'dataset',
      dtype: 'float32'
    });
    expect(code).not.toContain('print(');
    expect(code).not.toContain('x = f[');
  });
});
