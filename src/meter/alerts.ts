/**
 * What each new reply should alert about (pure, no DOM).
 */

import { crossedUp, IThresholds, Level, thresholdLevel } from './level';
import { unseenOomEvents } from './messages';
import { IMetricsReply, IOomEvent } from './types';

/**
 * The outcome of one reply: the memory level, the level just crossed into
 * (once per crossing) and the OOM events not yet announced.
 */
export interface IAlerts {
  level: Level;
  crossed: Level | null;
  oomEvents: IOomEvent[];
}

/**
 * Tracks the memory level and the OOM counter across replies.
 *
 * OOM events that happened before the first reply (before this page loaded)
 * are not announced again; every later one is, once.
 */
export class AlertTracker {
  /**
   * The current memory level.
   */
  get level(): Level {
    return this._level;
  }

  /**
   * Take a new reply and return what to alert about.
   */
  update(reply: IMetricsReply, thresholds: IThresholds): IAlerts {
    const level = thresholdLevel(
      reply.memory.used,
      reply.memory.limit,
      thresholds
    );
    const crossed = crossedUp(this._level, level);
    const oomEvents =
      this._seenCounter === null
        ? []
        : unseenOomEvents(reply.oom_events, this._seenCounter);
    this._seenCounter = Math.max(
      this._seenCounter ?? 0,
      reply.oom_kill ?? 0,
      ...reply.oom_events.map(event => event.counter)
    );
    this._level = level;
    return { level, crossed, oomEvents };
  }

  /**
   * Re-evaluate the level under new thresholds without alerting.
   */
  rethreshold(reply: IMetricsReply | null, thresholds: IThresholds): void {
    if (reply) {
      this._level = thresholdLevel(
        reply.memory.used,
        reply.memory.limit,
        thresholds
      );
    }
  }

  private _level: Level = 'normal';
  private _seenCounter: number | null = null;
}
