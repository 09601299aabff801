import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { IHistoryPoint, polylinePoints } from './history';
import { HISTORY_WINDOW_MS } from './model';

const WIDTH = 300;
const HEIGHT = 100;

/**
 * The props of the history chart.
 */
export interface IHistoryChartProps {
  history: IHistoryPoint[];
  /** The warning fraction, drawn as a dashed line. */
  warning: number;
  trans: TranslationBundle;
}

/**
 * Ten minutes of memory and CPU, as fractions of their limits, in an inline SVG.
 */
export function HistoryChart(props: IHistoryChartProps): JSX.Element {
  const { history, warning, trans } = props;
  const now = history.length ? history[history.length - 1].time : Date.now();
  const line = (value: (point: IHistoryPoint) => number | null) =>
    polylinePoints(
      history.map(point => ({ time: point.time, value: value(point) })),
      now,
      HISTORY_WINDOW_MS,
      WIDTH,
      HEIGHT
    );
  const warningY = (1 - warning) * HEIGHT;
  return (
    <figure className="jp-hackweek-MeterPanel-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={trans.__('Memory and CPU over the last 10 minutes')}
      >
        <rect
          className="jp-hackweek-MeterPanel-chartFrame"
          x={0}
          y={0}
          width={WIDTH}
          height={HEIGHT}
        />
        <line
          className="jp-hackweek-MeterPanel-chartWarning"
          x1={0}
          x2={WIDTH}
          y1={warningY}
          y2={warningY}
        />
        <polyline
          className="jp-hackweek-MeterPanel-chartCpu"
          points={line(point => point.cpu)}
        />
        <polyline
          className="jp-hackweek-MeterPanel-chartMemory"
          points={line(point => point.memory)}
        />
      </svg>
      <figcaption>
        <span className="jp-hackweek-MeterPanel-legendMemory">
          {trans.__('Memory')}
        </span>
        <span className="jp-hackweek-MeterPanel-legendCpu">
          {trans.__('CPU')}
        </span>
        <span>{trans.__('last 10 minutes; top = limit')}</span>
      </figcaption>
    </figure>
  );
}
