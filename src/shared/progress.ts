import { Notification } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { Debouncer, Poll } from '@lumino/polling';

import { requestAPI } from '../request';
import { IProgressParts, progressParts } from './query';
import { ITransferProgress } from './types';

/**
 * Milliseconds a quick operation may take before an "in progress" toast appears.
 */
const SHOW_AFTER = 400;

/**
 * Milliseconds an "in progress" toast stays before it is updated: JupyterLab
 * creates toasts asynchronously, and an update that arrives first is lost.
 */
const SETTLE = 800;

/**
 * Milliseconds between two questions about a running copy's progress.
 */
const FOLLOW_EVERY = 1000;

/**
 * Show on `note` how far a copy or publication started with `operation` has
 * got (`GET shared/copy?operation=ID`, or `shared/publish`), in the words
 * `describe` gives its byte count.
 */
export function followTransfer(
  note: ProgressNote,
  settings: ServerConnection.ISettings,
  route: 'shared/copy' | 'shared/publish',
  operation: string,
  describe: (count: IProgressParts) => string
): void {
  note.follow(
    () =>
      requestAPI<ITransferProgress>(
        settings,
        `${route}?operation=${encodeURIComponent(operation)}`
      ),
    state => {
      const count = progressParts(state.bytes, state.total);
      return count && describe(count);
    }
  );
}

/**
 * A notification for a server operation: "in progress" if it takes long, then
 * its outcome. A quick operation shows only its outcome.
 */
export class ProgressNote {
  /**
   * Schedule the "in progress" message (a `Debouncer` invoked once: `finish`
   * cancels it when the operation ends first).
   */
  constructor(message: string) {
    this._message = message;
    this._show = new Debouncer(() => {
      this._shownAt = Date.now();
      this._id = Notification.emit(this._message, 'in-progress', {
        autoClose: false
      });
    }, SHOW_AFTER);
    void this._show.invoke();
  }

  /**
   * While the operation runs, ask `poll` every second (one question at a
   * time, none while the page is hidden) and show what `describe` makes of
   * the answer (null keeps the message as it is).
   */
  follow<T>(
    poll: () => Promise<T>,
    describe: (answer: T) => string | null
  ): void {
    this._follow?.dispose();
    if (this._finished) {
      return;
    }
    this._follow = new Poll({
      auto: false,
      factory: async () => {
        try {
          const message = describe(await poll());
          if (message && !this._finished) {
            this._update(message);
          }
        } catch {
          // The operation's own reply tells its outcome; a lost question is not one.
        }
      },
      frequency: { interval: FOLLOW_EVERY, backoff: false },
      name: 'jupyterlab-hackweek:transfer-progress',
      standby: 'when-hidden'
    });
    // The first question after one interval, like the next ones.
    void this._follow.schedule({ interval: FOLLOW_EVERY, phase: 'started' });
  }

  /**
   * Show the outcome (replacing the "in progress" toast if there was one).
   */
  async finish(
    message: string,
    type: Notification.TypeOptions,
    options: Notification.IOptions<null> = {}
  ): Promise<void> {
    this._finished = true;
    this._show.dispose();
    this._follow?.dispose();
    if (this._id === null) {
      Notification.emit(message, type, options);
      return;
    }
    const wait = this._shownAt + SETTLE - Date.now();
    if (wait > 0) {
      await new Promise(resolve => window.setTimeout(resolve, wait));
    }
    Notification.update({ id: this._id, message, type, ...options });
  }

  private _update(message: string): void {
    this._message = message;
    if (this._id !== null) {
      Notification.update({
        id: this._id,
        message,
        type: 'in-progress',
        autoClose: false
      });
    }
  }

  private _message: string;
  private _show: Debouncer<void>;
  private _follow: Poll | null = null;
  private _finished = false;
  private _id: string | null = null;
  private _shownAt = 0;

  /**
   * End the note on a failed copy or publication: the server's message and,
   * when the name was taken (409 with a suggested name), a button that tries
   * again under that name.
   *
   * @param error - what the operation threw
   * @param suggested - the free name the server suggested, or null
   * @param retryLabel - the button's label, given the suggested name
   * @param retry - start the operation again under the suggested name
   */
  async fail(
    error: unknown,
    suggested: string | null,
    retryLabel: (name: string) => string,
    retry: (name: string) => void
  ): Promise<void> {
    await this.finish(
      (error as Error).message,
      suggested ? 'warning' : 'error',
      {
        autoClose: false,
        actions: suggested
          ? [{ label: retryLabel(suggested), callback: () => retry(suggested) }]
          : []
      }
    );
  }
}
