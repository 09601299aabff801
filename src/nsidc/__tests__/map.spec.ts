import { nullTranslator } from '@jupyterlab/translation';

import { MAX_ZOOM, SearchMap } from '../map';
import { MAP_SIZE, nearestVertex, projectionOf } from '../mapshapes';

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

describe('the map of ground tracks (draw: false)', () => {
  const trans = nullTranslator.load('jupyterlab_hackweek');
  const track: [number, number][] = [
    [-124.6, -25.2],
    [-124.55, -24.5],
    [-124.5, -23.4]
  ];

  it('frames the tracks, marks a point and draws no search box', () => {
    const map = new SearchMap({ trans, detail: true, draw: false });
    const boxes: unknown[] = [];
    map.boxDrawn.connect((_, box) => boxes.push(box));
    map.setFootprints([{ id: 'gt1l', lines: [track] }]);
    map.fitTo([track]);
    // 2° of latitude on the global map (180 units high): as close as allowed
    expect(map.zoom).toBe(MAX_ZOOM);
    const close = new SearchMap({ trans, detail: true, maxZoom: 256 });
    close.fitTo([track]);
    expect(close.zoom).toBeCloseTo(180 / (1.8 * 1.6), 0); // the track fills it
    close.dispose();
    const [x, y] = map.frame.center;
    const middle = projectionOf('global')([-124.55, -24.3])!;
    expect(x).toBeCloseTo(middle[0], 0);
    expect(y).toBeCloseTo(middle[1], 0);
    map.setMarker(track[1]);
    const marker = map.node.querySelector('.jp-hackweek-SearchMap-marker')!;
    const at = projectionOf('global')(track[1])!;
    expect(Number(marker.getAttribute('cx'))).toBeCloseTo(at[0]);
    expect(Number(marker.getAttribute('cy'))).toBeCloseTo(at[1]);
    // kept when the map is drawn again, gone when cleared
    map.setHighlight('gt1l');
    map.setFootprints([{ id: 'gt1l', lines: [track] }]);
    expect(
      map.node.querySelectorAll('.jp-hackweek-SearchMap-marker')
    ).toHaveLength(1);
    map.setMarker(null);
    expect(map.node.querySelector('.jp-hackweek-SearchMap-marker')).toBeNull();
    // a drag draws nothing
    const svg = map.node.querySelector('svg')!;
    for (const type of ['pointerdown', 'pointermove', 'pointerup']) {
      const event = new MouseEvent(type, {
        clientX: type === 'pointerdown' ? 0 : 50,
        button: 0
      });
      svg.dispatchEvent(event);
    }
    expect(boxes).toEqual([]);
    expect(map.box).toBeNull();
    expect(svg.getAttribute('aria-label')).toBe('Map (global view)');
    map.dispose();
  });

  it('finds the track point nearest the pointer, within a radius', () => {
    const lines = [
      {
        id: 'gt1l',
        line: 0,
        points: [[0, 0], [10, 0], null] as ([number, number] | null)[]
      },
      { id: 'gt1r', line: 0, points: [[10, 3]] as [number, number][] }
    ];
    expect(nearestVertex(lines, [9, 1], 5)).toEqual({
      id: 'gt1l',
      line: 0,
      index: 1
    });
    expect(nearestVertex(lines, [10, 2.6], 5)).toEqual({
      id: 'gt1r',
      line: 0,
      index: 0
    });
    expect(nearestVertex(lines, [50, 50], 5)).toBeNull();
  });
});
