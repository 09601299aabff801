import { downloadItem, GranuleSelection } from '../selection';
import type { IGranule } from '../types';

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
