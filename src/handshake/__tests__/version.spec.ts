import { compareVersions } from '../version';

describe('compareVersions', () => {
  it('accepts the same version', () => {
    expect(compareVersions('0.1.0', { version: '0.1.0' })).toEqual({
      kind: 'ok'
    });
  });

  it('reports a server left on an older version', () => {
    expect(compareVersions('0.2.0', { version: '0.1.0' })).toEqual({
      kind: 'mismatch',
      frontend: '0.2.0',
      server: '0.1.0'
    });
  });

  it('treats a reply without a version as a missing extension', () => {
    expect(compareVersions('0.1.0', { nope: 1 } as never)).toEqual({
      kind: 'missing'
    });
  });
});
