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
  /** A dataset's dtype as the preview gives it (`float32`, `int8`, `|S27`…). */
  dtype?: string;
  /** Zarr stores open with `xr.open_zarr`. */
  format?: 'HDF5' | 'NetCDF-4' | 'Zarr';
  /**
   * A slice of the dataset in h5grove's syntax (`0,:`, `10:20`), as the data
   * viewer shows it; ignored unless it is only integers, colons and commas.
   */
  selection?: string;
  /** A dataset read beside the target, e.g. the along-track distance a plot is drawn against. */
  x?: string;
  /**
   * A dataset of classes read beside it (`signal_conf_ph`), and its column
   * when it has one per surface type, as `classes`; with `view`, the cell
   * also prints each class's real values and range (the viewer's legend).
   */
  by?: { path: string; column: number | null };
  /**
   * What the cell reproduces (a comment, e.g. "h_li of gt1l against x_atc, as
   * the viewer's quick look draws it"); with it, a numeric cell also prints
   * what the viewer shows: how many values are real, their range, the first values.
   */
  view?: string;
}

/**
 * An h5grove selection as a numpy index (`0, 10:20:2`), or null when it is
 * anything but integers and slices.
 */
export function selectionIndex(selection: string | undefined): string | null {
  const member = /^\s*(-?\d+|(-?\d+)?:(-?\d+)?(:(-?\d+)?)?)\s*$/;
  const members = (selection ?? '').split(',');
  if (!selection?.trim() || !members.every(m => member.test(m))) {
    return null;
  }
  return members.map(m => m.trim()).join(', ');
}

/**
 * Whether a dtype holds numbers, which fill values and valid ranges apply to.
 */
function isNumeric(dtype: string | undefined): boolean {
  return /^[<>|=]?(float|int|uint|f|i|u)\d+$/.test(dtype ?? '');
}

/**
 * Text on one line (for a comment): line breaks and control characters as spaces.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/**
 * A notebook cell that opens the target with xarray (groups) or h5py (datasets).
 * HDF5 file locking is off in every cell, as in "Open in place": shared folders
 * are read-only mounts, often NFS, and one kernel opening a file with two
 * locking flags fails ("file locking flag values don't match").
 *
 * Fill values never reach the user as numbers: a numeric dataset is read as a
 * numpy masked array, masked by its own `_FillValue`, `valid_min`, `valid_max`
 * and `valid_range` attributes (and NaN); a group is opened with xarray, which
 * turns each variable's `_FillValue` into NaN but applies no valid range. Each
 * cell says which in a comment.
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
    const node = pythonString(target.node);
    if (!isNumeric(target.dtype)) {
      return [
        'import h5py',
        '',
        `with h5py.File(${path}, "r", locking=False) as f:`,
        `    data = f[${node}][...]`,
        'data'
      ].join('\n');
    }
    const index = selectionIndex(target.selection) ?? '...';
    return [
      'import h5py',
      'import numpy as np',
      '',
      ...(target.view ? [`# ${oneLine(target.view)}`] : []),
      "# A numpy masked array: the values equal to the dataset's _FillValue, outside",
      '# its valid_min/valid_max (or valid_range), or NaN are masked, not shown as numbers.',
      `with h5py.File(${path}, "r", locking=False) as f:`,
      `    dataset = f[${node}]`,
      '    attrs = dataset.attrs',
      `    data = np.ma.masked_invalid(dataset[${index}])`,
      '    if "_FillValue" in attrs:',
      '        data = np.ma.masked_equal(data, attrs["_FillValue"])',
      '    low, high = attrs.get("valid_range", (attrs.get("valid_min"), attrs.get("valid_max")))',
      '    if low is not None:',
      '        data = np.ma.masked_less(data, low)',
      '    if high is not None:',
      '        data = np.ma.masked_greater(data, high)',
      ...(target.x ? [`    x = f[${pythonString(target.x)}][${index}]`] : []),
      ...(target.by
        ? [
            `    classes = f[${pythonString(target.by.path)}][${
              Number.isInteger(target.by.column)
                ? `:, ${target.by.column}`
                : '...'
            }]`
          ]
        : []),
      ...(target.view
        ? [
            'print(data.count(), "of", data.size, "values are real, from", data.min(), "to", data.max())',
            'print("first values:", data.ravel()[:10])',
            'print("first real values:", data.compressed()[:10])'
          ]
        : []),
      ...(target.view && target.by
        ? [
            '# each class the view is coloured by: its real values, lowest, highest',
            'for value in np.unique(classes[~np.ma.getmaskarray(data)]):',
            '    part = data[classes == value]',
            '    print("class", value, "has", part.count(), "real values, from", part.min(), "to", part.max())'
          ]
        : []),
      'data'
    ].join('\n');
  }
  const group = target.node && target.node !== '/' ? target.node : null;
  const args = group ? `${path}, group=${pythonString(group)}` : path;
  return [
    'import xarray as xr',
    '',
    "# xarray shows each variable's _FillValue as NaN (valid_min/valid_max are not applied)",
    `ds = xr.open_dataset(`,
    `    ${args}, engine="h5netcdf", phony_dims="sort",`,
    '    driver_kwds={"locking": False},',
    ')',
    'ds'
  ].join('\n');
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
