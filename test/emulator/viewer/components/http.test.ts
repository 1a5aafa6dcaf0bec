/** @jest-environment jsdom */
import { createHttp } from '../../../../emulator/viewer/components/http';
import { A, B, ev, seeded, sync, T0, watch } from './harness';

const call = (session: string, url: string, at: number, trace?: string) =>
  ev(
    session,
    'http_event',
    { request: { method: 'GET', url }, response: { status: 200 }, trace_id: trace },
    { at },
  );

test('the HTTP list: the same events touch nothing; a new request adds its row alone', () => {
  const store = seeded();
  const http = createHttp();
  http.update(store.state);
  const list = http.el.querySelector('.rows') as HTMLElement;
  expect(list.children).toHaveLength(1);
  const dom = watch(http.el);
  http.update(store.state);
  http.update(store.choose({ allRequests: true }));
  http.update(store.apply(sync({ events: [call(A, 'https://api.example/other', T0)] })));
  expect(dom.count()).toBe(0);

  // Its X-Ray trace, in the same sync, gives the duration.
  const trace = '1-00000000-000000000000000000000001';
  http.update(
    store.apply(
      sync({
        events: [
          call(B, 'https://api.example/b', T0 + 99_000, trace),
          ev(
            B,
            'xray_trace_event',
            { trace_id: trace, start_time: 1, end_time: 1.25 },
            { at: T0 + 99_000 },
          ),
        ],
      }),
    ),
  );
  expect(dom.touched()).toEqual([list]);
  expect(list.children).toHaveLength(2);
  expect(list.children[1].textContent).toContain('250 ms');
});
