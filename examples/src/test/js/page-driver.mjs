// Drives one page in Debian's headless Chromium for DashboardIT, one JSON command per line on
// stdin, one JSON answer per line on stdout. The network is closed: Chromium resolves no name,
// uses no proxy, and every request to anything but 127.0.0.1 is aborted and recorded.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-proxy-server',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
const blocked = [];
const errors = [];
await context.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.hostname === '127.0.0.1') return route.continue();
  blocked.push(route.request().url());
  return route.abort('internetdisconnected');
});
const page = await context.newPage();
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

const ops = {
  async open({ url }) {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#slots tbody tr', { timeout: 15000 });
    return null;
  },
  async rows() {
    return page.$$eval('#slots tbody tr', (trs) => trs.map((tr) => ({
      slot: Number(tr.dataset.slot), gen: Number(tr.dataset.gen),
      restarts: Number(tr.dataset.restarts), rps: Number(tr.dataset.rps),
      state: tr.querySelector('td.state').textContent,
      pid: tr.querySelector('td.pid').textContent })));
  },
  async text({ selector }) {
    return page.$eval(selector, (el) => el.textContent);
  },
  async count({ selector }) {
    return page.$$eval(selector, (els) => els.length);
  },
  async fill({ selector, value }) {
    await page.fill(selector, value);
    return null;
  },
  async click({ selector }) {
    await page.click(selector, { timeout: 5000 });
    return null;
  },
  async screenshot({ path }) {
    await page.screenshot({ path, fullPage: true });
    return path;
  },
  async network() {
    return { blocked, errors };
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.op === 'close') break;
  try {
    const result = await ops[command.op](command);
    process.stdout.write(JSON.stringify({ ok: true, result }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message || e) }) + '\n');
  }
}
await browser.close();
process.exit(0);
