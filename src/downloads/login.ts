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
  constructor(
    trans: TranslationBundle,
    loginUrl: string,
    problem: string,
    typed: ICredentials
  ) {
    super(); // a <form>, so that password managers offer to save the login
    this.addClass('jp-hackweek-DownloadsLogin');
    const intro = document.createElement('p');
    intro.textContent = trans.__(
      'NSIDC data need a free NASA Earthdata Login. Your user name and password are saved on your Jupyter server in ~/.netrc (readable only by you) and are sent only to Earthdata Login.'
    );
    this.node.appendChild(intro);
    if (problem) {
      const error = document.createElement('p');
      error.className = 'jp-hackweek-DownloadsLogin-error';
      error.setAttribute('role', 'alert');
      error.textContent = problem;
      this.node.appendChild(error);
    }
    const register = document.createElement('a');
    register.href = `${loginUrl}/users/new`;
    register.target = '_blank';
    register.rel = 'noopener noreferrer';
    register.textContent = trans.__('No account yet? Register with Earthdata');
    this.node.appendChild(register);
    this._form.method = 'post';
    this._form.action = '#';
    // Enter is the dialog's (Save login); the form is never sent by the page
    this._form.addEventListener('submit', event => event.preventDefault());
    this.node.appendChild(this._form);
    this._username = this._field(
      trans.__('Earthdata user name'),
      'text',
      typed.username
    );
    this._password = this._field(
      trans.__('Password'),
      'password',
      typed.password
    );
  }

  getValue(): ICredentials {
    return {
      username: this._username.value.trim(),
      password: this._password.value
    };
  }

  private _field(label: string, type: string, value: string): HTMLInputElement {
    const wrapper = document.createElement('label');
    wrapper.className = 'jp-hackweek-DownloadsLogin-field';
    const text = document.createElement('span');
    text.textContent = label;
    const input = document.createElement('input');
    input.type = type;
    input.className = 'jp-mod-styled';
    input.name = type === 'password' ? 'password' : 'username';
    input.autocomplete = type === 'password' ? 'current-password' : 'username';
    input.value = value;
    wrapper.append(text, input);
    this._form.appendChild(wrapper);
    return input;
  }

  private _form = document.createElement('form');
  private _username: HTMLInputElement;
  private _password: HTMLInputElement;
}

/**
 * Ask for an Earthdata user name and password and store them on the server,
 * asking again — with the reason inside the dialog and what was typed kept —
 * until saved or cancelled. Opened because Earthdata Login refused the saved
 * login, it says so and offers that user name.
 *
 * @returns whether a credential was saved
 */
export async function showLoginDialog(
  model: DownloadsModel,
  trans: TranslationBundle
): Promise<boolean> {
  const loginUrl = model.login?.login_url ?? 'https://urs.earthdata.nasa.gov';
  let problem = refusal(model);
  let typed: ICredentials = {
    username: model.login?.username ?? '',
    password: ''
  };
  for (;;) {
    const result = await showDialog<ICredentials>({
      title: trans.__('Log in to NASA Earthdata'),
      body: new LoginBody(trans, loginUrl, problem, typed),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Save login') })
      ],
      focusNodeSelector: typed.username ? 'input[type="password"]' : 'input'
    });
    if (!result.button.accept || !result.value) {
      return false;
    }
    typed = result.value;
    try {
      await model.saveLogin(typed.username, typed.password);
      return true;
    } catch (error) {
      problem = (error as Error).message;
    }
  }
}

/**
 * Why the saved login no longer works: the message of a file Earthdata Login
 * refused (e.g. a wrong password), or '' when none was refused.
 */
function refusal(model: DownloadsModel): string {
  for (const download of model.downloads) {
    const refused = download.files.find(
      f => f.error_kind === 'login' && f.state === 'failed' && f.error
    );
    if (refused?.error && model.login?.configured) {
      return refused.error;
    }
  }
  return '';
}
