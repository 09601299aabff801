"""The links of the Binder dialog, run by the clients that open them.

- BinderHub's own JavaScript client (npm ``@jupyterhub/binderhub-client``,
  through ``binder_clients.mjs``): the build spec and build URL its page hands
  over, and the server URL a launch is sent to (``LaunchSpec``).
- repo2docker's git content provider (PyPI ``jupyter-repo2docker``, the clone
  a BinderHub build runs) clones the ``git`` provider's repository at the ref
  from a git server on loopback HTTP and HTTPS (``git http-backend``).
- nbgitpuller's handler (PyPI ``nbgitpuller``) in a real ``jupyter server``:
  the link's page, its event stream to the end, and the lab URL the page sends
  the browser to, with and without ``NBGITPULLER_PARENTPATH``.

Each case goes through the server's ``normalise_remote`` (the git-state reply)
and then the front end's ``src/binder/url.ts`` unchanged. A link opens the
notebook, or the dialog warns that it cannot; no credential of a remote
appears in anything the dialog shows. Run with ``-rP`` to see each case's
client, input, what the panel made and what the client understood.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import ssl
import subprocess
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

import pytest
import trustme
from repo2docker.contentproviders.git import Git
from tornado.httpclient import AsyncHTTPClient

from jupyterlab_hackweek.binder.remotes import normalise_remote
from jupyterlab_hackweek.tests.conftest import server_config
from jupyterlab_hackweek.tests.fixture_repos import commit_file, git, init_repo, notebook_json

#: Neither the git program nor libgit2 reads the machine's own configuration; and
#: nbgitpuller's static files (its page's script) are served without auth, which
#: this suite makes an error (tests/test_routes.py): allowed for those two
#: endpoints only, so nbgitpuller loads as on a hub.
pytestmark = [
    pytest.mark.usefixtures("isolated_git_config"),
    pytest.mark.filterwarnings(
        r"ignore"
        r":(?s)Extension endpoints without[^\n]*(\n- (GET|HEAD) of StaticFileHandler "
        r"registered for [^\n]*/git-pull/static/[^\n]*)+\Z"
        r":jupyter_server.utils.JupyterServerAuthWarning"
    ),
]

BINDERHUB = "https://mybinder.org"
HUB = "https://hub.example.org/hub/"
SCRIPT = Path(__file__).with_name("binder_clients.mjs")
#: Every credential planted in a remote below: none may reach anything the dialog shows.
SECRETS = ("ghp_SECRET", "ghs_SECRET", "glpat_SECRET", "ci_SECRET", "pw_SECRET", "tok_SECRET")

#: The notebooks of the served repository (safe names, then names the dialog warns about).
NOTEBOOKS = (
    "analysis.ipynb",
    "nb/a b.ipynb",
    "notes/café ü.ipynb",
    "a&b+c.ipynb",
    "Ice sheets/Über (v2).ipynb",
    "A.ipynb",
    "what?.ipynb",
    "#1.ipynb",
    "%41.ipynb",
)


@dataclass(frozen=True)
class Case:
    """A remote as git stores it, the version chosen and the notebook."""

    remote: str
    ref: str
    labpath: str
    provider: str
    #: What the panel names the repository (after ``GitHub: ``, ``git: ``…).
    repo: str
    #: Served on loopback: cloned for real by repo2docker and nbgitpuller.
    served: bool = False


SHA = "<sha>"  # the served repository's HEAD commit on main

CASES = [
    # GitHub: https, scp and ssh forms, credentials, refs with slashes, tags, SHAs
    Case("https://github.com/icesat2-hackweek/binder-demo.git", "main", "analysis.ipynb", "gh",
         "icesat2-hackweek/binder-demo"),
    Case("git@github.com:o/r.git", "0123456789abcdef0123456789abcdef01234567", "nb/a b.ipynb",
         "gh", "o/r"),
    Case("ssh://git@GitHub.com:22/o/r", "feature/x-1", "notes/café ü.ipynb", "gh", "o/r"),
    Case("https://u:ghp_SECRET@github.com/o/r.git", "v1.0", "a&b+c.ipynb", "gh", "o/r"),
    Case("https://x-access-token:ghs_SECRET@github.com/o/r/", "main", "100%.ipynb", "gh", "o/r"),
    Case("https://github.com/o/r", "main", "what?.ipynb", "gh", "o/r"),
    Case("https://github.com/o/r", "main", "notes/#1.ipynb", "gh", "o/r"),
    Case("https://github.com/o/r", "main", "%41.ipynb", "gh", "o/r"),
    # GitLab with subgroups
    Case("https://gitlab.com/group/sub/proj.git", "main", "a.ipynb", "gl", "group/sub/proj"),
    Case("git@gitlab.com:group/sub/deeper/proj.git", "release/2024", "nb/x.ipynb", "gl",
         "group/sub/deeper/proj"),
    Case("https://oauth2:glpat_SECRET@gitlab.com/g/p.git?private_token=glpat_SECRET#f",
         "0123456789abcdef0123456789abcdef01234567", "a.ipynb", "gl", "g/p"),
    Case("https://gitlab-ci-token:ci_SECRET@gitlab.com/g/s/p", "v1.0",
         "Ice sheets/Über (v2).ipynb", "gl", "g/s/p"),
    # gists: user/id, pinned by SHA only
    Case("https://gist.github.com/alice/abc123.git", "0123456789abcdef0123456789abcdef01234567",
         "a.ipynb", "gist", "alice/abc123"),
    Case("git@gist.github.com:alice/abc123.git", "main", "a.ipynb", "gist", "alice/abc123"),
    # plain git servers elsewhere: the URL as cloned
    Case("https://codeberg.org/o/r.git", "main", "a.ipynb", "git", "https://codeberg.org/o/r.git"),
    Case("http://git.example.org:8080/o/r", "feature/x-1", "a.ipynb", "git",
         "http://git.example.org:8080/o/r"),
    Case("git@gitea.example.org:team/r.git", "v1.0", "a.ipynb", "git",
         "https://gitea.example.org/team/r.git"),
    Case("ssh://git@gitea.example.org:2222/team/r", "main", "a.ipynb", "git",
         "https://gitea.example.org/team/r"),
    Case("git://git.example.org/r.git", "main", "a.ipynb", "git", "git://git.example.org/r.git"),
    Case("https://me:pw_SECRET@git.example.org/r.git?private_token=tok_SECRET#frag", "main",
         "a.ipynb", "git", "https://git.example.org/r.git"),
    # a plain git server on loopback, cloned for real
    Case("http://{http}/demo.git", "main", "analysis.ipynb", "git", "http://{http}/demo.git",
         served=True),
    Case("http://{http}/demo", "main", "analysis.ipynb", "git", "http://{http}/demo", served=True),
    Case("http://me:pw_SECRET@{http}/demo.git", "feature/x-1", "nb/a b.ipynb", "git",
         "http://{http}/demo.git", served=True),
    Case("http://{http}/demo.git", "v1.0", "notes/café ü.ipynb", "git", "http://{http}/demo.git",
         served=True),
    Case("http://{http}/demo.git", SHA, "a&b+c.ipynb", "git", "http://{http}/demo.git",
         served=True),
    Case("http://{http}/demo.git/", "main", "Ice sheets/Über (v2).ipynb", "git",
         "http://{http}/demo.git", served=True),
    Case("https://{https}/demo.git", "main", "analysis.ipynb", "git", "https://{https}/demo.git",
         served=True),
    Case("https://tok:tok_SECRET@{https}/demo?x=1#y", "feature/x-1", "nb/a b.ipynb", "git",
         "https://{https}/demo", served=True),
    Case("http://{http}/demo.git", "main", "what?.ipynb", "git", "http://{http}/demo.git",
         served=True),
    Case("http://{http}/demo.git", "main", "#1.ipynb", "git", "http://{http}/demo.git",
         served=True),
    Case("http://{http}/demo.git", "main", "%41.ipynb", "git", "http://{http}/demo.git",
         served=True),
]  # fmt: skip


@dataclass
class GitServer:
    """The served repository: its loopback addresses, CA and the commit of each ref."""

    http: str
    https: str
    ca_file: Path
    refs: dict[str, str]

    def fill(self, text: str) -> str:
        return text.replace("{http}", self.http).replace("{https}", self.https)


class _GitHandler(BaseHTTPRequestHandler):
    """git's smart HTTP protocol on loopback: each request is handed to ``git http-backend``
    (CGI), as a plain git server does; nbgitpuller's shallow clones need it."""

    root: Path

    def do_GET(self):  # noqa: N802 - the base class's name
        self._backend(b"")

    def do_POST(self):  # noqa: N802 - the base class's name
        self._backend(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def _backend(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
        }
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        done = subprocess.run(  # noqa: S603
            ["git", "http-backend"], input=body, env=env, capture_output=True, timeout=60
        )
        head, _, payload = done.stdout.partition(b"\r\n\r\n")
        headers = [line.split(":", 1) for line in head.decode().split("\r\n") if ":" in line]
        status = next((v.strip() for k, v in headers if k.lower() == "status"), "200 OK")
        self.send_response(int(status.split()[0]))
        for key, value in headers:
            if key.lower() != "status":
                self.send_header(key, value.strip())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def _serve(folder: Path, context: ssl.SSLContext | None) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_GitHandler,), {"root": folder})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if context:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def git_server(tmp_path_factory):
    """A repository with every notebook of ``NOTEBOOKS``, a branch with a slash and a tag,
    served bare as ``demo.git`` and as ``demo`` by ``git http-backend`` over http and
    https (a test CA) on loopback."""
    root = tmp_path_factory.mktemp("git-server")
    source = init_repo(root / "source")
    for name in NOTEBOOKS:
        commit_file(source, name, notebook_json(f"print({name!r})\n"), f"Add {name}")
    git(source, "tag", "v1.0")
    git(source, "checkout", "-q", "-b", "feature/x-1")
    commit_file(source, "nb/a b.ipynb", notebook_json("print('feature')\n"), "On the feature")
    git(source, "checkout", "-q", "main")
    served = root / "served"
    for name in ("demo.git", "demo"):
        git(root, "clone", "-q", "--bare", str(source), str(served / name))
    refs = {
        ref: git(source, "rev-parse", f"{ref}^{{commit}}")
        for ref in ("main", "feature/x-1", "v1.0")
    }
    refs[SHA] = refs["main"]
    ca = trustme.CA()
    ca_file = root / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    plain, http_host = _serve(served, None)
    secure, https_host = _serve(served, context)
    yield GitServer(http_host, https_host, ca_file, refs)
    for server in (plain, secure):
        server.shutdown()
        server.server_close()


