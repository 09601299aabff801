/**
 * Python snippets that open a shared file; values quoted like Python's `repr()`.
 */

import { pythonString } from '../python';

/**
 * What a snippet should open: a file and, optionally, a node inside it.
 */
export interface ISnippetTarget {
  /** Absolute path of the file on the server. */
  path: string;
  /** A node of the file's tree (`/gt1l/land_ice_segments/h_li`), if one is selected. */
  node?: string;
  /** The node's kind: a group is opened with xarray, a dataset read with h5py. */
  nodeType?: 'group' | 'dataset';
  /** Zarr stores open with `xr.open_zarr`. */
  format?: 'HDF5' | 'NetCDF-4' | 'Zarr';
}

/**
 * A notebook cell that opens the target with xarray (groups) or h5py (datasets).
 */
export function openSnippet(target: ISnippetTarget): string {
  const path = pythonString(target.path);
  if (target.format === 'Zarr') {
    const group =
      target.node && target.node !== '/' && target.nodeType === 'group'
        ? `, group=${pythonString(target.node)}`
        : '';
    return `import xarray as xr\n\nds = xr.open_zarr(${path}${group})\nds`;
  }
  if (target.node && target.nodeType === 'dataset') {
    return [
      'import h5py',
      '',
      `with h5py.File(${path}, "r", locking=False) as f:`,
      `    data = f[${pythonString(target.node)}][...]`,
      'data'
    ].join('\n');
  }
  const group = target.node && target.node !== '/' ? target.node : null;
  const args = group ? `${path}, group=${pythonString(group)}` : path;
  return `import xarray as xr\n\nds = xr.open_dataset(${args})\nds`;
}

/**
 * A notebook cell that opens a whole file where it lies ("Open in place"): an
 * ICESat-2 granule as one xarray Dataset per group of each beam or pair track
 * (`gt1l/land_ice_segments`, …; ATL11's `pt1`, …), anything else with h5py.
 * HDF5 file locking is off: shared folders are read-only mounts, often NFS.
 */
export function openInPlaceSnippet(path: string, icesat2: boolean): string {
  const quoted = pythonString(path);
  if (!icesat2) {
    return [
      'import h5py',
      '',
      `f = h5py.File(${quoted}, "r", locking=False)`,
      'print(list(f))',
      'f'
    ].join('\n');
  }
  return [
    'import h5py',
    'import xarray as xr',
    '',
    `path = ${quoted}`,
    '# One xarray Dataset per group of each beam (gt1l … gt3r) or pair track (pt1 … pt3)',
    'with h5py.File(path, "r", locking=False) as f:',
    '    groups = [',
    '        f"{track}/{name}"',
    '        for track in f',
    '        if track.startswith(("gt", "pt"))',
    '        for name, item in f[track].items()',
    '        if isinstance(item, h5py.Group)',
    '    ]',
    'beams = {',
    '    group: xr.open_dataset(',
    '        path, group=group, engine="h5netcdf", phony_dims="sort",',
    '        driver_kwds={"locking": False},',
    '    )',
    '    for group in groups',
    '}',
    'print(len(beams), "groups:", ", ".join(beams))',
    'beams[groups[0]]'
  ].join('\n');
}
