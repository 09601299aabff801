import {
  badges,
  binderUrl,
  escapePath,
  IBinderSource,
  nbgitpullerFolder,
  nbgitpullerUrl,
  normaliseHost,
  normaliseRemote,
  sourceFromRemote,
  zenodoUrl
} from '../url';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const MYBINDER = 'https://mybinder.org';

function source(remote: string): IBinderSource {
  const found = sourceFromRemote(remote);
  if (!found) {
    throw new Error(`no source for ${remote}`);
  }
  return found;
}

describe('normaliseRemote', () => {
  it.each([
    ['git@github.com:o/r.git', 'https://github.com/o/r'],
    ['ssh://git@GitHub.com:22/o/r.git/', 'https://github.com/o/r'],
    ['https://u:ghp_x@github.com/o/r.git', 'https://github.com/o/r'],
    ['https://ghp_x@github.com/o/r', 'https://github.com/o/r'],
    [
      'https://oauth2:glpat-x@GitLab.com/g/sub/p.git?x=1#f',
      'https://gitlab.com/g/sub/p'
    ],
    [
      'git@gist.github.com:alice/abc123.git',
      'https://gist.github.com/alice/abc123'
    ],
    // plain git servers keep the URL as cloned: scheme, port, `.git`
    ['https://codeberg.org:8443/o/r', 'https://codeberg.org:8443/o/r'],
    [
      'http://u:pw@Git.Example.org:8080/o/r.git/?a=1#b',
      'http://git.example.org:8080/o/r.git'
    ],
    ['http://git.example.org:80/r.git', 'http://git.example.org/r.git'],
    ['https://[::1]:8443/srv/r.git', 'https://[::1]:8443/srv/r.git'],
    ['git://git.example.org:9418/r.git', 'git://git.example.org/r.git'],
    // ssh needs a key: the forge convention, https at the ssh path (.git as written)
    [
      'git@gitea.example.org:team/r.git',
      'https://gitea.example.org/team/r.git'
    ],
    [
      'ssh://git@gitea.example.org:2222/team/r',
      'https://gitea.example.org/team/r'
    ],
    ['git@git.sr.ht:~me/r', 'https://git.sr.ht/~me/r'],
    // an scp-form absolute path is a folder on an ssh-only server
    ['me@server.example.org:/srv/git/r.git', null],
    ['/srv/repos/r.git', null],
    ['file:///srv/r.git', null],
    ['../bare.git', null],
    ['C:\\repos\\r', null]
  ])('%s → %s', (remote, expected) => {
    // Given a remote as git stores it, When normalised, Then the anonymous clone URL without user info
    expect(normaliseRemote(remote)).toBe(expected);
  });
});

