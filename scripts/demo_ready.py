"""Wait for the demo's JupyterLab (its process id) and print its URL and the demo's
Earthdata account, as the fake Earthdata Login defines it (scripts/demo.sh)."""

import inspect
import json
import os
import subprocess
import sys
import time

from jupyterlab_hackweek.tests.fake_earthdata import FakeEarthdata

pid, log = int(sys.argv[1]), sys.argv[2]
deadline = time.monotonic() + 300
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(f"JupyterLab stopped; see {log}")
    listed = subprocess.run(
        ["jupyter", "server", "list", "--json"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    servers = [s for s in map(json.loads, filter(None, listed)) if s.get("pid") == pid]
    if servers:
        break
    if time.monotonic() > deadline:
        sys.exit(f"JupyterLab did not start in 5 minutes; see {log}")
    time.sleep(0.5)
server = servers[0]
account = inspect.signature(FakeEarthdata).parameters
print(
    f"""
  JupyterLab with the suite: {server["url"]}lab?token={server["token"]}
  Demo Earthdata Login (the fake on loopback; asked for on the first download):
    user name: {account["username"].default}
    password:  {account["password"].default}
  Demo folder: {server["root_dir"]}   (Ctrl-C stops the demo)
""",
    flush=True,
)
