/**
 * Type-ahead for the "Publish from home…" path input (pure, no DOM).
 */

/**
 * Most suggestions offered at once.
 */
export const MAX_SUGGESTIONS = 50;

/**
 * A folder entry as the Contents API lists it (only the fields used here).
 */
export interface IContentsEntry {
  name: string;
  type: string;
}

/**
 * Split what was typed into the folder to list and the name prefix to match:
 * `data/atl0` → `{ folder: 'data', prefix: 'atl0' }`; leading `/` and `./` are dropped.
 */
export function completionTarget(text: string): {
  folder: string;
  prefix: string;
} {
  const clean = text.replace(/^(\.?\/)+/, '');
  const slash = clean.lastIndexOf('/');
  return slash < 0
    ? { folder: '', prefix: clean }
    : { folder: clean.slice(0, slash), prefix: clean.slice(slash + 1) };
}

/**
 * Full paths (folders end with `/`) of the entries of `folder` whose names
 * start with `prefix` (case-insensitively), folders first, then by name.
 */
export function suggestions(
  folder: string,
  prefix: string,
  entries: readonly IContentsEntry[]
): string[] {
  const folded = prefix.toLocaleLowerCase();
  return entries
    .filter(
      entry =>
        !entry.name.startsWith('.') &&
        entry.name.toLocaleLowerCase().startsWith(folded)
    )
    .sort(
      (a, b) =>
        Number(b.type === 'directory') - Number(a.type === 'directory') ||
        a.name.localeCompare(b.name)
    )
    .slice(0, MAX_SUGGESTIONS)
    .map(
      entry =>
        (folder ? `${folder}/` : '') +
        entry.name +
        (entry.type === 'directory' ? '/' : '')
    );
}

/**
 * The path to publish: what was typed, without leading `./` or `/` nor a trailing `/`.
 */
export function publishSource(text: string): string {
  return text
    .trim()
    .replace(/^(\.?\/)+/, '')
    .replace(/\/+$/, '');
}
