// @ts-check
// SMS gateway stand-in: the BFF sends one-time codes here; tests and demos read them back.
//   POST /sms/send {"phone","text"} -> {"ok":true,"id"}
//   GET  /__control/sms?phone=      -> {"messages":[...]} newest first
import { randomUUID } from 'node:crypto';

const MAX_OUTBOX = 1000; // bounded so a long-running demo does not grow without limit
const PHONE = /^1\d{10}$/; // mainland China mobile number

export const maskPhone = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export function sms({ log = console.log } = {}) {
  const outbox = []; // newest first

  return [
    {
      method: 'POST',
      path: '/sms/send',
      handle({ body }) {
        const phone = body?.phone;
        const text = body?.text;
        if (typeof phone !== 'string' || !PHONE.test(phone)) {
          return { status: 422, body: { error: 'invalid_phone', message: 'phone must be 11 digits starting with 1' } };
        }
        if (typeof text !== 'string' || text.length === 0 || text.length > 500) {
          return { status: 422, body: { error: 'invalid_text', message: 'text must be a non-empty string (max 500 chars)' } };
        }
        const message = { id: randomUUID(), phone, text, sentAt: new Date().toISOString() };
        outbox.unshift(message);
        if (outbox.length > MAX_OUTBOX) outbox.length = MAX_OUTBOX;
        log(`[sms] to ${maskPhone(phone)}: ${text}`);
        return { body: { ok: true, id: message.id } };
      },
    },
    {
      method: 'GET',
      path: '/__control/sms',
      handle({ query }) {
        const phone = query.get('phone');
        const messages = phone ? outbox.filter((m) => m.phone === phone) : outbox;
        return { body: { messages } };
      },
    },
  ];
}
