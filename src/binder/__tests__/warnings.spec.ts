import { nullTranslator } from '@jupyterlab/translation';

import { IGitStateReply } from '../types';
import { reply as recorded } from '../../__tests__/replies';
import { binderhubUnsafe, binderWarnings, sharedPaths } from '../warnings';

const trans = nullTranslator.load('jupyterlab_hackweek');
/**
 * The demo repository's reply as recorded (git-state.json): committed, one
 * commit ahead of origin/main, binder/requirements.txt.
 */
function demoReply(): IGitStateReply {
  return recorded('git-state');
}

function ids(
  reply: IGitStateReply,
  dirty = false,
  sources: string[] = []
): string[] {
  return binderWarnings({ reply, remote: 'origin', dirty, sources }, trans).map(
    w => w.id
  );
}

describe('binderWarnings', () => {
  it('counts the unpushed commits of the upstream', () => {
    // Given the demo state, When warned, Then exactly the unpushed warning with its count
    const warnings = binderWarnings(
      { reply: demoReply(), remote: 'origin', dirty: false, sources: [] },
      trans
    );
    expect(warnings).toEqual([
      {
        id: 'unpushed',
        message:
          '1 commit is not pushed to origin/main: push it, or the link will not work.'
      }
    ]);
  });

  it('says nothing once pushed and saved', () => {
    const reply = demoReply();
    reply.git!.pushed_to = ['origin/main'];
    reply.git!.ahead = 0;
    expect(ids(reply)).toEqual([]);
  });

  it('warns about unsaved, modified, untracked and missing environment', () => {
    const reply = demoReply();
    reply.git!.pushed_to = ['origin/main'];
    reply.git!.modified = true;
    reply.environment = { folder: '', files: [], problems: [] };
    expect(ids(reply, true)).toEqual(['unsaved', 'modified', 'no-environment']);
    reply.git!.tracked = false;
    expect(ids(reply)).toContain('untracked');
  });

  it('warns about a commit on no remote-tracking ref of a detached HEAD', () => {
    const reply = demoReply();
    Object.assign(reply.git!, {
      branch: null,
      detached: true,
      upstream: null,
      ahead: null
    });
    expect(
      binderWarnings(
        { reply, remote: 'origin', dirty: false, sources: [] },
        trans
      )[0].message
    ).toBe(
      'The current commit is not on "origin" (as far as this server knows): push it, or the link will not work.'
    );
  });

  it('passes on the server problem', () => {
    // Given the recorded reply for a notebook in no repository
    const reply = recorded('git-state-problem');
    expect(
      binderWarnings({ reply, remote: null, dirty: false, sources: [] }, trans)
    ).toEqual([{ id: 'problem', message: reply.problem!.message }]);
    expect(reply.problem!.message).toBe(
      'This notebook is not in a git repository: Binder builds from a repository.'
    );
  });

  it('warns about hub shared data paths', () => {
    const reply = demoReply();
    reply.git!.pushed_to = ['origin/main'];
    const warnings = binderWarnings(
      {
        reply,
        remote: 'origin',
        dirty: false,
        sources: ["h5py.File('/home/jovyan/shared/ATL06/a.h5')"]
      },
      trans
    );
    expect(warnings.map(w => w.id)).toEqual(['shared-data']);
    expect(warnings[0].message).toContain('/home/jovyan/shared/ATL06/a.h5');
  });
});

describe('names BinderHub cannot open', () => {
  it.each([
    ['what?.ipynb', ['?']],
    ['notes/#1.ipynb', ['#']],
    ['week%201/a.ipynb', ['%20']],
    ['a%2Fb%2f?.ipynb', ['%2F', '%2f', '?']],
    ['plain name (1) é.ipynb', []],
    ['100%.ipynb', []]
  ])('%s → %j', (path, found) => {
    expect(binderhubUnsafe(path)).toEqual(found);
  });

  it('warns with the name and the characters to rename', () => {
    // Given the demo notebook renamed "what?.ipynb" (committed and pushed)
    const reply = demoReply();
    reply.git!.labpath = 'what?.ipynb';
    const warning = binderWarnings(
      { reply, remote: 'origin', dirty: false, sources: [] },
      trans
    ).find(w => w.id === 'labpath');
    // Then the dialog says BinderHub cannot open it, and what to rename
    expect(warning?.message).toBe(
      'BinderHub and nbgitpuller cannot open what?.ipynb: their pages rebuild the path, and "?" in a name changes it. Rename the notebook (or its folders) without them; the links will then open it.'
    );
    // And a safe name has no such warning
    expect(ids(demoReply())).not.toContain('labpath');
  });
});

describe('sharedPaths', () => {
  it('finds ~/shared and /home/jovyan/shared paths, not look-alikes', () => {
    expect(
      sharedPaths([
        'open("~/shared/data.csv")\nx = "/home/jovyan/shared-public/y"',
        'Path("/home/jovyan/sharedstuff")  # not a shared mount',
        'p = "~/shared/data.csv"'
      ])
    ).toEqual(['~/shared/data.csv', '/home/jovyan/shared-public/y']);
  });

  it('warns that an nbgitpuller copy links the tutorial, not the edits', () => {
    // Given the repository flagged as an nbgitpuller clone
    const reply = demoReply();
    reply.git!.nbgitpuller = true;
    reply.git!.root_name = 'tutorial';
    // When the link uses origin, Then the warning names the folder and says why
    const warnings = binderWarnings(
      { reply, remote: 'origin', dirty: false, sources: [] },
      trans
    );
    const puller = warnings.find(w => w.id === 'nbgitpuller');
    expect(puller?.message).toContain('tutorial looks like a copy');
    expect(puller?.message).toContain('your edits will not be in this link');
    // And once the user picks their own remote (a fork), it goes away
    reply.git!.remotes.push({ name: 'fork', url: 'https://github.com/me/t' });
    expect(
      binderWarnings(
        { reply, remote: 'fork', dirty: false, sources: [] },
        trans
      ).map(w => w.id)
    ).not.toContain('nbgitpuller');
  });
});
