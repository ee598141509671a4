// Key material for the simulated channels. Generated on first start under the data dir (never committed):
//   <dataDir>/sandbox-keys.json          everything the sandbox needs (platform private keys, merchant public keys)
//   <dataDir>/merchant-credentials.json  what the BFF loads: merchant private keys, platform public keys, ids
// Each channel has two RSA-2048 pairs: the channel's own "platform" pair (signs responses and notifications)
// and the merchant pair (the BFF signs requests; the sandbox verifies them with the public half). The custody
// bank (`bank`) likewise has the platform's client pair (signs payout requests) and the bank's own pair.
// Material written before the bank existed gets a `bank` section added on the next start; the channels' keys stay.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomAlnum, randomDigits, randomHex } from './util.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'sandbox');
/** SANDBOX_DATA_DIR, relative paths taken from the repository root (the sandbox is started from several cwds). */
export const resolveDataDir = (dir) => (dir ? path.resolve(REPO_ROOT, dir) : DEFAULT_DATA_DIR);
const KEYS_FILE = 'sandbox-keys.json';
const CREDENTIALS_FILE = 'merchant-credentials.json';

// Alipay's key tool hands non-Java merchants PKCS#1 private keys, and alipay-sdk's default keyType is PKCS1;
// WeChat's apiclient_key.pem is PKCS#8.
function rsaPair(privateKeyType = 'pkcs8') {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: privateKeyType, format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** The custody bank: our client id there, our request-signing pair and the bank's answer-signing pair. */
export function generateBankKeys() {
  return { clientId: `JUCARD${randomDigits(10)}`, client: rsaPair('pkcs8'), bank: rsaPair('pkcs8') };
}

/** Fresh ids and key pairs for all channels and the custody bank (about a second of CPU). */
export function generateKeyMaterial({ wechatAppId = 'wxjucard0000000001' } = {}) {
  const mchid = '1900000109';
  return {
    version: 2,
    wechatpay: {
      mchid,
      appid: wechatAppId,
      serialNo: randomHex(20), // merchant API certificate serial: 40 hex chars
      apiV3Key: randomAlnum(32),
      merchant: rsaPair('pkcs8'),
      // "WeChat Pay public key" mode (what new merchants get): the serial is a PUB_KEY_ID, no X.509 needed.
      platform: { serial: `PUB_KEY_ID_01${mchid}${randomDigits(20)}`, ...rsaPair('pkcs8') },
    },
    alipay: {
      appId: `2021${randomDigits(12)}`,
      sellerId: `2088${randomDigits(12)}`,
      merchant: rsaPair('pkcs1'),
      platform: rsaPair('pkcs8'),
    },
    unionpay: {
      merId: `777290058${randomDigits(6)}`,
      certId: randomDigits(11),
      merchant: rsaPair('pkcs8'),
      platform: { certId: randomDigits(11), ...rsaPair('pkcs8') },
    },
    bank: generateBankKeys(),
  };
}

/** The BFF's view: its own private keys plus the channels' public keys and ids. */
export function merchantCredentials(keys) {
  const { wechatpay: w, alipay: a, unionpay: u, bank: b } = keys;
  return {
    wechatpay: {
      mchid: w.mchid,
      appid: w.appid,
      serialNo: w.serialNo,
      privateKeyPem: w.merchant.privateKeyPem,
      platformPublicKeyPem: w.platform.publicKeyPem,
      platformSerial: w.platform.serial,
      apiV3Key: w.apiV3Key,
    },
    alipay: {
      appId: a.appId,
      sellerId: a.sellerId,
      privateKeyPem: a.merchant.privateKeyPem,
      alipayPublicKeyPem: a.platform.publicKeyPem,
    },
    unionpay: {
      merId: u.merId,
      certId: u.certId,
      privateKeyPem: u.merchant.privateKeyPem,
      platformPublicKeyPem: u.platform.publicKeyPem,
      platformCertId: u.platform.certId,
    },
    bank: {
      clientId: b.clientId,
      privateKeyPem: b.client.privateKeyPem,
      bankPublicKeyPem: b.bank.publicKeyPem,
    },
  };
}

function writeExclusive(file, text) {
  // Write to a temp file, then link it into place: atomic, and loses cleanly to a concurrent first start.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if (err.code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Replaces `file` atomically (temp file + rename), so a reader never sees half of it. */
function replaceFile(file, text) {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const json = (value) => JSON.stringify(value, null, 2) + '\n';
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const STALE_LOCK_MS = 30_000;

/**
 * Adds the `bank` section to material generated before it existed, keeping every channel key (the BFF's
 * database refers to orders signed with them). Sandboxes starting together on one data dir (the test files
 * do) take a lock file, so exactly one of them generates the bank keys and all of them read the same ones.
 */
function addBankKeys(keysFile) {
  const lock = `${keysFile}.upgrade-lock`;
  for (;;) {
    const keys = readJson(keysFile);
    if (keys.bank) return keys;
    if (writeExclusive(lock, String(process.pid))) {
      try {
        const current = readJson(keysFile); // another process may have finished between the read and the lock
        if (current.bank) return current;
        const upgraded = { ...current, version: 2, bank: generateBankKeys() };
        replaceFile(keysFile, json(upgraded));
        return upgraded;
      } finally {
        fs.rmSync(lock, { force: true });
      }
    }
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) fs.rmSync(lock, { force: true }); // its writer died
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    pause(20);
  }
}

function credentialsLackBank(file) {
  try {
    return !readJson(file).bank;
  } catch {
    return true; // unreadable: it is generated, so write it again
  }
}

/**
 * Reads the key material from `dataDir`, generating it if missing. Returns { keys, generated, dir }.
 * merchant-credentials.json is rewritten from the keys if it was deleted or predates the custody bank.
 */
export function loadOrCreateKeys(dataDir = DEFAULT_DATA_DIR, { wechatAppId } = {}) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keysFile = path.join(dataDir, KEYS_FILE);
  let generated = false;
  if (!fs.existsSync(keysFile)) {
    generated = writeExclusive(keysFile, json(generateKeyMaterial({ wechatAppId })));
  }
  const keys = addBankKeys(keysFile);
  const credentialsFile = path.join(dataDir, CREDENTIALS_FILE);
  if (!fs.existsSync(credentialsFile)) {
    writeExclusive(credentialsFile, json(merchantCredentials(keys)));
  } else if (credentialsLackBank(credentialsFile)) {
    replaceFile(credentialsFile, json(merchantCredentials(keys)));
  }
  return { keys, generated, dir: dataDir };
}
