import type { RequestObserver } from '../../../src/browser/requests';
import type { FrustrationDeps } from '../../../src/plugins/frustration';
import { createInteractionPlugin } from '../../../src/plugins/interaction';
import type { Plugin, PluginContext } from '../../../src/plugins/plugin';
import { cssSelector } from '../../../src/plugins/selector';

type Rec = [string, Record<string, unknown>];

/** The plugin with frustration on, over fake request and History observers. */
const setup = (options: Record<string, unknown> = {}) => {
  const records: Rec[] = [];
  const ctx = {
    record: (t: string, d: object) => records.push([t, d as Record<string, unknown>]),
  } as unknown as PluginContext;
  const requests = new Set<RequestObserver>();
  const routes = new Set<() => void>();
  const deps: FrustrationDeps = {
    observe: [
      (o) => {
        requests.add(o);
        return () => requests.delete(o);
      },
    ],
    onLocationChange: (cb) => {
      routes.add(cb);
      return () => routes.delete(cb);
    },
  };
  const warned: string[] = [];
  const plugin: Plugin = createInteractionPlugin(
    { frustration: true, ...options },
    (m) => warned.push(m),
    deps,
  );
  plugin.load(ctx);
  const request = () =>
    requests.forEach((o) => o({ method: 'GET', url: 'https://x/', setHeader: () => undefined }));
  const route = () => routes.forEach((cb) => cb());
  const types = () => records.map(([t]) => t);
  return { plugin, records, types, requests, routes, request, route, warned };
};

const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
/** Time passes: microtasks (mutation records) first, then timers. */
const wait = async (ms: number) => {
  await Promise.resolve();
  jest.advanceTimersByTime(ms);
};
const $ = (s: string) => document.querySelector(s)!;

