import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';

import type { IErrorReply } from './types';

export type { IErrorReply };

/**
 * The first path segments of every route of the suite's server extension.
 */
export const API_NAMESPACE = 'hackweek/api';

/**
 * An error answered by the suite's server (or the lack of one).
 *
 * `message` is the server's own JSON `message`, written for people.
 */
export class HackweekAPIError extends Error {
  constructor(
    message: string,
    status: number,
    reply: IErrorReply | null = null
  ) {
    super(message);
    this.name = 'HackweekAPIError';
    this.status = status;
    this.reply = reply;
  }

  /**
   * The HTTP status, or 0 when the server could not be reached at all.
   */
  readonly status: number;

  /**
   * The parsed JSON error body (e.g. a 409's `suggested` name), or null when the
   * answer was not the suite's JSON (a proxy's page, no answer at all).
   */
  readonly reply: IErrorReply | null;
}

/**
 * The fetch options of a call, and the translation bundle for the messages
 * the front end words itself (the server's own `message` comes translated by
 * the server, or as it is).
 */
export interface IRequestInit extends RequestInit {
  /**
   * The `jupyterlab_hackweek` bundle (`translator.load('jupyterlab_hackweek')`);
   * English without one.
   */
  trans?: TranslationBundle;
}

/**
 * Call a route of the suite's server extension and return the raw response.
 *
 * Use it when headers matter (e.g. `CMR-Search-After`); otherwise use
 * `requestAPI`. Any non-2xx answer becomes a `HackweekAPIError` carrying the
 * server's message.
 *
 * @param settings - the app's server settings (`app.serviceManager.serverSettings`)
 * @param endPoint - the path below `hackweek/api/`, with its query string
 * @param init - the fetch options, and `trans` for the front end's own words
 */
export async function requestAPIResponse(
  settings: ServerConnection.ISettings,
  endPoint: string,
  init: IRequestInit = {}
): Promise<Response> {
  const { trans = Private.english(), ...fetchInit } = init;
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, endPoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, fetchInit, settings);
  } catch (error) {
    throw new HackweekAPIError(
      trans.__(
        'The Jupyter server could not be reached: %1',
        (error as Error).message
      ),
      0
    );
  }
  if (!response.ok) {
    const { message, reply } = await Private.errorReply(response);
    throw new HackweekAPIError(message, response.status, reply);
  }
  return response;
}

/**
 * Call a route of the suite's server extension and return its JSON reply.
 *
 * @param settings - the app's server settings (`app.serviceManager.serverSettings`)
 * @param endPoint - the path below `hackweek/api/`, with its query string
 * @param init - the fetch options, and `trans` for the front end's own words
 */
export async function requestAPI<T>(
  settings: ServerConnection.ISettings,
  endPoint: string,
  init: IRequestInit = {}
): Promise<T> {
  const response = await requestAPIResponse(settings, endPoint, init);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * `requestAPI` bound to a server and a translation bundle (what a model keeps).
 */
export type APIRequest = <T>(
  endPoint: string,
  init?: IRequestInit
) => Promise<T>;

/**
 * A `requestAPI` bound to the app's server settings and, for the front end's
 * own words, the `jupyterlab_hackweek` bundle (English without one).
 */
export function bindRequestAPI(
  settings: ServerConnection.ISettings,
  trans?: TranslationBundle
): APIRequest {
  return <T>(endPoint: string, init: IRequestInit = {}) =>
    requestAPI<T>(settings, endPoint, { trans, ...init });
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * The bundle of a call made without one: the English messages.
   */
  export function english(): TranslationBundle {
    return nullTranslator.load('jupyterlab_hackweek');
  }

  /**
   * The message of an error reply (the server's JSON `message` when there is one)
   * and its parsed JSON body.
   */
  export async function errorReply(
    response: Response
  ): Promise<{ message: string; reply: IErrorReply | null }> {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      if (body && typeof body.message === 'string' && body.message) {
        return { message: body.message, reply: body as IErrorReply };
      }
    } catch {
      // Not JSON: an HTML error page from a proxy or the hub.
    }
    return {
      message: `${response.status} ${response.statusText}`.trim(),
      reply: null
    };
  }
}
