/**
 * What fills the home: its words and which quota warnings are new (pure, no DOM).
 */

import type { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../format';
import { formatPercent, formatUsage } from './format';
import { crossedUp, IThresholds, Level, thresholdLevel } from './level';
import { IHomeReply, IHomeRoot } from './types';

/**
 * The quota warnings: at 80% and at 95% of the quota.
 */
export const QUOTA_THRESHOLDS: IThresholds = { warning: 0.8, critical: 0.95 };

/**
 * A quota level a root has just reached, to announce once.
 */
export interface IQuotaAlert {
  root: IHomeRoot;
  level: Level;
}

/**
 * How full a root is against its quota; `'normal'` without a quota or before a scan.
 */
export function quotaLevel(root: IHomeRoot): Level {
  return root.used === null
    ? 'normal'
    : thresholdLevel(root.used, root.quota, QUOTA_THRESHOLDS);
}

/**
 * Tracks each root's quota level across replies: a level is announced once
 * when reached (also on the first reply), again only after falling below it.
 */
export class QuotaTracker {
  update(reply: IHomeReply): IQuotaAlert[] {
    const alerts: IQuotaAlert[] = [];
    for (const root of reply.roots) {
      if (root.used === null) {
        continue;
      }
      const level = quotaLevel(root);
      const crossed = crossedUp(this._levels.get(root.name) ?? 'normal', level);
      this._levels.set(root.name, level);
      if (crossed) {
        alerts.push({ root, level: crossed });
      }
    }
    return alerts;
  }

  private _levels = new Map<string, Level>();
}

/**
 * A root's name for people: "Home", or the shared root's name.
 */
export function rootLabel(root: IHomeRoot, trans: TranslationBundle): string {
  return root.kind === 'home' ? trans.__('Home') : root.name;
}

/**
 * The use of a root: "8.5 / 10 GB (85%)", or "8.5 GB, no quota known".
 */
export function usageText(root: IHomeRoot, trans: TranslationBundle): string {
  if (root.used === null) {
    return trans.__('Measuring… (a background scan)');
  }
  if (root.quota === null) {
    return trans.__('%1 used; no quota known', formatBytes(root.used));
  }
  return trans.__(
    '%1 of the quota (%2)',
    formatUsage(root.used, root.quota),
    formatPercent((root.used / root.quota) * 100)
  );
}

/**
 * The notification of a quota level reached.
 */
export function quotaWarningText(
  alert: IQuotaAlert,
  trans: TranslationBundle
): string {
  const { root, level } = alert;
  const args = [
    rootLabel(root, trans),
    formatBytes(root.used),
    formatBytes(root.quota),
    formatPercent(((root.used ?? 0) / (root.quota ?? 1)) * 100)
  ];
  return level === 'critical'
    ? trans.__(
        '%1 is almost full: %2 of its %3 quota (%4). Saving files will soon fail; make room now (the largest folders and files are in Resource Usage).',
        ...args
      )
    : trans.__(
        '%1 holds %2 of its %3 quota (%4). The largest folders and files are in Resource Usage.',
        ...args
      );
}
