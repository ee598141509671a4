/**
 * Drawing only: takes a canvas 2D context and what the encoders produced. Sizes are in CSS pixels; the caller
 * has already scaled the context for the device pixel ratio.
 */

/** QR with a 2-module quiet zone, modules snapped to whole pixels so the edges stay sharp. */
function drawQr(ctx, matrix, sizePx) {
  const quiet = 2;
  const cell = Math.floor(sizePx / (matrix.size + quiet * 2)) || 1;
  const offset = Math.floor((sizePx - cell * matrix.size) / 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, sizePx, sizePx);
  ctx.fillStyle = '#000000';
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.isDark(row, col)) ctx.fillRect(offset + col * cell, offset + row * cell, cell, cell);
    }
  }
}

/** A module row (1 = bar) stretched over the width; bars that run on are drawn as one rectangle. */
function drawBarcode(ctx, modules, widthPx, heightPx) {
  const unit = widthPx / modules.length;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, widthPx, heightPx);
  ctx.fillStyle = '#000000';
  let i = 0;
  while (i < modules.length) {
    if (!modules[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end < modules.length && modules[end]) end++;
    ctx.fillRect(i * unit, 0, (end - i) * unit, heightPx);
    i = end;
  }
}

module.exports = { drawQr, drawBarcode };
