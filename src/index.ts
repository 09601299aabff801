import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { handshakePlugin } from './handshake/plugin';

/**
 * The suite's plugins: each feature contributes one.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [handshakePlugin];

export default plugins;
