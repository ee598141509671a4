// @ts-check
// The sandbox's memory on disk: orders with their refunds, bill adjustments, payouts and the SMS outbox, in one
// JSON file under the data dir, so a restart of `npm start` does not make the channels forget payments the BFF
// recorded (re-running a day's reconciliation would otherwise report every one of them as missing).
//   SANDBOX_STATE=disk    <SANDBOX_DATA_DIR>/state.json (npm start sets it)
//   SANDBOX_STATE=memory  forgotten on exit (the default: tests and benchmarks start from nothing)
// Writes are coalesced (one per SAVE_DELAY_MS at most) and atomic (temp file + rename); stop() writes what is
// pending, so a SIGTERM loses nothing. Pending notifications and timers are not kept: a restart is a channel outage.
import fs from 'node:fs';
import path from 'node:path';

export const STATE_FILE = 'state.json';
export const STATE_VERSION = 1;
const SAVE_DELAY_MS = 50;
export const STATE_MODES = ['memory', 'disk'];

/** 'memory' | 'disk' from SANDBOX_STATE; anything else stops the start with a sentence. */
export function stateMode(text) {
  const mode = text === undefined || text === '' ? 'memory' : text;
  if (!STATE_MODES.includes(mode)) throw new Error(`SANDBOX_STATE must be memory or disk, got "${text}"`);
  return mode;
}

/**
 * parts: { name: { snapshot(): json, restore(json) } }. Returns { file, loaded, changed(), stop() }; with no
 * file (memory mode) every call is a no-op.
 */
export function createStatePersistence(file, parts, { log = console.log } = {}) {
  if (!file) return { file: null, loaded: false, changed() {}, stop() {} };
  const loaded = load(file, parts, log);
  let timer = null;

  function save() {
    timer = null;
    const snapshot = { version: STATE_VERSION, savedAt: new Date().toISOString() };
    for (const [name, part] of Object.entries(parts)) snapshot[name] = part.snapshot();
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(snapshot));
      fs.fsyncSync(fd); // the rename must not land before the bytes do
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  return {
    file,
    loaded,
    changed() {
      timer ??= setTimeout(save, SAVE_DELAY_MS);
      timer.unref?.();
    },
    stop() {
      if (!timer) return;
      clearTimeout(timer);
      save();
    },
  };
}

export const stateFileIn = (dataDir) => path.join(dataDir, STATE_FILE);

function load(file, parts, log) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err?.code === 'ENOENT') return false;
    // Keep the unreadable file for a look, start empty rather than refuse to start.
    const aside = `${file}.unreadable-${Date.now()}`;
    fs.renameSync(file, aside);
    log(`[sandbox] ${file} could not be read (${err?.message}); moved to ${aside}, starting empty`);
    return false;
  }
  if (data?.version !== STATE_VERSION) throw new Error(`${file} has version ${data?.version}, this sandbox reads ${STATE_VERSION}; delete it to start empty`);
  for (const [name, part] of Object.entries(parts)) if (data[name] !== undefined) part.restore(data[name]);
  return true;
}
