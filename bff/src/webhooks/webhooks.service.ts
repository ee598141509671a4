import { Injectable } from '@nestjs/common';
import type { WebhookDeliveryPage, WebhookEndpointCreated, WebhookEndpointView, WebhookReplayResult } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { decodeCursor, pageOf } from '../common/pagination';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsService } from '../merchants/merchants.service';
import type { CreateWebhookEndpointDto, WebhookReplayDto } from './webhooks.dto';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import { newWebhookSecret } from './webhook-signature';
import { targetRefusal } from './webhook-target';
import { toEndpointView, WebhookEndpointsRepository, type EndpointRow } from './webhook-endpoints.repository';
import { WebhooksRepository } from './webhooks.repository';

/** A replay since a time queues at most this many messages; the answer says how many it took. */
const REPLAY_LIMIT = 10_000;

/** The merchant's webhook endpoints: create (secret shown once), list, disable, the delivery log, replay. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly merchants: MerchantsService,
    private readonly secrets: WebhookSecrets,
    private readonly sender: WebhookSender,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async create(staff: StaffPrincipal, input: CreateWebhookEndpointDto): Promise<WebhookEndpointCreated> {
    await this.merchants.requireOperating(staff);
    const refusal = targetRefusal(input.url, this.sender.policy);
    if (refusal) throw new DomainError('WEBHOOK_URL_NOT_ALLOWED', refusal, { url: [refusal] });
    const secret = newWebhookSecret();
    const row: EndpointRow = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      url: input.url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.eventTypes ?? [])],
      secret: this.secrets.seal(secret),
      status: 'ACTIVE',
      disabledReason: null,
      failingSince: null,
      createdAt: this.clock.now(),
    };
    await this.tx.run(async (em) => {
      await this.endpoints.insertEndpoint(em, row);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'webhook_endpoint.created', targetType: 'webhook_endpoint', targetId: row.id, detail: { url: row.url, eventTypes: row.eventTypes } });
    });
    return { ...toEndpointView(row), secret };
  }

  async list(staff: StaffPrincipal): Promise<WebhookEndpointView[]> {
    return (await this.endpoints.endpointsOf(staff.merchantId)).map(toEndpointView);
  }

  async disable(staff: StaffPrincipal, endpointId: string): Promise<WebhookEndpointView> {
    const endpoint = await this.own(staff, endpointId);
    if (endpoint.status === 'DISABLED') return toEndpointView(endpoint);
    const reason = 'disabled by the merchant';
    await this.tx.run(async (em) => {
      if (!(await this.endpoints.disableEndpoint(em, staff.merchantId, endpointId, reason, this.clock.now()))) return;
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'webhook_endpoint.disabled', targetType: 'webhook_endpoint', targetId: endpointId, detail: { reason } });
    });
    return toEndpointView(await this.own(staff, endpointId));
  }

  async deliveries(staff: StaffPrincipal, endpointId: string, cursor: string | undefined, limit: number): Promise<WebhookDeliveryPage> {
    await this.own(staff, endpointId);
    const rows = await this.repository.deliveriesOf(endpointId, decodeCursor(cursor), limit + 1);
    const page = pageOf(rows, limit, (r) => r.seq);
    return { items: page.items.map(({ seq: _seq, ...view }) => view), nextCursor: page.nextCursor };
  }

  /** Queues one message, or everything since a time the endpoint has not acknowledged, at the start of the schedule. */
  async replay(staff: StaffPrincipal, endpointId: string, input: WebhookReplayDto): Promise<WebhookReplayResult> {
    if ((input.messageId === undefined) === (input.since === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'messageId or since', { messageId: ['name one message, or a time to replay from (not both)'] });
    }
    const endpoint = await this.own(staff, endpointId);
    if (endpoint.status !== 'ACTIVE') throw new DomainError('WEBHOOK_ENDPOINT_DISABLED');
    const takes = (type: string) => endpoint.eventTypes.length === 0 || endpoint.eventTypes.some((t) => t === type);
    let messageIds: string[];
    if (input.messageId !== undefined) {
      const message = await this.repository.findMessage(staff.merchantId, input.messageId);
      if (!message || !takes(message.eventType)) throw new DomainError('WEBHOOK_MESSAGE_NOT_FOUND');
      // not fanned out yet: its first delivery is still to come
      if (!message.fannedOut) return { queued: 1 };
      messageIds = [message.id];
    } else {
      const since = new Date(input.since!);
      messageIds = (await this.repository.unacknowledgedSince(staff.merchantId, endpointId, since, REPLAY_LIMIT)).filter((m) => takes(m.eventType)).map((m) => m.id);
    }
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      for (const messageId of messageIds) await this.repository.requeue(em, endpointId, messageId, now);
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'webhook_endpoint.replayed',
        targetType: 'webhook_endpoint',
        targetId: endpointId,
        detail: { messageId: input.messageId ?? null, since: input.since ?? null, queued: messageIds.length },
      });
    });
    return { queued: messageIds.length };
  }

  /** The endpoint if it is this merchant's; another merchant's is answered exactly like an unknown one. */
  private async own(staff: StaffPrincipal, endpointId: string): Promise<EndpointRow> {
    const endpoint = await this.endpoints.findEndpoint(staff.merchantId, endpointId);
    if (!endpoint) throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND');
    return endpoint;
  }
}
