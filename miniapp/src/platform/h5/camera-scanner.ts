import jsQR from 'jsqr'
import type { ScanOutcome } from '../scan'

/**
 * H5 only: a full-screen camera view that decodes QR codes frame by frame.
 * Built with plain DOM on purpose: it lives above whatever page asked for it and is gone once it resolves.
 * Constraints use `ideal`, never `exact`: a laptop or counter tablet has no "environment" camera, and strict
 * constraints would fail with OverconstrainedError instead of falling back to the camera it has.
 */
const SCAN_INTERVAL_MS = 120
/** Frames are scaled down before decoding: jsQR's time grows with pixels, and a member QR is large. */
const MAX_DECODE_WIDTH = 640

export function scanWithCamera(): Promise<ScanOutcome> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices
  if (!media?.getUserMedia) {
    // browsers hide mediaDevices outside secure contexts (https or localhost)
    const detail = window.isSecureContext ? 'navigator.mediaDevices is missing' : 'not a secure context'
    return Promise.resolve({ kind: 'failed', reason: 'unavailable', detail })
  }

  return new Promise<ScanOutcome>((resolve) => {
    const view = buildOverlay()
    document.body.appendChild(view.root)
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let finished = false

    const finish = (outcome: ScanOutcome) => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      stream?.getTracks().forEach((track) => track.stop())
      document.removeEventListener('keydown', onKey, true)
      view.root.remove()
      resolve(outcome)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') finish({ kind: 'cancelled' })
    }
    view.cancel.addEventListener('click', () => finish({ kind: 'cancelled' }))
    document.addEventListener('keydown', onKey, true)

    const canvas = document.createElement('canvas')
    const context = canvas.getContext('2d', { willReadFrequently: true })

    const decodeLoop = () => {
      if (finished || !context) return
      const video = view.video
      if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const scale = Math.min(1, MAX_DECODE_WIDTH / video.videoWidth)
        const width = Math.round(video.videoWidth * scale)
        const height = Math.round(video.videoHeight * scale)
        canvas.width = width
        canvas.height = height
        context.drawImage(video, 0, 0, width, height)
        const found = jsQR(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'attemptBoth' })
        if (found?.data) {
          finish({ kind: 'scanned', text: found.data })
          return
        }
      }
      timer = setTimeout(decodeLoop, SCAN_INTERVAL_MS)
    }

    media.getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' } } }).then(
      (opened) => {
        if (finished) {
          opened.getTracks().forEach((track) => track.stop())
          return
        }
        stream = opened
        view.video.srcObject = opened
        view.video.play().catch(() => undefined) // autoplay of a muted stream is allowed; play() only hurries it
        decodeLoop()
      },
      (error: unknown) => finish(classifyCameraError(error))
    )
  })
}

function classifyCameraError(error: unknown): ScanOutcome {
  const name = (error as { name?: string })?.name ?? ''
  const detail = `${name}: ${(error as Error)?.message ?? String(error)}`
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { kind: 'failed', reason: 'denied', detail }
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'NotReadableError':
      return { kind: 'failed', reason: 'unavailable', detail }
    default:
      return { kind: 'failed', reason: 'error', detail }
  }
}

/** The overlay's look, one line per part (it lives above every Taro page, outside their stylesheets). */
const LOOK = {
  root: { position: 'fixed', inset: '0', zIndex: '10000', background: '#000', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center' },
  video: { position: 'absolute', inset: '0', width: '100%', height: '100%', objectFit: 'cover' },
  frame: { position: 'relative', width: 'min(70vw, 70vh, 360px)', height: 'min(70vw, 70vh, 360px)', border: '3px solid #36d399', borderRadius: '16px', boxShadow: '0 0 0 100vmax rgba(0,0,0,0.45)' },
  hint: { position: 'relative', marginTop: '24px', color: '#fff', fontSize: '18px' },
  cancel: { position: 'relative', marginTop: '32px', minWidth: '200px', minHeight: '56px', fontSize: '20px', color: '#1f2329', background: '#fff', border: '0', borderRadius: '28px' }
} satisfies Record<string, Partial<CSSStyleDeclaration>>

function part<K extends keyof HTMLElementTagNameMap>(tag: K, look: Partial<CSSStyleDeclaration>, className = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (className) element.className = className
  Object.assign(element.style, look)
  return element
}

function buildOverlay(): { root: HTMLDivElement; video: HTMLVideoElement; cancel: HTMLButtonElement } {
  const root = part('div', LOOK.root, 'jc-camera')
  root.setAttribute('role', 'dialog')
  root.setAttribute('aria-label', '扫描会员码')

  const video = part('video', LOOK.video, 'jc-camera__video')
  video.muted = true
  video.autoplay = true
  video.playsInline = true
  video.setAttribute('playsinline', '')

  const frame = part('div', LOOK.frame)
  const hint = part('div', LOOK.hint)
  hint.textContent = '请将顾客的会员码放入框内'

  const cancel = part('button', LOOK.cancel, 'jc-camera__cancel')
  cancel.type = 'button'
  cancel.textContent = '取消扫码'

  root.append(video, frame, hint, cancel)
  return { root, video, cancel }
}
