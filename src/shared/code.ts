/**
 * Python snippets that open a shared file; values quoted like Python's `repr()`.
 */

/**
 * Quote a string as a Python literal, safe for any file name.
 *
 * Single quotes, backslashes and control characters are escaped, so a name
 * with quotes, backticks or newlines stays one inert string.
 */
export function pyRepr(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') {
      out += '\\\\';
    } else if (char === "'") {
      out += "\\'";
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\r') {
      out += '\\r';
    } else if (char === '\t') {
      out += '\\t';
    } else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      out += '\\x' + code.toString(16).padStart(2, '0');
    } else if (code === 0x2028 || code === 0x2029) {
      out += '\\u' + code.toString(16);
    } else {
      out += char;
    }
  }
  return out + "'";
}

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
  const path = pyRepr(target.path);
  if (target.format === 'Zarr') {
    const group =
      target.node && target.node !== '/' && target.nodeType === 'group'
        ? `, group=${pyRepr(target.node)}`
        : '';
    return `import xarray as xr\n\nds = xr.open_zarr(${path}${group})\nds`;
  }
  if (target.node && target.nodeType === 'dataset') {
    return [
      'import h5py',
      '',
      `with h5py.File(${path}, "r", locking=False) as f:`,
      `    data = f[${pyRepr(target.node)}][...]`,
      'data'
    ].join('\n');
  }
  const group = target.node && target.node !== '/' ? target.node : null;
  const args = group ? `${path}, group=${pyRepr(group)}` : path;
  return `import xarray as xr\n\nds = xr.open_dataset(${args})\nds`;
}