def _ref(case: Case, server: GitServer) -> str:
    return server.refs[SHA] if case.ref == SHA else case.ref


def _inputs(case: Case, server: GitServer, parent_path: str = "") -> dict:
    """The dialog's inputs for a case: the remote as the git-state reply gives it."""
    ref = _ref(case, server)
    return {
        "remote": normalise_remote(server.fill(case.remote)),
        "ref": ref,
        # the nbgitpuller link takes the branch when the Binder link is pinned to a commit
        "branch": "main" if re.fullmatch(r"[0-9a-f]{40}", ref) else ref,
        "labpath": case.labpath,
        "binderhub": BINDERHUB,
        "hub": HUB,
        "parentPath": parent_path,
    }


def run_clients(inputs: list[dict]) -> tuple[str, list[dict]]:
    """What the dialog makes of each input, and what BinderHub's JavaScript client understands."""
    node = shutil.which("node")
    assert node, "node is needed for BinderHub's JavaScript client"
    done = subprocess.run(  # noqa: S603
        [node, str(SCRIPT)],
        input=json.dumps(inputs),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    reply = json.loads(done.stdout)
    return reply["server"], reply["results"]


PARENT_PATHS = ("", "tutorials/week 1")


@pytest.fixture(scope="module")
def made(git_server):
    """What the dialog and BinderHub's client make of every case, with and without a parent
    path (one node run): ``(server URL, {(case, parent path): result})``."""
    keys = [(case, parent) for case in CASES for parent in PARENT_PATHS]
    server_url, results = run_clients([_inputs(c, git_server, p) for c, p in keys])
    return server_url, dict(zip(keys, results, strict=True))


def _spec_parts(build_url: str) -> tuple[str, str, str | None]:
    """Provider, repository and ref of a build URL ``…/build/<provider>/<spec>``, read by
    BinderHub's documented spec forms: ``gh`` owner/repo/ref, ``gl`` and ``git`` one escaped
    segment then the ref, ``gist`` user/id[/sha]."""
    spec = urlsplit(build_url).path.split("/build/", 1)[1]
    provider, rest = spec.split("/", 1)
    segments = rest.split("/")
    if provider in ("gh", "gist"):
        repo, ref = "/".join(segments[:2]), "/".join(segments[2:]) or None
    else:
        repo, ref = segments[0], "/".join(segments[1:]) or None
    return provider, unquote(repo), unquote(ref) if ref else None


def _launched_file(redirect: str, server_url: str) -> str | None:
    """The file a launched server opens at ``redirect`` (``doc/tree/<path>``), as a
    browser sends the URL and the server decodes it."""
    parts = urlsplit(redirect)
    prefix = urlsplit(server_url).path + "doc/tree/"
    if not parts.path.startswith(prefix):
        return None
    return unquote(parts.path[len(prefix) :])


def _show(client: str, inputs: dict, made, understood) -> None:
    print(f"\n[{client}]\n  input:      {json.dumps(inputs, ensure_ascii=False)}")
    print(f"  panel:      {json.dumps(made, ensure_ascii=False)}")
    print(f"  understood: {json.dumps(understood, ensure_ascii=False)}")


def _no_secret(*texts: str | None) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in (text or ""), f"a credential reached {text!r}"


def test_the_table_has_the_cases_asked_for():
    # At least 30 remotes/refs/paths, a third of them cloned for real
    assert len(CASES) >= 30
    assert sum(case.served for case in CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.remote} @{c.ref} {c.labpath}")
def test_binderhub_client_reads_the_binder_link_as_the_panel_showed(git_server, made, case):
    # Given a remote, a version and a notebook as the dialog shows them
    inputs = _inputs(case, git_server)
    server_url, results = made
    result = results[case, ""]
    panel, client = result["panel"], result["binderhub"]
    provider, repo, ref = _spec_parts(client["buildUrl"])
    opened = _launched_file(client["redirect"], server_url)
    _show(
        "@jupyterhub/binderhub-client",
        inputs,
        {"label": panel["label"], "binder": panel["binder"], "warned": panel["unsafe"]},
        {"buildUrl": client["buildUrl"], "provider": provider, "repo": repo, "ref": ref,
         "launch": client["redirect"], "opens": opened},
    )  # fmt: skip
    # Then BinderHub's client builds the provider and repository the panel named
    assert provider == case.provider == panel["provider"]
    assert repo == git_server.fill(case.repo)
    assert panel["label"].endswith(repo)
    # And the version chosen (a gist takes a commit only: else its default)
    wanted = inputs["ref"]
    assert ref == (
        None if provider == "gist" and not re.fullmatch("[0-9a-f]{40}", wanted) else wanted
    )
    # And the launch opens the notebook, unless the panel warned that it cannot
    assert opened == case.labpath or panel["unsafe"], opened
    # And no credential of the remote is in anything the dialog shows
    _no_secret(
        panel["label"], panel["binder"], panel["puller"], panel["folder"], client["buildUrl"]
    )


SERVED = [case for case in CASES if case.served]


@pytest.mark.parametrize("case", SERVED, ids=lambda c: f"{c.remote} @{c.ref} {c.labpath}")
def test_repo2docker_clones_what_binderhub_builds(git_server, made, case, tmp_path, monkeypatch):
    # Given the git server's CA trusted by git, and the build URL BinderHub's client calls
    monkeypatch.setenv("GIT_SSL_CAINFO", str(git_server.ca_file))
    inputs = _inputs(case, git_server)
    result = made[1][case, ""]
    provider, repo, ref = _spec_parts(result["binderhub"]["buildUrl"])
    # When repo2docker's git provider fetches that repository at that ref
    checkout = tmp_path / "checkout"
    for _ in Git().fetch({"repo": repo, "ref": ref}, str(checkout)):
        pass
    head = git(checkout, "rev-parse", "HEAD")
    _show("repo2docker Git", inputs, {"binder": result["panel"]["binder"]},
          {"repo": repo, "ref": ref, "head": head})  # fmt: skip
    # Then it has the commit the panel chose, with the notebook in it
    assert provider == "git"
    assert head == git_server.refs[case.ref]
    assert (checkout / case.labpath).is_file()


@pytest.fixture
def jp_server_config():
    return server_config(
        {"jpserver_extensions": {"jupyterlab_hackweek": True, "nbgitpuller": True}}
    )


async def _pull(jp_serverapp, jp_base_url, jp_http_port, jp_auth_header, link: str):
    """Open an nbgitpuller link as a browser would, through the hub's user-redirect to this
    server: its page, then the event stream its script reads; return the page's data and
    the last event."""
    assert link.startswith(HUB + "user-redirect/")
    local = f"http://localhost:{jp_http_port}{jp_base_url}{link[len(HUB + 'user-redirect/') :]}"
    client = AsyncHTTPClient()
    page = await client.fetch(local, headers=jp_auth_header)
    data = {
        key: unquote(html.unescape(value))
        for key, value in re.findall(r'data-([a-z-]+)="([^"]*)"', page.body.decode())
    }
    # the page's script (gitsync.js): GET git-pull/api?repo&targetpath&branch, an event stream
    query = {"repo": data["repo"], "targetpath": data["targetpath"]}
    if "branch" in data:
        query["branch"] = data["branch"]
    stream = await client.fetch(
        f"http://localhost:{jp_http_port}{jp_base_url}git-pull/api?{urlencode(query)}",
        headers=jp_auth_header,
        request_timeout=60,
    )
    events = [
        json.loads(line[len("data: ") :])
        for line in stream.body.decode().splitlines()
        if line.startswith("data: ")
    ]
    return data, events[-1]


@pytest.mark.parametrize("parent_path", PARENT_PATHS, ids=["home", "parentpath"])
@pytest.mark.parametrize("case", SERVED, ids=lambda c: f"{c.remote} @{c.ref} {c.labpath}")
async def test_nbgitpuller_clones_and_opens_the_notebook(
    git_server,
    made,
    case,
    parent_path,
    monkeypatch,
    jp_serverapp,
    jp_base_url,
    jp_http_port,
    jp_auth_header,
    jp_root_dir,
    jp_fetch,
):
    # Given a hub whose servers set NBGITPULLER_PARENTPATH (or not), trusting the git server
    monkeypatch.setenv("GIT_SSL_CAINFO", str(git_server.ca_file))
    if parent_path:
        monkeypatch.setenv("NBGITPULLER_PARENTPATH", parent_path)
    else:
        monkeypatch.delenv("NBGITPULLER_PARENTPATH", raising=False)
    inputs = _inputs(case, git_server, parent_path)
    panel = made[1][case, parent_path]["panel"]
    # When the dialog's nbgitpuller link is opened and its page's sync runs to the end
    data, last = await _pull(
        jp_serverapp, jp_base_url, jp_http_port, jp_auth_header, panel["puller"]
    )
    # (the page then sends the browser to its base URL + path, unescaped: gitsync.js)
    redirect = f"{jp_base_url}{data['path']}"
    parts = urlsplit(redirect)
    lab_tree = f"{jp_base_url}lab/tree/"
    opened = (
        unquote(parts.path)[len(lab_tree) :] if unquote(parts.path).startswith(lab_tree) else None
    )
    _show("nbgitpuller", inputs, {"puller": panel["puller"], "folder": panel["folder"],
          "warned": panel["unsafe"]},
          {"repo": data["repo"], "branch": data.get("branch"), "targetpath": data["targetpath"],
           "phase": last["phase"], "redirect": redirect, "opens": opened})  # fmt: skip
    # Then the clone is made from the URL the panel showed, on the branch chosen
    assert last["phase"] == "finished", last
    assert data["repo"] == git_server.fill(case.repo)
    clone = jp_root_dir / panel["folder"]
    assert git(clone, "rev-parse", "HEAD") == git_server.refs[inputs["branch"]]
    assert (clone / case.labpath).is_file()
    _no_secret(*data.values())
    # And the lab URL opens the notebook in the folder the dialog named, unless it warned
    expected = f"{panel['folder']}/{case.labpath}"
    reaches = opened == expected and not parts.query and not parts.fragment
    assert reaches or panel["unsafe"], redirect
    if not panel["unsafe"]:
        response = await jp_fetch("api", "contents", *expected.split("/"), params={"content": "0"})
        assert json.loads(response.body)["type"] == "notebook"
