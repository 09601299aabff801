/**
 * Is a custom host a BinderHub? Ask its `{host}/versions` from the browser:
 * BinderHub answers any origin (CORS `*`) with `{"binderhub": "<version>", …}`.
 * No DOM here apart from `fetch`, which callers may replace (tests).
 */
import { normaliseHost } from './url';

/**
 * How long a host may take to answer before it counts as unreachable.
 */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * The outcome of a probe.
 *
 * - `binderhub`: it answered `{"binderhub": version}`.
 * - `not-binderhub`: it answered, but not as a BinderHub (HTTP error, HTML, other JSON).
 * - `unreachable`: no answer within the timeout, or the browser refused it
 *   (network error, blocked by CORS: not a BinderHub either way).
 * - `invalid`: not an http(s) URL.
 */
export type ProbeOutcome =
  'binderhub' | 'not-binderhub' | 'unreachable' | 'invalid';

/**
 * What a probe found.
 */
export interface IProbeResult {
  outcome: ProbeOutcome;
  /** The `{host}/versions` URL asked, `null` when the host is invalid. */
  url: string | null;
  /** The BinderHub version, for `binderhub`. */
  version?: string;
  /** What went wrong, for people (HTTP status, timeout, network error). */
  detail?: string;
}

/**
 * The options of `probeBinderHub`.
 */
export interface IProbeOptions {
  /** The `fetch` to use; `window.fetch` by default. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Ask `{host}/versions` whether `host` is a BinderHub, within a timeout.
 * Never rejects: every failure is an outcome.
 */
export async function probeBinderHub(
  host: string,
  options: IProbeOptions = {}
): Promise<IProbeResult> {
  const base = normaliseHost(host);
  if (!base) {
    return { outcome: 'invalid', url: null };
  }
  const url = `${base}versions`;
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await doFetch(url, {
      method: 'GET',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal
    });
    if (!response.ok) {
      return {
        outcome: 'not-binderhub',
        url,
        detail: `HTTP ${response.status}`
      };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { outcome: 'not-binderhub', url, detail: 'not JSON' };
    }
    const version = Private.binderhubVersion(body);
    return version === null
      ? { outcome: 'not-binderhub', url, detail: 'no "binderhub" version' }
      : { outcome: 'binderhub', url, version };
  } catch (error) {
    const detail = controller.signal.aborted
      ? `no answer within ${timeoutMs / 1000} s`
      : (error as Error).message;
    return { outcome: 'unreachable', url, detail };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The `binderhub` version of a `/versions` reply (a string, or an object
   * with a `version` in some releases), else `null`.
   */
  export function binderhubVersion(body: unknown): string | null {
    if (typeof body !== 'object' || body === null || !('binderhub' in body)) {
      return null;
    }
    const value = (body as { binderhub: unknown }).binderhub;
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'object' && value !== null && 'version' in value) {
      return String((value as { version: unknown }).version);
    }
    return null;
  }
}
