/**
 * A finished subset order as files to publish on the shared volume: which
 * files, the new folder's name and its description (README.md), so that one
 * person's order serves the room.
 */

import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../format';
import type { IPublishFiles } from '../shared/tokens';
import { IDownloadReply, IFileReply, IOrderReply } from './types';

/**
 * The saved outputs of a finished order, ready to publish; null while the
 * order runs or its files download, when Harmony made nothing, when nothing
 * was saved, or when the folder is outside JupyterLab's root.
 */
export function orderPublication(
  d: IDownloadReply,
  trans: TranslationBundle
): IPublishFiles | null {
  const order = d.order;
  const folder = d.browser_path;
  if (
    !order ||
    folder === null ||
    d.state === 'active' ||
    d.state === 'paused' ||
    (order.status !== 'successful' && order.status !== 'complete_with_errors')
  ) {
    return null;
  }
  const saved = d.files.filter(
    f => f.state === 'done' || f.state === 'present'
  );
  if (saved.length === 0) {
    return null;
  }
  return {
    sources: saved.map(f => PathExt.join(folder, f.name)),
    name: orderFolderName(d, order),
    readme: orderReadme(d, order, saved, trans),
    label: trans._n(
      'the %2 v%3 subset (%1 file)',
      'the %2 v%3 subsets (%1 files)',
      saved.length,
      d.short_name,
      d.version
    )
  };
}

/**
 * The published folder's suggested name: product, version and the order's
 * days, e.g. `ATL06_006_subset_20190330` (`…_20190330-20190402` for a range).
 */
export function orderFolderName(d: IDownloadReply, order: IOrderReply): string {
  const day = (time: string | null) =>
    time && /^\d{4}-\d{2}-\d{2}/.test(time)
      ? time.slice(0, 10).replace(/-/g, '')
      : null;
  const start = day(order.start);
  const end = day(order.end);
  const days =
    start && end && start !== end ? `${start}-${end}` : (start ?? end);
  const stem = `${d.short_name}_${d.version}_subset`.replace(
    /[^A-Za-z0-9._-]/g,
    '_'
  );
  return days ? `${stem}_${days}` : stem;
}

/**
 * The published folder's README.md: what was cut, from what, where and when,
 * Harmony's job and messages, and the files.
 */
export function orderReadme(
  d: IDownloadReply,
  order: IOrderReply,
  saved: readonly IFileReply[],
  trans: TranslationBundle
): string {
  const area = order.bbox
    ? trans.__(
        'box: west %1, south %2, east %3, north %4',
        ...order.bbox.map(String)
      )
    : order.polygon
      ? trans.__(
          'polygon (longitude, latitude): %1',
          openRing(order.polygon)
            .map(([lon, lat]) => `(${lon}, ${lat})`)
            .join(', ')
        )
      : trans.__('the whole granules');
  const time =
    order.start || order.end
      ? trans.__(
          '%1 to %2',
          order.start ?? trans.__('the beginning'),
          order.end ?? trans.__('now')
        )
      : trans.__('any time');
  const bytes = saved.reduce(
    (sum, f) => sum + (f.size_bytes ?? f.bytes_done),
    0
  );
  const lines = [
    `# ${trans.__('%1 v%2 subsets', d.short_name, d.version)}`,
    '',
    order.granules > 0
      ? trans._n(
          'Cut by NASA Harmony from %1 granule, to the area and time range below.',
          'Cut by NASA Harmony from %1 granules, to the area and time range below.',
          order.granules
        )
      : trans.__(
          'Cut by NASA Harmony from the granules in the area and time range below.'
        ),
    '',
    `- ${trans.__('Collection: %1 (%2 v%3)', `\`${order.collection_id}\``, d.short_name, d.version)}`,
    `- ${trans.__('Area: %1', area)}`,
    `- ${trans.__('Time: %1', time)}`,
    `- ${trans.__('Harmony job: %1', `\`${order.job_id}\``)}`,
    `- ${trans._n('%1 file, %2', '%1 files, %2', saved.length, formatBytes(bytes))}`
  ];
  const problems = [...order.errors, ...order.warnings];
  if (problems.length > 0) {
    lines.push(
      '',
      trans._n(
        '%1 granule could not be cut:',
        '%1 granules could not be cut:',
        problems.length
      ),
      '',
      ...problems.map(problem => `- ${problem}`)
    );
  }
  lines.push(
    '',
    `## ${trans.__('Files')}`,
    '',
    ...saved.map(f => `- \`${f.name}\``),
    ''
  );
  return lines.join('\n');
}

/**
 * A polygon's points without the closing repeat of the first (the server
 * keeps rings closed, as Harmony wants them).
 */
function openRing(ring: [number, number][]): [number, number][] {
  const [first, last] = [ring[0], ring[ring.length - 1]];
  return ring.length > 1 && first[0] === last[0] && first[1] === last[1]
    ? ring.slice(0, -1)
    : ring;
}
