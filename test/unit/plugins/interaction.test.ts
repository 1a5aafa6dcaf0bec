import { createInteractionPlugin } from '../../../src/plugins/interaction';
import type { PluginContext } from '../../../src/plugins/plugin';
import { schemaValidator } from '../domain/schema';

const validate = (file: string, details: unknown) => schemaValidator(file)(details).length === 0;

const context = () => {
  const records: Record<string, unknown>[] = [];
  const ctx = {
    record: (_t: string, details: object) => records.push(details as Record<string, unknown>),
  } as unknown as PluginContext;
  return { ctx, records };
};

beforeEach(() => {
  document.body.innerHTML =
    '<div id="nav"><button id="buy" class="cta"><span>Buy</span></button><a class="link">x</a></div>';
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true }));

describe('the interaction telemetry', () => {
  it('records events by cssLocator, elementId and element, from the target or its children', () => {
    const { ctx, records } = context();
    const nav = document.getElementById('nav')!;
    const plugin = createInteractionPlugin(
      {
        events: [
          { event: 'click', cssLocator: '.cta' },
          { event: 'click', elementId: 'buy' },
          { event: 'mouseover', element: nav },
        ],
        interactionId: (e: Event) => `i-${e.type}`,
      },
      () => undefined,
    );
    plugin.load(ctx);
    click(document.querySelector('#buy span')!);
    document.querySelector('.link')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    click(document.querySelector('.link')!); // matches nothing
    plugin.disable();
    // The details name the event's target (the <span> clicked, the <a> hovered), as the
    // predecessor's do; cssLocator says which selector matched.
    expect(records).toEqual([
      {
        version: '1.1.0',
        event: 'click',
        element: 'SPAN',
        cssLocator: '.cta',
        interactionId: 'i-click',
      },
      { version: '1.1.0', event: 'click', element: 'SPAN', interactionId: 'i-click' },
      { version: '1.1.0', event: 'mouseover', element: 'A', interactionId: 'i-mouseover' },
    ]);
    for (const r of records) expect(validate('dom-event.json', r)).toBe(true);
  });

  it('sees elements added later, and targets added with registerDomEvents (update)', () => {
    const { ctx, records } = context();
    const plugin = createInteractionPlugin(
      { events: [{ event: 'click', cssLocator: '.late' }] },
      () => undefined,
    );
    plugin.load(ctx);
    const late = document.createElement('p');
    late.className = 'late';
    document.body.append(late);
    click(late);
    plugin.update!([{ event: 'dblclick', elementId: 'buy' }, { nonsense: true }]);
    document.getElementById('buy')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    plugin.disable();
    expect(records.map((r) => r.event)).toEqual(['click', 'dblclick']);
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringContaining('registerDomEvents: {"nonsense":true} is not'),
    );
  });

  it('removes its listeners on disable and adds them once on enable', () => {
    const { ctx, records } = context();
    const add = jest.spyOn(document, 'addEventListener');
    const plugin = createInteractionPlugin(
      { events: [{ event: 'click', elementId: 'buy' }] },
      () => undefined,
    );
    plugin.load(ctx);
    plugin.disable();
    click(document.getElementById('buy')!);
    plugin.enable();
    plugin.enable();
    click(document.getElementById('buy')!);
    plugin.disable();
    expect(records).toHaveLength(1);
    expect(add.mock.calls.filter((c) => c[0] === 'click')).toHaveLength(2);
  });

  it('keeps recording when interactionId throws', () => {
    const { ctx, records } = context();
    const plugin = createInteractionPlugin(
      {
        events: [{ event: 'click', elementId: 'buy' }],
        interactionId: () => {
          throw new Error('bad');
        },
      },
      () => undefined,
    );
    plugin.load(ctx);
    click(document.getElementById('buy')!);
    plugin.disable();
    expect(records).toHaveLength(1);
    expect(records[0]).not.toHaveProperty('interactionId');
  });

  it('takes document and window as the element, and names a target that is not an element', () => {
    const { ctx, records } = context();
    const plugin = createInteractionPlugin(
      {
        events: [
          { event: 'click', element: document },
          { event: 'resize', element: window },
        ],
      },
      () => undefined,
    );
    plugin.load(ctx);
    click(document.getElementById('buy')!);
    document.dispatchEvent(new Event('click'));
    window.dispatchEvent(new Event('resize'));
    plugin.disable();
    click(document.getElementById('buy')!);
    expect(records).toEqual([
      { version: '1.1.0', event: 'click', element: 'BUTTON', elementId: 'buy' },
      { version: '1.1.0', event: 'click', element: '#document' },
      { version: '1.1.0', event: 'resize', element: 'UNKNOWN' },
    ]);
    for (const r of records) expect(validate('dom-event.json', r)).toBe(true);
  });

  it('prefers cssLocator to elementId, and elementId to element', () => {
    const { ctx, records } = context();
    const plugin = createInteractionPlugin(
      {
        events: [
          { event: 'click', elementId: 'buy', element: document.querySelector('.link') },
          { event: 'dblclick', cssLocator: '.link', elementId: 'buy' },
        ],
      },
      () => undefined,
    );
    plugin.load(ctx);
    click(document.querySelector('.link')!);
    click(document.getElementById('buy')!);
    document.getElementById('buy')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    document.querySelector('.link')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    plugin.disable();
    expect(records).toEqual([
      { version: '1.1.0', event: 'click', element: 'BUTTON', elementId: 'buy' },
      { version: '1.1.0', event: 'dblclick', element: 'A', cssLocator: '.link' },
    ]);
  });

  it('counts an event that does not bubble only on the matched element itself', () => {
    const { ctx, records } = context();
    const plugin = createInteractionPlugin(
      { events: [{ event: 'mouseenter', elementId: 'nav' }] },
      () => undefined,
    );
    plugin.load(ctx);
    document.getElementById('buy')!.dispatchEvent(new MouseEvent('mouseenter'));
    document.getElementById('nav')!.dispatchEvent(new MouseEvent('mouseenter'));
    plugin.disable();
    expect(records).toEqual([
      { version: '1.1.0', event: 'mouseenter', element: 'DIV', elementId: 'nav' },
    ]);
  });

  it('leaves out, with a warning, a cssLocator that is not a selector, and a target it cannot show as JSON', () => {
    const { ctx, records } = context();
    const warn = jest.fn();
    const plugin = createInteractionPlugin(
      {
        events: [
          { event: 'click', cssLocator: '##' },
          { event: 'click', element: { not: 'a target' }, window },
        ],
      },
      warn,
    );
    plugin.load(ctx);
    click(document.getElementById('buy')!);
    plugin.disable();
    expect(records).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        '{"event":"click","cssLocator":"##"} has a cssLocator that is not a CSS selector',
      ),
    );
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('[object Object] is not { event, cssLocator | elementId | element }'),
    );
  });
});
