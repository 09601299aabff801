/**
 * "Order a subset": what Harmony will be asked, then the order sent through
 * the downloads service, or its harmony-py code inserted in a notebook.
 */

import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { IDownloads, IOrderRequest } from '../downloads/tokens';
import type { NsidcSearchModel } from './model';
import { OrderProblem, subsetOrder } from './order';
import { orderCode } from './ordercode';
import type { IGranule } from './types';

/**
 * What the order action needs from the application.
 */
export interface IOrderOptions {
  trans: TranslationBundle;
  downloads: IDownloads;
  /**
   * Insert a code cell in the current notebook (false when none is open).
   */
  insert: (code: string) => boolean;
  /**
   * Show the Downloads panel.
   */
  showDownloads: () => void;
}

/**
 * Ask, then order subsets of `granules` of the model's search.
 */
export async function orderSubset(
  model: NsidcSearchModel,
  granules: readonly IGranule[],
  options: IOrderOptions
): Promise<void> {
  const { trans, downloads } = options;
  const search = model.search;
  if (!search) {
    return;
  }
  const version =
    search.versions[0] || search.version || granules[0]?.icesat2?.release || '';
  const made = subsetOrder(search, granules, version);
  if ('problem' in made) {
    Notification.warning(problemText(made.problem, trans), {
      autoClose: 8000
    });
    return;
  }
  let request: IOrderRequest;
  try {
    const collection = await model.cloudCollection(search.shortName, version);
    if (!collection) {
      throw new Error(
        trans.__(
          '%1 version %2 has no cloud collection (NSIDC_CPRD): Harmony cannot subset it. Download whole granules instead.',
          search.shortName,
          version
        )
      );
    }
    request = { ...made.order, collection_id: collection.conceptId };
    const able = await downloads.capabilities(collection.conceptId);
    const missing = !able.subset
      ? trans.__(
          'Harmony offers no subsetting of %1 version %2 (%3). Download whole granules instead.',
          search.shortName,
          version,
          collection.conceptId
        )
      : request.polygon && !able.shape
        ? trans.__('Harmony cannot cut this collection to a polygon.')
        : request.bbox && !able.bbox
          ? trans.__('Harmony cannot cut this collection to a box.')
          : null;
    if (missing) {
      throw new Error(missing);
    }
  } catch (error) {
    Notification.error((error as Error).message, { autoClose: false });
    return;
  }
  const insertButton = Dialog.createButton({
    label: trans.__('Insert code'),
    caption: trans.__('Insert harmony-py code that places the same order')
  });
  const result = await showDialog({
    title: trans.__('Order subsets from NASA Harmony'),
    body: <OrderSummary order={request} trans={trans} />,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      insertButton,
      Dialog.okButton({ label: trans.__('Order') })
    ]
  });
  if (result.button.label === insertButton.label) {
    if (!options.insert(orderCode(request))) {
      Notification.warning(trans.__('Open a notebook first.'), {
        autoClose: 4000
      });
    }
    return;
  }
  if (!result.button.accept) {
    return;
  }
  try {
    const reply = await downloads.order(request);
    Notification.success(
      trans._n(
        'Harmony is cutting %1 granule; the subset is saved to %2 when it is made.',
        'Harmony is cutting %1 granules; subsets are saved to %2 as they are made.',
        request.granules.length,
        reply.folder
      ),
      {
        autoClose: 6000,
        actions: [
          {
            label: trans.__('Show downloads'),
            callback: () => options.showDownloads()
          }
        ]
      }
    );
    options.showDownloads();
  } catch (error) {
    Notification.error((error as Error).message, { autoClose: false });
  }
}

/**
 * The dialog's account of the order: granules, collection, area, times, folder.
 */
function OrderSummary(props: {
  order: IOrderRequest;
  trans: TranslationBundle;
}): JSX.Element {
  const { order, trans } = props;
  const box = order.bbox;
  return (
    <div className="jp-hackweek-NsidcPanel-order">
      <p>
        {trans._n(
          '%1 granule of %2 version %3, from the cloud collection %4.',
          '%1 granules of %2 version %3, from the cloud collection %4.',
          order.granules.length,
          order.short_name,
          order.version,
          order.collection_id
        )}
      </p>
      <ul>
        {box && (
          <li>
            {trans.__(
              'Cut to the box W %1, S %2, E %3, N %4',
              box[0],
              box[1],
              box[2],
              box[3]
            )}
          </li>
        )}
        {order.polygon && (
          <li>
            {trans.__(
              'Cut to the drawn polygon (%1 points)',
              order.polygon.length - 1
            )}
          </li>
        )}
        {(order.start || order.end) && (
          <li>
            {trans.__(
              'From %1 to %2',
              order.start ?? trans.__('the start'),
              order.end ?? trans.__('now')
            )}
          </li>
        )}
      </ul>
      <p>
        {trans.__(
          'Harmony keeps every variable; the job runs on NASA’s servers and its progress shows in the Downloads panel, where it can be paused or cancelled. Subsets are saved under ~/data/%1/%2/.',
          order.short_name,
          order.version
        )}
      </p>
    </div>
  );
}

function problemText(problem: OrderProblem, trans: TranslationBundle): string {
  switch (problem) {
    case 'none':
      return trans.__('Search first: there are no granules to order.');
    case 'no-area':
      return trans.__(
        'Draw a box or a polygon, or give a time range, and search again: Harmony cuts granules to an area or a time range.'
      );
    case 'no-version':
      return trans.__('Choose a version and search again before ordering.');
    case 'too-many':
      return trans.__(
        'An order can name at most 2,000 granules: select fewer, or narrow the search.'
      );
  }
}
