import { rowWindow } from '../rowwindow';

describe('rowWindow', () => {
  it('renders the rows in view plus an overscan at the top of a long list', () => {
    // Given 10,000 rows of 58 px in a 348 px viewport at the top
    const w = rowWindow(0, 348, 58, 10_000, 5);
    // Then rows 0 to 11 are rendered (6 in view + 1 partial + 5 below: end
    // is exclusive) and the spacer holds all
    expect(w).toEqual({ first: 0, end: 12, height: 580_000 });
  });

  it('puts the overscan on both sides in the middle of a list', () => {
    // Given 100,000 rows of 24 px in a 480 px viewport scrolled to row 100
    const w = rowWindow(2400, 480, 24, 100_000, 10);
    // Then rows 90 to 130 are rendered: 10 above, 21 in view, 10 below
    expect(w).toEqual({ first: 90, end: 131, height: 2_400_000 });
  });

  it('reaches the last row when scrolled to the bottom', () => {
    // Given the list scrolled to its end
    const w = rowWindow(580_000 - 348, 348, 58, 10_000, 5);
    // Then the last row (9,999) is rendered, and few rows are
    expect(w.end).toBe(10_000);
    expect(w.end - w.first).toBeLessThan(20);
  });

  it('renders every row of a short list', () => {
    expect(rowWindow(0, 480, 24, 5, 10)).toEqual({
      first: 0,
      end: 5,
      height: 120
    });
  });

  it('clamps a scroll position beyond the list (the list shrank) and handles empty lists', () => {
    expect(rowWindow(1e9, 348, 58, 3, 5)).toEqual({
      first: 0,
      end: 3,
      height: 174
    });
    expect(rowWindow(0, 348, 58, 0)).toEqual({ first: 0, end: 0, height: 0 });
  });
});
