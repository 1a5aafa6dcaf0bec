import { createPlugins } from '../../../src/boot/plugins';
import type { Plugin, PluginContext } from '../../../src/plugins/plugin';

const context = { applicationId: 'a' } as PluginContext;
const setup = (interaction = false) => {
  const said: [string, string, Record<string, unknown> | undefined][] = [];
  let enabled = true;
  const plugins = createPlugins(
    context,
    (level, key, data) => void said.push([level, key, data]),
    () => enabled,
    () => undefined,
    interaction,
  );
  return { plugins, said, off: () => (enabled = false) };
};
const plugin = (id: string, over: Partial<Plugin> = {}): Plugin & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    getPluginId: () => id,
    load: (c) => void calls.push('load:' + c.applicationId),
    enable: () => void calls.push('enable'),
    disable: () => void calls.push('disable'),
    update: (u) => void calls.push('update:' + JSON.stringify(u)),
    ...over,
  };
};

describe('the plugin registry', () => {
  it('loads a plugin with the context, then enables it (or disables it while the client is)', () => {
    const { plugins, off } = setup();
    const a = plugin('a');
    plugins.add(a);
    off();
    const b = plugin('b');
    plugins.add(b);
    expect(a.calls).toEqual(['load:a', 'enable']);
    expect(b.calls).toEqual(['load:a', 'disable']);
    plugins.each((p) => p.disable());
    expect(a.calls).toEqual(['load:a', 'enable', 'disable']);
  });

  it('refuses what is not a plugin, and a second plugin of an id', () => {
    const { plugins, said } = setup();
    plugins.add({} as Plugin);
    plugins.add(plugin('a'));
    const second = plugin('a');
    plugins.add(second);
    expect(second.calls).toEqual([]);
    expect(said.map(([, k, d]) => [k, d])).toEqual([
      ['plugin-object', undefined],
      ['plugin-twice', { id: 'a' }],
    ]);
  });

  it('keeps what a plugin throws its own: the others still run', () => {
    const { plugins, said } = setup();
    const bad = plugin('bad', {
      enable: () => {
        throw new Error('enable bug');
      },
    });
    const good = plugin('good');
    plugins.add(bad);
    plugins.add(good);
    plugins.each((p) => p.enable());
    expect(good.calls).toEqual(['load:a', 'enable', 'enable']);
    expect(said).toEqual([
      ['error', 'plugin-threw', { id: 'bad', error: 'enable bug' }],
      ['error', 'plugin-threw', { id: 'bad', error: 'enable bug' }],
    ]);
  });

  it('holds registerDomEvents until the interaction plugin is there, and refuses it without one', () => {
    const waiting = setup(true);
    waiting.plugins.registerDomEvents([{ event: 'click', elementId: 'x' }]);
    const dom = plugin('dom-event');
    waiting.plugins.add(dom);
    expect(dom.calls).toEqual(['load:a', 'update:[{"event":"click","elementId":"x"}]', 'enable']);
    waiting.plugins.registerDomEvents([]);
    expect(dom.calls.at(-1)).toBe('update:[]');
    const none = setup(false);
    none.plugins.registerDomEvents([]);
    expect(none.said).toEqual([['error', 'dom-events', undefined]]);
  });

  it('says which built-in telemetry could not be created', () => {
    const { plugins, said } = setup();
    plugins.telemetry('no-such-telemetry', {});
    expect(said).toEqual([
      ['error', 'telemetry-failed', { name: 'no-such-telemetry', error: expect.any(TypeError) }],
    ]);
  });
});
