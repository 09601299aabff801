import { Notification } from '@jupyterlab/apputils';

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
 * A notification for a server operation: "in progress" if it takes long, then
 * its outcome. A quick operation shows only its outcome.
 */
export class ProgressNote {
  /**
   * Schedule the "in progress" message.
   */
  constructor(message: string) {
    this._timer = window.setTimeout(() => {
      this._shownAt = Date.now();
      this._id = Notification.emit(message, 'in-progress', {
        autoClose: false
      });
    }, SHOW_AFTER);
  }

  /**
   * Show the outcome (replacing the "in progress" toast if there was one).
   */
  async finish(
    message: string,
    type: Notification.TypeOptions,
    options: Notification.IOptions<null> = {}
  ): Promise<void> {
    window.clearTimeout(this._timer);
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

  private _timer: number;
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
