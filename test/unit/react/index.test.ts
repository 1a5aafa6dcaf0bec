/**
 * The spec of src/react/index.ts (`cloudwatch-rum-web/react`): the error boundary and the page
 * view hook, rendered by React in jsdom. The client is a fake with the two methods the entry
 * uses, or the snippet's `cwr` function on the window.
 */
import fs from 'fs';
import path from 'path';
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { AwsRum } from '../../../src/boot/aws-rum';
import {
  RumErrorBoundary,
  type RumLike,
  useRumPageView,
  withComponentStack,
} from '../../../src/react';

// The npm client is what the entry expects (a type check: this line fails to compile otherwise).
const _fits: RumLike = {} as AwsRum;
void _fits;

const h = React.createElement;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const fakeRum = () => ({ recordPageView: jest.fn(), recordError: jest.fn() });

let container: HTMLElement;
let root: Root;
let caught: unknown[];
const render = (el: React.ReactElement, strict = false) =>
  React.act(() => root.render(strict ? h(React.StrictMode, null, el) : el));

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  caught = [];
  // React 19 reports each error a boundary caught here (its default: console.error).
  root = createRoot(container, { onCaughtError: (e) => caught.push(e) });
});
afterEach(() => {
  React.act(() => root.unmount());
  container.remove();
  const w = window as unknown as Record<string, unknown>;
  delete w.cwr;
  delete w.AwsRumClient;
  delete w.myRum;
});

function Thrower({ when }: { when: boolean }): React.ReactElement {
  if (when) throw new TypeError('the widget broke');
  return h('p', null, 'fine');
}
const Shelf = ({ when }: { when: boolean }) => h('section', null, h(Thrower, { when }));

describe('RumErrorBoundary', () => {
  it('records the error once, with its stack and the component stack, and renders the fallback', async () => {
    const rum = fakeRum();
    await render(
      h(RumErrorBoundary, { rum, fallback: h('p', null, 'sorry') }, h(Shelf, { when: true })),
    );
    expect(container.textContent).toBe('sorry');
    expect(rum.recordError).toHaveBeenCalledTimes(1);
    expect(rum.recordPageView).not.toHaveBeenCalled();
    const recorded = rum.recordError.mock.calls[0][0] as Error;
    expect(recorded).toBeInstanceOf(Error);
    expect(recorded.name).toBe('TypeError');
    expect(recorded.message).toBe('the widget broke');
    const [js, components] = recorded.stack!.split('\n\nComponent stack:\n');
    expect(js).toMatch(/^TypeError: the widget broke\n\s+at Thrower /);
    // Innermost first: the component that threw, the one around it, the boundary.
    expect(components).toMatch(/^\s+at Thrower\b[^]*\n\s+at Shelf\b[^]*\n\s+at RumErrorBoundary\b/);
    expect(recorded.stack!.length).toBeLessThanOrEqual(1000);
    // The app's own error is left as it was; React saw it.
    expect(caught).toHaveLength(1);
    expect((caught[0] as Error).stack).not.toContain('Component stack:');
  });

  it('records once in StrictMode too, and renders nothing without a fallback', async () => {
    const rum = fakeRum();
    await render(h(RumErrorBoundary, { rum }, h(Shelf, { when: true })), true);
    expect(container.innerHTML).toBe('');
    expect(rum.recordError).toHaveBeenCalledTimes(1);
  });

  it('renders its children while nothing throws, and records nothing', async () => {
    const rum = fakeRum();
    await render(h(RumErrorBoundary, { rum, fallback: 'sorry' }, h(Shelf, { when: false })));
    expect(container.textContent).toBe('fine');
    expect(rum.recordError).not.toHaveBeenCalled();
  });

  it('gives a fallback function the error and a reset that renders the children again', async () => {
    const rum = fakeRum();
    let broken = true;
    let reset: () => void = () => undefined;
    const fallback = (error: unknown, r: () => void) => {
      reset = r;
      return h('p', null, `failed: ${(error as Error).message}`);
    };
    const Flaky = () => h(Thrower, { when: broken });
    await render(h(RumErrorBoundary, { rum, fallback }, h(Flaky)));
    expect(container.textContent).toBe('failed: the widget broke');
    broken = false;
    await React.act(() => reset());
    expect(container.textContent).toBe('fine');
    // Broken again after the reset: caught and recorded again.
    broken = true;
    await render(h(RumErrorBoundary, { rum, fallback }, h(Flaky)));
    expect(container.textContent).toBe('failed: the widget broke');
    expect(rum.recordError).toHaveBeenCalledTimes(2);
  });

  it("records with the snippet's cwr when no client is given", async () => {
    const cwr = jest.fn();
    (window as unknown as { cwr: unknown }).cwr = cwr;
    await render(h(RumErrorBoundary, { fallback: 'sorry' }, h(Shelf, { when: true })));
    expect(cwr).toHaveBeenCalledTimes(1);
    expect(cwr.mock.calls[0][0]).toBe('recordError');
    expect((cwr.mock.calls[0][1] as Error).stack).toContain('Component stack:');
  });

  it('never throws into the app: no client and no cwr, or a client that throws', async () => {
    await render(h(RumErrorBoundary, { fallback: 'sorry' }, h(Shelf, { when: true })));
    expect(container.textContent).toBe('sorry');
    const rum = {
      recordPageView: () => {
        throw new Error('x');
      },
      recordError: () => {
        throw new Error('x');
      },
    };
    await render(
      h(RumErrorBoundary, { key: 'another', rum, fallback: 'sorry too' }, h(Shelf, { when: true })),
    );
    expect(container.textContent).toBe('sorry too');
    expect(caught).toHaveLength(2);
  });
});

