import {
  Dialog,
  InputDialog,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

import { clusterLabel } from './clusters';
import { MeterModel } from './model';
import { IDaskCluster } from './types';

/**
 * Shut down and Scale for the meter's Dask clusters, through the server's
 * `dask/clusters/<name>` route; failures and the gateway's notices become notifications.
 */
export class ClusterActions {
  constructor(model: MeterModel, trans: TranslationBundle) {
    this._model = model;
    this._trans = trans;
  }

  /**
   * Ask, then stop the cluster (its scheduler and workers).
   */
  async shutdown(cluster: IDaskCluster): Promise<void> {
    const trans = this._trans;
    const result = await showDialog({
      title: trans.__('Shut down Dask cluster %1?', clusterLabel(cluster)),
      body: trans.__(
        'Its workers stop and the data they hold is lost; a notebook still using it gets errors.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Shut Down') })
      ]
    });
    if (!result.button.accept) {
      return;
    }
    await this._act(cluster, { action: 'shutdown' }, (label, message) =>
      trans.__('Could not shut down Dask cluster %1: %2', label, message)
    );
  }

  /**
   * Ask for a number of workers, then scale the cluster to it.
   */
  async scale(cluster: IDaskCluster): Promise<void> {
    const trans = this._trans;
    const result = await InputDialog.getNumber({
      title: trans.__('Scale Dask cluster %1', clusterLabel(cluster)),
      label: trans.__('Workers (0 keeps the scheduler only)'),
      value: cluster.workers.length,
      okLabel: trans.__('Scale')
    });
    const workers = result.value;
    if (!result.button.accept || workers === null) {
      return;
    }
    if (!Number.isInteger(workers) || workers < 0) {
      Notification.error(
        trans.__('The number of workers must be a whole number from 0.')
      );
      return;
    }
    const reply = await this._act(
      cluster,
      { action: 'scale', workers },
      (label, message) =>
        trans.__('Could not scale Dask cluster %1: %2', label, message)
    );
    if (reply?.notice) {
      Notification.warning(reply.notice, { autoClose: 15000 });
    }
  }

  private async _act(
    cluster: IDaskCluster,
    action: Parameters<MeterModel['clusterAction']>[1],
    failure: (label: string, message: string) => string
  ) {
    try {
      return await this._model.clusterAction(cluster.name, action);
    } catch (error) {
      Notification.error(
        failure(clusterLabel(cluster), (error as Error).message)
      );
      return null;
    }
  }

  private _model: MeterModel;
  private _trans: TranslationBundle;
}
