import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import S3rver from 's3rver';
import { DomainError } from '../common/domain-error';
import { S3FileStore } from './s3-file-store';
import { solidPng } from './solid-png';

// s3rver: a local S3-compatible server that checks AWS signature v4 against its own key pair (S3RVER / S3RVER)
describe('S3FileStore against a local S3-compatible server', () => {
  let server: S3rver;
  let endpoint: string;
  const options = (overrides: Partial<ConstructorParameters<typeof S3FileStore>[0]> = {}) => ({
    endpoint,
    region: 'us-east-1',
    bucket: 'jucard-uploads',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    ...overrides,
  });

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(tmpdir(), 's3rver-')), configureBuckets: [{ name: 'jucard-uploads', configs: [] }] });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await server.close();
  });

  it('should put an image and get the same bytes back', async () => {
    const sut = new S3FileStore(options());
    const bytes = solidPng(3, 3, [1, 2, 3]);
    await sut.put('k_0123456789abcdefghij', bytes, 'image/png');
    expect(Buffer.compare((await sut.get('k_0123456789abcdefghij')) ?? Buffer.alloc(0), bytes)).toBe(0);
  });

  it('should answer null for a key that holds nothing', async () => {
    expect(await new S3FileStore(options()).get('nothing_stored_here_00')).toBeNull();
  });

  it('should turn a refusal by the store (unknown access key) into a 503 outage, not a 500', async () => {
    const sut = new S3FileStore(options({ accessKeyId: 'NOT-A-KEY' }));
    const failure = await sut.put('k_refused_credential_00', Buffer.from('x'), 'image/png').then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('should turn an unreachable store into a 503 outage', async () => {
    const sut = new S3FileStore(options({ endpoint: 'http://127.0.0.1:9' }));
    await expect(sut.get('k_unreachable_store_000')).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('should refuse a key that is not one of ours before any request', async () => {
    await expect(new S3FileStore(options()).get('../etc/passwd')).rejects.toThrow('not a storage key');
  });
});

// s3rver checks the access key but not the v4 signature itself, so the signature is recomputed here, from the raw
// request the adapter sent, with Node's crypto alone (AWS Signature Version 4 for S3, header form)
describe('S3FileStore request signing (AWS Signature Version 4)', () => {
  const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

  function expectedSignature(request: IncomingMessage, body: Buffer, secret: string): { given: string; computed: string } {
    const auth = String(request.headers.authorization);
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!match) throw new Error(`not a v4 header: ${auth}`);
    const [, , date = '', region = '', signedHeaders = '', given = ''] = match;
    const url = new URL(request.url ?? '/', 'http://x');
    const query = [...url.searchParams.entries()].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
    const headers = signedHeaders.split(';').map((name) => `${name}:${String(request.headers[name]).trim().replace(/ +/g, ' ')}\n`).join('');
    const payload = String(request.headers['x-amz-content-sha256']);
    if (/^[0-9a-f]{64}$/.test(payload)) expect(payload).toBe(sha256(body));
    const canonical = [request.method, url.pathname, query, headers, signedHeaders, payload].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', String(request.headers['x-amz-date']), scope, sha256(canonical)].join('\n');
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
    return { given, computed: hmac(key, toSign).toString('hex') };
  }

  it('should sign the upload with the configured secret, over the bytes it sends', async () => {
    const seen: Array<{ request: IncomingMessage; body: Buffer }> = [];
    const server = createServer((request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => {
        seen.push({ request, body: Buffer.concat(parts) });
        response.writeHead(200, { etag: '"1"' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const sut = new S3FileStore({ endpoint: `http://127.0.0.1:${port}`, region: 'ap-shanghai', bucket: 'faces', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', forcePathStyle: true });
      await sut.put('k_signed_upload_0000000', solidPng(2, 2, [9, 9, 9]), 'image/png');
      const [put] = seen;
      if (!put) throw new Error('no request reached the server');
      expect(put.request.method).toBe('PUT');
      expect(put.request.url).toMatch(/^\/faces\/k_signed_upload_0000000(\?|$)/);
      expect(put.request.headers['content-type']).toBe('image/png');
      const { given, computed } = expectedSignature(put.request, put.body, 'wJalrXUtnFEMI/K7MDENG');
      expect(given).toBe(computed);
      expect(expectedSignature(put.request, put.body, 'another-secret').computed).not.toBe(given);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
