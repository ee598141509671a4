/**
 * Native member-code component: Code128 (subset C) barcode and QR on <canvas type="2d">, the 18 digits grouped
 * by 4, a countdown to expiresAt, and an overlay for USED / EXPIRED. Encoding lives in code128.js and qr.js
 * (pure, tested without a canvas); draw.js only paints.
 *
 * Events: `refresh` once the countdown of an ACTIVE code reaches 0; `tapcode` on tap.
 */
const { code128C } = require('./code128');
const { qrMatrix } = require('./qr');
const { drawBarcode, drawQr } = require('./draw');

const TICK_MS = 250;
const OVERLAY = { USED: '已使用', EXPIRED: '已过期' };

function groupDigits(digits) {
  return String(digits || '').replace(/(\d{4})(?=\d)/g, '$1 ');
}

function secondsUntil(expiresAt, now) {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function countdownText(seconds) {
  return seconds > 0 ? seconds + ' 秒后失效 · 自动刷新' : '正在刷新…';
}

Component({
  properties: {
    numericCode: { type: String, value: '' },
    qrPayload: { type: String, value: '' },
    expiresAt: { type: String, value: '' },
    state: { type: String, value: 'ACTIVE' }
  },

  data: {
    digitsText: '',
    secondsLeft: 0,
    countdownText: '',
    overlayText: ''
  },

  observers: {
    numericCode(numericCode) {
      this.setData({ digitsText: groupDigits(numericCode) });
      this.drawBarcode();
    },
    qrPayload() {
      this.drawQr();
    },
    'expiresAt, state'(expiresAt, state) {
      // a new code (or a new state) may count down to its own refresh again
      this._refreshedFor = null;
      this.setData({ overlayText: OVERLAY[state] || '' });
      this.tick();
    }
  },

  lifetimes: {
    attached() {
      this.tick();
      this._timer = setInterval(() => this.tick(), TICK_MS);
    },
    ready() {
      this.drawBarcode();
      this.drawQr();
    },
    detached() {
      clearInterval(this._timer);
      this._timer = null;
    }
  },

  methods: {
    tick() {
      const { expiresAt, state } = this.data;
      if (!expiresAt) return;
      const seconds = secondsUntil(expiresAt, Date.now());
      if (seconds !== this.data.secondsLeft || !this.data.countdownText) {
        this.setData({ secondsLeft: seconds, countdownText: countdownText(seconds) });
      }
      if (seconds === 0 && state === 'ACTIVE' && this._refreshedFor !== expiresAt) {
        this._refreshedFor = expiresAt;
        this.triggerEvent('refresh', { expiresAt });
      }
    },

    onTap() {
      this.triggerEvent('tapcode', { numericCode: this.data.numericCode, state: this.data.state });
    },

    drawBarcode() {
      const digits = this.data.numericCode;
      if (!/^\d{18}$/.test(digits)) return;
      const { modules } = code128C(digits);
      this.withCanvas('#barcode', (ctx, width, height) => drawBarcode(ctx, modules, width, height));
    },

    drawQr() {
      const payload = this.data.qrPayload;
      if (!payload) return;
      const matrix = qrMatrix(payload);
      this.withCanvas('#qr', (ctx, width, height) => drawQr(ctx, matrix, Math.min(width, height)));
    },

    /** Runs paint(ctx, cssWidth, cssHeight) on a sized 2D canvas; does nothing where there is no canvas (tests). */
    withCanvas(selector, paint) {
      if (typeof this.createSelectorQuery !== 'function') return;
      const query = this.createSelectorQuery();
      if (!query || typeof query.select !== 'function') return;
      query
        .select(selector)
        .fields({ node: true, size: true })
        .exec((res) => {
          const hit = res && res[0];
          const canvasNode = hit && hit.node;
          if (!canvasNode || typeof canvasNode.getContext !== 'function') return;
          const ratio = pixelRatio();
          canvasNode.width = Math.round(hit.width * ratio);
          canvasNode.height = Math.round(hit.height * ratio);
          const ctx = canvasNode.getContext('2d');
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.scale(ratio, ratio);
          paint(ctx, hit.width, hit.height);
        });
    }
  }
});

function pixelRatio() {
  try {
    if (typeof wx === 'undefined') return 1;
    const info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
    return (info && info.pixelRatio) || 1;
  } catch (e) {
    return 1;
  }
}
