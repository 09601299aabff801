import { geoContains } from 'd3-geo';

import { landOutline, lonLatAt, MAP_SIZE, projectionOf } from '../mapshapes';
import { latitudeRings, PLACES, placeLabels, RING_LATITUDES } from '../places';

describe('place names on the large map', () => {
  it('names land where the land outline has land, and seas off it', () => {
    for (const place of PLACES) {
      expect([place.key, geoContains(landOutline(), place.lonLat)]).toEqual([
        place.key,
        place.land
      ]);
    }
  });

  it('puts each label where the view’s projection puts its place', () => {
    for (const view of ['arctic', 'antarctic', 'global'] as const) {
      for (const { place, x, y } of placeLabels(view)) {
        // The map point under the label is the place itself
        const back = lonLatAt(view, [x, y])!;
        expect(back[0]).toBeCloseTo(place.lonLat[0], 6);
        expect(back[1]).toBeCloseTo(place.lonLat[1], 6);
        const [width, height] = MAP_SIZE[view];
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(height);
      }
    }
  });

  it('names the Arctic’s places in the Arctic view, the Antarctic’s in the Antarctic one', () => {
    const keys = (view: 'arctic' | 'antarctic' | 'global') =>
      placeLabels(view).map(l => l.place.key);
    expect(keys('arctic')).toEqual(
      expect.arrayContaining(['greenland', 'svalbard', 'iceland', 'ellesmere'])
    );
    expect(keys('arctic')).not.toContain('antarctica');
    expect(keys('antarctic')).toEqual(
      expect.arrayContaining(['antarctica', 'peninsula', 'ross'])
    );
    expect(keys('antarctic')).not.toContain('greenland');
    expect(keys('global')).toEqual(
      expect.arrayContaining(['greenland', 'antarctica'])
    );
  });

  it('keeps Iceland farther from the pole than Greenland’s summit, and Svalbard and Ellesmere on opposite sides of it', () => {
    // In the Arctic view (0° down): Iceland is nearer the edge than Greenland's
    // summit, and Svalbard and Ellesmere sit on opposite sides of the pole
    const at = (key: string) =>
      placeLabels('arctic').find(l => l.place.key === key)!;
    const [cx, cy] = [MAP_SIZE.arctic[0] / 2, MAP_SIZE.arctic[1] / 2];
    const radius = (key: string) => Math.hypot(at(key).x - cx, at(key).y - cy);
    expect(radius('iceland')).toBeGreaterThan(radius('greenland'));
    expect(Math.sign(at('svalbard').x - cx)).toBe(
      -Math.sign(at('ellesmere').x - cx)
    );
  });
});

describe('latitude rings', () => {
  it('rings 60°, 70° and 80° in the polar views, none in the global one', () => {
    expect(latitudeRings('global')).toEqual([]);
    expect(latitudeRings('arctic').map(r => r.lat)).toEqual(RING_LATITUDES);
    expect(latitudeRings('antarctic').map(r => r.lat)).toEqual([-60, -70, -80]);
  });

  it('draws each ring as a circle round the pole, 80° inside 70° inside 60°', () => {
    for (const view of ['arctic', 'antarctic'] as const) {
      const projection = projectionOf(view);
      const [cx, cy] = [MAP_SIZE[view][0] / 2, MAP_SIZE[view][1] / 2];
      const radii = latitudeRings(view).map(ring => {
        const distances = ring.line.map(p => {
          const [x, y] = projection(p)!;
          return Math.hypot(x - cx, y - cy);
        });
        // a circle: every point at the same distance from the pole
        expect(Math.max(...distances) - Math.min(...distances)).toBeLessThan(
          1e-6
        );
        // closed, and its label on it
        expect(ring.line[0][0]).toBe(-180);
        expect(ring.line[ring.line.length - 1][0]).toBe(180);
        expect(Math.hypot(ring.label.x - cx, ring.label.y - cy)).toBeCloseTo(
          distances[0],
          6
        );
        return distances[0];
      });
      expect(radii[0]).toBeGreaterThan(radii[1]);
      expect(radii[1]).toBeGreaterThan(radii[2]);
      // the 60° ring is inside the map
      expect(radii[0]).toBeLessThan(MAP_SIZE[view][0] / 2);
    }
  });
});
