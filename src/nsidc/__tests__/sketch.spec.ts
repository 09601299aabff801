import { PolygonSketch } from '../sketch';

describe('PolygonSketch', () => {
  it('adds clicked points and closes on a click on the first point', () => {
    // Given three points clicked
    const sketch = new PolygonSketch();
    expect(sketch.click([10, 10], [-50, 70])).toBe('added');
    expect(sketch.click([50, 10], [-40, 70])).toBe('added');
    expect(sketch.canClose).toBe(false);
    expect(sketch.click([30, 40], [-45, 75])).toBe('added');
    // When the first point is clicked again (a few units off)
    const step = sketch.click([13, 12], [-50.1, 70.1]);
    // Then the polygon closes with the three points, not a fourth
    expect(step).toBe('closed');
    expect(sketch.points).toEqual([
      [-50, 70],
      [-40, 70],
      [-45, 75]
    ]);
  });

  it('does not close with fewer than three points', () => {
    const sketch = new PolygonSketch();
    sketch.click([10, 10], [0, 0]);
    sketch.click([40, 10], [1, 0]);
    expect(sketch.click([40, 40], [1, 1])).toBe('added');
    expect(sketch.points).toHaveLength(3);
  });

  it('ignores the second click of a double click, and undoes the last point', () => {
    const sketch = new PolygonSketch();
    sketch.click([10, 10], [0, 0]);
    expect(sketch.click([11, 10], [0.01, 0])).toBe('ignored');
    sketch.click([40, 10], [1, 0]);
    sketch.undo();
    expect(sketch.points).toEqual([[0, 0]]);
    sketch.clear();
    expect(sketch.points).toEqual([]);
    expect(sketch.screen).toEqual([]);
  });
});
