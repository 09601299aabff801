import { nullTranslator } from '@jupyterlab/translation';

import { BinderDialogModel } from '../model';
import { IGitStateReply } from '../types';
import { reply as recorded } from '../../__tests__/replies';

const trans = nullTranslator.load('jupyterlab_hackweek');
/**
 * The recorded state of the demo repository's notebook (git-state.json),
 * moved to `nb/a b.ipynb` (a name to escape), with a fork as a second remote
 * and a tag on HEAD.
 */
function reply(): IGitStateReply {
  const r = recorded('git-state');
  r.path = 'binder-demo/nb/a b.ipynb';
  r.git!.labpath = 'nb/a b.ipynb';
  r.git!.remotes.push({ name: 'fork', url: 'https://gitlab.com/me/sub/repo' });
  r.git!.tags = ['v1.0'];
  return r;
}

const SHA = recorded('git-state').git!.head!;

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
    // what the plugin hands on: the written path of a capture reply
    capture: async () => recorded('binder-environment').path,
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
      `https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/${SHA}?labpath=nb/a%20b.ipynb`
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
    // (the demo repository has binder/requirements.txt; its commit is unpushed)
    expect(m.warnings.map(w => w.id)).toEqual(['unpushed']);
  });

  it('makes an nbgitpuller link on the branch, even when the link is pinned', () => {
    expect(model().pullerLink).toBe(
      'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Ficesat2-hackweek%2Fbinder-demo&branch=main&app=lab&subPath=nb%2Fa%20b.ipynb'
    );
    expect(model({ hubUrl: null }).pullerLink).toBeNull();
  });

  it('takes the hub address typed in the dialog, and says what is missing', () => {
    // Given a server off a hub (no address known) and the GitHub remote
    const m = model({ hubUrl: null });
    expect(m.hub).toBe('');
    // Then the link waits for the hub's address, and says so
    expect(m.pullerLink).toBeNull();
    expect(m.pullerProblem).toBe(
      "Type the hub's address to make the link, e.g. https://hub.example.org/hub/."
    );
    // When something that is not an address is typed, Then the rule is given
    m.hub = 'hub.example.org';
    expect(m.pullerProblem).toBe(
      'The hub address must start with https:// (or http://), e.g. https://hub.example.org/hub/.'
    );
    // When the hub's address is typed, Then the link is made on it
    let changes = 0;
    m.stateChanged.connect(() => changes++);
    m.hub = 'https://hub.cryointhecloud.com/hub';
    m.hub = 'https://hub.cryointhecloud.com/hub';
    expect(changes).toBe(1);
    expect(m.pullerProblem).toBeNull();
    expect(m.pullerLink).toBe(
      'https://hub.cryointhecloud.com/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Ficesat2-hackweek%2Fbinder-demo&branch=main&app=lab&subPath=nb%2Fa%20b.ipynb'
    );
  });

  it('asks for a remote others can clone when the chosen one has none', () => {
    const r = reply();
    r.git!.remotes = [{ name: 'origin', url: null }];
    expect(model({ reply: r }).pullerProblem).toBe(
      'Choose a remote that others can clone: nbgitpuller clones the repository from it.'
    );
  });

  it("says where the nbgitpuller link clones, below the hub's parent path", () => {
    // Given the recorded reply (no NBGITPULLER_PARENTPATH), Then the home itself
    expect(model().pullerFolder).toBe('binder-demo');
    // Given a hub that clones below tutorials/, Then there
    const r = reply();
    r.nbgitpuller_parentpath = 'tutorials';
    expect(model({ reply: r }).pullerFolder).toBe('tutorials/binder-demo');
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
    await m.capture('dockerfile');
    expect(m.captureStatus).toBe(
      'Wrote binder-demo/binder/Dockerfile: commit and push it for Binder to use it.'
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

  it('reads the recorded state of the demo notebook (git-state.json)', () => {
    // Given the server's reply as recorded, When the dialog opens on it
    const m = model({ reply: recorded('git-state') });
    // Then the link is to the upstream remote at the commit, opening the notebook
    expect(m.remote).toBe('origin');
    expect(m.refChoices.map(c => c.kind)).toEqual(['commit', 'branch']);
    expect(m.link).toBe(
      `https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/${SHA}?labpath=analysis.ipynb`
    );
    expect(m.linkProblem).toBeNull();
    // And the one warning is the commit not pushed to origin/main
    expect(m.warnings).toEqual([
      {
        id: 'unpushed',
        message:
          '1 commit is not pushed to origin/main: push it, or the link will not work.'
      }
    ]);
    m.dispose();
  });

  it('explains a notebook outside a repository (git-state-problem.json)', () => {
    // Given the server's reply for a notebook in no repository
    const m = model({ reply: recorded('git-state-problem') });
    // Then there is no link, and the server's words say why
    expect(m.remote).toBeNull();
    expect(m.refChoices).toEqual([]);
    expect(m.link).toBeNull();
    expect(m.warnings).toEqual([
      {
        id: 'problem',
        message:
          'This notebook is not in a git repository: Binder builds from a repository.'
      }
    ]);
    m.dispose();
  });
});
