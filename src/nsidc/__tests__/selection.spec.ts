import { downloadItem, GranuleSelection, rowWindow } from '../selection';
import type { IGranule } from '../tokens';

const NAME = 'ATL06_20190221121851_08410203_005_01.h5';

describe('GranuleSelection', () => {
  it('toggles names and reports the select-all state', () => {
    // Given three granules and an empty selection
    const selection = new GranuleSelection();
    expect(selection.allState(3)).toBe('none');
    // When one is ticked, Then "select all" is partial
    selection.toggle('a');
    expect(selection.has('a')).toBe(true);
    expect(selection.allState(3)).toBe('some');
    // When ticked again, Then it is unticked
    selection.toggle('a');
    expect(selection.size).toBe(0);
  });

  it('selects all and none, and picks the selected items in list order', () => {
    // Given all three granules selected
    const selection = new GranuleSelection();
    const items = [{ name: 'c' }, { name: 'a' }, { name: 'b' }];
    selection.setAll(
      items.map(i => i.name),
      true
    );
    // Then "select all" is checked, and picking keeps the list's order
    expect(selection.allState(3)).toBe('all');
    selection.toggle('a');
    expect(selection.pick(items).map(i => i.name)).toEqual(['c', 'b']);
    // When all are unticked, Then nothing is picked
    selection.setAll([], false);
    expect(selection.pick(items)).toEqual([]);
  });
});

describe('rowWindow', () => {
  it('renders the rows in view plus an overscan at the top of a long list', () => {
    // Given 10,000 rows of 58 px in a 348 px viewport at the top
    const w = rowWindow(0, 348, 58, 10_000, 5);
    // Then rows 0..12 are rendered (6 in view + 1 partial + 5 below) and the spacer holds all
    expect(w).toEqual({ first: 0, last: 12, height: 580_000 });
  });

  it('reaches the last row when scrolled to the bottom', () => {
    // Given the list scrolled to its end
    const w = rowWindow(580_000 - 348, 348, 58, 10_000, 5);
    // Then the last row is rendered and few rows exist
    expect(w.last).toBe(10_000);
    expect(w.last - w.first).toBeLessThan(20);
  });

  it('clamps a scroll position beyond the list (the list shrank) and handles empty lists', () => {
    expect(rowWindow(1e9, 348, 58, 3, 5)).toEqual({
      first: 0,
      last: 3,
      height: 174
    });
    expect(rowWindow(0, 348, 58, 0)).toEqual({ first: 0, last: 0, height: 0 });
  });
});

describe('downloadItem', () => {
  const granule = (links: string[]): IGranule =>
    ({ name: NAME, links, sizeBytes: 62069550 }) as IGranule;

  it('takes the https link that ends in the file name', () => {
    // Given a granule with a landing page link before its data link
    const item = downloadItem(
      granule([
        'https://n5eil01u.ecs.nsidc.org/ATLAS/ATL06.005/2019.02.21/',
        `https://n5eil01u.ecs.nsidc.org/DP7/ATLAS/ATL06.005/2019.02.21/${NAME}`
      ])
    );
    // Then the data link, the name and the size are sent
    expect(item).toEqual({
      name: NAME,
      url: `https://n5eil01u.ecs.nsidc.org/DP7/ATLAS/ATL06.005/2019.02.21/${NAME}`,
      size_bytes: 62069550
    });
  });

  it('leaves out a granule without links', () => {
    expect(downloadItem(granule([]))).toBeNull();
  });
});
