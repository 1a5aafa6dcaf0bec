/**
 * LCP's attribution names the events that explain it, as the predecessor (aws-rum-web 3.x)
 * does (seen black-box in Chromium): navigationEntry is the id of the page's
 * performance_navigation_event, lcpResourceEntry that of the LCP image's
 * performance_resource_event; each is left out when that event was not recorded.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import type { StoredEvent } from '../../../emulator';
import {
  clientReady,
  CREDS,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

/** An RGB PNG of random pixels (a low-entropy image is no LCP candidate). */
const png = (w: number, h: number): Buffer => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (w * 3 + 1) ? (Math.random() * 256) | 0 : 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

beforeAll(() => fs.writeFileSync(path.join(t.site.dir, 'lcp-hero.png'), png(300, 200)));

const of = (events: StoredEvent[], type: string) =>
  events.filter((e) => short(e.event.type) === type);

/** Loads the page, waits for its navigation (and the hero's resource event when wanted), and ends LCP with a click. */
const lcpOf = async (name: string, body: string, perf: object, resource: boolean) => {
  const url = t.site.page(
    name,
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 200,
        telemetries: [['performance', perf]],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      body,
    }),
  );
  const page = await t.browser.newPage();
  await page.goto(url);
  await clientReady(page);
  await waitForEvents(
    t.site.emu,
    (e) =>
      of(e, 'performance_navigation_event').length > 0 &&
      (!resource ||
        of(e, 'performance_resource_event').some((r) =>
          /lcp-hero/.test(String(r.event.details.targetUrl)),
        )),
  );
  // An input ends LCP: web-vitals reports it then.
  await page.mouse.click(2, 2);
  const events = await waitForEvents(
    t.site.emu,
    (e) => of(e, 'largest_contentful_paint_event').length > 0,
  );
  await page.close();
  expect(
    t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
  ).toEqual([]);
  return {
    events,
    lcp: of(events, 'largest_contentful_paint_event')[0].event.details.attribution as Record<
      string,
      unknown
    >,
  };
};

it('names the navigation event and the LCP image resource event by their ids', async () => {
  const { events, lcp } = await lcpOf(
    'lcp-ids.html',
    '<img id="hero" src="/lcp-hero.png" width="300" height="200" alt="">',
    { recordAllTypes: ['image'] },
    true,
  );
  const [nav] = of(events, 'performance_navigation_event');
  const hero = of(events, 'performance_resource_event').find((r) =>
    /lcp-hero\.png$/.test(String(r.event.details.targetUrl)),
  )!;
  expect(lcp).toMatchObject({
    element: '#hero',
    navigationEntry: nav.event.id,
    lcpResourceEntry: hero.event.id,
  });
});

it('leaves lcpResourceEntry out when the image was not recorded, and for text', async () => {
  const image = await lcpOf(
    'lcp-unrecorded.html',
    '<img id="hero" src="/lcp-hero.png?2" width="300" height="200" alt="">',
    { recordAllTypes: [], sampleTypes: [] },
    false,
  );
  expect(of(image.events, 'performance_resource_event')).toEqual([]);
  expect(image.lcp).toMatchObject({
    element: '#hero',
    navigationEntry: of(image.events, 'performance_navigation_event')[0].event.id,
  });
  expect(image.lcp).not.toHaveProperty('lcpResourceEntry');
  t.site.emu.reset();
  const text = await lcpOf(
    'lcp-text.html',
    '<h1 style="font-size:72px">A large heading</h1>',
    {},
    false,
  );
  expect(text.lcp).toHaveProperty(
    'navigationEntry',
    of(text.events, 'performance_navigation_event')[0].event.id,
  );
  expect(text.lcp).not.toHaveProperty('lcpResourceEntry');
});
