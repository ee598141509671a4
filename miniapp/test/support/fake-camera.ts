import { renameSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * Writes a Y4M video whose frames show `text` as a QR code on white (or just white for null), for
 * Chromium's fake camera.
 * Pitfalls (research/toolchain.md §7): the header needs the F frame rate or getUserMedia hangs; only 4:2:0
 * with a FRAME tag per frame works; a truncated frame never decodes. Chromium re-reads the file for every
 * capture, so the file is written beside and renamed into place.
 */
export async function writeQrVideo(path: string, text: string | null, frames = 2): Promise<void> {
  const rgb = Buffer.alloc(WIDTH * HEIGHT * 3, 255);
  if (text !== null) await pasteQr(rgb, text);
  const frame = toI420(rgb);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F30:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const parts: Buffer[] = [header];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n', 'ascii'), frame);
  writeFileSync(`${path}.tmp`, Buffer.concat(parts));
  renameSync(`${path}.tmp`, path);
}

/** Draws the QR (8 px per module, 4-module quiet zone) in the middle of the RGB frame. */
async function pasteQr(rgb: Buffer, text: string): Promise<void> {
  const png = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 }));
  if (png.width > WIDTH || png.height > HEIGHT) throw new Error(`QR of ${png.width}px does not fit a ${WIDTH}×${HEIGHT} frame`);
  const left = Math.floor((WIDTH - png.width) / 2);
  const top = Math.floor((HEIGHT - png.height) / 2);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const from = (y * png.width + x) * 4;
      const to = ((top + y) * WIDTH + left + x) * 3;
      rgb[to] = png.data[from]!;
      rgb[to + 1] = png.data[from + 1]!;
      rgb[to + 2] = png.data[from + 2]!;
    }
  }
}

/** RGB → I420, BT.601 full range; U and V average each 2×2 block. */
function toI420(rgb: Buffer): Buffer {
  const ySize = WIDTH * HEIGHT;
  const out = Buffer.alloc(ySize * 3 / 2);
  const px = (x: number, y: number) => {
    const i = (y * WIDTH + x) * 3;
    return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!] as const;
  };
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const [r, g, b] = px(x, y);
      out[y * WIDTH + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  const uOffset = ySize;
  const vOffset = ySize + ySize / 4;
  for (let y = 0; y < HEIGHT; y += 2) {
    for (let x = 0; x < WIDTH; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const [pr, pg, pb] = px(x + dx, y + dy);
        r += pr;
        g += pg;
        b += pb;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const i = (y / 2) * (WIDTH / 2) + x / 2;
      out[uOffset + i] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[vOffset + i] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return out;
}
