import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import helmet from 'helmet';
import { helmetOptions, securityHeaders } from './http-security';

/** What helmet itself sends on a real HTTP response with the same options. */
async function helmetOnARealResponse(options: ReturnType<typeof helmetOptions>): Promise<IncomingHttpHeaders> {
  const middleware = helmet(options);
  const server = createServer((request, response) => middleware(request, response, () => response.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return Object.fromEntries(answer.headers.entries());
  } finally {
    server.close();
  }
}

describe('securityHeaders', () => {
  const h5 = mkdtempSync(join(tmpdir(), 'jucard-h5-'));
  writeFileSync(join(h5, 'index.html'), '<html><head><script>window.x=1</script></head></html>');
  const options = helmetOptions(h5);

  it('should be exactly the headers helmet sets on a real response, worked out once', async () => {
    const real = await helmetOnARealResponse(options);
    const ours = securityHeaders(options);
    const fromHelmet = Object.fromEntries(Object.entries(real).filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)));
    expect(ours).toEqual(fromHelmet);
  });

  it('should forbid framing and allow only our scripts and the build\'s inline one', () => {
    const ours = securityHeaders(options);
    expect(ours['x-frame-options']).toBe('DENY');
    expect(ours['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(ours['content-security-policy']).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
