/**
 * Keyboard navigation of the shared-data listing: what ArrowDown/ArrowUp,
 * Enter and Backspace do to the model when the virtual list has the focus.
 */

import { PathExt } from '@jupyterlab/coreutils';

import type { SharedModel } from './model';
import { isPreviewable } from './query';

/**
 * What `key` does to the listing, or null when the list leaves the key alone.
 */
export function keyAction(
  model: SharedModel,
  key: string
): (() => Promise<void>) | null {
  switch (key) {
    case 'ArrowDown':
      return () => moveSelection(model, 1);
    case 'ArrowUp':
      return () => moveSelection(model, -1);
    case 'Enter':
      return () => activate(model);
    case 'Backspace':
      return () => goUp(model);
    default:
      return null;
  }
}

/**
 * Move the selection `delta` rows (arrow keys) without previewing, loading the
 * row's page if needed; it stops at the first and the last row.
 */
export async function moveSelection(
  model: SharedModel,
  delta: number
): Promise<void> {
  const total = model.total;
  if (!total) {
    return;
  }
  const selected = model.selectedIndex;
  const index = Math.min(
    total - 1,
    Math.max(0, selected < 0 ? 0 : selected + delta)
  );
  const generation = model.generation;
  if (!model.row(index)) {
    await model.ensureRows(index, index + 1);
  }
  const entry = model.row(index);
  if (entry && generation === model.generation) {
    await model.select(entry, { index, preview: false });
  }
}

/**
 * Enter: open the selected folder, or preview the selected file.
 */
export async function activate(model: SharedModel): Promise<void> {
  const entry = model.selected;
  const root = model.root;
  if (!entry || !root) {
    return;
  }
  if (entry.type === 'directory' && !isPreviewable(entry)) {
    await model.open(root.name, PathExt.join(model.path, entry.name));
  } else if (!model.preview && !model.previewLoading) {
    await model.select(entry, { index: model.selectedIndex });
  }
}

/**
 * Backspace: show the parent folder.
 */
export async function goUp(model: SharedModel): Promise<void> {
  const root = model.root;
  if (root && model.path) {
    await model.open(root.name, PathExt.dirname(model.path));
  }
}
