import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { memoryAxisLabels } from './format';
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
  /** The memory limit in bytes (the top of the memory axis). */
  memoryLimit: number;
  /** The CPU limit in cores (100 % on the CPU axis). */
  cpuLimit: number;
  trans: TranslationBundle;
}

/**
 * Ten minutes of memory and CPU, as fractions of their limits, in an inline SVG.
 *
 * Axis labels and the legend are HTML around the SVG (the SVG stretches to
 * the panel's width, which would distort SVG text): memory in the limit's
 * unit on the left, CPU in % of the limit on the right, minutes below.
 */
export function HistoryChart(props: IHistoryChartProps): JSX.Element {
  const { history, warning, memoryLimit, cpuLimit, trans } = props;
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
  const [memoryTop, memoryHalf, memoryZero] = memoryAxisLabels(memoryLimit);
  return (
    <figure className="jp-hackweek-MeterPanel-chart">
      <div className="jp-hackweek-MeterPanel-chartGrid">
        <div
          className="jp-hackweek-MeterPanel-axis jp-mod-memory"
          aria-hidden="true"
        >
          <span>{trans.__('%1 limit', memoryTop)}</span>
          <span>{memoryHalf}</span>
          <span>{memoryZero}</span>
        </div>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={trans.__(
            'Memory (up to the %1 limit) and CPU (%% of %2 cores) over the last 10 minutes',
            memoryTop,
            cpuLimit
          )}
        >
          <rect
            className="jp-hackweek-MeterPanel-chartFrame"
            x={0}
            y={0}
            width={WIDTH}
            height={HEIGHT}
          />
          <line
            className="jp-hackweek-MeterPanel-chartGridline"
            x1={0}
            x2={WIDTH}
            y1={HEIGHT / 2}
            y2={HEIGHT / 2}
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
        <div
          className="jp-hackweek-MeterPanel-axis jp-mod-cpu"
          aria-hidden="true"
        >
          <span>100%</span>
          <span>50%</span>
          <span>0%</span>
        </div>
        <div className="jp-hackweek-MeterPanel-timeAxis" aria-hidden="true">
          <span>{trans.__('10 min ago')}</span>
          <span>{trans.__('5 min ago')}</span>
          <span>{trans.__('now')}</span>
        </div>
      </div>
      <figcaption className="jp-hackweek-MeterPanel-legend">
        <span className="jp-hackweek-MeterPanel-legendItem jp-mod-memory">
          {trans.__('Memory (left axis)')}
        </span>
        <span className="jp-hackweek-MeterPanel-legendItem jp-mod-cpu">
          {trans.__('CPU, %% of %1 cores (right axis)', cpuLimit)}
        </span>
        <span className="jp-hackweek-MeterPanel-legendItem jp-mod-warning">
          {trans.__('warning level')}
        </span>
      </figcaption>
    </figure>
  );
}
