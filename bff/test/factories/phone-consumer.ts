import type { TokenPair } from '@jucard/shared';
import { randomInt } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { verifyRealName } from './real-name';

export const randomPhone = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

/** A consumer signed in on H5 with a phone and the one-time code from the sandbox's SMS outbox, real-name verified unless told not to be. */
export async function phoneConsumer(t: TestApp, phone: string, { realName = true }: { realName?: boolean } = {}): Promise<TokenPair> {
  await t.http.post('/auth/consumer/phone/code').send({ phone }).expect(202);
  const outbox = (await (await fetch(`${t.sandboxUrl}/__control/sms?phone=${phone}`)).json()) as { messages: Array<{ text: string }> };
  const code = /(\d{6})/.exec(outbox.messages[0]?.text ?? '')?.[1];
  if (!code) throw new Error(`no code in the SMS outbox for ${phone}`);
  const tokens = (await t.http.post('/auth/consumer/phone').send({ phone, code }).expect(200)).body as TokenPair;
  if (realName) await verifyRealName(t, tokens);
  return tokens;
}
