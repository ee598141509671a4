/**
 * The native member-code component in miniprogram-simulate (j-component), plus its encoders on their own:
 * the simulator has no canvas, so drawing is skipped there and the symbols are checked directly.
 */
const path = require('path');
const simulate = require('miniprogram-simulate');
const { code128C, encodeC, PATTERNS, QUIET_ZONE } = require('../../src/native-components/member-code/code128');
const { qrMatrix } = require('../../src/native-components/member-code/qr');

// load once: the component's JS is a module, so Component() registers it on the first require only
const id = simulate.load(path.join(__dirname, '../../src/native-components/member-code/index'));

function render(props) {
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

const inSeconds = (s) => new Date(Date.now() + s * 1000).toISOString();
const text = (comp, selector) => {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent : null;
};

describe('member-code component', () => {
  let comp;
  afterEach(() => comp && comp.detach());

  test('shows the 18 digits grouped by 4 and a countdown', () => {
    comp = render({ numericCode: '931123456789654321', qrPayload: 'JC1:931123456789654321', expiresAt: inSeconds(60), state: 'ACTIVE' });
    expect(text(comp, '.member-code__digits')).toBe('9311 2345 6789 6543 21');
    expect(text(comp, '.member-code__countdown')).toMatch(/^(60|59) 秒后失效/);
    expect(comp.querySelector('.member-code__overlay')).toBeFalsy();
  });

  test('USED shows 已使用 and no countdown; EXPIRED shows 已过期', async () => {
    comp = render({ numericCode: '931123456789654321', qrPayload: 'x', expiresAt: inSeconds(60), state: 'USED' });
    expect(text(comp, '.member-code__overlay-text')).toBe('已使用');
    expect(comp.querySelector('.member-code__countdown')).toBeFalsy();
    comp.setData({ state: 'EXPIRED' });
    await simulate.sleep(0);
    expect(text(comp, '.member-code__overlay-text')).toBe('已过期');
  });

  test('fires refresh once when the countdown reaches 0', async () => {
    const onRefresh = jest.fn();
    comp = render({ numericCode: '931123456789654321', qrPayload: 'x', expiresAt: inSeconds(0.3), state: 'ACTIVE' });
    comp.addEventListener('refresh', (e) => onRefresh(e.detail));
    expect(onRefresh).not.toHaveBeenCalled();
    await simulate.sleep(800);
    expect(onRefresh).toHaveBeenCalledTimes(1);
    expect(text(comp, '.member-code__countdown')).toBe('正在刷新…');
    await simulate.sleep(600);
    expect(onRefresh).toHaveBeenCalledTimes(1); // not again for the same code
  });

  test('a used code does not ask for a refresh when its time runs out', async () => {
    const onRefresh = jest.fn();
    comp = render({ numericCode: '931123456789654321', qrPayload: 'x', expiresAt: inSeconds(0.2), state: 'USED' });
    comp.addEventListener('refresh', onRefresh);
    await simulate.sleep(600);
    expect(onRefresh).not.toHaveBeenCalled();
  });

  test('tap triggers tapcode with the code', async () => {
    const onTap = jest.fn();
    comp = render({ numericCode: '931123456789654321', qrPayload: 'x', expiresAt: inSeconds(60), state: 'ACTIVE' });
    comp.addEventListener('tapcode', (e) => onTap(e.detail));
    comp.querySelector('.member-code').dispatchEvent('tap');
    await simulate.sleep(0);
    expect(onTap).toHaveBeenCalledWith({ numericCode: '931123456789654321', state: 'ACTIVE' });
  });
});

describe('Code128 subset C encoder', () => {
  test('symbol values and checksum of a known input', () => {
    // 123456789012345678 → pairs 12 34 56 78 90 12 34 56 78
    // 105 + 12·1 + 34·2 + 56·3 + 78·4 + 90·5 + 12·6 + 34·7 + 56·8 + 78·9
    //   = 105 + 12 + 68 + 168 + 312 + 450 + 72 + 238 + 448 + 702 = 2575 = 25 · 103 → checksum 0
    expect(encodeC('123456789012345678')).toEqual({ values: [105, 12, 34, 56, 78, 90, 12, 34, 56, 78, 0, 106], checksum: 0 });
    // 000000000000000001 → only the 9th pair is 1: 105 + 1·9 = 114, 114 mod 103 = 11
    expect(encodeC('000000000000000001')).toEqual({ values: [105, 0, 0, 0, 0, 0, 0, 0, 0, 1, 11, 106], checksum: 11 });
    // 931123456789654321 → 105 + 93 + 22 + 69 + 180 + 335 + 534 + 455 + 344 + 189 = 2326, 2326 − 22·103 = 60
    expect(encodeC('931123456789654321').checksum).toBe(60);
  });

  test('modules: quiet zones, START C bars first, STOP with its final bar', () => {
    const { modules } = code128C('123456789012345678');
    // 10 quiet + 11 (start) + 9·11 (pairs) + 11 (checksum) + 13 (stop) + 10 quiet
    expect(modules).toHaveLength(QUIET_ZONE * 2 + 11 * 11 + 13);
    // START C is 211232: bar 2, space 1, bar 1, space 2, bar 3, space 2
    expect(modules.slice(QUIET_ZONE, QUIET_ZONE + 11).join('')).toBe('11010011100');
    // STOP 2331112 ends on a bar, right before the quiet zone
    expect(modules.slice(-QUIET_ZONE - 13, -QUIET_ZONE).join('')).toBe('1100011101011');
    expect(modules.slice(0, QUIET_ZONE).every((m) => m === 0)).toBe(true);
  });

  test('every symbol is 11 modules wide (STOP 13)', () => {
    expect(PATTERNS).toHaveLength(107);
    PATTERNS.forEach((p, value) => {
      const width = [...p].reduce((sum, w) => sum + Number(w), 0);
      expect(width).toBe(value === 106 ? 13 : 11);
    });
  });

  test('rejects anything but an even number of digits', () => {
    expect(() => encodeC('12345')).toThrow();
    expect(() => encodeC('12a4')).toThrow();
  });
});

describe('QR matrix', () => {
  test('size is 17 + 4 × version, finder patterns in three corners', () => {
    const short = qrMatrix('JC1:931123456789654321');
    expect(short.size).toBe(17 + 4 * short.version);
    const long = qrMatrix('JC1:' + 'x'.repeat(120));
    expect(long.version).toBeGreaterThan(short.version);
    expect(long.size).toBe(17 + 4 * long.version);
    for (const m of [short, long]) {
      const n = m.size;
      // the dark 7×7 ring corners of the top-left, top-right and bottom-left finders; the bottom-right has none
      expect([m.isDark(0, 0), m.isDark(0, 6), m.isDark(6, 0), m.isDark(0, n - 1), m.isDark(n - 1, 0)]).toEqual([true, true, true, true, true]);
      expect(m.isDark(1, 1)).toBe(false); // the light ring inside the finder
    }
  });
});
