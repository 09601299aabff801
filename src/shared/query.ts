/**
 * Pure helpers of the shared browser: query strings, paging, paths and formatting.
 */

import { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../format';
import {
  IPreviewNode,
  IPreviewReply,
  IRootsReply,
  ISharedEntry,
  ISharedRoot,
  SortOrder
} from './types';

/**
 * File names whose structure the server can preview.
 */
const PREVIEWABLE = /\.(h5|hdf5|he5|hdf|nc|nc4|netcdf)$/i;

/**
 * Rows fetched per `shared/list` call.
 */
export const PAGE_SIZE = 200;

/**
 * The query of one `shared/list` page.
 */
export interface IListQuery {
  root: string;
  path: string;
  offset: number;
  limit?: number;
  sort: SortOrder;
  filter: string;
}

/**
 * A route with its query string, values percent-encoded.
 */
export function withQuery(
  route: string,
  query: Record<string, string | number>
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    params.set(key, String(value));
  }
  return `${route}?${params.toString()}`;
}

/**
 * The endpoint (below `hackweek/api/`) of one listing page.
 */
export function listEndpoint(query: IListQuery): string {
  return withQuery('shared/list', {
    root: query.root,
    path: query.path,
    offset: query.offset,
    limit: query.limit ?? PAGE_SIZE,
    sort: query.sort,
    filter: query.filter
  });
}

/**
 * The page offsets to fetch so that rows `first` to `end` (exclusive, as in
 * `rowWindow`) are loaded.
 *
 * @param loaded - offsets of pages already loaded or in flight
 * @param total - rows in the listing, or null when unknown
 */
export function pagesToFetch(
  first: number,
  end: number,
  loaded: ReadonlySet<number>,
  total: number | null,
  pageSize: number = PAGE_SIZE
): number[] {
  const stop = total === null ? end : Math.min(end, total);
  const pages: number[] = [];
  for (
    let offset = Math.floor(Math.max(0, first) / pageSize) * pageSize;
    offset < stop;
    offset += pageSize
  ) {
    if (!loaded.has(offset)) {
      pages.push(offset);
    }
  }
  return pages;
}

/**
 * Whether the server can preview an entry (HDF5/NetCDF names, `.zarr` folders).
 */
export function isPreviewable(entry: ISharedEntry): boolean {
  return entry.type === 'file'
    ? PREVIEWABLE.test(entry.name)
    : entry.type === 'directory' && /\.zarr$/i.test(entry.name);
}

/**
 * Breadcrumbs of a folder path: `a/b` → `[['', root], ['a', 'a'], ['a/b', 'b']]`.
 */
export function breadcrumbs(
  rootName: string,
  path: string
): Array<[string, string]> {
  const crumbs: Array<[string, string]> = [['', rootName]];
  const parts = path.split('/').filter(part => part !== '');
  parts.forEach((part, index) => {
    crumbs.push([parts.slice(0, index + 1).join('/'), part]);
  });
  return crumbs;
}

/**
 * The sort order after clicking a column header: same key toggles direction.
 */
export function nextSort(
  current: SortOrder,
  key: 'name' | 'size' | 'modified'
): SortOrder {
  if (current === key) {
    return `-${key}` as SortOrder;
  }
  return key;
}

/**
 * A copy's byte count, worded for people.
 */
export interface IProgressParts {
  done: string;
  total: string;
  percent: number;
}

/**
 * How far a copy has got, for people: bytes done and total (`1.29 GB`,
 * `3.22 GB`) and the whole percent; null until the total is known.
 */
export function progressParts(
  done: number,
  total: number | null
): IProgressParts | null {
  if (total === null) {
    return null;
  }
  return {
    done: formatBytes(done),
    total: formatBytes(total),
    percent: total ? Math.floor((100 * done) / total) : 100
  };
}

/**
 * A preview node's shape as `(330,)` / `(33, 180, 360)`, like numpy prints it.
 */
