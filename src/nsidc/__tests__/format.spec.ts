import { formatBytes } from '../../format';
import { nullTranslator } from '@jupyterlab/translation';

import { filesText, formatDateTime, granuleBytes, totalSize } from '../format';
import type { IGranule } from '../types';

describe('sizes', () => {
  it('reads a granule’s size from CMR’s bytes, else its 2^20-byte MB', () => {
    // The real ATL06 granule: 59.1940822601 CMR MB = 62,069,494 bytes
    const sizeMB = 59.1940822601;
    expect(granuleBytes({ sizeMB, sizeBytes: 62069494 })).toBe(62069494);
    expect(granuleBytes({ sizeMB, sizeBytes: null })).toBe(62069494);
    expect(granuleBytes({ sizeMB: null, sizeBytes: null })).toBeNull();
    // Shown in decimal units, as Downloads and Shared Data show the same file
    expect(formatBytes(granuleBytes({ sizeMB, sizeBytes: null }))).toBe(
      '62.1 MB'
    );
    expect(formatBytes(granuleBytes({ sizeMB: null, sizeBytes: null }))).toBe(
      '—'
    );
  });

  it('totals the real icepyx granules as icepyx does (92.99 CMR MB)', () => {
    // Given the two ATL06 v003 granules' sizes from the recorded reply
    const granules = [50.3300800323, 42.656709671].map(
      mb => ({ sizeMB: mb, sizeBytes: Math.round(mb * 1048576) }) as IGranule
    );
    const total = totalSize([
      ...granules,
      { sizeMB: null, sizeBytes: null } as IGranule
    ]);
    expect(total.bytes / 1048576).toBeCloseTo(92.9867897033, 5);
    expect(total.unknown).toBe(1);
    expect(formatBytes(total.bytes)).toBe('97.5 MB');
  });
});

describe('times', () => {
  it('shows UTC', () => {
    expect(formatDateTime('2019-02-21T12:19:05.196Z')).toBe(
      '2019-02-21 12:19:05'
    );
    expect(formatDateTime('nope')).toBe('—');
  });
});

describe('counts for people', () => {
  const trans = nullTranslator.load('jupyterlab_hackweek');

  it('counts files, and those also held at the cloud provider', () => {
    // CMR's 4,226 records for 4,225 files: one file is at both providers
    expect(filesText(4225, 4226 - 4225, trans)).toBe(
      '4,225 files (1 also held at the cloud provider)'
    );
    expect(filesText(10000, 0, trans)).toBe('10,000 files');
    expect(filesText(1, 0, trans)).toBe('1 file');
    expect(filesText(2, 2, trans)).toBe(
      '2 files (2 also held at the cloud provider)'
    );
  });
});
