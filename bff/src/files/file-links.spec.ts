import { FileLinks, PRIVATE_LINK_SECONDS } from './file-links';

describe('FileLinks', () => {
  const sut = new FileLinks('a-test-secret-of-at-least-32-characters!!');
  const id = '6f9b3a8e-1d2c-4e5f-8a9b-0c1d2e3f4a5b';
  const at = new Date('2026-12-03T08:00:00Z');
  const parts = (link: string) => {
    const url = new URL(link, 'http://x');
    return { expires: Number(url.searchParams.get('expires')), signature: url.searchParams.get('signature') ?? undefined };
  };

  it('should accept its own link until it expires, and not a second after', () => {
    const { expires, signature } = parts(sut.signedLink(id, at));
    expect(sut.verify(id, expires, signature, at)).toBe(true);
    expect(sut.verify(id, expires, signature, new Date(at.getTime() + PRIVATE_LINK_SECONDS * 1000))).toBe(true);
    expect(sut.verify(id, expires, signature, new Date(at.getTime() + (PRIVATE_LINK_SECONDS + 1) * 1000))).toBe(false);
  });

  it.each([
    ['another file', (p: ReturnType<typeof parts>) => ({ ...p, id: '00000000-0000-4000-8000-000000000000' })],
    ['a later expiry', (p: ReturnType<typeof parts>) => ({ ...p, expires: p.expires + 3600 })],
    ['no signature', (p: ReturnType<typeof parts>) => ({ ...p, signature: undefined })],
    ['a signature of another secret', (p: ReturnType<typeof parts>) => ({ ...p, signature: parts(new FileLinks('another-secret-of-at-least-32-characters').signedLink(id, at)).signature })],
  ])('should refuse a link with %s', (_label, change) => {
    const changed = { id, ...change(parts(sut.signedLink(id, at))) };
    expect(sut.verify(changed.id, changed.expires, changed.signature, at)).toBe(false);
  });
});
