import { nullTranslator } from '@jupyterlab/translation';

import { BinderDialogModel } from '../model';
import { IGitStateReply } from '../types';

const trans = nullTranslator.load('jupyterlab_hackweek');
const SHA = '0123456789abcdef0123456789abcdef01234567';

function reply(): IGitStateReply {
  return {
    path: 'work/repo/nb/a b.ipynb',
    binderhub_url: 'https://mybinder.org',
    hub_image: 'quay.io/org/image:tag',
    hub_url: null,
    problem: null,
    environment: { folder: '', files: [], problems: [] },
    git: {
      root_name: 'repo',
      labpath: 'nb/a b.ipynb',
      remotes: [
        { name: 'origin', url: 'https://github.com/up/repo' },
        { name: 'fork', url: 'https://gitlab.com/me/sub/repo' }
      ],
      default_remote: null,
      branch: 'main',
      detached: false,
      upstream: null,
      head: SHA,
      ahead: null,
      behind: null,
      tracked: true,
      ignored: false,
      modified: false,
      committed: true,
      pushed_to: ['origin/main'],
      tags: ['v1.0'],
      nbgitpuller: false
    }
  };
}

function model(
  options: Partial<BinderDialogModel.IOptions> = {}
): BinderDialogModel {
  return new BinderDialogModel({
    reply: reply(),
    host: 'https://mybinder.org',
    hubUrl: 'https://hub.example.org/hub/',
    dirty: false,
    sources: [],
    trans,
    capture: async () => 'repo/binder/requirements.txt',
    refresh: async () => reply(),
    probe: async host => ({
      outcome: 'binderhub',
      url: `${host}/versions`,
      version: '1.0.0'
    }),
    ...options
  });
}

describe('BinderDialogModel', () => {
  it('starts on the first remote with a URL, pinned to the commit', () => {
    const m = model();
    expect(m.remote).toBe('origin');
    expect(m.refChoices.map(c => `${c.kind}:${c.ref}`)).toEqual([
      `commit:${SHA}`,
      'branch:main',
      'tag:v1.0'
    ]);
    expect(m.link).toBe(
      `https://mybinder.org/v2/gh/up/repo/${SHA}?labpath=nb/a%20b.ipynb`
    );
  });

  it('follows the chosen remote, version and host, emitting only on change', () => {
    const m = model();
    let changes = 0;
    m.stateChanged.connect(() => changes++);
    m.remote = 'fork';
    m.remote = 'fork';
    m.ref = m.refChoices[2];
    m.host = 'https://binder.example.org/prefix';
    expect(changes).toBe(3);
    expect(m.link).toBe(
      'https://binder.example.org/prefix/v2/gl/me%2Fsub%2Frepo/v1.0?labpath=nb/a%20b.ipynb'
    );
    expect(m.warnings.map(w => w.id)).toEqual(['unpushed', 'no-environment']);
  });

  it('makes an nbgitpuller link on the branch, even when the link is pinned', () => {
    expect(model().pullerLink).toBe(
      'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fup%2Frepo&branch=main&urlpath=lab%2Ftree%2Frepo%2Fnb%2Fa%2520b.ipynb'
    );
    expect(model({ hubUrl: null }).pullerLink).toBeNull();
  });

  it('links a Zenodo DOI instead, and explains a missing one', () => {
    const m = model();
    m.mode = 'zenodo';
    expect(m.link).toBeNull();
    expect(m.linkProblem).toBe('Type the DOI of a Zenodo record.');
    m.doi = '10.5281/zenodo.3242074';
    expect(m.link).toBe(
      'https://mybinder.org/v2/zenodo/10.5281/zenodo.3242074/?labpath=nb/a%20b.ipynb'
    );
  });

  it('explains why there is no link without a network remote', () => {
    const r = reply();
    r.git!.remotes = [{ name: 'origin', url: null }];
    const m = model({ reply: r });
    expect(m.link).toBeNull();
    expect(m.linkProblem).toContain('no remote on a git host');
  });

  it('reports a capture and re-reads the state, or shows the server message', async () => {
    const m = model();
    await m.capture('pip');
    expect(m.captureStatus).toBe(
      'Wrote repo/binder/requirements.txt: commit and push it for Binder to use it.'
    );
    expect(m.busy).toBe(false);
    const refused = model({
      capture: async () => {
        throw new Error(
          'requirements.txt already exists: it was left as it is.'
        );
      }
    });
    await refused.capture('pip');
    expect(refused.captureStatus).toBe(
      'requirements.txt already exists: it was left as it is.'
    );
  });

  it('asks a custom host whether it is a BinderHub once typing pauses', async () => {
    jest.useFakeTimers();
    try {
      // Given the dialog on mybinder.org, which is not asked
      const asked: string[] = [];
      const m = model({
        probe: async host => {
          asked.push(host);
          return host.includes('typo')
            ? { outcome: 'unreachable', url: `${host}/versions`, detail: 'x' }
            : { outcome: 'binderhub', url: `${host}/versions`, version: '1.2' };
        }
      });
      expect(m.hostCheck).toBeNull();
      // When a custom host is typed key by key
      m.host = 'https://binder.typo';
      m.host = 'https://binder.example.org';
      expect(m.hostCheck).toBe('checking');
      await jest.advanceTimersByTimeAsync(1000);
      // Then only the last one is asked, and its answer is shown
      expect(asked).toEqual(['https://binder.example.org']);
      expect(m.hostCheck).toMatchObject({
        outcome: 'binderhub',
        version: '1.2'
      });
      // And a host set in Settings is asked as soon as the dialog opens
      const fromSettings = model({
        host: 'https://binder.typo',
        probe: async host => ({ outcome: 'unreachable', url: host })
      });
      await jest.advanceTimersByTimeAsync(0);
      expect(fromSettings.hostCheck).toMatchObject({ outcome: 'unreachable' });
      // While going back to mybinder.org clears the check
      m.host = 'https://mybinder.org/';
      expect(m.hostCheck).toBeNull();
      m.dispose();
      fromSettings.dispose();
    } finally {
      jest.useRealTimers();
    }
  });
});
