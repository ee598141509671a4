// Every installed package must run on the Node.js the README promises (package.json "engines"): a newcomer's first
// `npm start` prints no EBADENGINE warning. Reads package-lock.json, so it checks what `npm ci` installs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const semver = require('semver');
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

test('every package in the lock file supports the oldest Node.js the README promises', () => {
  const promise = read('package.json').engines.node;
  const oldest = semver.minVersion(promise).version;
  const refusing = Object.entries(read('package-lock.json').packages)
    .filter(([, pkg]) => typeof pkg.engines?.node === 'string' && !semver.satisfies(oldest, pkg.engines.node, { includePrerelease: true }))
    .map(([where, pkg]) => `${where.replace(/^node_modules\//, '')}@${pkg.version} needs node ${pkg.engines.node}`);
  assert.deepEqual(refusing, [], `Node ${oldest} (package.json engines ${promise}) is refused by:\n${refusing.join('\n')}`);
});

test('the README promises the same Node.js as package.json', () => {
  const promise = read('package.json').engines.node.replace(/^>=\s*/, '');
  assert.match(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), new RegExp(`Node(\\.js)? ?(≥|>=) ?${promise.replace(/\./g, '\\.')}`));
});
