import { residentIdCheckChar, type RealNameView, type TokenPair } from '@jucard/shared';
import { randomInt } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { bearer } from './actors';

/**
 * A well-formed resident ID number (GB 11643) with a random birth date; `sequence` (the 3 digits the channel sandbox
 * decides by: 999 times out, 998 mismatches, 997 has no record, 996 fails) defaults to a random ordinary one.
 */
export function residentIdNo(sequence = String(randomInt(100, 996))): string {
  const birth = `19${randomInt(50, 99)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `110101${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17)!;
}

/** The consumer passes 实名 with a fresh identity the sandbox confirms (a consumer signed in again keeps theirs). */
export async function verifyRealName(t: TestApp, consumer: TokenPair, idNo = residentIdNo(), name = '张三'): Promise<RealNameView> {
  const current = (await t.http.get('/me/real-name').set(bearer(consumer)).expect(200)).body as RealNameView;
  if (current.verified) return current;
  return (await t.http.post('/me/real-name').set(bearer(consumer)).send({ name, idNo }).expect(200)).body as RealNameView;
}
