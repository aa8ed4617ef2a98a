// End-to-end test of the widget in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser download) against a real running assistant. Started by
// tests/browser/test_widget.py, which passes the page address and a folder for screenshots.
// Prints one JSON line with the findings; exits 1 on the first failed check.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const PAGE = process.env.RUGPOLI_PAGE_URL;
const SHOTS = process.env.RUGPOLI_SCREENSHOTS;
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TIMEOUT = 30000;
const findings = {};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function lastBot(page) {
  return page.locator(".rc-bot").last();
}

// Waits until the assistant has answered and then stayed quiet for a second, so that a turn
// with several messages (advice plus phone numbers, the alarm mark) is complete, however slow.
async function settled(page, before) {
  await page.waitForFunction((n) => document.querySelectorAll(".rc-bot").length > n, before,
                             { timeout: TIMEOUT });
  let count = -1;
  for (let stable = 0; stable < 4; ) {
    await page.waitForTimeout(250);
    const now = await page.locator(".rc-message").count();
    stable = now === count ? stable + 1 : 0;
    count = now;
  }
}

async function ask(page, text) {
  const before = await page.locator(".rc-bot").count();
  await page.fill("#rc-input", text);
  await page.keyboard.press("Enter");
  await settled(page, before);
}

async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return result;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(PAGE);

  // 1. First message: automated assistant, no diagnosis, 112.
  const intro = await page.locator(".rc-bot").first().innerText();
  assert.match(intro, /automatische assistent/);
  assert.match(intro, /geen diagnose/);
  assert.match(intro, /112/);
  assert.equal(await page.locator(".rc-bot .rc-link[href='tel:112']").count(), 1);

  // 2. Imaging question: answer with its source as a separate, quieter element and feedback.
  await ask(page, "heb ik een mri nodig voor mijn rugpijn?");
  let answer = await lastBot(page);
  assert.match(await answer.locator(".rc-source").innerText(), /^Bron: /);
  assert.equal(await answer.locator(".rc-feedback button").count(), 2);
  findings.answer = (await answer.innerText()).slice(0, 120);

  // 3. Red flag: GP advice, marked as alarm, no feedback buttons.
  await ask(page, "ik kan sinds vanochtend mijn plas niet meer ophouden");
  await page.waitForSelector(".rc-alarm", { timeout: TIMEOUT });
  const alarm = page.locator(".rc-alarm").last();
  assert.match(await alarm.innerText(), /huisarts/);
  assert.equal(await alarm.locator(".rc-feedback").count(), 0);
  findings.alarm = (await alarm.innerText()).slice(0, 120);

  // 4. HTML and script typed by a patient appear literally and never run.
  const attack = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";
  await ask(page, attack);
  const users = page.locator(".rc-user .rc-text");
  assert.equal(await users.last().textContent(), attack);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator(".rc-messages img").count(), 0);

  // 5. Feedback "Nee" is sent and offers to rephrase or call.
  await page.locator(".rc-feedback").first().getByRole("button", { name: "Nee" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll(".rc-bot")].some(
    (n) => n.innerText.includes("anders stellen")), null, { timeout: TIMEOUT });
  await settled(page, 0);
  const offer = await lastBot(page);
  assert.ok(await offer.locator(".rc-quick").count() >= 2, "rephrase / phone buttons");

  // 6. Over-long message: a visible, polite note, nothing sent.
  const sentBefore = await users.count();
  await page.fill("#rc-input", "a".repeat(2001));
  await page.keyboard.press("Enter");
  assert.match(await page.locator(".rc-status").innerText(), /2001 tekens/);
  assert.equal(await users.count(), sentBefore);
  await page.fill("#rc-input", "");

  // 7. Reload and page navigation: the conversation is still there and continues.
  const shown = await page.locator(".rc-message").count();
  const session = await page.evaluate(() => sessionStorage.getItem("rugpoli-chat-session"));
  await page.reload();
  assert.equal(await page.locator(".rc-message").count(), shown);
  await page.click("text=Over de rugpoli");
  await page.waitForURL(/over\.html/);
  assert.equal(await page.locator(".rc-message").count(), shown);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("rugpoli-chat-session")), session);
  findings.session = session;
  await ask(page, "en hoe lang duurt het meestal?");

  // 7b. A dropped connection: the widget says so, reconnects by itself, and the same
  // conversation continues.
  await page.evaluate(() => window.rugpoliChat.socket.io.engine.close());
  assert.equal(await page.evaluate(() => window.rugpoliChat.confirmed), false, "disconnected");
  await page.waitForFunction(() => window.rugpoliChat.confirmed === true, null, { timeout: TIMEOUT });
  await ask(page, "mag ik sporten met rugpijn?");
  assert.match(await (await lastBot(page)).innerText(), /Bron:/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("rugpoli-chat-session")), session);
  await page.screenshot({ path: `${SHOTS}/desktop.png`, fullPage: true });

  // 8. axe-core: no serious or critical violations.
  const violations = await axeViolations(page);
  findings.axe = violations;
  const serious = violations.filter((v) => ["serious", "critical"].includes(v.impact));
  assert.deepEqual(serious, []);

  // 9. Keyboard only, in a new conversation: Tab to the input, type, Enter, Tab to a button.
  await page.getByRole("button", { name: "Nieuw gesprek" }).click();
  assert.equal(await page.locator(".rc-message").count(), 1);
  assert.notEqual(await page.evaluate(() => sessionStorage.getItem("rugpoli-chat-session")), session);
  await page.goto(page.url());
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement.id) === "rc-input") break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), "rc-input");
  await page.keyboard.type("ik wil een mens spreken");
  const before = await page.locator(".rc-bot").count();
  await page.keyboard.press("Enter");
  await settled(page, before);
  await page.waitForSelector(".rc-quick:not([disabled])", { timeout: TIMEOUT });
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement.classList.contains("rc-quick"));
  }
  assert.ok(reached, "a quick-reply button is reachable with Tab");
  const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(focusStyle, "none", "focus is visible");
  const bots = await page.locator(".rc-bot").count();
  await page.keyboard.press("Enter");
  await settled(page, bots);
  assert.equal(await page.evaluate(() => document.activeElement.id), "rc-input", "focus back in the input");
  assert.equal(await page.locator(".rc-messages[role=log][aria-live=polite]").count(), 1);

  // 10. Phone width (360 px) and 200% zoom (1280 px at zoom 2 = 640 CSS px): no sideways scroll.
  for (const [name, width] of [["phone-360", 360], ["zoom-200", 640]]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: page scrolls sideways by ${overflow} px`);
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  }
  assert.deepEqual(errors, []);
  console.log(JSON.stringify({ ok: true, ...findings }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error && error.stack || error), ...findings }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
