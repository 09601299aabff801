import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { DownloadsModel } from './model';

/**
 * The user name and password typed in the login dialog.
 */
interface ICredentials {
  username: string;
  password: string;
}

/**
 * The body of the login dialog: an explanation, a link to register, two fields.
 */
class LoginBody extends Widget implements Dialog.IBodyWidget<ICredentials> {
  constructor(trans: TranslationBundle, loginUrl: string, problem: string) {
    super();
    this.addClass('jp-hackweek-DownloadsLogin');
    const intro = document.createElement('p');
    intro.textContent = trans.__(
      'NSIDC data need a free NASA Earthdata Login. Your user name and password are saved on your Jupyter server in ~/.netrc (readable only by you) and are sent only to Earthdata Login.'
    );
    this.node.appendChild(intro);
    if (problem) {
      const error = document.createElement('p');
      error.className = 'jp-hackweek-DownloadsLogin-error';
      error.textContent = problem;
      this.node.appendChild(error);
    }
    const register = document.createElement('a');
    register.href = `${loginUrl}/users/new`;
    register.target = '_blank';
    register.rel = 'noopener noreferrer';
    register.textContent = trans.__('No account yet? Register with Earthdata');
    this.node.appendChild(register);
    this._username = this._field(trans.__('Earthdata user name'), 'text');
    this._password = this._field(trans.__('Password'), 'password');
  }

  getValue(): ICredentials {
    return {
      username: this._username.value.trim(),
      password: this._password.value
    };
  }

  private _field(label: string, type: string): HTMLInputElement {
    const wrapper = document.createElement('label');
    wrapper.className = 'jp-hackweek-DownloadsLogin-field';
    const text = document.createElement('span');
    text.textContent = label;
    const input = document.createElement('input');
    input.type = type;
    input.className = 'jp-mod-styled';
    input.autocomplete = type === 'password' ? 'current-password' : 'username';
    wrapper.append(text, input);
    this.node.appendChild(wrapper);
    return input;
  }

  private _username: HTMLInputElement;
  private _password: HTMLInputElement;
}

/**
 * Ask for an Earthdata user name and password and store them on the server,
 * asking again (with the server's message) until saved or cancelled.
 *
 * @returns whether a credential was saved
 */
export async function showLoginDialog(
  model: DownloadsModel,
  trans: TranslationBundle
): Promise<boolean> {
  const loginUrl = model.login?.login_url ?? 'https://urs.earthdata.nasa.gov';
  let problem = '';
  for (;;) {
    const result = await showDialog<ICredentials>({
      title: trans.__('Log in to NASA Earthdata'),
      body: new LoginBody(trans, loginUrl, problem),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Save login') })
      ],
      focusNodeSelector: 'input'
    });
    if (!result.button.accept || !result.value) {
      return false;
    }
    try {
      await model.saveLogin(result.value.username, result.value.password);
      return true;
    } catch (error) {
      problem = (error as Error).message;
    }
  }
}