describe('useRumPageView', () => {
  function View({ id, rum, n }: { id: string; rum?: RumLike; n?: number }) {
    useRumPageView(id, rum);
    return h('p', null, `${id} ${n ?? 0}`);
  }

  it('records on the first render and when the id changes, not on a re-render', async () => {
    const rum = fakeRum();
    await render(h(View, { id: '/home', rum }));
    await render(h(View, { id: '/home', rum, n: 1 }));
    await render(h(View, { id: '/home', rum: fakeRum(), n: 2 }));
    expect(rum.recordPageView.mock.calls).toEqual([['/home']]);
    await render(h(View, { id: '/cart', rum, n: 3 }));
    await render(h(View, { id: '/home', rum, n: 4 }));
    expect(rum.recordPageView.mock.calls).toEqual([['/home'], ['/cart'], ['/home']]);
  });

  it('records once in StrictMode (the effect runs twice there)', async () => {
    const rum = fakeRum();
    await render(h(View, { id: '/home', rum }), true);
    expect(rum.recordPageView.mock.calls).toEqual([['/home']]);
  });

  it('skips an empty id', async () => {
    const rum = fakeRum();
    await render(h(View, { id: '', rum }));
    expect(rum.recordPageView).not.toHaveBeenCalled();
  });

  it("records with the snippet's cwr, by the name the snippet gave it", async () => {
    const cwr = jest.fn();
    (window as unknown as Record<string, unknown>).cwr = cwr;
    await render(h(View, { id: '/a' }));
    expect(cwr.mock.calls).toEqual([['recordPageView', '/a']]);
    const mine = jest.fn();
    Object.assign(window, { AwsRumClient: { q: [], n: 'myRum' }, myRum: mine });
    await render(h(View, { id: '/b' }));
    expect(mine.mock.calls).toEqual([['recordPageView', '/b']]);
    expect(cwr).toHaveBeenCalledTimes(1);
  });

  it('never throws: no client and no cwr, a cwr that is not a function, a client that throws', async () => {
    await render(h(View, { id: '/a' }));
    (window as unknown as Record<string, unknown>).cwr = 'not a function';
    await render(h(View, { id: '/b' }));
    const rum = {
      recordPageView: jest.fn(() => {
        throw new Error('x');
      }),
      recordError: jest.fn(),
    };
    await render(h(View, { id: '/c', rum }));
    expect(rum.recordPageView).toHaveBeenCalledTimes(1);
    expect(container.textContent).toBe('/c 0');
  });
});

describe('withComponentStack', () => {
  const components =
    '\n    at Leaf (app.js:1:1)\n    at Branch (app.js:2:2)\n    at Root (app.js:3:3)';

  it('keeps the component stack within the limit when the JavaScript stack is long', () => {
    const e = new Error('deep');
    e.stack =
      'Error: deep\n' +
      Array.from({ length: 80 }, (_, i) => `    at f${i} (app.js:${i}:1)`).join('\n');
    const out = withComponentStack(e, components);
    expect(out.stack!.length).toBeLessThanOrEqual(1000);
    expect(out.stack).toMatch(/^Error: deep\n    at f0 /);
    expect(out.stack).toContain(
      '\n\nComponent stack:\n    at Leaf (app.js:1:1)\n    at Branch (app.js:2:2)\n    at Root (app.js:3:3)',
    );
    // Cut at whole lines.
    expect(out.stack!.split('\n\nComponent stack:\n')[0]).toMatch(/\(app\.js:\d+:1\)$/);
    expect(e.stack).not.toContain('Component stack');
  });

  it('gives each half when both are long, cut at whole lines', () => {
    const e = new Error('deep');
    e.stack = 'Error: deep\n' + '    at f (app.js:1:1)\n'.repeat(100).trimEnd();
    const out = withComponentStack(e, '\n' + '    at C (app.js:9:9)\n'.repeat(100));
    expect(out.stack!.length).toBeLessThanOrEqual(1000);
    expect(out.stack!.length).toBeGreaterThan(900);
    const [js, comp] = out.stack!.split('\n\nComponent stack:\n');
    expect(js.length).toBeGreaterThanOrEqual(450);
    expect(comp.split('\n').every((l) => l === '    at C (app.js:9:9)')).toBe(true);
  });

  it.each([
    ['a string', 'oops', 'oops', 'oops'],
    ['undefined', undefined, 'error', 'undefined'],
    ['null', null, 'error', 'null'],
    ['an object without name or message', {}, 'error', 'undefined'],
  ])('names %s as the client does', (_, value, name, message) => {
    const out = withComponentStack(value, components);
    expect([out.name, out.message]).toEqual([name, message]);
    expect(out.stack).toBe(`${name}: ${message}\n\nComponent stack:\n` + components.slice(1));
  });

  it('is the stack alone without a component stack', () => {
    const e = new RangeError('r');
    expect(withComponentStack(e, null).stack).toBe(e.stack!.slice(0, 1000));
    expect(withComponentStack(e, '').name).toBe('RangeError');
  });
});

describe('the entries', () => {
  const imports = (file: string) =>
    [
      ...fs
        .readFileSync(path.resolve(__dirname, '../../../src/react', file), 'utf8')
        .matchAll(/^(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm),
    ].map((m) => m[1]);

  it('import nothing of the client: react, and react-router only in their own entry', () => {
    expect(new Set(imports('index.ts'))).toEqual(new Set(['react']));
    expect(new Set(imports('router.ts'))).toEqual(new Set(['react-router', './index']));
  });
});
