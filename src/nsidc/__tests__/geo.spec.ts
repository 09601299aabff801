import { boxFromOutline, boxRing, lonInterval, normalizeLon } from '../geo';

describe('lonInterval', () => {
  it('keeps an ordinary interval', () => {
    expect(lonInterval([-50, -40, -45])).toEqual([-50, -40]);
  });

  it('crosses the antimeridian when that is the smaller interval', () => {
    expect(lonInterval([170, 175, -175, -170])).toEqual([170, -170]);
  });
});

describe('boxFromOutline', () => {
  it('turns a dragged rectangle into W,S,E,N', () => {
    const outline: [number, number][] = [
      [-50, 68],
      [-40, 68],
      [-40, 72],
      [-50, 72]
    ];
    expect(boxFromOutline(outline, null)).toEqual({
      west: -50,
      south: 68,
      east: -40,
      north: 72
    });
  });

  it('reaches the pole and every longitude when the rectangle holds the South Pole', () => {
    const outline: [number, number][] = [
      [0, -70],
      [90, -72],
      [180, -71],
      [-90, -75]
    ];
    expect(boxFromOutline(outline, 'south')).toEqual({
      west: -180,
      south: -90,
      east: 180,
      north: -70
    });
  });

  it('keeps an antimeridian-crossing box (Bering Strait)', () => {
    const outline: [number, number][] = [
      [165, 60],
      [-165, 60],
      [-165, 70],
      [165, 70]
    ];
    expect(boxFromOutline(outline, null)).toEqual({
      west: 165,
      south: 60,
      east: -165,
      north: 70
    });
  });
});

describe('boxRing', () => {
  it('is closed and stays within the box', () => {
    const ring = boxRing({ west: -50, south: 68, east: -40, north: 72 }, 5);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThanOrEqual(-50);
      expect(lon).toBeLessThanOrEqual(-40);
      expect(lat).toBeGreaterThanOrEqual(68);
      expect(lat).toBeLessThanOrEqual(72);
    }
  });

  it('goes the short way over the antimeridian', () => {
    const ring = boxRing({ west: 170, south: 60, east: -170, north: 70 }, 5);
    const lons = ring.map(p => p[0]);
    expect(lons.some(lon => lon > 170)).toBe(true);
    expect(lons.every(lon => lon >= 170 || lon <= -170)).toBe(true);
  });
});

describe('normalizeLon', () => {
  it.each([
    [190, -170],
    [-190, 170],
    [45, 45],
    [530, 170]
  ])('%p → %p', (input, expected) => {
    expect(normalizeLon(input)).toBe(expected);
  });
});
