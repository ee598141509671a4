#!/usr/bin/env node
// @ts-check
// `npm run size`: builds the mini-program for both targets (production) and measures what a phone downloads.
//   weapp main package = every file under miniapp/dist/weapp except the subpackage roots that the built
//                        app.json lists in subPackages[].root (WeChat refuses a main package over 2 MB;
//                        we fail at 1.5 MB to keep headroom)
//   weapp total        = every file under miniapp/dist/weapp
//   H5 initial JS (gz) = the JS files that dist/h5/index.html loads with <script src>, gzipped (node:zlib), summed
// Ends with exactly one JSON line: {"weapp_main_kb":…,"weapp_total_kb":…,"h5_initial_js_gz_kb":…}
//
//   node scripts/size.mjs                       build both targets, measure, check
//   node scripts/size.mjs --check-only          no build: measure the existing dist/weapp (and dist/h5 if built), check
//        [--weapp-dir DIR] [--h5-dir DIR]       measure other folders (tests use a fixture)
// Exit code 1 when the weapp main package is over the limit (or a build/measurement fails).
//
// The measuring functions are exported for tests: measureWeapp, measureH5, checkWeapp, WEAPP_MAIN_LIMIT_KB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MINIAPP = path.join(ROOT, 'miniapp');
export const WEAPP_MAIN_LIMIT_KB = 1536; // 1.5 MB; WeChat's hard limit is 2 MB
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Sizes of a built weapp folder, in bytes and KB; `subpackageRoots` as read from its app.json. */
export function measureWeapp(dir = path.join(MINIAPP, 'dist', 'weapp')) {
  const appJson = path.join(dir, 'app.json');
  if (!fs.existsSync(appJson)) throw new Error(`no weapp build at ${dir} (app.json missing); run the weapp build first`);
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])]
    .map((sub) => String(sub.root ?? '').replace(/^\/+|\/+$/g, ''))
    .filter(Boolean);
  let mainBytes = 0;
  let totalBytes = 0;
  for (const file of listFiles(dir)) {
    const size = fs.statSync(file).size;
    const rel = path.relative(dir, file).split(path.sep).join('/');
    totalBytes += size;
    if (!roots.some((root) => rel === root || rel.startsWith(`${root}/`))) mainBytes += size;
  }
  return { dir, subpackageRoots: roots, mainBytes, totalBytes, mainKb: kb(mainBytes), totalKb: kb(totalBytes) };
}

/** The JS that index.html loads up front (<script src>), gzipped one file at a time and summed. */
export function measureH5(dir = path.join(MINIAPP, 'dist', 'h5')) {
  const indexHtml = path.join(dir, 'index.html');
  if (!fs.existsSync(indexHtml)) throw new Error(`no h5 build at ${dir} (index.html missing); run the h5 build first`);
  const html = fs.readFileSync(indexHtml, 'utf8');
  const files = [];
  let rawBytes = 0;
  let gzBytes = 0;
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    if (!src) continue; // inline script (Taro's rem snippet): not a file
    const url = (src[1] ?? src[2] ?? src[3]).split(/[?#]/)[0];
    if (/^(?:[a-z]+:)?\/\//i.test(url)) throw new Error(`index.html loads an external script (${url}); it cannot be measured`);
    const file = resolveAsset(dir, url);
    if (!file) throw new Error(`index.html loads ${url}, which is not in ${dir}`);
    const bytes = fs.readFileSync(file);
    rawBytes += bytes.length;
    const gz = gzipSync(bytes, { level: 9 }).length;
    gzBytes += gz;
    files.push({ file: path.relative(dir, file), bytes: bytes.length, gzBytes: gz });
  }
  if (files.length === 0) throw new Error(`${indexHtml} references no script files`);
  return { dir, files, rawBytes, gzBytes, rawKb: kb(rawBytes), gzKb: kb(gzBytes) };
}

/** `src` is relative to index.html or starts with the publicPath (e.g. /app/js/x.js → js/x.js). */
function resolveAsset(dir, url) {
  const parts = url.replace(/^\.?\//, '').split('/').filter(Boolean);
  for (let skip = 0; skip < parts.length; skip++) {
    const candidate = path.join(dir, ...parts.slice(skip));
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** null when the main package is within the limit, otherwise the sentence to print. */
export function checkWeapp(weapp, limitKb = WEAPP_MAIN_LIMIT_KB) {
  if (weapp.mainBytes <= limitKb * 1024) return null;
  return (
    `FAIL: the weapp main package is ${weapp.mainKb} KB, over the ${limitKb} KB (1.5 MB) budget ` +
    `(WeChat refuses uploads over 2 MB); move pages into a subpackage or trim dependencies.`
  );
}

function build(type) {
  const t = performance.now();
  process.stderr.write(`[size] taro build --type ${type} (production)…\n`);
  // without TARO_OUTPUT_ROOT: always measure the standard dist/<type> output
  const { TARO_OUTPUT_ROOT: _outputRoot, ...inherited } = process.env;
  const env = { ...inherited, NODE_ENV: 'production', FORCE_COLOR: '0' };
  const r = spawnSync('npx', ['taro', 'build', '--type', type], { cwd: MINIAPP, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const log = stripVTControlCharacters(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    process.stderr.write(log.split('\n').slice(-60).join('\n') + '\n');
    throw new Error(`taro build --type ${type} failed (exit ${r.status ?? r.signal})`);
  }
  process.stderr.write(`[size] ${type} built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main() {
  const checkOnly = process.argv.includes('--check-only');
  const weappDir = path.resolve(arg('--weapp-dir') ?? path.join(MINIAPP, 'dist', 'weapp'));
  const h5Dir = path.resolve(arg('--h5-dir') ?? path.join(MINIAPP, 'dist', 'h5'));
  if (!checkOnly) {
    build('weapp');
    build('h5');
  }
  const weapp = measureWeapp(weappDir);
  // --check-only measures H5 only when it has been built; a full run always has it
  const h5 = !checkOnly || fs.existsSync(path.join(h5Dir, 'index.html')) ? measureH5(h5Dir) : null;

  const rows = [
    ['weapp main package', `${weapp.mainKb} KB`, `limit ${WEAPP_MAIN_LIMIT_KB} KB; excludes ${weapp.subpackageRoots.join(', ') || 'no subpackages'}`],
    ['weapp total', `${weapp.totalKb} KB`, ''],
  ];
  if (h5) rows.push(['H5 initial JS (gzip)', `${h5.gzKb} KB`, `${h5.files.length} files, ${h5.rawKb} KB raw: ${h5.files.map((f) => path.basename(f.file)).join(', ')}`]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [name, value, note] of rows) console.log(`${name.padEnd(w0)}  ${value.padStart(w1)}  ${note}`.trimEnd());

  const failure = checkWeapp(weapp);
  if (failure) console.log(failure);
  else console.log(`OK: weapp main package ${weapp.mainKb} KB is within ${WEAPP_MAIN_LIMIT_KB} KB.`);
  console.log(JSON.stringify({ weapp_main_kb: weapp.mainKb, weapp_total_kb: weapp.totalKb, h5_initial_js_gz_kb: h5 ? h5.gzKb : null }));
  return failure ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
