/** @jest-environment jsdom */
import { createRequests } from '../../../../emulator/viewer/components/requests';
import { A, B, putRequest, seeded, sync, watch } from './harness';

test('the requests: the same state touches nothing; a new call of the session adds its row alone', () => {
  const store = seeded();
  const all: boolean[] = [];
  const requests = createRequests({ onAll: (x) => all.push(x) });
  requests.update(store.state);
  const list = requests.el.querySelector('.rows') as HTMLElement;
  expect(list.children).toHaveLength(1);
  const dom = watch(requests.el);
  requests.update(store.state);
  requests.update(store.choose({ chartScope: 'all' }));
  requests.update(store.apply(sync({ requests: [putRequest(3, { sessionIds: [A] })] })));
  expect(dom.count()).toBe(0);

  requests.update(
    store.apply(
      sync({ requests: [putRequest(4, { sessionIds: [B], verdict: 'refused', status: 403 })] }),
    ),
  );
  expect(dom.touched()).toEqual([list]);
  expect(list.children[1].getAttribute('data-verdict')).toBe('refused');

  const box = requests.el.querySelector('input[type=checkbox]') as HTMLInputElement;
  box.checked = true;
  box.dispatchEvent(new Event('change'));
  expect(all).toEqual([true]);
  requests.update(store.choose({ allRequests: true }));
  expect(list.children).toHaveLength(4);
});
