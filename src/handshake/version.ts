/**
 * The reply of `GET hackweek/api/version`.
 */
export interface IVersionReply {
  /**
   * The version of the Python package serving the routes.
   */
  version: string;
}

/**
 * The outcome of comparing the front end with its server extension.
 */
export type HandshakeResult =
  | { kind: 'ok' }
  | { kind: 'missing' }
  | { kind: 'mismatch'; frontend: string; server: string }
  | { kind: 'unreachable'; detail: string };

/**
 * Compare the front end's version with the server extension's reply.
 *
 * Versions must be equal: front end and server are shipped in one Python
 * package, so a difference means a server that was not restarted after an
 * upgrade, or a lab extension installed apart from its server extension.
 */
export function compareVersions(
  frontend: string,
  reply: IVersionReply
): HandshakeResult {
  if (typeof reply?.version !== 'string') {
    return { kind: 'missing' };
  }
  return reply.version === frontend
    ? { kind: 'ok' }
    : { kind: 'mismatch', frontend, server: reply.version };
}
