/**
 * Reply types every feature shares (each feature's own live in
 * `src/<feature>/types.ts`). No imports: the contract check compiles it alone.
 */

/**
 * The JSON body of an error reply, as every route of the suite answers one (a
 * 4xx refusal with its extra fields, a 500 with the `reference` the server log
 * holds with the traceback).
 */
export interface IErrorReply {
  /**
   * Written for people; what `HackweekAPIError.message` becomes.
   */
  message: string;
  /**
   * The HTTP reason phrase.
   */
  reason: string;
  /**
   * A 500's reference, to quote to whoever reads the server log.
   */
  reference?: string;
  /**
   * A 409's free name (copy, publish).
   */
  suggested?: string;
  /**
   * A 507's figures (shared copies), in bytes.
   */
  needed?: number;
  free?: number;
  /**
   * A subset order Harmony refused or could not take: why (`login`,
   * `not_found`, `conflict`, `refused`, `server`…) and a page to open.
   */
  error_kind?: string;
  link?: string | null;
}
