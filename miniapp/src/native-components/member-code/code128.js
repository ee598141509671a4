/**
 * Code 128, subset C only: the member code is 18 digits, so it is always 9 digit pairs.
 * Pure functions, no canvas: the symbol values and the bar widths are tested on their own (test/native).
 *
 * Symbol layout: START C (105) · 9 pairs (value = the two digits as a number 00–99) · checksum · STOP (106).
 * Checksum = (105 + Σ pair_i × i, i counted from 1) mod 103.
 */

/** Bar/space widths (in modules) of symbol values 0–105, then STOP (106, with its final bar). Bars first. */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112'
];

const START_C = 105;
const STOP = 106;
/** Quiet zone each side, in modules (the spec asks for at least 10). */
const QUIET_ZONE = 10;

/** The symbol values for an even-length digit string: [105, pairs…, checksum, 106]. */
function encodeC(digits) {
  const text = String(digits);
  if (!/^\d+$/.test(text) || text.length % 2 !== 0) {
    throw new Error('Code128 subset C needs an even number of digits, got "' + text + '"');
  }
  const pairs = [];
  for (let i = 0; i < text.length; i += 2) pairs.push(Number(text.slice(i, i + 2)));
  const checksum = pairs.reduce((sum, value, i) => sum + value * (i + 1), START_C) % 103;
  return { values: [START_C].concat(pairs, [checksum, STOP]), checksum };
}

/** The module row (1 = bar, 0 = space) of a list of symbol values, quiet zones included. */
function toModules(values) {
  const modules = [];
  for (let q = 0; q < QUIET_ZONE; q++) modules.push(0);
  values.forEach((value) => {
    const pattern = PATTERNS[value];
    if (!pattern) throw new Error('No Code128 symbol ' + value);
    for (let i = 0; i < pattern.length; i++) {
      const bit = i % 2 === 0 ? 1 : 0;
      for (let w = 0; w < Number(pattern[i]); w++) modules.push(bit);
    }
  });
  for (let q = 0; q < QUIET_ZONE; q++) modules.push(0);
  return modules;
}

/** Everything the drawing needs for a code: symbol values, checksum and modules. */
function code128C(digits) {
  const encoded = encodeC(digits);
  return { values: encoded.values, checksum: encoded.checksum, modules: toModules(encoded.values) };
}

module.exports = { PATTERNS, START_C, STOP, QUIET_ZONE, encodeC, toModules, code128C };
