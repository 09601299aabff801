/**
 * The meter's notification texts and the OOM events not yet shown (pure, no DOM).
 */

import type { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../format';
import { IKernelUsage, IOomEvent } from './types';

/**
 * How a kernel is named to people: its notebook or console path, else its kernel name.
 */
export function kernelLabel(
  kernel: { path: string | null; name: string | null },
  trans: TranslationBundle
): string {
  if (kernel.path) {
    return kernel.path;
  }
  return kernel.name
    ? trans.__('a %1 kernel without a notebook', kernel.name)
    : trans.__('a kernel without a notebook');
}

/**
 * The short name of a kernel for narrow tables: the file name of its notebook
 * or console (the full path belongs in a tooltip), else as `kernelLabel`.
 */
export function kernelShortLabel(
  kernel: { path: string | null; name: string | null },
  trans: TranslationBundle
): string {
  const name = kernel.path?.split('/').filter(Boolean).pop();
  return name ?? kernelLabel(kernel, trans);
}

/**
 * The warning shown when memory passes the warning (or critical) threshold.
 *
 * @param kernels - the kernels, biggest first (as the server sends them)
 */
export function memoryWarningText(
  used: number,
  limit: number,
  kernels: IKernelUsage[],
  trans: TranslationBundle
): string {
  const biggest = kernels.find(kernel => kernel.memory !== null);
  const percent = Math.round((used / limit) * 100);
  if (!biggest) {
    return trans.__(
      'Your server uses %1% of its memory (%2 of %3). Past the limit, a kernel is stopped.',
      percent,
      formatBytes(used),
      formatBytes(limit)
    );
  }
  return trans.__(
    'Your server uses %1% of its memory (%2 of %3); %4 holds the most (%5). Past the limit, a kernel is stopped: save your work and free memory (del large variables, or shut down kernels you no longer need).',
    percent,
    formatBytes(used),
    formatBytes(limit),
    kernelLabel(biggest, trans),
    formatBytes(biggest.memory)
  );
}

/**
 * The message shown after an OOM event: why, the limit, and which kernel was stopped.
 *
 * The essentials come first: a toast shows only the first 140 characters.
 *
 * @param label - how kernels are named (`kernelShortLabel` for toasts)
 */
export function oomText(
  event: IOomEvent,
  trans: TranslationBundle,
  label: typeof kernelLabel = kernelLabel
): string {
  const limit = formatBytes(event.limit);
  if (event.kernels.length === 0) {
    return trans.__(
      'Out of memory (limit %1): a process on your server was stopped. Your kernels are still running, but one of their programs may have been killed.',
      limit
    );
  }
  const names = event.kernels.map(kernel => label(kernel, trans)).join(', ');
  return trans._n(
    'Out of memory (limit %3): the kernel of %2 was stopped. Its variables are lost: restart it and load less data at once (a subset, or chunks).',
    'Out of memory (limit %3): the kernels of %2 were stopped. Their variables are lost: restart them and load less data at once (a subset, or chunks).',
    event.kernels.length,
    names,
    limit
  );
}

/**
 * The events whose counter is above `seenCounter`, oldest first.
 */
export function unseenOomEvents(
  events: IOomEvent[],
  seenCounter: number
): IOomEvent[] {
  return events.filter(event => event.counter > seenCounter);
}
