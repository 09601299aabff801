import {
  attrText,
  beamStrength,
  envelope,
  exploreCode,
  fileArgument,
  icesat2Product,
  isViewable,
  mapViewOf,
  nearestIndex,
  nearestPoint,
  photonQuery,
  qualityPath,
  profileQuery,
  quickLookCode,
  quickLookKind,
  quickLookPaths,
  trackPaths
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
    expect(quickLookPaths('ATL08', 'gt1l')).toBeNull();
  });

  it('has a quick look for ATL06 heights and the ATL03 photon cloud only', () => {
    expect(quickLookKind('ATL06')).toBe('heights');
    expect(quickLookKind('ATL03')).toBe('photons');
    expect(quickLookKind('ATL08')).toBeNull();
  });

  it('asks the photon cloud of a beam by confidence class of a surface type', () => {
    const query = new URLSearchParams(
      photonQuery({ root: null, path: 'ATL03_x.h5' }, 'gt2r', 3, 1200)
    );
    expect(query.get('file')).toBe('home/ATL03_x.h5');
    expect(query.get('y')).toBe('/gt2r/heights/h_ph');
    expect(query.get('x')).toBe('/gt2r/heights/delta_time');
    expect(query.get('by')).toBe('/gt2r/heights/signal_conf_ph');
    expect(query.get('by_column')).toBe('3');
    expect(query.get('columns')).toBe('1200');
  });

  it('tells strong beams from weak ones by the spacecraft orientation', () => {
    // backward (0): left beams strong; forward (1): right beams strong
    expect(beamStrength('gt1l', 0)).toBe('strong');
    expect(beamStrength('gt1r', 0)).toBe('weak');
    expect(beamStrength('gt3l', 1)).toBe('weak');
    expect(beamStrength('gt3r', 1)).toBe('strong');
    // in transition (2), or not known
    expect(beamStrength('gt2l', 2)).toBeNull();
    expect(beamStrength('gt2l', null)).toBeNull();
  });

  it('writes a view as code: the quick look against x, Explore with its slice', () => {
    expect(
      quickLookCode(quickLookPaths('ATL06', 'gt1l')!, 'gt1l', 'float32')
    ).toEqual({
      node: '/gt1l/land_ice_segments/h_li',
      nodeType: 'dataset',
      dtype: 'float32',
      x: '/gt1l/land_ice_segments/ground_track/x_atc',
      view: "h_li of gt1l against x_atc, as the data viewer's quick look draws it"
    });
    const code = exploreCode(
      { path: '/a/b', type: { class: 'Integer', size: 16, signed: false } },
      '0,:'
    );
    expect(code.dtype).toBe('uint16');
    expect(code.selection).toBe('0,:');
    expect(
      exploreCode({ path: '/s', type: { class: 'String' } }, undefined).dtype
    ).toBeUndefined();
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
    // shifted and scaled: metres from the start, in km
    expect(Array.from(envelope(reply, 1, 1000).x)).toEqual([
      0, 0, 0.002, 0.002
    ]);
  });

  it('writes attribute values as text', () => {
    expect(attrText('meters')).toBe('meters');
    expect(attrText([1, 2])).toBe('1, 2');
  });

  it('reads ATL06 ground tracks against the quick look’s x and picks their map', () => {
    expect(trackPaths('ATL06', 'gt2r')).toEqual({
      lat: '/gt2r/land_ice_segments/latitude',
      lon: '/gt2r/land_ice_segments/longitude',
      x: '/gt2r/land_ice_segments/ground_track/x_atc'
    });
    expect(trackPaths('ATL06', 'gt2r')!.x).toBe(
      quickLookPaths('ATL06', 'gt2r')!.x
    );
    expect(trackPaths('ATL03', 'gt1l')).toBeNull();
    expect(mapViewOf([70.1, 81])).toBe('arctic');
    expect(mapViewOf([-75, -89.9])).toBe('antarctic');
    expect(mapViewOf([-25.2, -23.4])).toBe('global');
    expect(mapViewOf([-75, 45])).toBe('global');
    expect(mapViewOf([])).toBe('global');
  });

  it('colours ATL06 by its quality flag, through the profile’s classes', () => {
    const file = { root: 'shared', path: 'a.h5' };
    const paths = quickLookPaths('ATL06', 'gt1l')!;
    const query = new URLSearchParams(
      profileQuery(file, paths, 100, qualityPath('ATL06', 'gt1l'))
    );
    expect(query.get('by')).toBe(
      '/gt1l/land_ice_segments/atl06_quality_summary'
    );
    expect(new URLSearchParams(profileQuery(file, paths, 100)).has('by')).toBe(
      false
    );
    expect(qualityPath('ATL03', 'gt1l')).toBeNull();
  });

  it('finds the nearest value, whatever the order', () => {
    expect(nearestIndex([10, 20, 30], 24)).toBe(1);
    expect(nearestIndex([30, 20, 10], 26)).toBe(0);
    expect(nearestIndex([10, 20], -5)).toBe(0);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('takes a point of one beam’s track to the nearest of another’s', () => {
    const track = {
      lon: [179.9, -179.95, -179.8],
      lat: [-75, -75.001, -75.002]
    };
    // across the antimeridian, and with longitude narrowed at 75°S
    expect(nearestPoint(track, [-179.96, -75.001])).toBe(1);
    expect(nearestPoint(track, [179.89, -75.0])).toBe(0);
    expect(nearestPoint({ lon: [], lat: [] }, [0, 0])).toBe(-1);
  });
});
