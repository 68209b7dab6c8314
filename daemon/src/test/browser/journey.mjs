// The owner's journey through the web UI in Debian's headless Chromium, driven by playwright-core.
// Usage: node journey.mjs BASE_URL SCREENSHOT_DIR ZIP_FILE PREDICT_IMAGE
// Exits non-zero with the failing step on any failure; BrowserTest prints the output.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, shots, zipFile, predictImage] = process.argv.slice(2);
if (!predictImage) {
  console.error('usage: node journey.mjs BASE_URL SCREENSHOT_DIR ZIP_FILE PREDICT_IMAGE');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'magpie-chromium-'));
const PASSWORD = 'correct horse battery';
const PAGES = ['login', 'index', 'labels', 'inbox', 'train', 'evaluate', 'models', 'zones', 'boxes', 'settings'];
const problems = [];

function step(name) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${name}`);
}

function expect(condition, message) {
  if (!condition) throw new Error('expected: ' + message);
}

// A fresh profile each run: playwright passes it to Chromium as --user-data-dir.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let exitCode = 0;
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  // 401s are expected: the first visit before setup and the wrong password
page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(`console error on ${page.url()}: ${m.text()}`); });

  step('first start: set the admin password');
  await page.goto(base + '/labels.html');
  await page.waitForURL(/login\.html/);
  await page.locator('#confirm').waitFor();
  await page.screenshot({ path: join(shots, 'login-first-start-1280.png') });
  await page.fill('#password', PASSWORD);
  await page.fill('#confirm', PASSWORD);
  await page.click('#login-submit');
  await page.waitForURL(/labels\.html/);

  step('log out and log in again');
  await page.click('header button:has-text("Log out")');
  await page.waitForURL(/login\.html/);
  await page.fill('#password', 'wrong password');
  await page.click('#login-submit');
  await page.locator('#login-error:has-text("wrong password")').waitFor();
  await page.fill('#password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForURL(/index\.html/);

  step('create labels');
  await page.goto(base + '/labels.html');
  for (const name of ['fork', 'scissors']) {
    await page.fill('#new-label', name);
    await page.click('#add-label');
    await page.locator(`.label-row[data-label="${name}"]`).waitFor();
  }

  step('upload a zip');
  await page.setInputFiles('#upload-files', zipFile);
  await page.locator('#upload-results td.ok').first().waitFor();
  const added = await page.locator('#upload-results td.ok').count();
  expect(added >= 20, `most zip entries added, got ${added}`);
  const forkCount = await page.locator('.label-row[data-label="fork"] .count').textContent();
  expect(!forkCount.startsWith('0 '), 'fork has images after the upload: ' + forkCount);

  step('capture a burst from the camera');
  await page.selectOption('#capture-label', 'fork');
  await page.selectOption('#capture-burst', '5');
  await page.click('#capture');
  await page.locator('#capture-result:has-text("Stored")').waitFor({ timeout: 30_000 });

  step('browse a label');
  await page.click('.label-row[data-label="scissors"] button:has-text("Images")');
  await page.locator('#browser .thumb img').first().waitFor();

  step('label the inbox with the keyboard');
  await page.goto(base + '/inbox.html');
  await page.locator('.item').first().waitFor();
  const before = await page.locator('.item').count();
  expect(before >= 3, `inbox has at least 3 items, has ${before}`);
  await page.keyboard.press('1');
  await page.waitForFunction((n) => document.querySelectorAll('.item').length === n - 1, before);
  await page.keyboard.press('2');
  await page.waitForFunction((n) => document.querySelectorAll('.item').length === n - 2, before);
  await page.keyboard.press('x');
  await page.waitForFunction((n) => document.querySelectorAll('.item').length === n - 3, before);
  const badge = await page.locator('#inbox-count').textContent();
  expect(badge.startsWith(String(before - 3)), `count updated to ${before - 3}: ${badge}`);

  step('train and watch progress');
  await page.goto(base + '/train.html');
  await page.click('#train-start');
  await page.locator('#train-running:not(.hidden)').waitFor();
  const phases = new Set();
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline && !(await page.locator('#train-compare, #train-error').count())) {
    const text = await page.locator('#train-phase').textContent().catch(() => '');
    if (text) phases.add(text.replace(/ \(.*/, ''));
    await page.waitForTimeout(100);
  }
  console.log('  phases seen:', [...phases].join(', '));
  expect(await page.locator('#train-compare').count(), 'a training result: ' + await page.locator('#train-result').textContent());
  expect(phases.size >= 1, 'progress shown while training');
  await page.screenshot({ path: join(shots, 'train-result-1280.png'), fullPage: true });

  step('promote');
  await page.click('#train-promote');
  await page.locator('#train-promoted').waitFor();

  step('move the threshold slider');
  await page.goto(base + '/evaluate.html');
  await page.locator('#threshold').waitFor();
  await page.selectOption('#threshold-label', 'fork');
  await page.locator('#threshold').fill('0.05');
  const low = [await page.textContent('#threshold-precision'), await page.textContent('#threshold-recall')];
  await page.locator('#threshold').fill('1');
  const high = [await page.textContent('#threshold-precision'), await page.textContent('#threshold-recall')];
  console.log(`  fork at 0.05: P ${low[0]} R ${low[1]}; at 1: P ${high[0]} R ${high[1]}`);
  expect(low.join() !== high.join(), 'precision/recall change with the threshold');
  expect(parseFloat(high[1]) <= parseFloat(low[1]), 'recall falls as the threshold rises');
  await page.locator('#threshold').fill('0.7');
  await page.click('#threshold-save');
  await page.locator('#toast:has-text("fires at 0.70")').waitFor();
  const cell = page.locator('#confusion td.diag').first();
  await cell.click();
  await page.locator('#cell-images .thumb').first().waitFor();

  step('models: the promoted version is current');
  await page.goto(base + '/models.html');
  await page.locator('#model-rows .pill.current').waitFor();

  step('predict an image from the live page');
  await page.goto(base + '/index.html');
  await page.locator('#status-strip').waitFor();
  await page.setInputFiles('#predict-file', predictImage);
  await page.click('#predict-run');
  await page.locator('#predict-result b').waitFor();
  console.log('  predicted:', await page.textContent('#predict-result p'));
  await page.locator('#frame-shelf').waitFor();
  await page.waitForFunction(() => document.querySelector('#frame-shelf').naturalWidth > 0);
  await page.locator('.zone .tag').first().waitFor();

  step('settings: create an API token');
  await page.goto(base + '/settings.html');
  await page.fill('#token-name', 'home-assistant');
  await page.click('form:has(#token-name) button');
  await page.locator('#token-new pre').waitFor();
  step('settings: test a broker that is not there');
  await page.fill('#mqtt-broker', 'tcp://127.0.0.1:9');
  await page.click('#mqtt-test');
  await page.locator('#mqtt-test-result.error').waitFor();
  console.log('  broker check:', await page.textContent('#mqtt-test-result'));

  step('boxes: draw a box on a photo and save it');
  await page.goto(base + '/boxes.html');
  await page.locator('#boxes-kept').waitFor();
  await page.setInputFiles('#boxes-file', predictImage);
  await page.waitForFunction(() => document.querySelector('#boxes-photo').naturalWidth > 0);
  await page.selectOption('#boxes-label', 'scissors');
  const photoBox = await page.locator('#boxes-photo').boundingBox();
  await page.mouse.move(photoBox.x + photoBox.width * 0.2, photoBox.y + photoBox.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(photoBox.x + photoBox.width * 0.5, photoBox.y + photoBox.height * 0.5, { steps: 5 });
  await page.mouse.move(photoBox.x + photoBox.width * 0.75, photoBox.y + photoBox.height * 0.7, { steps: 5 });
  await page.mouse.up();
  await page.locator('#boxes-list li').first().waitFor();
  expect(await page.locator('#boxes-frame .zone').count() === 1, 'the drawn box is shown on the photo');
  await page.click('#boxes-save');
  await page.locator('#boxes-result:has-text("Saved")').waitFor();
  console.log('  boxes:', await page.textContent('#boxes-result'));
  await page.locator('#boxes-kept .thumb').first().waitFor();
  // redraw: remove the box, draw a tighter one, save again (the photo's crops are replaced)
  await page.click('#boxes-list button:has-text("Remove")');
  await page.mouse.move(photoBox.x + photoBox.width * 0.25, photoBox.y + photoBox.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(photoBox.x + photoBox.width * 0.7, photoBox.y + photoBox.height * 0.65, { steps: 5 });
  await page.mouse.up();
  await page.locator('#boxes-list li').first().waitFor();
  await page.click('#boxes-save');
  await page.locator('#boxes-result:has-text("earlier crops removed")').waitFor();
  console.log('  redrawn:', await page.textContent('#boxes-result'));
  await page.screenshot({ path: join(shots, 'boxes-saved-1280.png'), fullPage: true });
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(200);
  const boxesOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (boxesOverflow > 1) problems.push(`boxes.html with a photo is ${boxesOverflow} px wider than a 375 px screen`);
  await page.screenshot({ path: join(shots, 'boxes-saved-375.png'), fullPage: true });
  await page.setViewportSize(wide);

  step('screenshots of every page at 1280 and 375 px');
  for (const [width, height] of [[1280, 900], [375, 812]]) {
    await page.setViewportSize({ width, height });
    for (const name of PAGES) {
      if (name === 'login') continue;
      await page.goto(`${base}/${name}.html`);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle').catch(() => {});
      await page.waitForTimeout(400);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 1) problems.push(`${name}.html is ${overflow} px wider than a ${width} px screen`);
      await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    }
  }
  await context.clearCookies();
  const loginPage = page;
  await loginPage.goto(base + '/login.html');
  await loginPage.locator('#password').waitFor();
  await loginPage.screenshot({ path: join(shots, 'login-375.png') });
  await loginPage.setViewportSize({ width: 1280, height: 900 });
  await loginPage.screenshot({ path: join(shots, 'login-1280.png') });

  if (problems.length) throw new Error('problems seen:\n  ' + problems.join('\n  '));
  step('done');
} catch (e) {
  console.error('FAILED:', e.stack || e.message);
  if (problems.length) console.error('also seen:\n  ' + problems.join('\n  '));
  exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
