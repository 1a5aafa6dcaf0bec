import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';

const ROOT = path.join(__dirname, '../../..');

/**
 * The viewer's insights, from the web vitals' cards to the URL groups, as a picture: written to
 * test/artifacts/`name`, and to docs/img/viewer-insights.png too when `docs` (the live
 * client's test, with UPDATE_SCREENSHOT=1).
 */
export const shootInsights = async (page: Page, name: string, docs = false): Promise<void> => {
  await page.setViewportSize({ width: 1280, height: 2600 });
  await page.locator('#sec-vitals').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  const box = await page.evaluate(() => {
    const top = document.querySelector('#sec-vitals')!.getBoundingClientRect();
    const bottom = document.querySelector('#sec-urls')!.getBoundingClientRect();
    return {
      x: top.left - 8,
      y: top.top - 8,
      width: top.width + 16,
      height: bottom.bottom - top.top + 16,
    };
  });
  const shot = await page.screenshot({ clip: box });
  fs.mkdirSync(path.join(ROOT, 'test/artifacts'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test/artifacts', name), shot);
  if (docs) fs.writeFileSync(path.join(ROOT, 'docs/img/viewer-insights.png'), shot);
};
