import { completionTarget, publishSource, suggestions } from '../complete';

describe('publish type-ahead', () => {
  it('lists the folder before the last slash and matches the rest', () => {
    expect(completionTarget('res')).toEqual({ folder: '', prefix: 'res' });
    expect(completionTarget('results/fig')).toEqual({
      folder: 'results',
      prefix: 'fig'
    });
    expect(completionTarget('./a/b/')).toEqual({ folder: 'a/b', prefix: '' });
  });

  it('suggests full paths, folders first and marked with a slash, no dot-files', () => {
    // Given a home folder listing
    const entries = [
      { name: 'results.csv', type: 'file' },
      { name: 'Results', type: 'directory' },
      { name: 'notes.md', type: 'file' },
      { name: '.ssh', type: 'directory' }
    ];
    // When "res" is typed, Then both matches come, the folder first
    expect(suggestions('', 'res', entries)).toEqual([
      'Results/',
      'results.csv'
    ]);
    // And inside a folder the paths keep it
    expect(suggestions('work', '', entries)).toEqual([
      'work/Results/',
      'work/notes.md',
      'work/results.csv'
    ]);
  });

  it('publishes the path typed, without leading ./ or a trailing slash', () => {
    expect(publishSource(' ./results/ ')).toBe('results');
    expect(publishSource('/a/b.h5')).toBe('a/b.h5');
  });
});
