import { polylinePoints, RingBuffer } from '../history';

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first', () => {
    const buffer = new RingBuffer<number>(3);
    [1, 2, 3, 4, 5].forEach(n => buffer.push(n));
    expect(buffer.toArray()).toEqual([3, 4, 5]);
    expect(buffer.length).toBe(3);
  });

  it('keeps the newest items when shrunk and room to grow when enlarged', () => {
    const buffer = new RingBuffer<number>(4);
    [1, 2, 3, 4, 5, 6].forEach(n => buffer.push(n));
    buffer.resize(2);
    expect(buffer.toArray()).toEqual([5, 6]);
    buffer.resize(3);
    buffer.push(7);
    expect(buffer.toArray()).toEqual([5, 6, 7]);
  });
});

describe('polylinePoints', () => {
  it('maps the last window onto the chart, limit at the top', () => {
    const points = [
      { time: 0, value: 0.5 }, // outside the window
      { time: 400, value: 0 },
      { time: 550, value: null }, // no CPU yet
      { time: 700, value: 0.25 },
      { time: 1000, value: 1.5 } // over the limit: clamped to the top
    ];
    expect(polylinePoints(points, 1000, 600, 300, 100)).toBe(
      '0.0,100.0 150.0,75.0 300.0,0.0'
    );
  });

  it('is empty without data', () => {
    expect(polylinePoints([], 1000, 600, 300, 100)).toBe('');
  });
});