describe('binderUrl', () => {
  it.each([
    // provider gh, the examples of the notes
    [
      'https://github.com/binder-examples/requirements.git',
      'HEAD',
      undefined,
      'https://mybinder.org/v2/gh/binder-examples/requirements/HEAD'
    ],
    [
      'git@github.com:icesat2-hackweek/binder-demo.git',
      SHA,
      'analysis.ipynb',
      `https://mybinder.org/v2/gh/icesat2-hackweek/binder-demo/${SHA}?labpath=analysis.ipynb`
    ],
    // refs with slashes keep them; other characters are escaped
    [
      'https://github.com/o/r',
      'feature/v1.2#3',
      'nb/a.ipynb',
      'https://mybinder.org/v2/gh/o/r/feature/v1.2%233?labpath=nb/a.ipynb'
    ],
    // GitLab subgroups: one escaped segment
    [
      'https://gitlab.com/group/sub/proj.git',
      'main',
      undefined,
      'https://mybinder.org/v2/gl/group%2Fsub%2Fproj/main'
    ],
    [
      'git@gitlab.com:group/sub/deeper/proj.git',
      'release/2024',
      undefined,
      'https://mybinder.org/v2/gl/group%2Fsub%2Fdeeper%2Fproj/release/2024'
    ],
    // any other host: the clone URL as cloned (scheme, `.git`), as one escaped
    // segment (no `%3A//` half-escaping)
    [
      'https://codeberg.org/o/r.git',
      SHA,
      undefined,
      `https://mybinder.org/v2/git/https%3A%2F%2Fcodeberg.org%2Fo%2Fr.git/${SHA}`
    ],
    [
      'http://git.example.org:8080/r',
      'main',
      undefined,
      'https://mybinder.org/v2/git/http%3A%2F%2Fgit.example.org%3A8080%2Fr/main'
    ],
    [
      'git@gitlab.example.edu:team/proj.git',
      'main',
      'a.ipynb',
      'https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.example.edu%2Fteam%2Fproj.git/main?labpath=a.ipynb'
    ],
    // gists: user/id, then a SHA only
    [
      'https://gist.github.com/alice/abc123.git',
      SHA,
      undefined,
      `https://mybinder.org/v2/gist/alice/abc123/${SHA}`
    ],
    [
      'https://gist.github.com/alice/abc123',
      'main',
      undefined,
      'https://mybinder.org/v2/gist/alice/abc123'
    ],
    // a gist clone URL without its owner goes through the generic git provider
    [
      'https://gist.github.com/abc123.git',
      'main',
      undefined,
      'https://mybinder.org/v2/git/https%3A%2F%2Fgist.github.com%2Fabc123/main'
    ],
    // paths with spaces, non-ASCII letters, & # ? + ( )
    [
      'https://github.com/o/r',
      'main',
      'notebooks/Glacier café (v2)/a&b #1?.ipynb',
      'https://mybinder.org/v2/gh/o/r/main?labpath=notebooks/Glacier%20caf%C3%A9%20%28v2%29/a%26b%20%231%3F.ipynb'
    ]
  ])('%s @ %s, %s', (remote, ref, labpath, expected) => {
    // Given a remote, a ref and a notebook path, When the link is built, Then BinderHub's form
    expect(binderUrl(MYBINDER, source(remote), ref, labpath)).toBe(expected);
  });

  it('joins hosts with a path prefix without a double slash', () => {
    // Given a BinderHub below a prefix, with or without a trailing slash
    for (const host of [
      'https://binder.example.org/hub',
      'https://binder.example.org/hub//'
    ]) {
      // When a link is built, Then one slash before v2
      expect(binderUrl(host, source('https://github.com/o/r'), 'main')).toBe(
        'https://binder.example.org/hub/v2/gh/o/r/main'
      );
    }
  });

  it('refuses a host that is not http(s)', () => {
    expect(
      binderUrl('javascript:alert(1)', source('https://github.com/o/r'), 'main')
    ).toBeNull();
    expect(normaliseHost('mybinder.org')).toBeNull();
  });

  it('is null for a local remote', () => {
    expect(sourceFromRemote('/srv/repos/r.git')).toBeNull();
  });
});

describe('zenodoUrl', () => {
  it('keeps the DOI unescaped, with or without a doi.org prefix', () => {
    expect(zenodoUrl(MYBINDER, '10.5281/zenodo.3242074')).toBe(
      'https://mybinder.org/v2/zenodo/10.5281/zenodo.3242074/'
    );
    expect(
      zenodoUrl(MYBINDER, 'https://doi.org/10.5281/zenodo.3242074', 'a b.ipynb')
    ).toBe(
      'https://mybinder.org/v2/zenodo/10.5281/zenodo.3242074/?labpath=a%20b.ipynb'
    );
  });

  it('refuses something that is not a DOI', () => {
    expect(zenodoUrl(MYBINDER, 'zenodo 3242074')).toBeNull();
    expect(zenodoUrl(MYBINDER, '10.5281/x?y=1')).toBeNull();
  });
});

