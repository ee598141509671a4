/**
 * The QR matrix of a payload, from the `qrcode` package's create() (no canvas, no DOM). Error correction M
 * reads well off a phone screen. The payload goes in as UTF-8 bytes: the mini-program has no TextEncoder.
 */
const QRCode = require('qrcode');

function utf8Bytes(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
    }
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(bytes);
}

/** { version, size, isDark(row, col) } for a payload. size = 17 + 4 × version. */
function qrMatrix(payload) {
  const qr = QRCode.create([{ data: utf8Bytes(String(payload)), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const modules = qr.modules;
  return {
    version: qr.version,
    size: modules.size,
    isDark: (row, col) => Boolean(modules.get(row, col))
  };
}

module.exports = { qrMatrix, utf8Bytes };
