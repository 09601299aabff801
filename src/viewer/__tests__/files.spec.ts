import {
  attrText,
  envelope,
  fileArgument,
  icesat2Product,
  isViewable,
  profileQuery,
  quickLookPaths
} from '../files';
import type { IProfileReply } from '../types';

describe('viewer files', () => {
  it('names files below a shared root and the home as the routes read them', () => {
    expect(fileArgument({ root: 'shared', path: 'icesat2/a.h5' })).toBe(
      'shared/shared/icesat2/a.h5'
    );
    expect(fileArgument({ root: null, path: '/data/a.nc' })).toBe(
      'home/data/a.nc'
    );
  });

  it('opens HDF5 and NetCDF-4 names only', () => {
    expect(isViewable('ATL06_x.H5')).toBe(true);
    expect(isViewable('basin_mask.nc')).toBe(true);
    expect(isViewable('notes.txt')).toBe(false);
    expect(isViewable('a.h5.zip')).toBe(false);
  });

  it('recognises ICESat-2 products from file names', () => {
    expect(icesat2Product('ATL06_20181013235645_02340114_209_01.h5')).toBe(
      'ATL06'
    );
    expect(
      icesat2Product('processed_ATL03_20190101000000_00010101_006_01.h5')
    ).toBe('ATL03');
    expect(icesat2Product('basin_mask.nc')).toBeNull();
  });

  it('asks the profile of a beam’s h_li against x_atc', () => {
    const paths = quickLookPaths('ATL06', 'gt1l')!;
    const query = new URLSearchParams(
      profileQuery({ root: 'shared', path: 'a.h5' }, paths, 123.4)
    );
    expect(query.get('y')).toBe('/gt1l/land_ice_segments/h_li');
    expect(query.get('x')).toBe('/gt1l/land_ice_segments/ground_track/x_atc');
    expect(query.get('columns')).toBe('123');
    expect(query.get('file')).toBe('shared/shared/a.h5');
    expect(quickLookPaths('ATL03', 'gt1l')).toBeNull();
  });

  it('draws each column from its min to its max, joining over empty ones', () => {
    const reply = {
      centers: [1, 2, 3],
      min: [10, null, 5],
      max: [12, null, 9]
    } as unknown as IProfileReply;
    const { x, y } = envelope(reply);
    expect(Array.from(x)).toEqual([1, 1, 3, 3]);
    expect(Array.from(y)).toEqual([10, 12, 5, 9]);
  });

  it('writes attribute values as text', () => {
    expect(attrText('meters')).toBe('meters');
    expect(attrText([1, 2])).toBe('1, 2');
  });
});