beforeEach(() => {
  jest.useFakeTimers();
  document.body.innerHTML = `
    <div id="app">
      <button id="buy" class="cta"><span>Buy</span></button>
      <button id="more">More</button>
      <a href="#top" id="top-link">Top</a>
      <a href="/file.pdf" download id="dl">PDF</a>
      <a href="/elsewhere" target="_blank" id="tab">Tab</a>
      <div class="card" id="card"><p>text</p></div>
      <label id="lbl-on">Terms <input type="checkbox" id="terms"></label>
      <label id="lbl-off">No control</label>
      <input type="text" id="name">
      <input type="submit" id="go">
      <div role="button" id="fake">Fake</div>
      <span onclick="void 0" id="oc">x</span>
    </div>`;
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('frustration signals', () => {
  it('records a dead click once its window has passed with no answer', async () => {
    const { records, requests } = setup();
    click($('#buy span'));
    expect(requests.size).toBe(1); // watching from the click on
    await wait(999);
    expect(records).toEqual([]);
    await wait(1);
    expect(records).toEqual([
      ['cwr.dead_click', { version: '1.0.0', selector: 'button#buy', element: 'BUTTON' }],
    ]);
    expect(requests.size).toBe(0); // and no longer after it
  });

  it('names the interactive element clicked or its closest interactive ancestor', async () => {
    const { records } = setup();
    for (const s of ['#top-link', '#lbl-off', '#go', '#fake', '#oc']) {
      click($(s));
      await wait(1000);
    }
    expect(records.map(([t, d]) => [t, d.selector, d.element])).toEqual([
      ['cwr.dead_click', 'a#top-link', 'A'],
      ['cwr.dead_click', 'label#lbl-off', 'LABEL'],
      ['cwr.dead_click', 'input#go', 'INPUT'],
      ['cwr.dead_click', 'div#fake', 'DIV'],
      ['cwr.dead_click', 'span#oc', 'SPAN'],
    ]);
  });

  it('leaves out what does not look interactive, controls, downloads and links to elsewhere', async () => {
    const { records } = setup();
    for (const s of ['#card p', '#name', '#terms', '#dl', '#tab', 'body']) {
      click($(s));
      await wait(1000);
    }
    expect(records).toEqual([]);
  });

  it('is answered by a DOM change, a request, a route change, a navigation, focus or a nested click', async () => {
    const { types, request, route } = setup();
    const buy = $('#buy');
    const answers: (() => void)[] = [
      () => buy.setAttribute('aria-expanded', 'true'),
      () => $('#card').append('more text'),
      request,
      route,
      () => window.dispatchEvent(new Event('beforeunload')),
      () => ($('#name') as HTMLInputElement).focus(),
      () => click($('#terms')), // the label's activation, or a button's input.click()
    ];
    for (const answer of answers) {
      const handler = () => answer();
      buy.addEventListener('click', handler);
      click(buy);
      buy.removeEventListener('click', handler);
      await wait(1000);
      ($('#name') as HTMLInputElement).blur();
    }
    // A later answer within the window counts too.
    click(buy);
    await wait(600);
    request();
    await wait(600);
    expect(types()).toEqual([]);
  });

  it('takes the focus that moves with a press on the next thing for no answer', async () => {
    const { types } = setup();
    click($('#buy'));
    await wait(300);
    const name = $('#name') as HTMLInputElement;
    name.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    name.focus();
    name.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    click(name);
    await wait(1000);
    expect(types()).toEqual(['cwr.dead_click']);
  });

  it('records a rage burst once, when it ends, and not its clicks as dead', async () => {
    const { records } = setup();
    for (let i = 0; i < 4; i++) {
      click($('#buy span'));
      await wait(300);
    }
    await wait(999 - 300);
    expect(records).toEqual([]);
    await wait(1);
    expect(records).toEqual([
      [
        'cwr.rage_click',
        {
          version: '1.0.0',
          selector: 'button#buy',
          element: 'BUTTON',
          clicks: 4,
          duration: 900,
        },
      ],
    ]);
  });

  it("counts queued clicks on a busy page as the visitor's: each came with its own press", async () => {
    const { types } = setup();
    const press = (el: Element) =>
      ['mousedown', 'mouseup'].forEach((type) =>
        el.dispatchEvent(new MouseEvent(type, { bubbles: true })),
      );
    // The page was busy: three clicks' input ran back to back, before any timer.
    click($('#buy span'));
    for (let i = 0; i < 2; i++) {
      press($('#buy span'));
      click($('#buy span'));
    }
    await wait(1000);
    expect(types()).toEqual(['cwr.rage_click']);
  });

  it('counts rage on any element, even when the clicks are answered', async () => {
    const { types } = setup({ rageClicks: 2, frustrationWindow: 200 });
    const card = $('#card');
    card.addEventListener('click', () => card.classList.toggle('open'));
    click(card);
    await wait(150);
    click(card);
    await wait(150);
    click($('#more')); // another element: a burst of its own
    await wait(300); // more than 200 after each
    click(card);
    await wait(300);
    expect(types()).toEqual(['cwr.rage_click', 'cwr.dead_click']);
  });

  it('records a click followed by an uncaught error, even when it changed the DOM', async () => {
    const { records } = setup();
    const buy = $('#buy');
    buy.addEventListener('click', () => {
      buy.textContent = 'Buying…';
      throw new Error('cart is undefined');
    });
    click(buy);
    await wait(1000);
    expect(records).toEqual([
      [
        'cwr.error_click',
        {
          version: '1.0.0',
          selector: 'button#buy',
          element: 'BUTTON',
          error: 'cart is undefined',
        },
      ],
    ]);
  });

  it('records an unhandled rejection within the window, once per click, and not as dead', async () => {
    const { records } = setup();
    const reject = (reason: unknown) =>
      window.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason }));
    click($('#more'));
    await wait(500);
    reject(new TypeError('failed to fetch'));
    reject('again'); // the same click: recorded once
    await wait(1000);
    reject('too late'); // no click watched
    click($('#card'));
    await wait(10);
    reject(42);
    await wait(1000);
    expect(records.map(([t, d]) => [t, d.selector, d.error])).toEqual([
      ['cwr.error_click', 'button#more', 'failed to fetch'],
      ['cwr.error_click', 'div#card', '42'],
    ]);
  });

  it('names an error with no message by its type, and ignores resource errors', async () => {
    const { records } = setup();
    click($('#more'));
    $('#card').dispatchEvent(new Event('error')); // an <img> that failed: it does not bubble
    window.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: {} }));
    await wait(1000);
    expect(records.map(([t, d]) => [t, d.error])).toEqual([
      ['cwr.error_click', 'unhandledrejection'],
    ]);
  });

  it('records nothing while disabled and stops watching at once', async () => {
    const { plugin, records, requests } = setup();
    click($('#buy'));
    await wait(100);
    click($('#buy'));
    await wait(100);
    click($('#buy'));
    plugin.disable();
    expect(requests.size).toBe(0);
    await wait(2000);
    click($('#more'));
    await wait(2000);
    expect(records).toEqual([]);
    plugin.enable();
    click($('#more'));
    await wait(1000);
    expect(records.map(([t]) => t)).toEqual(['cwr.dead_click']);
  });

  it('records a rage burst when the page hides, and no dead clicks then', async () => {
    const { plugin, types, requests } = setup();
    for (let i = 0; i < 3; i++) {
      click($('#buy'));
      await wait(100);
    }
    click($('#more'));
    plugin.beforeHide!();
    expect(types()).toEqual(['cwr.rage_click']);
    expect(requests.size).toBe(0);
    await wait(2000);
    expect(types()).toEqual(['cwr.rage_click']);
  });

  it('is off by default, and checks its options', async () => {
    const { types, warned } = setup({
      frustration: false,
      rageClicks: 1,
      frustrationWindow: -5,
    });
    click($('#buy'));
    await wait(2000);
    expect(types()).toEqual([]);
    expect(warned).toEqual([
      'telemetries interaction.rageClicks',
      'telemetries interaction.frustrationWindow',
    ]);
  });

  it('uses the defaults for bad values', async () => {
    const { types } = setup({ rageClicks: 2.5, frustrationWindow: Infinity });
    for (let i = 0; i < 2; i++) {
      click($('#buy'));
      await wait(900);
    }
    await wait(1000);
    expect(types()).toEqual(['cwr.dead_click', 'cwr.dead_click']);
  });
});

describe('cssSelector', () => {
  it('uses the id, else up to three levels of tag, classes and :nth-of-type', () => {
    document.body.innerHTML = `
      <main><section class="9x a b c d"><ul><li>1</li><li class="x">2</li></ul><p>p</p></section></main>
      <div id="1st:box"><span class="w-1/2 md:flex">s</span></div>`;
    const cases: [string, string][] = [
      ['li.x', 'section.a.b.c > ul > li.x:nth-of-type(2)'],
      ['p', 'main > section.a.b.c > p'],
      ['main', 'main'],
      ['span', 'div[id="1st:box"] > span.w-1\\/2.md\\:flex'],
      ['body', 'body'],
    ];
    for (const [find, want] of cases) {
      const el = document.querySelector(find)!;
      const got = cssSelector(el);
      expect(got).toBe(want);
      expect(document.querySelector(got)).toBe(el);
    }
    const b = document.createElement('button');
    b.id = 'buy';
    expect(cssSelector(b)).toBe('button#buy');
  });
});
