import { nullTranslator } from '@jupyterlab/translation';

import {
  cullWarningText,
  CullWarningTracker,
  idleText,
  secondsToCull
} from '../idle';
import { IActivity } from '../types';

const trans = nullTranslator.load('jupyterlab_hackweek');
const TIMEOUT = 90 * 60;

function idleFor(seconds: number, last = 1000): IActivity {
  return { last, now: last + seconds, cull_timeout: TIMEOUT };
}

describe("the idle culler's clock", () => {
  it('warns once, ten minutes before the culler, clears on activity, warns again after', () => {
    const tracker = new CullWarningTracker();
    // 79 min idle of 90: not yet
    expect(tracker.update(idleFor(79 * 60))).toBeNull();
    // 80 min 1 s: due, once
    expect(tracker.update(idleFor(TIMEOUT - 599))).toBe('warn');
    expect(tracker.update(idleFor(TIMEOUT - 300))).toBeNull();
    expect(cullWarningText(idleFor(TIMEOUT - 300), trans)).toBe(
      'Your server has been idle for 1 h 25 min: the hub stops it in about 5 min unless it is used (running kernels and unsaved changes are lost).'
    );
    // "Keep my server": a new last activity starts the clock again, the warning goes
    expect(tracker.update(idleFor(2, 9000))).toBe('clear');
    expect(tracker.update(idleFor(60, 9000))).toBeNull();
    expect(tracker.update(idleFor(TIMEOUT - 100, 9000))).toBe('warn');
    // without a culler, nothing to warn about
    const noCuller = { last: 1, now: 10 ** 6, cull_timeout: null };
    expect(tracker.update(idleFor(TIMEOUT - 50, 9100))).toBeNull();
    expect(tracker.update(noCuller)).toBe('clear');
    expect(tracker.update(noCuller)).toBeNull();
    expect(secondsToCull({ last: 1, now: 2, cull_timeout: null })).toBeNull();
  });

  it('says how long the server has been idle against the timeout', () => {
    expect(idleText(idleFor(30), trans)).toBe(
      'less than a minute (the hub stops servers idle for 1 h 30 min)'
    );
    expect(idleText(idleFor(12 * 60), trans)).toBe(
      '12 min (the hub stops servers idle for 1 h 30 min)'
    );
  });
});
