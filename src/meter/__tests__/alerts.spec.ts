import { AlertTracker } from '../alerts';
import { IMetricsReply, IOomEvent } from '../types';
import { reply as recorded } from '../../__tests__/replies';

const GB = 1024 ** 3;
const thresholds = { warning: 0.8, critical: 0.95 };

/**
 * An OOM event (hand-written: metrics.json was recorded without one).
 */
function oom(counter: number): IOomEvent {
  return {
    timestamp: counter,
    counter,
    kills: 1,
    limit: 4 * GB,
    kernels: [{ id: 'k', path: 'big.ipynb', name: 'python3' }]
  };
}

/**
 * The recorded metrics (metrics.json: a 4 GiB cgroup limit) with `usedGB` in
 * use and the OOM counter and events given.
 */
function reply(
  usedGB: number,
  oomKill: number,
  events: IOomEvent[] = []
): IMetricsReply {
  const metrics = recorded('metrics');
  metrics.memory.used = usedGB * GB;
  metrics.oom_kill = oomKill;
  metrics.oom_events = events;
  return metrics;
}

describe('AlertTracker', () => {
  it('warns once when memory rises past the warning threshold, again after falling back', () => {
    const tracker = new AlertTracker();
    const crossings = [1, 3.3, 3.4, 3.9, 2, 3.3].map(
      used => tracker.update(reply(used, 0), thresholds).crossed
    );
    expect(crossings).toEqual([
      null,
      'warning',
      null,
      'critical',
      null,
      'warning'
    ]);
  });

  it('does not repeat OOM events from before the page loaded, announces later ones once', () => {
    const tracker = new AlertTracker();
    // Given a page loaded after an OOM kill (counter 2)
    expect(tracker.update(reply(1, 2, [oom(2)]), thresholds).oomEvents).toEqual(
      []
    );
    // When the counter rises to 3, Then that event is announced once
    expect(
      tracker.update(reply(1, 3, [oom(2), oom(3)]), thresholds).oomEvents
    ).toEqual([oom(3)]);
    expect(
      tracker.update(reply(1, 3, [oom(2), oom(3)]), thresholds).oomEvents
    ).toEqual([]);
  });

  it('re-evaluates the level when thresholds change, without alerting', () => {
    const tracker = new AlertTracker();
    const latest = reply(3, 0);
    tracker.update(latest, thresholds);
    expect(tracker.level).toBe('normal');
    tracker.rethreshold(latest, { warning: 0.5, critical: 0.9 });
    expect(tracker.level).toBe('warning');
  });
});