describe('badges', () => {
  const url = 'https://mybinder.org/v2/gh/o/r/main?labpath=a%26b.ipynb';

  it('writes Markdown, reStructuredText and escaped HTML', () => {
    const result = badges(MYBINDER, url);
    expect(result.markdown).toBe(
      `[![Binder](https://mybinder.org/badge_logo.svg)](${url})`
    );
    expect(result.rst).toBe(
      `.. image:: https://mybinder.org/badge_logo.svg\n   :target: ${url}\n   :alt: Binder`
    );
    expect(result.html).toBe(
      `<a href="${url}"><img src="https://mybinder.org/badge_logo.svg" alt="Launch Binder"></a>`
    );
  });

  it('escapes quotes and ampersands in HTML attributes', () => {
    expect(
      badges(MYBINDER, 'https://x/"><svg onload=alert(1)>&').html
    ).toContain('href="https://x/&quot;&gt;&lt;svg onload=alert(1)&gt;&amp;"');
  });
});

describe('nbgitpullerUrl', () => {
  it('lets nbgitpuller build the lab path from app=lab and subPath, with the branch', () => {
    expect(
      nbgitpullerUrl(
        'https://hub.cryointhecloud.com/hub/',
        'git@github.com:icesat2-hackweek/binder-demo.git',
        'main',
        'notebooks/Ice café.ipynb'
      )
    ).toBe(
      'https://hub.cryointhecloud.com/hub/user-redirect/git-pull' +
        '?repo=https%3A%2F%2Fgithub.com%2Ficesat2-hackweek%2Fbinder-demo' +
        '&branch=main' +
        '&app=lab&subPath=notebooks%2FIce%20caf%C3%A9.ipynb'
    );
  });

  it('leaves out a SHA, which nbgitpuller does not take as a branch', () => {
    expect(
      nbgitpullerUrl(
        'https://hub.example.org/hub',
        'https://github.com/o/r',
        SHA,
        'a.ipynb'
      )
    ).toBe(
      'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr&app=lab&subPath=a.ipynb'
    );
  });

  it('hands a plain git server its URL as cloned', () => {
    expect(
      nbgitpullerUrl(
        'https://hub.example.org/hub/',
        'http://u:pw@git.example.org:8080/r.git',
        'main',
        'a.ipynb'
      )
    ).toBe(
      'https://hub.example.org/hub/user-redirect/git-pull?repo=http%3A%2F%2Fgit.example.org%3A8080%2Fr.git&branch=main&app=lab&subPath=a.ipynb'
    );
  });
});

describe('nbgitpullerFolder', () => {
  it.each([
    ['https://github.com/o/binder-demo', '', 'binder-demo'],
    ['https://github.com/o/binder-demo', 'tutorials/', 'tutorials/binder-demo'],
    ['http://git.example.org/r.git', '/course/week1', 'course/week1/r.git'],
    ['/srv/r.git', 'tutorials', null]
  ])('%s below %j → %s', (repo, parent, folder) => {
    // nbgitpuller's default target: the clone URL's last segment, .git included
    expect(nbgitpullerFolder(repo, parent)).toBe(folder);
  });
});

describe('credentials', () => {
  it('never lets a token from the remote into any output', () => {
    // Given a remote carrying a personal access token
    const remote = 'https://u:ghp_x@github.com/o/r.git';
    const src = source(remote);
    const link = binderUrl(MYBINDER, src, 'main', 'a.ipynb') as string;
    // When every output is built, Then none contains the token or the user
    const outputs = [
      normaliseRemote(remote),
      JSON.stringify(src),
      link,
      ...Object.values(badges(MYBINDER, link)),
      nbgitpullerUrl('https://hub.example.org/hub/', remote, 'main', 'a.ipynb'),
      binderUrl('https://u:ghp_x@mybinder.org', src, 'main')
    ];
    for (const output of outputs) {
      expect(output).not.toContain('ghp_x');
      expect(output).not.toContain('u:');
    }
    expect(link).toBe('https://mybinder.org/v2/gh/o/r/main?labpath=a.ipynb');
  });
});

describe('escapePath', () => {
  it('keeps slashes and escapes the rest', () => {
    expect(escapePath('a b/ü/c+d=e')).toBe('a%20b/%C3%BC/c%2Bd%3De');
  });
});
