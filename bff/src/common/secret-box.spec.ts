import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('SecretBox', () => {
  it('should seal so the stored value is not the secret and open it again', () => {
    const sut = new SecretBox(`k1:${key()}`, 'unused');
    const sealed = sut.seal('pos-app-secret-0123456789');
    expect(sealed).toMatch(/^sbx1:k1:/);
    expect(sealed).not.toContain('pos-app-secret');
    expect(sut.open(sealed)).toBe('pos-app-secret-0123456789');
  });

  it('should open values sealed with an older key after a rotation', () => {
    const old = key();
    const sealed = new SecretBox(`k1:${old}`, 'unused').seal('s');
    expect(new SecretBox(`k2:${key()},k1:${old}`, 'unused').open(sealed)).toBe('s');
    expect(() => new SecretBox(`k2:${key()}`, 'unused').open(sealed)).toThrow(/key "k1"/);
  });

  it('should refuse a tampered value', () => {
    const sut = new SecretBox(undefined, 'x'.repeat(32));
    const sealed = sut.seal('secret');
    // one bit of the ciphertext flipped (editing a base64 character could leave the bytes as they were: the last
    // character carries unused bits, and the replacement may equal the character it replaces)
    const [prefix, id, payload] = sealed.split(':') as [string, string, string];
    const raw = Buffer.from(payload, 'base64url');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x01;
    const flipped = `${prefix}:${id}:${raw.toString('base64url')}`;
    expect(flipped).not.toBe(sealed);
    expect(() => sut.open(flipped)).toThrow();
  });
});
