/**
 * The replies the pytest suite received from the real server routes
 * (`src/__fixtures__/replies/<name>.json`, written by
 * `jupyterlab_hackweek/tests/contract.py`), for the jest tests to use instead
 * of hand-written objects (not a spec itself).
 *
 * `reply(name)` returns a deep copy typed as the front end reads it, so a test
 * may change the fields it is about and keep the rest of the server's shape:
 *
 *   const failed = reply('download');
 *   failed.files[0].state = 'failed';
 *
 * The helper lives in `__tests__` (not `src/__fixtures__`) so that the
 * extension's build, which compiles `src/` but not `__tests__`, never ships it.
 */
import { type IReplies, RECORDED } from './contract';

export type { IReplies } from './contract';
export type { IErrorReply } from '../types';

/**
 * A fresh deep copy of the recorded reply `name`, as the front end's type.
 */
export function reply<K extends keyof IReplies>(name: K): IReplies[K] {
  return JSON.parse(JSON.stringify(RECORDED[name])) as IReplies[K];
}

/**
 * A `Response` as `ServerConnection.makeRequest` resolves it, carrying `body`
 * as its JSON text (jsdom has no `Response`).
 */
export function response(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {}
): Response {
  const text = JSON.stringify(body);
  const lower = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])
  );
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: { get: (name: string) => lower[name.toLowerCase()] ?? null },
    json: async () => JSON.parse(text),
    text: async () => text
  } as unknown as Response;
}
