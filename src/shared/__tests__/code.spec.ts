import { openInPlaceSnippet, openSnippet } from '../code';

describe('openSnippet', () => {
  const path = '/home/jovyan/shared/ATL06_20181013235645_02340114_209_01.h5';

  it('opens a group with xarray', () => {
    // Given a selected group, Then xr.open_dataset with group=
    expect(
      openSnippet({ path, node: '/gt1l/land_ice_segments', nodeType: 'group' })
    ).toBe(
      'import xarray as xr\n\n' +
        `ds = xr.open_dataset('${path}', group='/gt1l/land_ice_segments')\nds`
    );
  });

  it('reads a dataset with h5py, without file locking', () => {
    const code = openSnippet({
      path,
      node: '/gt1l/land_ice_segments/h_li',
      nodeType: 'dataset'
    });
    expect(code).toContain(
      `with h5py.File('${path}', "r", locking=False) as f:`
    );
    expect(code).toContain("data = f['/gt1l/land_ice_segments/h_li'][...]");
  });

  it('opens the whole file when nothing is selected', () => {
    expect(openSnippet({ path })).toBe(
      `import xarray as xr\n\nds = xr.open_dataset('${path}')\nds`
    );
  });

  it('keeps a hostile name inert', () => {
    const code = openSnippet({
      path: "/s/x'); import os; os.system('id') #.h5"
    });
    expect(code).toContain(
      "xr.open_dataset('/s/x\\'); import os; os.system(\\'id\\') #.h5')"
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
