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
 * What to do about the cull warning after a reply: `'warn'` when the server
 * has just come within `CULL_WARNING_LEAD` of the timeout; `'clear'` once some
 * activity has taken it out of that window again; `null` otherwise. So the
 * warning comes once per idle stretch, whatever the server's other activity
 * while it shows.
 */
export class CullWarningTracker {
  update(activity: IActivity | undefined): 'warn' | 'clear' | null {
    const left = activity ? secondsToCull(activity) : null;
    const due = left !== null && left <= CULL_WARNING_LEAD;
    if (due === this._warned) {
      return null;
    }
    this._warned = due;
    return due ? 'warn' : 'clear';
  }

  private _warned = false;
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
