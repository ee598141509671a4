import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet, { type HelmetOptions } from 'helmet';

/** sha256 sources for the inline <script> blocks of the built index.html (Taro's template sets the root font size). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const [tag, body] = match;
    if (!body || /\ssrc=/i.test(tag.slice(0, tag.indexOf('>')))) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}

/**
 * One policy for the API, the H5 app and /docs. Scripts: our own files plus the exact inline script of the build
 * (its hash, read at boot, so a rebuilt app keeps working). Styles need 'unsafe-inline': Taro's H5 runtime and its
 * web components write `style` attributes and inject <style> elements at run time, which no hash can name.
 * No framing anywhere (the till and the back office are clickjacking targets).
 */
export function helmetOptions(h5Dir: string): HelmetOptions {
  const index = join(h5Dir, 'index.html');
  const hashes = existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...hashes],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // the H5 cashier hand-off opens the channel's page in a new window; keep the opener relationship
    crossOriginOpenerPolicy: false,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * helmet's headers, worked out once: the policy depends on nothing in a request (no nonces), so every answer gets
 * the same set, copied in one hook instead of helmet's eleven middlewares running per request.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: Error | undefined;
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error) failure = error instanceof Error ? error : new Error('helmet refused its options');
  });
  if (failure) throw failure;
  return headers;
}

/** Paths that show the platform's inside (metrics, the API description): behind a token in production. */
export function isOpsPath(url: string): boolean {
  return url === '/metrics' || url.startsWith('/metrics?') || url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs-json') || url.startsWith('/docs?');
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function hasBearer(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
