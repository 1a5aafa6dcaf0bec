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
    expect(records).toEqual([
      {
        version: '1.1.0',
        event: 'click',
        element: 'BUTTON',
        elementId: 'buy',
        cssLocator: '.cta',
        interactionId: 'i-click',
      },
      {
        version: '1.1.0',
        event: 'click',
        element: 'BUTTON',
        elementId: 'buy',
        interactionId: 'i-click',
      },
      {
        version: '1.1.0',
        event: 'mouseover',
        element: 'DIV',
        elementId: 'nav',
        interactionId: 'i-mouseover',
      },
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
});
