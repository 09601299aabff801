import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';

import { requestAPIResponse } from '../request';

/**
 * The first profile of a quick look, asked for when the viewer opens, while
 * its code (h5web) still loads: the quick look takes it instead of asking
 * again, once.
 */
export class ProfilePrefetch {
  constructor(
    settings: ServerConnection.ISettings,
    trans: TranslationBundle,
    readonly query: string
  ) {
    this._text = requestAPIResponse(settings, `h5/profile?${query}`, {
      trans
    }).then(response => response.text());
    // its error is the quick look's to show, once it takes it
    this._text.catch(() => undefined);
  }

  /**
   * The reply's text, if `query` is the one asked for and not yet taken.
   */
  take(query: string): Promise<string> | null {
    if (query !== this.query || this._taken) {
      return null;
    }
    this._taken = true;
    return this._text;
  }

  private _text: Promise<string>;
  private _taken = false;
}
