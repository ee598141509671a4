// @ts-check
// Key material on first start (node --test scripts/sandbox/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateKeyMaterial, loadOrCreateKeys, merchantCredentials } from './keys.mjs';

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jucard-sandbox-keys-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const publicOf = (privatePem) => createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' });

test('should generate keys and merchant credentials once, then reuse them', () => {
  const first = loadOrCreateKeys(dir, { wechatAppId: 'wxtest000000000001' });
  assert.equal(first.generated, true);
  const second = loadOrCreateKeys(dir);
  assert.equal(second.generated, false);
  assert.deepEqual(second.keys, first.keys);
  assert.equal(fs.statSync(path.join(dir, 'sandbox-keys.json')).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['merchant-credentials.json', 'sandbox-keys.json']); // no temp files left
});

test('should write credentials whose keys pair with the sandbox keys', () => {
  const { keys } = loadOrCreateKeys(dir);
  const c = JSON.parse(fs.readFileSync(path.join(dir, 'merchant-credentials.json'), 'utf8'));
  const w = c.wechatpay;
  assert.equal(w.appid, 'wxtest000000000001');
  assert.match(w.mchid, /^\d{10}$/);
  assert.match(w.serialNo, /^[0-9A-F]{40}$/);
  assert.match(w.platformSerial, /^PUB_KEY_ID_\d+$/);
  assert.match(w.apiV3Key, /^[A-Za-z0-9]{32}$/);
  assert.match(w.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/); // PKCS#8, like apiclient_key.pem
  assert.equal(publicOf(w.privateKeyPem), keys.wechatpay.merchant.publicKeyPem);
  assert.equal(w.platformPublicKeyPem, publicOf(keys.wechatpay.platform.privateKeyPem));
  assert.match(c.alipay.privateKeyPem, /^-----BEGIN RSA PRIVATE KEY-----/); // PKCS#1: alipay-sdk's default keyType
  assert.match(c.alipay.appId, /^2021\d{12}$/);
  assert.equal(publicOf(c.alipay.privateKeyPem), keys.alipay.merchant.publicKeyPem);
  assert.equal(c.alipay.alipayPublicKeyPem, publicOf(keys.alipay.platform.privateKeyPem));
  assert.equal(publicOf(c.unionpay.privateKeyPem), keys.unionpay.merchant.publicKeyPem);
  assert.equal(c.unionpay.platformCertId, keys.unionpay.platform.certId);
  assert.equal(createPrivateKey(keys.unionpay.platform.privateKeyPem).asymmetricKeyDetails.modulusLength, 2048);
  assert.match(c.bank.clientId, /^JUCARD\d{10}$/);
  assert.equal(c.bank.clientId, keys.bank.clientId);
  assert.equal(publicOf(c.bank.privateKeyPem), keys.bank.client.publicKeyPem);
  assert.equal(c.bank.bankPublicKeyPem, publicOf(keys.bank.bank.privateKeyPem));
  assert.notEqual(keys.bank.client.publicKeyPem, keys.bank.bank.publicKeyPem);
  assert.equal(createPrivateKey(c.bank.privateKeyPem).asymmetricKeyDetails.modulusLength, 2048);
});

test('should rewrite a deleted merchant-credentials.json from the existing keys', () => {
  const file = path.join(dir, 'merchant-credentials.json');
  const before = fs.readFileSync(file, 'utf8');
  fs.rmSync(file);
  assert.equal(loadOrCreateKeys(dir).generated, false);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});

/** A data dir as sandboxes wrote it before the custody bank existed. */
function legacyDataDir() {
  const legacy = fs.mkdtempSync(path.join(os.tmpdir(), 'jucard-sandbox-keys-legacy-'));
  const { bank, ...channels } = generateKeyMaterial();
  const material = { ...channels, version: 1 };
  const { bank: _, ...credentials } = merchantCredentials({ ...material, bank });
  fs.writeFileSync(path.join(legacy, 'sandbox-keys.json'), JSON.stringify(material, null, 2) + '\n', { mode: 0o600 });
  fs.writeFileSync(path.join(legacy, 'merchant-credentials.json'), JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { legacy, material };
}

test('should add the bank to key material written without it, keeping every channel key', () => {
  const { legacy, material } = legacyDataDir();
  try {
    const upgraded = loadOrCreateKeys(legacy);
    assert.equal(upgraded.generated, false);
    for (const channel of ['wechatpay', 'alipay', 'unionpay']) assert.deepEqual(upgraded.keys[channel], material[channel]);
    assert.ok(upgraded.keys.bank.client.privateKeyPem);
    const stored = JSON.parse(fs.readFileSync(path.join(legacy, 'sandbox-keys.json'), 'utf8'));
    assert.deepEqual(stored, upgraded.keys);
    assert.equal(fs.statSync(path.join(legacy, 'sandbox-keys.json')).mode & 0o777, 0o600);
    const credentials = JSON.parse(fs.readFileSync(path.join(legacy, 'merchant-credentials.json'), 'utf8'));
    assert.deepEqual(credentials, merchantCredentials(upgraded.keys));
    assert.equal(credentials.wechatpay.privateKeyPem, material.wechatpay.merchant.privateKeyPem);
    assert.deepEqual(loadOrCreateKeys(legacy).keys, upgraded.keys); // once only
    assert.deepEqual(fs.readdirSync(legacy).sort(), ['merchant-credentials.json', 'sandbox-keys.json']);
  } finally {
    fs.rmSync(legacy, { recursive: true, force: true });
  }
});

test('should give sandboxes that upgrade one data dir together the same bank keys', async () => {
  const { legacy } = legacyDataDir();
  const run = promisify(execFile);
  const script = `import { loadOrCreateKeys } from ${JSON.stringify(new URL('./keys.mjs', import.meta.url).href)};
    process.stdout.write(loadOrCreateKeys(process.argv[1]).keys.bank.client.publicKeyPem);`;
  try {
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, ['--input-type=module', '-e', script, legacy]).then((r) => r.stdout)),
    );
    const stored = JSON.parse(fs.readFileSync(path.join(legacy, 'sandbox-keys.json'), 'utf8'));
    assert.deepEqual(new Set(outputs), new Set([stored.bank.client.publicKeyPem]));
    const credentials = JSON.parse(fs.readFileSync(path.join(legacy, 'merchant-credentials.json'), 'utf8'));
    assert.equal(publicOf(credentials.bank.privateKeyPem), stored.bank.client.publicKeyPem);
    assert.deepEqual(fs.readdirSync(legacy).sort(), ['merchant-credentials.json', 'sandbox-keys.json']);
  } finally {
    fs.rmSync(legacy, { recursive: true, force: true });
  }
});
