import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { binderPlugin } from './binder/plugin';
import { handshakePlugin } from './handshake/plugin';
import { sharedPlugin } from './shared/plugin';

/**
 * The suite's plugins: each feature contributes one.
 */
const plugins: JupyterFrontEndPlugin<unknown>[] = [handshakePlugin, sharedPlugin, binderPlugin];

export default plugins;
