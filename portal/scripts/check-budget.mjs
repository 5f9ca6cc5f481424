// The portal's speed budget: the JavaScript a first load fetches (every script index.html names, and the modules
// they preload), gzip -9, must stay under 300 KB. Fails the build when it does not.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgetBytes = 300 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(`${dist}index.html`, 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map(m => m[1]);
if (scripts.length === 0) {
  console.error('check-budget: index.html names no script');
  process.exit(1);
}

let raw = 0;
let gzipped = 0;
for (const script of new Set(scripts)) {
  const content = readFileSync(`${dist}${script}`);
  raw += content.length;
  gzipped += gzipSync(content, { level: 9 }).length;
}

const kb = bytes => (bytes / 1024).toFixed(1);
console.log(`check-budget: first-load JavaScript ${kb(raw)} KB, ${kb(gzipped)} KB gzip -9 (budget ${kb(budgetBytes)} KB)`);
if (gzipped > budgetBytes) {
  console.error('check-budget: over budget');
  process.exit(1);
}
