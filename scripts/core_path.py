"""Print the folder holding the installed JupyterLab's core metadata.

`build-labextension` needs it to build against the JupyterLab that is
installed (4.6), rather than the one `@jupyterlab/builder` was published with.
"""

import os

import jupyterlab

print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))
