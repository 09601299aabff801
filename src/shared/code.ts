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