export function formatShape(shape: number[] | null | undefined): string {
  if (!shape) {
    return '';
  }
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The depth of a preview node path (`/` → 0, `/a` → 1, `/a/b` → 2).
 */
export function nodeDepth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

/**
 * The nodes (depth-first order) not inside a folded group; the folded groups themselves stay.
 */
export function visibleNodes<T extends { path: string }>(
  nodes: readonly T[],
  folded: ReadonlySet<string>
): T[] {
  if (folded.size === 0) {
    return [...nodes];
  }
  const prefixes = [...folded].map(path => (path === '/' ? '/' : `${path}/`));
  return nodes.filter(
    node =>
      !prefixes.some(
        prefix => node.path !== prefix && node.path.startsWith(prefix)
      )
  );
}

/**
 * A compact date for the Modified column: `Nov 25` within the current year,
 * `Nov 2024` otherwise (the full timestamp goes in the cell's title).
 *
 * @param seconds - seconds since the epoch
 * @param now - the current time (for tests)
 * @param locale - the locale (default: the browser's)
 */
export function shortDate(
  seconds: number,
  now: Date = new Date(),
  locale?: string
): string {
  const date = new Date(seconds * 1000);
  return date.getFullYear() === now.getFullYear()
    ? date.toLocaleDateString(locale, { month: 'short', day: 'numeric' })
    : date.toLocaleDateString(locale, { month: 'short', year: 'numeric' });
}

/**
 * A count for a narrow column: `950`, `12k`, `3M` (rounded down).
 */
export function compactCount(n: number): string {
  if (n < 1000) {
    return String(n);
  }
  return n < 1_000_000
    ? `${Math.floor(n / 1000)}k`
    : `${Math.floor(n / 1_000_000)}M`;
}

/**
 * The line above a preview's tree: the format, the node count and, when the
 * server cut the tree, which limit cut it.
 */
export function previewHeading(
  preview: IPreviewReply,
  trans: TranslationBundle
): string {
  const count = preview.nodes.length;
  if (!preview.truncated) {
    return trans.__('%1 — %2 nodes', preview.format, count);
  }
  if (preview.truncated_reason === 'bytes') {
    return trans.__(
      '%1 — first %2 nodes shown: the preview reached its size limit (open the file in a notebook for the rest)',
      preview.format,
      count
    );
  }
  return trans.__(
    '%1 — first %2 nodes shown (the file has more)',
    preview.format,
    count
  );
}

/**
 * How much of the file a preview read (`read 1.73 MB of 3.15 MB`), or '' when the
 * server did not say (Zarr).
 */
export function previewReadNote(
  preview: IPreviewReply,
  trans: TranslationBundle
): string {
  if (preview.bytes_read === undefined || preview.file_size === undefined) {
    return '';
  }
  return trans.__(
    'read %1 of %2',
    formatBytes(preview.bytes_read),
    formatBytes(preview.file_size)
  );
}

/**
 * What a preview row shows beside a node's name.
 */
export function previewNodeDetail(
  node: IPreviewNode,
  trans: TranslationBundle
): string {
  switch (node.type) {
    case 'dataset': {
      const detail = `${formatShape(node.shape)} ${node.dtype ?? ''}`;
      return node.compression ? `${detail} ${node.compression}` : detail;
    }
    case 'external-link':
    case 'soft-link':
      return trans.__('link → %1 (not followed)', node.target ?? '');
    case 'hard-link':
      return trans.__('same object as %1', node.target ?? '');
    case 'too-deep':
    case 'unsupported':
    case 'refused':
      return node.reason ?? '';
    default:
      return '';
  }
}

/**
 * The shared folders this user may publish into: writable and available, and
 * none unless the user is a publisher.
 */
export function publishTargets(reply: IRootsReply): ISharedRoot[] {
  return reply.can_publish
    ? reply.roots.filter(root => root.writable && root.available)
    : [];
}
