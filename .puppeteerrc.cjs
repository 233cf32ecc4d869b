/**
 * whatsapp-web.js depends on puppeteer, whose install step downloads its own Chrome.
 * LockCare drives Debian's Chromium instead (CHROMIUM_PATH, default /usr/bin/chromium),
 * and a fresh machine may have no network for that download, so never fetch one.
 */
module.exports = { skipDownload: true };
