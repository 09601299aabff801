import { reply as recorded } from '../../__tests__/replies';
import { compareVersions } from '../version';

describe('compareVersions', () => {
  it('accepts the same version', () => {
    // Given the server's version reply as recorded (version.json: 0.1.0)
    expect(compareVersions('0.1.0', recorded('version'))).toEqual({
      kind: 'ok'
    });
  });

  it('reports a server left on an older version', () => {
    expect(compareVersions('0.2.0', recorded('version'))).toEqual({
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
