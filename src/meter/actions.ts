import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

import { kernelLabel } from './messages';
import { IKernelUsage } from './types';

/**
 * Kernel actions of the meter through `app.serviceManager.kernels`; failures become notifications.
 */
export class KernelActions {
  constructor(
    app: JupyterFrontEnd,
    trans: TranslationBundle,
    refresh: () => void
  ) {
    this._app = app;
    this._trans = trans;
    this._refresh = refresh;
  }

  /**
   * Ask, then restart a kernel (its variables are lost).
   */
  async restart(kernel: IKernelUsage): Promise<void> {
    const trans = this._trans;
    if (
      !(await this._confirm(
        trans.__('Restart %1?', kernelLabel(kernel, trans)),
        trans.__('Restart')
      ))
    ) {
      return;
    }
    await this._withConnection(
      kernel,
      (label, message) =>
        trans.__('Could not restart the kernel of %1: %2', label, message),
      connection => connection.restart()
    );
  }

  /**
   * Ask, then shut a kernel down.
   */
  async shutdown(kernel: IKernelUsage): Promise<void> {
    const trans = this._trans;
    if (
      !(await this._confirm(
        trans.__('Shut down %1?', kernelLabel(kernel, trans)),
        trans.__('Shut Down')
      ))
    ) {
      return;
    }
    try {
      await this._app.serviceManager.kernels.shutdown(kernel.id);
    } catch (error) {
      this._failed(kernel, error, (label, message) =>
        trans.__('Could not shut down the kernel of %1: %2', label, message)
      );
    }
    this._refresh();
  }

  /**
   * Interrupt a kernel without asking (the critical-threshold setting chose so).
   */
  async interrupt(kernel: IKernelUsage): Promise<void> {
    const trans = this._trans;
    await this._withConnection(
      kernel,
      (label, message) =>
        trans.__('Could not interrupt the kernel of %1: %2', label, message),
      connection => connection.interrupt()
    );
  }

  private async _withConnection(
    kernel: IKernelUsage,
    failure: Private.Failure,
    action: (connection: {
      restart(): Promise<void>;
      interrupt(): Promise<void>;
    }) => Promise<void>
  ): Promise<void> {
    const connection = this._app.serviceManager.kernels.connectTo({
      model: { id: kernel.id, name: kernel.name ?? '' }
    });
    try {
      await action(connection);
    } catch (error) {
      this._failed(kernel, error, failure);
    } finally {
      connection.dispose();
    }
    this._refresh();
  }

  private async _confirm(title: string, accept: string): Promise<boolean> {
    const trans = this._trans;
    const result = await showDialog({
      title,
      body: trans.__(
        'Its variables are lost; the notebook itself stays as it is.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: accept })
      ]
    });
    return result.button.accept;
  }

  private _failed(
    kernel: IKernelUsage,
    error: unknown,
    failure: Private.Failure
  ): void {
    Notification.error(
      failure(kernelLabel(kernel, this._trans), (error as Error).message)
    );
  }

  private _app: JupyterFrontEnd;
  private _trans: TranslationBundle;
  private _refresh: () => void;
}

/**
 * A private namespace for module internals.
 */
namespace Private {
  /**
   * Builds the translated failure message from the kernel's label and the error.
   */
  export type Failure = (label: string, message: string) => string;
}
