// Headless Chromium test of the dyad dashboard: node dashboard.test.mjs URL SCREENSHOT_DIR
// Selects the SRB–KOS dyad, checks the timeline and the table show the seed's events,
// opens one event's evidence, codes a pasted article live, and saves screenshots.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [url, shots] = process.argv.slice(2);
if (!url || !shots) {
  console.error('usage: node dashboard.test.mjs URL SCREENSHOT_DIR');
  process.exit(2);
}
const SEED = 'kosovo-2023-05-27';
const ARTICLE = 'Serbia accused Kosovo of provoking the violence in the north on Monday. ' +
  'NATO condemned the attack on Kosovo police officers. Talks between Serbia and Kosovo were suspended.';

await mkdir(shots, { recursive: true });
const profile = await mkdtemp(join(tmpdir(), 'dyad-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 1500 },
});
const problems = [];
const step = (s) => console.log('dashboard test: ' + s);
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(url)) problems.push('request outside the server: ' + r.url()); });

  step('load ' + url);
  await page.goto(url);
  await page.waitForFunction(() => /documents/.test(document.getElementById('health').textContent));
  await page.locator('[data-testid=network-edge]').first().waitFor();

  step('select the SRB–KOS dyad');
  await page.fill('#dyad-a', 'SRB');
  await page.fill('#dyad-b', 'KOS');
  await page.click('#dyad-go');
  const may = page.locator('[data-testid=timeline-bar][data-period="2023-05"]');
  await may.waitFor();
  const mayEvents = Number(await may.getAttribute('data-events'));
  assert.ok(mayEvents > 0, 'the timeline shows events in May 2023');
  assert.match(await page.textContent('#timeline-summary'), /SRB–KOS: \d+ events/);
  assert.ok(await page.locator('[data-testid=goldstein-line]').count() > 0, 'a Goldstein line is drawn');
  await page.locator('#dyad-section').screenshot({ path: join(shots, 'timeline.png') });

  step('list the events of May 2023 and find the seed among them');
  await may.dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('f-from').value === '2023-05-01');
  const seedRows = page.locator(`[data-testid=event-row][data-doc="${SEED}"]`);
  try {
    await seedRows.first().waitFor({ timeout: 10000 });
  } catch (e) {
    step('no SRB→KOS row from the seed; trying KOS→SRB');
    await page.click('#f-swap');
    await seedRows.first().waitFor();
  }
  const n = await seedRows.count();
  assert.ok(n > 0, 'the table shows the seed events');
  step(`${n} seed events in the table`);

  step('open one event’s evidence');
  await seedRows.first().click();
  const sentence = page.locator('#evidence [data-testid=evidence-sentence]');
  await sentence.waitFor();
  const marks = await sentence.locator('mark').evaluateAll((ms) => ms.map((m) => [m.className, m.textContent]));
  assert.ok(marks.some(([c]) => c === 'src'), 'the source is highlighted: ' + JSON.stringify(marks));
  assert.ok(marks.some(([c]) => c === 'verb'), 'the trigger is highlighted: ' + JSON.stringify(marks));
  for (const [, text] of marks) assert.ok(text.trim().length > 0, 'highlights are not empty');
  assert.match(await page.textContent('#evidence'), new RegExp(SEED));
  await page.locator('#events-section').screenshot({ path: join(shots, 'events.png') });
  await page.locator('#evidence-section').screenshot({ path: join(shots, 'evidence.png') });

  step('paste an article into the live box');
  await page.fill('#live-text', ARTICLE);
  await page.fill('#live-date', '2023-05-29');
  await page.click('#live-code');
  const live = page.locator('[data-testid=live-event]');
  await live.first().waitFor();
  assert.match(await page.textContent('#live-status'), /\d+ events? in \d+ ms/);
  const liveMarks = await live.first().locator('mark.verb').count();
  assert.ok(liveMarks > 0, 'live events show their trigger');
  step(`${await live.count()} live events`);
  await page.locator('#live-section').screenshot({ path: join(shots, 'live.png') });
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no page errors, console errors or outside requests');
  step('passed; screenshots in ' + shots);
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
