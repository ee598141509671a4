import { scryptSync } from 'node:crypto';
import { PasswordHasher, UNKNOWN_USER_HASH } from './password-hasher';

/** A hash as the BFF wrote them before argon2id: scrypt N=16384, below OWASP's minimum. */
function legacyScrypt(password: string): string {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync(password, salt, 64, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('PasswordHasher', () => {
  const sut = new PasswordHasher();

  it('should hash with argon2id at OWASP parameters and need no rehash', async () => {
    const hash = await sut.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await sut.verify('correct horse', hash)).toEqual({ ok: true, rehash: false });
    expect(await sut.verify('wrong horse', hash)).toEqual({ ok: false, rehash: false });
  });

  it('should accept an old scrypt hash once and ask for a rehash', async () => {
    const old = legacyScrypt('Owner#2026demo');
    expect(await sut.verify('Owner#2026demo', old)).toEqual({ ok: true, rehash: true });
    expect(await sut.verify('Owner#2026dem0', old)).toEqual({ ok: false, rehash: false });
  });

  it('should ask for a rehash of an argon2id hash with weaker parameters', async () => {
    const { hash, Algorithm } = await import('@node-rs/argon2');
    const weak = await hash('pw-123456', { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await sut.verify('pw-123456', weak)).toEqual({ ok: true, rehash: true });
  });

  it('should refuse anything against the unknown-user hash and a malformed hash', async () => {
    expect(await sut.verify('', UNKNOWN_USER_HASH)).toEqual({ ok: false, rehash: false });
    expect(await sut.verify('x', 'plain-text')).toEqual({ ok: false, rehash: false });
  });
});
