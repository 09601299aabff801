import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from '../../request';
import { keyAction } from '../keyboard';
import { SharedModel } from '../model';
import { entry, listing, sharedRoots } from './fixtures';
import { reply as recorded } from '../../__tests__/replies';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

describe('keyboard navigation of the shared listing', () => {
  const settings = {} as ServerConnection.ISettings;
  beforeEach(() => {
    request.mockReset();
    request.mockImplementation(async (_s, endpoint: string) => {
      if (endpoint === 'shared/roots') {
        return sharedRoots();
      }
      if (endpoint.startsWith('shared/preview')) {
        return { ...recorded('shared-preview'), path: 'a.h5' };
      }
      // Every folder holds a folder and two files
      return listing(
        new URLSearchParams(endpoint.split('?')[1]).get('path') ?? '',
        [
          entry('directory', 'sub', { items: 0 }),
          entry('file', 'a.h5'),
          entry('file', 'b.txt')
        ]
      );
    });
  });

  const routes = () => request.mock.calls.map(call => call[1].split('?')[0]);

  it('arrows move the selection without previewing; Enter previews or opens', async () => {
    const model = new SharedModel({ serverSettings: settings });
    await model.refresh();
    const press = (key: string) => keyAction(model, key)!();
    // When ArrowDown is pressed twice, Then the second row is selected, not previewed
    await press('ArrowDown');
    expect(model.selected?.name).toBe('sub');
    await press('ArrowDown');
    expect([model.selected?.name, model.selectedIndex]).toEqual(['a.h5', 1]);
    expect(routes()).not.toContain('shared/preview');
    // When Enter is pressed on the file, Then it is previewed
    await press('Enter');
    expect(model.preview?.format).toBe('HDF5');
    // When ArrowUp past the top, Then the first row stays selected
    await press('ArrowUp');
    await press('ArrowUp');
    expect(model.selectedIndex).toBe(0);
    // When Enter is pressed on the folder, Then it opens (paths relative to
    // the root, no leading slash); Backspace goes back up, to '' at the root
    await press('Enter');
    expect(model.path).toBe('sub');
    await press('ArrowDown');
    await press('Enter');
    expect(model.path).toBe('sub/sub');
    await press('Backspace');
    expect(model.path).toBe('sub');
    await press('Backspace');
    expect(model.path).toBe('');
    model.dispose();
  });

  it('leaves other keys to the page', () => {
    const model = new SharedModel({ serverSettings: settings });
    // Given typing in the list, Then letters and Tab are not list actions
    expect(keyAction(model, 'a')).toBeNull();
    expect(keyAction(model, 'Tab')).toBeNull();
    model.dispose();
  });
});
