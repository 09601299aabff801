import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act } from 'react';

import { requestAPI } from '../../request';
import { reply as recorded } from '../../__tests__/replies';
import { formatBytes } from '../../format';
import { kernelShortLabel } from '../messages';
import { MeterModel } from '../model';
import { MeterPanel } from '../panel';
import { MeterStatusItem } from '../statusItem';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const trans = nullTranslator.load('jupyterlab_hackweek');

/**
 * Render a widget now (not on the next animation frame), React's work included.
 */
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

describe('MeterModel with the recorded metrics', () => {
  it('shows the memory, CPU and kernels of metrics.json', async () => {
    // Given the server's metrics reply as recorded
    const replies: Record<string, unknown> = {
      metrics: recorded('metrics'),
      'dask/clusters': { ...recorded('dask-clusters'), configured: false },
      'metrics/home': recorded('metrics-home')
    };
    request.mockImplementation(
      async (_settings, endPoint) => replies[endPoint] as never
    );
    const model = new MeterModel({
      serverSettings: {} as ServerConnection.ISettings,
      trans,
      refreshRate: 60000,
      thresholds: { warning: 0.8, critical: 0.95 }
    });
    const item = new MeterStatusItem({ model, trans, onOpen: jest.fn() });
    Widget.attach(item, document.body);
    // When the first poll has answered
    for (let i = 0; i < 50 && !model.reply; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    await render(item);
    // Then the status bar shows the pod's memory (1.25 GiB of its 4 GiB
    // cgroup limit) and CPU, at the normal level
    expect(request.mock.calls[0][1]).toBe('metrics');
    expect(model.unavailable).toBe(false);
    expect(model.level).toBe('normal');
    expect(item.node.textContent).toBe('Mem 1.34 / 4.29 GBCPU 0.0%');
    const content = item.node.querySelector('[data-bytes]');
    expect(content?.getAttribute('data-bytes')).toBe('1342177280');
    expect(content?.getAttribute('data-limit')).toBe('4294967296');
    // And one sample of history, CPU known
    expect(model.history.map(p => [p.memory, p.cpu])).toEqual([
      [1342177280 / 4294967296, 0]
    ]);
    // And the kernel is named by its notebook, with its own memory
    const [kernel] = model.reply!.kernels;
    expect(kernelShortLabel(kernel, trans)).toBe('analysis.ipynb');
    expect([formatBytes(kernel.memory), kernel.memory_kind]).toEqual([
      '24.6 MB',
      'anon'
    ]);
    item.dispose();
    model.dispose();
  });

  it('says in the kernel row how its memory was counted', async () => {
    // Given the recorded reply, whose notebook kernel is counted as `anon`
    request.mockImplementation(async (_settings, endPoint) => {
      const replies: Record<string, unknown> = {
        metrics: recorded('metrics'),
        'dask/clusters': { ...recorded('dask-clusters'), configured: false },
        'metrics/home': recorded('metrics-home')
      };
      return replies[endPoint] as never;
    });
    const model = new MeterModel({
      serverSettings: {} as ServerConnection.ISettings,
      trans,
      refreshRate: 60000,
      thresholds: { warning: 0.8, critical: 0.95 }
    });
    const panel = new MeterPanel({
      model,
      trans,
      onRestart: jest.fn(),
      onShutdown: jest.fn(),
      onScaleCluster: jest.fn(),
      onShutdownCluster: jest.fn(),
      onOpenPath: jest.fn(),
      onExportHistory: jest.fn()
    });
    Widget.attach(panel, document.body);
    // When the panel shows the first poll
    for (let i = 0; i < 50 && !model.reply; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    await render(panel);
    // Then the notebook's memory cell shows its bytes, and its tooltip names the figure
    const cell = panel.node.querySelector(
      '.jp-hackweek-MeterPanel-kernelMemory'
    )!;
    expect(cell.textContent).toBe('24.6 MB');
    expect(cell.getAttribute('title')).toBe(
      'The kernel’s own data in memory (anonymous resident memory, RssAnon): about what shutting it down frees; the libraries and files it maps are not counted'
    );
    panel.dispose();
    model.dispose();
  });
});
