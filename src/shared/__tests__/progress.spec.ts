import { Notification } from '@jupyterlab/apputils';

import { ProgressNote } from '../progress';

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
    jest.advanceTimersByTime(100);
    await note.finish('Copied', 'success', { autoClose: 5000 });
    jest.advanceTimersByTime(1000);
    expect(emit.mock.calls).toEqual([
      ['Copied', 'success', { autoClose: 5000 }]
    ]);
    expect(update).not.toHaveBeenCalled();
  });

  it('replaces the in-progress toast of a slow one, once it has settled', async () => {
    const note = new ProgressNote('Copying…');
    jest.advanceTimersByTime(450);
    expect(emit.mock.calls).toEqual([
      ['Copying…', 'in-progress', { autoClose: false }]
    ]);
    const done = note.finish('Copied', 'success');
    expect(update).not.toHaveBeenCalled();
    jest.advanceTimersByTime(800);
    await done;
    expect(update.mock.calls).toEqual([
      [{ id: 'note-1', message: 'Copied', type: 'success' }]
    ]);
  });
});
