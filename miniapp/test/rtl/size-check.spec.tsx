/**
 * @jest-environment node
 *
 * The weapp main-package budget behind `npm run size` / `node scripts/size.mjs --check-only`: subpackage roots
 * from the built app.json do not count towards the main package, and 1.5 MB fails with a clear sentence.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const SCRIPT = path.resolve(__dirname, '../../../scripts/size.mjs')

function fakeWeapp(mainKb: number, subpackageKb: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-size-'))
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'pages-merchant', pages: ['redeem/index'] }] }))
  fs.mkdirSync(path.join(dir, 'pages/index'), { recursive: true })
  fs.mkdirSync(path.join(dir, 'pages-merchant/redeem'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'pages/index/index.js'), Buffer.alloc(mainKb * 1024))
  fs.writeFileSync(path.join(dir, 'pages-merchant/redeem/index.js'), Buffer.alloc(subpackageKb * 1024))
  return dir
}

function checkOnly(weappDir: string) {
  const run = spawnSync(process.execPath, [SCRIPT, '--check-only', '--weapp-dir', weappDir, '--h5-dir', path.join(weappDir, 'no-h5')], { encoding: 'utf8' })
  const lines = run.stdout.trim().split('\n')
  return { status: run.status, stdout: run.stdout, json: JSON.parse(lines[lines.length - 1]!) }
}

test('a main package within 1.5 MB passes; subpackages count only towards the total', () => {
  const result = checkOnly(fakeWeapp(1000, 900))
  expect(result.status).toBe(0)
  expect(result.json.weapp_main_kb).toBeGreaterThanOrEqual(1000)
  expect(result.json.weapp_main_kb).toBeLessThan(1001)
  expect(result.json.weapp_total_kb).toBeGreaterThanOrEqual(1900)
})

test('a main package over 1.5 MB fails with exit 1 and says why', () => {
  const result = checkOnly(fakeWeapp(1600, 0))
  expect(result.status).toBe(1)
  expect(result.stdout).toMatch(/FAIL: the weapp main package is 1600\.\d KB, over the 1536 KB/)
  expect(Object.keys(result.json)).toEqual(['weapp_main_kb', 'weapp_total_kb', 'h5_initial_js_gz_kb'])
})

test('the real build, when present, is within budget', () => {
  const built = path.resolve(__dirname, '../../dist/weapp')
  if (!fs.existsSync(path.join(built, 'app.json'))) return
  expect(checkOnly(built).status).toBe(0)
})
