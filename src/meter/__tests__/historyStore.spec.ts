import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';

import { requestAPI } from '../../request';
import { reply as recorded } from '../../__tests__/replies';
import { HistoryStore, historyKey, IKeyValueStore } from '../historyStore';
import { HISTORY_WINDOW_MS, MeterModel } from '../model';

jest.mock('../../request', () =>
  jest.requireActual('../../__tests__/requestmock').requestModuleMock()
);

const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const trans = nullTranslator.load('jupyterlab_hackweek');

/**
 * A browser storage in memory.
 */
function memoryStorage(): IKeyValueStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: key => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value)
  };
}

function newModel(storage: IKeyValueStore, baseUrl: string): MeterModel {
  return new MeterModel({
    serverSettings: { baseUrl } as ServerConnection.ISettings,
    trans,
    refreshRate: 60000,
    thresholds: { warning: 0.8, critical: 0.95 },
    storage
  });
}

describe("the meter's history across reloads, and its CSV", () => {
  const timestamp = Math.floor(Date.now() / 1000) - 30;
  beforeEach(() => {
    const metrics = recorded('metrics');
    metrics.timestamp = timestamp;
    metrics.cpu.percent = 12.5;
    const replies: Record<string, unknown> = {
      metrics,
      'dask/clusters': { ...recorded('dask-clusters'), configured: false },
      'metrics/home': recorded('metrics-home')
    };
    request.mockImplementation(
      async (_settings, endPoint) => replies[endPoint] as never
    );
  });
  afterEach(() => request.mockReset());

  it('keeps a server’s samples across a reload, apart from another server’s, and exports them', async () => {
    // Given a page that took one sample of the server of user a
    const storage = memoryStorage();
    const first = newModel(storage, 'https://hub.example/user/a/');
    for (let i = 0; i < 50 && !first.reply; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    expect(first.history).toHaveLength(1);
    first.dispose();

    // When the page is reloaded (a new model), before its first answer
    request.mockImplementation(() => new Promise(() => undefined));
    const reloaded = newModel(storage, 'https://hub.example/user/a/');
    // Then the sample is there again
    expect(reloaded.history.map(p => p.time)).toEqual([timestamp * 1000]);
    // And another server (user b's, or a's named server) has none of it
    expect(newModel(storage, 'https://hub.example/user/b/').history).toEqual(
      []
    );
    expect(
      newModel(storage, 'https://hub.example/user/a/gpu/').history
    ).toEqual([]);

    // And the CSV holds the sample's figures, one row each
    expect(reloaded.historyCsv()).toBe(
      'time_utc,memory_used_bytes,memory_limit_bytes,memory_percent,cpu_percent,cpu_limit_cores,kernels\r\n' +
        `${new Date(timestamp * 1000).toISOString()},1342177280,4294967296,31.25,12.50,2,1\r\n`
    );
    reloaded.dispose();
  });

  it('keeps ten minutes, merges tabs by time, and survives a broken or full storage', () => {
    const storage = memoryStorage();
    const key = historyKey('/user/a/');
    const store = new HistoryStore(storage, key, HISTORY_WINDOW_MS);
    const now = Date.now();
    const point = (ago: number) => ({
      time: now - ago,
      memory: 0.5,
      cpu: null
    });
    // Two tabs saving their samples: merged, one per time, older than 10 min dropped
    store.save([point(11 * 60 * 1000), point(4000), point(2000)]);
    store.save([point(3000), point(2000), point(0)]);
    expect(store.load(now).map(p => now - p.time)).toEqual([
      4000, 3000, 2000, 0
    ]);
    // Something else under the key, or a storage that refuses: no history, no error
    storage.items.set(key, '{"not": "a list"');
    expect(store.load(now)).toEqual([]);
    const full: IKeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      }
    };
    expect(() =>
      new HistoryStore(full, key, HISTORY_WINDOW_MS).save([point(0)])
    ).not.toThrow();
  });
});
