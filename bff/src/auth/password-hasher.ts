import { Injectable } from '@nestjs/common';
import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// OWASP Password Storage Cheat Sheet, first choice: argon2id, 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const CURRENT = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

export interface PasswordCheck {
  ok: boolean;
  /** The hash was made with older parameters: store a new one while the password is at hand. */
  rehash: boolean;
}

/** Slow password hashing; every hash records its algorithm and parameters, so they can be raised and rehashed at login. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2Hash(password.normalize('NFKC'), ARGON2);
  }

  async verify(password: string, stored: string): Promise<PasswordCheck> {
    const normalized = password.normalize('NFKC');
    if (stored.startsWith('$argon2')) {
      const ok = await argon2Verify(stored, normalized).catch(() => false);
      return { ok, rehash: ok && !stored.startsWith(CURRENT) };
    }
    if (stored.startsWith('scrypt$')) {
      const ok = await verifyScrypt(normalized, stored);
      return { ok, rehash: ok };
    }
    return { ok: false, rehash: false };
  }
}

/** Hashes written before argon2id (scrypt$N$r$p$salt$key); each is replaced at its next successful login. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, key] = stored.split('$');
  if (!n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password, to spend the same time on unknown usernames as on known ones. */
export const UNKNOWN_USER_HASH = `${CURRENT}${randomBytes(16).toString('base64').replace(/=+$/, '')}$${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
