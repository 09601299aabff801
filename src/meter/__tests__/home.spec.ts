import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act } from 'react';

import { requestAPI } from '../../request';
import { reply as recorded } from '../../__tests__/replies';
import { IQuotaAlert, quotaWarningText } from '../home';
import { MeterModel } from '../model';
import { MeterPanel } from '../panel';
import { IHomeReply } from '../types';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const trans = nullTranslator.load('jupyterlab_hackweek');

async function render(widget: Widget): Promise<void> {
  const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  env.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      widget.processMessage(Widget.Msg.UpdateRequest);
    });
  } finally {
    env.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

/**
 * The recorded home reply (work/data.nc of 250 kB in a 300 kB quota) with the
 * home's use set to `used` bytes, a hidden cache among its largest files.
 */
function homeAt(used: number): IHomeReply {
  const home = recorded('metrics-home');
  home.roots[0].used = used;
  home.roots[0].largest_files.push({
    path: '.cache/pip/wheel.whl',
    lab_path: null,
    size: 900
  });
  return home;
}

describe('what fills the home, in the meter', () => {
  let home: IHomeReply;
  beforeEach(() => {
    request.mockImplementation(async (_settings, endPoint) => {
      const replies: Record<string, unknown> = {
        metrics: recorded('metrics'),
        'dask/clusters': recorded('dask-clusters'),
        'metrics/home': home
      };
      return replies[endPoint] as never;
    });
  });
  afterEach(() => request.mockReset());

  it('shows the use against the quota and the largest folders and files, each opening the file browser', async () => {
    // Given a home at 86% of its quota
    home = homeAt(258_000);
    const model = new MeterModel({
      serverSettings: {} as ServerConnection.ISettings,
      trans,
      refreshRate: 60000,
      thresholds: { warning: 0.8, critical: 0.95 }
    });
    const alerts: IQuotaAlert[][] = [];
    model.quotaAlerts.connect((_, reached) => alerts.push(reached));
    const onOpenPath = jest.fn();
    const panel = new MeterPanel({
      model,
      trans,
      onRestart: jest.fn(),
      onShutdown: jest.fn(),
      onScaleCluster: jest.fn(),
      onShutdownCluster: jest.fn(),
      onOpenPath,
      onExportHistory: jest.fn()
    });
    Widget.attach(panel, document.body);
    // When the first poll has answered
    for (let i = 0; i < 50 && !model.home; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    await render(panel);

    // Then the home's use is shown against its quota, amber
    const root = panel.node.querySelector('[data-root="home"]')!;
    expect(root.getAttribute('data-level')).toBe('warning');
    expect(
      root.querySelector('.jp-hackweek-MeterPanel-homeUse')!.textContent
    ).toBe('Home 258 / 300 kB of the quota (86%)');
    expect(
      root.querySelector('[role="meter"]')!.getAttribute('aria-valuenow')
    ).toBe('258000');
    // And a warning was raised once, at 80%
    expect(alerts.map(list => list.map(a => a.level))).toEqual([['warning']]);
    expect(quotaWarningText(alerts[0][0], trans)).toBe(
      'Home holds 258 kB of its 300 kB quota (86%). The largest folders and files are in Resource Usage.'
    );
    // And the largest folder and files are listed with their sizes
    const files = root.querySelectorAll('[data-kind="file"] li');
    expect(Array.from(files).map(li => li.textContent)).toEqual([
      'work/data.nc250 kB',
      'notes.md1.00 kB',
      '.cache/pip/wheel.whl900 B'
    ]);
    // And clicking one shows it in the file browser; a hidden one is not a button
    (files[0].querySelector('button') as HTMLButtonElement).click();
    expect(onOpenPath).toHaveBeenCalledWith('work/data.nc');
    expect(files[2].querySelector('button')).toBeNull();
    const folder = root.querySelector('[data-kind="folder"] li button')!;
    expect(folder.textContent).toBe('work');
    (folder as HTMLButtonElement).click();
    expect(onOpenPath).toHaveBeenLastCalledWith('work');

    // When the next scan finds it at 96%
    home = homeAt(288_000);
    await model.refresh();
    for (let i = 0; i < 50 && alerts.length < 2; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    // Then the critical warning is raised, once; staying there raises nothing more
    expect(alerts.map(list => list.map(a => a.level))).toEqual([
      ['warning'],
      ['critical']
    ]);
    await model.refresh();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(alerts).toHaveLength(2);
    panel.dispose();
    model.dispose();
  });
});
