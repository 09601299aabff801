import { nullTranslator } from '@jupyterlab/translation';

import { MAX_ZOOM, SearchMap } from '../map';
import { MAP_SIZE } from '../mapshapes';

describe('the large map’s frame, kept across reloads', () => {
  const trans = nullTranslator.load('jupyterlab_hackweek');

  it('shows a saved frame of its view again, kept within the map', () => {
    const map = new SearchMap({ trans, detail: true });
    map.view = 'arctic';
    const zooms: number[] = [];
    map.zoomChanged.connect((_, zoom) => zooms.push(zoom));
    const [width, height] = MAP_SIZE.arctic;
    // A frame saved at ×2.25 round the middle comes back as it was
    map.setFrame({ view: 'arctic', zoom: 2.25, center: [width / 2, 40] });
    expect(map.frame).toEqual({
      view: 'arctic',
      zoom: 2.25,
      center: [width / 2, height / 2.25 / 2]
    });
    expect(zooms).toEqual([2.25]);
    // One of another view is not applied; one beyond the limits is clamped
    map.setFrame({ view: 'antarctic', zoom: 4, center: [0, 0] });
    expect(map.frame.zoom).toBe(2.25);
    map.setFrame({ view: 'arctic', zoom: 1000, center: [-5, 1e9] });
    expect(map.frame.zoom).toBe(MAX_ZOOM);
    const [x, y] = map.frame.center;
    expect(x).toBeCloseTo(width / MAX_ZOOM / 2);
    expect(y).toBeCloseTo(height - height / MAX_ZOOM / 2);
    map.dispose();
  });

  it('reads only a well-formed saved frame', () => {
    expect(
      SearchMap.frameOf({ view: 'arctic', zoom: 2, center: [1, 2] })
    ).toEqual({ view: 'arctic', zoom: 2, center: [1, 2] });
    for (const bad of [
      null,
      undefined,
      'arctic',
      { view: 'moon', zoom: 2, center: [1, 2] },
      { view: 'arctic', zoom: '2', center: [1, 2] },
      { view: 'arctic', zoom: NaN, center: [1, 2] },
      { view: 'arctic', zoom: 2, center: [1] },
      { view: 'arctic', zoom: 2, center: [1, Infinity] },
      { view: 'arctic', zoom: 2, center: { 0: 1, 1: 2 } }
    ]) {
      expect(SearchMap.frameOf(bad)).toBeNull();
    }
  });
});
