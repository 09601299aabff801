/**
 * Test data shared by the shared-data specs (not a spec itself), from the
 * replies the server's routes gave (`src/__fixtures__/replies/shared-*.json`).
 */
import { reply } from '../../__tests__/replies';
import type { ISharedEntry } from '../types';

/**
 * The recorded `shared/roots` reply (shared-roots.json), its first root (the
 * read-only `shared`) placed where a hub mounts it: inside JupyterLab's root
 * folder, at `/home/jovyan/shared`.
 */
export function sharedRoots() {
  const roots = reply('shared-roots');
  Object.assign(roots.roots[0], {
    path: '/home/jovyan/shared',
    lab_path: 'shared'
  });
  return roots;
}

/**
 * A recorded `shared/list` entry (shared-list.json) of `type`, named `name`.
 */
export function entry(
  type: 'file' | 'directory',
  name: string,
  extra: Partial<ISharedEntry> = {}
): ISharedEntry {
  const recorded = reply('shared-list').entries.find(e => e.type === type)!;
  return { ...recorded, name, ...extra };
}

/**
 * The recorded `shared/list` reply (shared-list.json) for `path` with
 * `entries`, its folder size already summed (so no `shared/size` request).
 */
export function listing(
  path: string,
  entries: ISharedEntry[],
  extra: { total?: number; offset?: number } = {}
) {
  return {
    ...reply('shared-list'),
    path,
    entries,
    total: entries.length,
    size_pending: false,
    sizes_counting: false,
    ...extra
  };
}
