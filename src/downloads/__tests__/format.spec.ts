import { nullTranslator } from '@jupyterlab/translation';

import { formatBytes } from '../../format';
import {
  anyActive,
  formatDuration,
  formatSpeed,
  fraction,
  needsLogin,
  safeLink,
  stateLabel,
  summary,
  totals,
  waitsForLogin
} from '../format';
import { IDownloadReply, IFileReply } from '../types';
import { reply as recorded } from '../../__tests__/replies';

const trans = nullTranslator.load('jupyterlab_hackweek');

/**
 * The recorded download's file (download.json), queued, with `extra`.
 */
function file(extra: Partial<IFileReply> = {}): IFileReply {
  return {
    ...recorded('download').files[0],
    state: 'queued',
    bytes_done: 0,
    attempts: 0,
    ...extra
  };
}

/**
 * The recorded download (download.json), active, holding `files` (its counts
 * and totals theirs), with `extra`.
 */
function download(
  files: IFileReply[],
  extra: Partial<IDownloadReply> = {}
): IDownloadReply {
  const d = recorded('download');
  const counts = { ...d.counts };
  (Object.keys(counts) as (keyof typeof counts)[]).forEach(
    k => (counts[k] = 0)
  );
  files.forEach(f => counts[f.state]++);
  return {
    ...d,
    state: 'active',
    bytes_total: files.reduce((s, f) => s + (f.size_bytes ?? 0), 0),
    bytes_done: files.reduce((s, f) => s + f.bytes_done, 0),
    speed: files.reduce((s, f) => s + f.speed, 0),
    counts,
    files,
    ...extra
  };
}

describe('formatting', () => {
  it('writes sizes, speeds and times as scientists read them', () => {
    // Sizes come from the one formatter (src/format.ts): the real ATL06
    // granule reads 62.1 MB here as in the data search
    expect(formatBytes(62069494)).toBe('62.1 MB');
    expect(formatSpeed(12.5e6)).toBe('12.5 MB/s');
    expect(formatSpeed(999)).toBe('999 B/s');
    expect(formatSpeed(0)).toBe('');
    expect(formatDuration(0.2, trans)).toBe('1 s');
    expect(formatDuration(150, trans)).toBe('3 min');
    expect(formatDuration(4800, trans)).toBe('1 h 20 min');
    expect(formatDuration(null, trans)).toBe('');
  });

  it('has a fraction only when the total is known', () => {
    expect(fraction(50, 200)).toBe(0.25);
    expect(fraction(300, 200)).toBe(1);
    expect(fraction(5, null)).toBeNull();
  });

  it('names every state, with the wait before a retry', () => {
    expect(stateLabel('present', trans)).toBe('Already present');
    expect(stateLabel('waiting', trans, 30)).toBe('Retrying in 30 s');
    expect(stateLabel('failed', trans)).toBe('Failed');
  });
});

describe('download summaries', () => {
  const files = [
    file({ state: 'done', bytes_done: 3145769 }),
    file({ state: 'present', bytes_done: 3145769 }),
    file({ state: 'active', bytes_done: 1000000, speed: 2e6 }),
    file({ state: 'failed', error_kind: 'login', error: 'Log in' })
  ];

  it('counts files and totals the active downloads', () => {
    const d = download(files);
    expect(summary(d, trans)).toBe('2 of 4 files saved, 1 failed');
    expect(anyActive([d])).toBe(true);
    expect(anyActive([{ ...d, state: 'done' }])).toBe(false);
    const sum = totals([d, { ...d, id: 'b', state: 'done' }]);
    expect(sum.total).toBe(4 * 3145769);
    expect(sum.done).toBe(2 * 3145769 + 1000000);
    expect(sum.eta).toBeCloseTo((4 * 3145769 - sum.done) / 2e6);
  });

  it('asks for a login when a file failed for want of one', () => {
    expect(needsLogin([download(files)])).toBe(true);
    expect(needsLogin([download(files.slice(0, 3))])).toBe(false);
  });

  it('tells a download waiting for a login from one that failed', () => {
    const login = file({ state: 'failed', error_kind: 'login' });
    const page = file({ state: 'failed', error_kind: 'html' });
    const saved = file({ state: 'done' });
    expect(waitsForLogin(download([saved, login], { state: 'failed' }))).toBe(
      true
    );
    expect(waitsForLogin(download([login, page], { state: 'failed' }))).toBe(
      false
    );
    expect(waitsForLogin(download([saved], { state: 'done' }))).toBe(false);
  });

  it('shows only http(s) links from the server', () => {
    expect(
      safeLink(file({ link: 'https://urs.earthdata.nasa.gov/approve_app' }))
    ).toBe('https://urs.earthdata.nasa.gov/approve_app');
    expect(safeLink(file({ link: 'javascript:alert(1)' }))).toBeNull();
    expect(safeLink(file({ link: 'not a url' }))).toBeNull();
    expect(safeLink(file())).toBeNull();
  });
});
