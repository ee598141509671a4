import { Injectable } from '@nestjs/common';
import type { WebhookEventData, WebhookEventType, WebhookPayload } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../database/statements';
import { messageIdOf } from './webhook-signature';
import { WebhooksRepository, type MessageRow } from './webhooks.repository';

/** One event as the changing context states it; `subjectId` names the change (a redemption, a reversal, an order). */
export interface WebhookEvent<T extends WebhookEventType = WebhookEventType> {
  merchantId: string;
  type: T;
  subjectId: string;
  occurredAt: Date;
  data: WebhookEventData[T];
}

/**
 * The transactional outbox: a context that changes something a merchant's systems should hear of writes the event
 * here INSIDE its own transaction, so there is no event without its change and no change without its event. The
 * delivery job (webhook-delivery.job.ts) takes it from there. One event per change: its id is derived from the
 * change, and the outbox's unique key refuses a second one.
 */
@Injectable()
export class WebhookOutbox {
  constructor(private readonly repository: WebhooksRepository) {}

  /** Several events as one INSERT, for a batch (the sales of one commit) to send with its other writes. */
  eventsInsert(events: WebhookEvent[]): Statement {
    return this.repository.messagesInsert(events.map(toMessageRow));
  }

  async record(em: EntityManager, event: WebhookEvent): Promise<void> {
    await this.repository.insertMessages(em, [toMessageRow(event)]);
  }
}

function toMessageRow(event: WebhookEvent): MessageRow {
  const payload: WebhookPayload = { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data };
  return { id: messageIdOf(`${event.type}:${event.subjectId}`), merchantId: event.merchantId, eventType: event.type, payload: JSON.stringify(payload), createdAt: event.occurredAt };
}
