// @ts-check
// SMS gateway stand-in: the BFF sends one-time codes here; tests and demos read them back.
//   POST /sms/send {"phone","text"} -> {"ok":true,"id"}
//   GET  /__control/sms?phone=      -> {"order":"newest-first","messages":[...]} (the latest code is messages[0])
import { randomUUID } from 'node:crypto';

const MAX_OUTBOX = 1000; // bounded so a long-running demo does not grow without limit
const PHONE = /^1\d{10}$/; // mainland China mobile number

export const maskPhone = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** The sent messages, newest first; kept across restarts by state.mjs when the sandbox runs with SANDBOX_STATE=disk. */
export function createSmsOutbox() {
  const messages = [];
  return {
    messages,
    add(message) {
      messages.unshift(message);
      if (messages.length > MAX_OUTBOX) messages.length = MAX_OUTBOX;
    },
    snapshot: () => messages,
    restore(saved) {
      messages.splice(0, messages.length, ...saved.slice(0, MAX_OUTBOX));
    },
  };
}

export function sms({ log = console.log, outbox = createSmsOutbox() } = {}) {

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
        outbox.add(message);
        log(`[sms] to ${maskPhone(phone)}: ${text}`);
        return { body: { ok: true, id: message.id } };
      },
    },
    {
      method: 'GET',
      path: '/__control/sms',
      handle({ query }) {
        const phone = query.get('phone');
        const messages = phone ? outbox.messages.filter((m) => m.phone === phone) : outbox.messages;
        // Said in the answer, not only here: a reader taking the last element would get the oldest code.
        return { body: { order: 'newest-first', messages } };
      },
    },
  ];
}
