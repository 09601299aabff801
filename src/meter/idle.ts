/**
 * The idle culler's clock: how long the server has been idle, and when to warn (pure, no DOM).
 */

import type { TranslationBundle } from '@jupyterlab/translation';

import { formatDuration } from '../downloads/format';
import { IActivity } from './types';

/**
 * How long before the culler would stop the server the user is warned, in seconds.
 */
export const CULL_WARNING_LEAD = 10 * 60;

/**
 * Seconds the server has been idle, by its own clock.
 */
export function idleSeconds(activity: IActivity): number {
  return Math.max(activity.now - activity.last, 0);
}

/**
 * Seconds left before the culler may stop the server; `null` when none culls it.
 */
export function secondsToCull(activity: IActivity): number | null {
  if (!activity.cull_timeout) {
    return null;
  }
  return Math.max(activity.cull_timeout - idleSeconds(activity), 0);
}

/**
 * What to do about the cull warning after a reply: `'warn'` once per idle
 * stretch, when the server has been idle to within `CULL_WARNING_LEAD` of the
 * timeout; `'clear'` once some activity (a new `last`) has taken it out of
 * that window again; `null` otherwise.
 */
export class CullWarningTracker {
  update(activity: IActivity | undefined): 'warn' | 'clear' | null {
    const left = activity ? secondsToCull(activity) : null;
    const due = left !== null && left <= CULL_WARNING_LEAD;
    if (due && this._warned !== activity!.last) {
      this._warned = activity!.last;
      return 'warn';
    }
    if (!due && this._warned !== null) {
      this._warned = null;
      return 'clear';
    }
    return null;
  }

  private _warned: number | null = null;
}

/**
 * The panel's line: "12 min (the hub stops idle servers after 1 h 30 min)".
 */
export function idleText(
  activity: IActivity,
  trans: TranslationBundle
): string {
  const idle = idleSeconds(activity);
  const shown =
    idle < 60 ? trans.__('less than a minute') : formatDuration(idle, trans);
  return trans.__(
    '%1 (the hub stops servers idle for %2)',
    shown,
    formatDuration(activity.cull_timeout, trans)
  );
}

/**
 * The notification ten minutes before the culler would stop the server.
 */
export function cullWarningText(
  activity: IActivity,
  trans: TranslationBundle
): string {
  const left = secondsToCull(activity) ?? 0;
  return trans.__(
    'Your server has been idle for %1: the hub stops it in about %2 unless it is used (running kernels and unsaved changes are lost).',
    formatDuration(Math.max(idleSeconds(activity), 1), trans),
    formatDuration(Math.max(left, 1), trans)
  );
}
