import { Notification } from '@jupyterlab/apputils';

import { requestAPI } from '../../request';
import { followTransfer, ProgressNote } from '../progress';
import { reply as recorded } from '../../__tests__/replies';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

describe('ProgressNote', () => {
  let emit: jest.SpyInstance;
  let update: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    emit = jest.spyOn(Notification, 'emit').mockReturnValue('note-1');
    update = jest.spyOn(Notification, 'update').mockReturnValue(true);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('shows only the outcome of a quick operation', async () => {
    const note = new ProgressNote('Copying…');
    await jest.advanceTimersByTimeAsync(100);
    await note.finish('Copied', 'success', { autoClose: 5000 });
    await jest.advanceTimersByTimeAsync(1000);
    expect(emit.mock.calls).toEqual([
      ['Copied', 'success', { autoClose: 5000 }]
    ]);
    expect(update).not.toHaveBeenCalled();
  });

  it('replaces the in-progress toast of a slow one, once it has settled', async () => {
    const note = new ProgressNote('Copying…');
    await jest.advanceTimersByTimeAsync(450);
    expect(emit.mock.calls).toEqual([
      ['Copying…', 'in-progress', { autoClose: false }]
    ]);
    const done = note.finish('Copied', 'success');
    expect(update).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(800);
    await done;
    expect(update.mock.calls).toEqual([
      [{ id: 'note-1', message: 'Copied', type: 'success' }]
    ]);
  });

  it('follows a slow copy with what the server says, and stops with the outcome', async () => {
    // Given a copy whose progress the server answers: unknown total, then 1 of 4 MiB
    // (the recorded shared-progress.json, running)
    const running = (bytes: number, total: number | null) => ({
      ...recorded('shared-progress'),
      state: 'running' as const,
      bytes,
      total
    });
    const answers = [running(0, null), running(1 << 20, 4 << 20)];
    const poll = jest.fn(async () => answers.shift() ?? running(0, null));
    const note = new ProgressNote('Copying big.h5…');
    note.follow(poll, state =>
      state.total === null
        ? null
        : `Copying big.h5… ${state.bytes} of ${state.total}`
    );
    // When the toast is shown and two seconds pass
    await jest.advanceTimersByTimeAsync(450);
    await jest.advanceTimersByTimeAsync(2000);
    // Then the toast says how far it got (the unknown total changed nothing)
    expect(update.mock.calls).toEqual([
      [
        {
          id: 'note-1',
          message: `Copying big.h5… ${1 << 20} of ${4 << 20}`,
          type: 'in-progress',
          autoClose: false
        }
      ]
    ]);
    // When it ends, Then the outcome replaces it and the questions stop
    await note.finish('Copied', 'success');
    const asked = poll.mock.calls.length;
    await jest.advanceTimersByTimeAsync(3000);
    expect(poll.mock.calls.length).toBe(asked);
    expect(update.mock.calls[update.mock.calls.length - 1][0]).toMatchObject({
      message: 'Copied',
      type: 'success'
    });
  });
});

describe('followTransfer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('words the progress the copy route answers (shared-progress.json)', async () => {
    // Given a slow copy whose progress the server answers as recorded
    jest.spyOn(Notification, 'emit').mockReturnValue('note-1');
    const update = jest.spyOn(Notification, 'update').mockReturnValue(true);
    request.mockReset();
    request.mockResolvedValue(recorded('shared-progress'));
    const note = new ProgressNote('Copying…');
    followTransfer(
      note,
      {} as never,
      'shared/copy',
      'op-0123456789',
      c => `Copying… ${c.done} of ${c.total} (${c.percent}%)`
    );
    // When the toast has been shown a second
    await jest.advanceTimersByTimeAsync(450);
    await jest.advanceTimersByTimeAsync(1000);
    // Then the route was asked about the operation, and its count is shown
    expect(request.mock.calls[0][1]).toBe(
      'shared/copy?operation=op-0123456789'
    );
    expect(update.mock.calls[0][0]).toMatchObject({
      message: 'Copying… 3.15 MB of 3.15 MB (100%)'
    });
    await note.finish('Copied', 'success');
  });
});
