import {
  attrText,
  beamStrength,
  classOf,
  COLUMNS,
  envelope,
  exploreCode,
  fileArgument,
  firstProfileQuery,
  icesat2Product,
  initialView,
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
  trackPaths,
  viewState,
  zoomedEnvelope,
  zoomQuery
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

  it('asks for the quick look’s first profile while the viewer loads, not for Explore', () => {
    const atl03 = {
      root: 'shared',
      path: 'photon-cloud/ATL03_20181014000347_02350101_006_02_x.h5'
    };
    expect(firstProfileQuery(atl03)).toBe(
      photonQuery(atl03, 'gt1l', 3, COLUMNS)
    );
    const atl06 = {
      root: null,
      path: 'ATL06_20181013235645_02340114_209_01.h5'
    };
    expect(firstProfileQuery(atl06)).toBe(
      profileQuery(atl06, quickLookPaths('ATL06', 'gt1l')!, COLUMNS)
    );
    expect(
      firstProfileQuery({ ...atl06, dataset: '/gt1l/land_ice_segments/h_li' })
    ).toBeNull();
    expect(firstProfileQuery({ root: null, path: 'basin_mask.nc' })).toBeNull();
    // a file without a quick look opens in Explore, even when one was kept
    expect(
      initialView({
        root: null,
        path: 'basin_mask.nc',
        view: viewState({ tab: 'quick' })
      })
    ).toEqual({
      tab: 'explore',
      beam: 'gt1l',
      byQuality: false,
      surface: 3,
      zoom: null,
      dataset: null
    });
    expect(initialView({ ...atl06, dataset: '/gt1l' })).toMatchObject({
      tab: 'explore',
      dataset: '/gt1l'
    });
  });

  it('asks for a finer profile of the visible range once zoomed in past half', () => {
    const query = 'file=home%2Fa.h5&y=%2Fh&x=%2Ft&columns=1200';
    const zoom = new URLSearchParams(zoomQuery(query, [0, 100], [40, 41])!);
    expect(zoom.get('lo')).toBe('40');
    expect(zoom.get('hi')).toBe('41');
    expect(zoom.get('y')).toBe('/h');
    expect(zoom.get('columns')).toBe('1200');
    // a range past the ends is cut to them
    const edge = new URLSearchParams(zoomQuery(query, [0, 100], [-5, 20])!);
    expect([edge.get('lo'), edge.get('hi')]).toEqual(['0', '20']);
    // half or more visible: the whole profile's columns are enough
    expect(zoomQuery(query, [0, 100], [0, 60])).toBeNull();
    expect(zoomQuery(query, [0, 100], [-10, 110])).toBeNull();
    expect(zoomQuery(query, [0, 100], [200, 300])).toBeNull();
  });

  it('draws the zoomed range from the finer columns, the rest from the whole profile', () => {
    const coarse = {
      centers: [5, 15, 25, 35],
      min: [1, 2, 3, 4],
      max: [10, 20, 30, 40]
    };
    const finer = {
      centers: [11, 13, 17, 19],
      min: [2.1, null, 2.3, 2.4],
      max: [2.5, null, 2.7, 2.8],
      x: { lo: 10, hi: 20 }
    };
    const line = zoomedEnvelope(coarse, finer);
    expect(Array.from(line.x)).toEqual([
      5, 5, 11, 11, 17, 17, 19, 19, 25, 25, 35, 35
    ]);
    expect(Array.from(line.y)).toEqual([
      1, 10, 2.1, 2.5, 2.3, 2.7, 2.4, 2.8, 3, 30, 4, 40
    ]);
    // shifted and scaled like the plot's x (km from the start)
    const km = zoomedEnvelope(coarse, finer, 5, 10);
    expect(Array.from(km.x)).toEqual([
      0, 0, 0.6, 0.6, 1.2, 1.2, 1.4, 1.4, 2, 2, 3, 3
    ]);
    expect(zoomedEnvelope(coarse, null)).toEqual(envelope(coarse));
  });

  it('takes one class of a profile by class as a profile, empty where it is absent', () => {
    const reply = {
      centers: [1, 2],
      x: { path: '/t', lo: 0, hi: 3, attrs: {} },
      classes: [{ value: 4, min: [1, null], max: [2, null], count: [3, 0] }]
    } as unknown as IProfileReply;
    expect(classOf(reply, 4)).toMatchObject({ min: [1, null], max: [2, null] });
    expect(classOf(reply, 0)).toMatchObject({
      centers: [1, 2],
      min: [null, null],
      max: [null, null]
    });
  });

  it('restores the view kept, and asks for its profile first', () => {
    const kept = {
      tab: 'quick',
      beam: 'gt2r',
      byQuality: true,
      surface: 0,
      zoom: { x: [10, 20], y: [-5, 5] },
      dataset: null
    };
    expect(viewState(kept)).toEqual(kept);
    const atl06 = {
      root: null,
      path: 'ATL06_20181013235645_02340114_209_01.h5',
      view: viewState(kept)
    };
    expect(firstProfileQuery(atl06)).toBe(
      profileQuery(
        atl06,
        quickLookPaths('ATL06', 'gt2r')!,
        COLUMNS,
        qualityPath('ATL06', 'gt2r')
      )
    );
    const atl03 = {
      ...atl06,
      path: 'ATL03_20181014000347_02350101_006_02_x.h5'
    };
    expect(firstProfileQuery(atl03)).toBe(
      photonQuery(atl03, 'gt2r', 0, COLUMNS)
    );
    expect(
      firstProfileQuery({
        ...atl06,
        view: viewState({ ...kept, tab: 'explore' })
      })
    ).toBeNull();
  });

  it('keeps none of a kept view that is not one, and defaults what is wrong', () => {
    expect(viewState(null)).toBeNull();
    expect(viewState('quick')).toBeNull();
    expect(
      viewState({
        tab: 'both',
        beam: '../etc',
        byQuality: 'yes',
        surface: 9,
        zoom: { x: [20, 10], y: [0, 1] },
        dataset: 42
      })
    ).toEqual({
      tab: 'quick',
      beam: 'gt1l',
      byQuality: false,
      surface: 3,
      zoom: null,
      dataset: null
    });
    expect(
      viewState({ zoom: { x: [0, Infinity], y: [0, 1] } })?.zoom
    ).toBeNull();
  });
});
