import { probeBinderHub } from '../probe';

/**
 * A `fetch` that answers with `body` (JSON unless a string) and `status`,
 * and records the URL and options it was called with.
 */
function answering(body: unknown, status = 200) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchMock = jest.fn(
    async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      return {
        ok: status >= 200 && status < 300,
        status,
        json: async () => (typeof body === 'string' ? JSON.parse(body) : body)
      } as Response;
    }
  );
  return { fetch: fetchMock as unknown as typeof fetch, calls };
}

describe('probeBinderHub', () => {
  it('asks {host}/versions without credentials and reads the BinderHub version', async () => {
    // Given a host (with a path prefix) answering as a BinderHub does
    const mock = answering({
      builder_info: { 'repo2docker-version': '2024.07.0' },
      binderhub: '1.0.0-0.dev.git.3506.h9b4a7fe'
    });
    // When it is probed
    const result = await probeBinderHub('https://binder.example.org/prefix', {
      fetch: mock.fetch
    });
    // Then the reply says it is one, with its version
    expect(result).toEqual({
      outcome: 'binderhub',
      url: 'https://binder.example.org/prefix/versions',
      version: '1.0.0-0.dev.git.3506.h9b4a7fe'
    });
    expect(mock.calls[0].url).toBe(
      'https://binder.example.org/prefix/versions'
    );
    expect(mock.calls[0].init?.credentials).toBe('omit');
    expect(mock.calls[0].init?.mode).toBe('cors');
  });

  it('says a host that answers something else is not a BinderHub', async () => {
    // Given a JupyterHub's JSON, a 404 and an HTML page
    const other = await probeBinderHub('https://hub.example.org', {
      fetch: answering({ version: '5.2.1' }).fetch
    });
    const missing = await probeBinderHub('https://example.org', {
      fetch: answering({}, 404).fetch
    });
    const html = await probeBinderHub('https://example.org', {
      fetch: answering('<html>').fetch
    });
    // Then none is a BinderHub, and the reason is kept
    expect(other.outcome).toBe('not-binderhub');
    expect(missing).toMatchObject({
      outcome: 'not-binderhub',
      detail: 'HTTP 404'
    });
    expect(html).toMatchObject({
      outcome: 'not-binderhub',
      detail: 'not JSON'
    });
  });

  it('gives up on a host that does not answer in time, or that the browser refuses', async () => {
    // Given a host that never answers (fetch waits for the abort signal)
    const silent = jest.fn(
      (_url: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () =>
            reject(new Error('The operation was aborted.'))
          )
        )
    ) as unknown as typeof fetch;
    // When probed with a 50 ms timeout, Then it is unreachable, saying so
    const late = await probeBinderHub('https://slow.example.org', {
      fetch: silent,
      timeoutMs: 50
    });
    expect(late).toEqual({
      outcome: 'unreachable',
      url: 'https://slow.example.org/versions',
      detail: 'no answer within 0.05 s'
    });
    // And a network or CORS failure is unreachable too
    const refused = await probeBinderHub('https://cors.example.org', {
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch
    });
    expect(refused).toMatchObject({
      outcome: 'unreachable',
      detail: 'Failed to fetch'
    });
  });

  it('never asks a host that is not an http(s) URL', async () => {
    const mock = answering({ binderhub: '1' });
    expect(
      await probeBinderHub('javascript:alert(1)', { fetch: mock.fetch })
    ).toEqual({ outcome: 'invalid', url: null });
    expect(mock.calls).toHaveLength(0);
  });
});
