// Key material on first start (node --test scripts/sandbox/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys } from './keys.mjs';

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
});

test('should rewrite a deleted merchant-credentials.json from the existing keys', () => {
  const file = path.join(dir, 'merchant-credentials.json');
  const before = fs.readFileSync(file, 'utf8');
  fs.rmSync(file);
  assert.equal(loadOrCreateKeys(dir).generated, false);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});
