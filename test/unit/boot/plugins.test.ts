import { createPlugins } from '../../../src/boot/plugins';
import { createProblems } from '../../../src/boot/problems';
import * as diagnostics from '../../../src/lazy/diagnostics';
import { createLogger } from '../../../src/tools/logger';
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

  it('says each refusal and each failure in the diagnostics chunk’s words; what a plugin throws stays its own', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const problems = createProblems(
      createLogger(() => false),
      () => Promise.resolve(diagnostics),
      () => ({ appMonitorId: 'a', region: 'us-west-2', endpoint: 'https://x/' }),
    );
    const plugins = createPlugins(
      context,
      problems.say,
      () => true,
      () => undefined,
      false,
    );
    const boom = (where: string) => () => {
      throw new Error(`plugin ${where}`);
    };
    plugins.add({} as Plugin);
    plugins.add(plugin('first'));
    plugins.add(plugin('first'));
    plugins.add(
      plugin('bad', { load: boom('load'), enable: boom('enable'), disable: boom('disable') }),
    );
    const flaky = plugin('flaky', { enable: boom('enable'), disable: boom('disable') });
    plugins.add(flaky);
    expect(flaky.calls).toEqual(['load:a']);
    expect(() => plugins.each((p) => p.disable())).not.toThrow();
    expect(() => plugins.each((p) => p.enable())).not.toThrow();
    // The other plugins are still loaded and enabled.
    const after = plugin('after');
    plugins.add(after);
    expect(after.calls).toEqual(['load:a', 'enable']);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('addPlugin needs a plugin object'));
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('a plugin with id "first" is already loaded'),
    );
    expect(errors).toHaveBeenCalledWith('[cwr] plugin "bad" threw: plugin load.');
    expect(errors).toHaveBeenCalledWith('[cwr] plugin "flaky" threw: plugin enable.');
    expect(errors.mock.calls.some((c) => /internal error/.test(c[0]))).toBe(false);
    errors.mockRestore();
  });
});
