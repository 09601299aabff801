import { nullTranslator } from '@jupyterlab/translation';

import {
  kernelShortLabel,
  memoryWarningText,
  oomText,
  unseenOomEvents
} from '../messages';
import { IKernelUsage, IOomEvent } from '../types';
import { reply as recorded } from '../../__tests__/replies';

const trans = nullTranslator.load('jupyterlab_hackweek');
const GB = 1024 ** 3;

/**
 * The recorded kernel (metrics.json) with this notebook path and memory.
 */
function kernel(path: string | null, memory: number | null): IKernelUsage {
  return {
    ...recorded('metrics').kernels[0],
    id: path ?? 'x',
    path,
    memory
  };
}

/**
 * An OOM event (hand-written: metrics.json was recorded without one).
 */
function event(counter: number, paths: (string | null)[]): IOomEvent {
  return {
    timestamp: 1,
    counter,
    kills: 1,
    limit: 4 * GB,
    kernels: paths.map(path => ({ id: String(path), path, name: 'python3' }))
  };
}

describe('memoryWarningText', () => {
  it('names the kernel that holds most memory', () => {
    const text = memoryWarningText(
      3.4 * GB,
      4 * GB,
      [kernel('big.ipynb', 3 * GB)],
      trans
    );
    expect(text).toContain('85%');
    expect(text).toContain('3.65 GB of 4.29 GB');
    expect(text).toContain('big.ipynb holds the most (3.22 GB)');
  });

  it('still warns when no kernel is running', () => {
    expect(memoryWarningText(3.4 * GB, 4 * GB, [], trans)).toContain(
      '85% of its memory'
    );
  });
});

describe('oomText', () => {
  it('says which kernel was stopped, why, and the limit', () => {
    expect(oomText(event(3, ['work/big.ipynb']), trans)).toMatch(
      /^Out of memory \(limit 4\.29 GB\): the kernel of work\/big\.ipynb was stopped\./
    );
  });

  it('fits why, the limit and the file name in a toast’s first 140 characters', () => {
    // Given a notebook deep in a tutorial tree, named by its file name as in toasts
    const deep = event(3, [
      'tutorials/2026/ICESat-2/land-ice/atl06-elevation-change/big-analysis.ipynb'
    ]);
    const text = oomText(deep, trans, kernelShortLabel);
    // Then what a toast shows names the notebook and the limit
    expect(text.slice(0, 140)).toContain(
      'Out of memory (limit 4.29 GB): the kernel of big-analysis.ipynb was stopped.'
    );
  });

  it('names every kernel stopped, and kernels without a notebook by their name', () => {
    const text = oomText(event(3, ['a.ipynb', null]), trans);
    expect(text).toContain(
      'the kernels of a.ipynb, a python3 kernel without a notebook were stopped'
    );
  });

  it('explains a kill that hit no kernel', () => {
    expect(oomText(event(3, []), trans)).toContain(
      'Out of memory (limit 4.29 GB): a process on your server was stopped'
    );
  });
});

describe('unseenOomEvents', () => {
  it('keeps only events after the last counter shown', () => {
    const events = [event(2, []), event(3, []), event(5, [])];
    expect(unseenOomEvents(events, 3).map(e => e.counter)).toEqual([5]);
  });
});

describe('kernelShortLabel', () => {
  it('names a kernel by its file name, or by its kernel when it has no notebook', () => {
    expect(
      kernelShortLabel(kernel('tutorials/ICESat-2/atl06/intro.ipynb', 1), trans)
    ).toBe('intro.ipynb');
    expect(kernelShortLabel(kernel('top.ipynb', 1), trans)).toBe('top.ipynb');
    expect(kernelShortLabel(kernel(null, 1), trans)).toBe(
      'a python3 kernel without a notebook'
    );
  });
});
