import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases, type Fence } from '../jobs/leases';
import { afterAttempt, DELIVERY_TIMEOUT_MS, disableCutoff, isSuccessStatus } from './webhook-schedule';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender, type DeliveryAnswer } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhooksRepository, type DueDispatch } from './webhooks.repository';

const FAN_OUT_BATCH = 500;
const DELIVERY_BATCH = 200;
/** Requests in flight at once: a slow receiver (up to the 15 s timeout) must not hold up the others. */
const CONCURRENCY = 16;
/** How long a run keeps taking new work, so it ends and the lease changes hands now and then. */
const RUN_BUDGET_MS = 2_000;

/**
 * Delivers the outbox under the `webhook-delivery` lease (one instance at a time; its writes are fenced):
 * 1. fan-out: every new message becomes one dispatch per active endpoint of its merchant that takes its type;
 * 2. delivery: every due dispatch is signed and POSTed by one of 16 lanes (a slow receiver holds up only its lane); the attempt is logged and the dispatch moves on along
 *    Svix's schedule (webhook-schedule.ts); an endpoint failing for 5 days is disabled, with an audit row.
 * A crash between a send and its record sends that message again: receivers deduplicate on `webhook-id`, as the
 * spec asks (delivery is at least once; the outbox guarantees no event is lost).
 */
@Injectable()
export class WebhookDeliveryJob extends LeasedJobProvider {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: WebhooksRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly sender: WebhookSender,
    private readonly secrets: WebhookSecrets,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('webhook-delivery', tx, leases, () => config.WEBHOOK_DELIVERY_INTERVAL_MS);
  }

  protected async work(fence: Fence): Promise<number> {
    const started = Date.now();
    const inFlight = new Set<number>();
    let queue: DueDispatch[] = [];
    let handled = 0;
    let refilling: Promise<void> | null = null;
    let failed = false;
    // one lane at a time asks the database; the others wait for the same answer
    const refill = (): Promise<void> =>
      (refilling ??= (async () => {
        handled += await this.fanOutAll(fence);
        queue = await this.repository.dueDispatches(this.clock.now(), DELIVERY_BATCH, [...inFlight]);
      })().finally(() => (refilling = null)));
    // a lane takes the next due dispatch as soon as it is free, so a receiver that takes its 15 s holds up one
    // lane, not the others: they go on taking work while it waits (see mayTakeMore)
    const lane = async (): Promise<void> => {
      while (!failed) {
        if (queue.length === 0) {
          if (!mayTakeMore(Date.now() - started, inFlight.size)) return;
          await refill();
          if (queue.length === 0) {
            if (inFlight.size === 0) return;
            await pause(this.config.WEBHOOK_DELIVERY_INTERVAL_MS);
            continue;
          }
        }
        const dispatch = queue.shift()!;
        inFlight.add(dispatch.id);
        try {
          await this.deliver(fence, dispatch);
          handled += 1;
        } catch (error) {
          failed = true; // a lost lease or a database error ends the whole run, not only this lane
          throw error;
        } finally {
          inFlight.delete(dispatch.id);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return handled;
  }

  private async fanOutAll(fence: Fence): Promise<number> {
    let total = 0;
    for (;;) {
      const fannedOut = await fence.run((em) => this.fanOut(em));
      total += fannedOut;
      if (fannedOut < FAN_OUT_BATCH) return total;
    }
  }

  private async fanOut(em: EntityManager): Promise<number> {
    const messages = await this.repository.messagesToFanOut(em, FAN_OUT_BATCH);
    if (messages.length === 0) return 0;
    const endpoints = await this.endpoints.activeEndpointsOf(em, [...new Set(messages.map((m) => m.merchantId))]);
    const dispatches = messages.flatMap((message) =>
      endpoints
        .filter((e) => e.merchantId === message.merchantId && (e.eventTypes.length === 0 || e.eventTypes.includes(message.eventType)))
        .map((e) => ({ messageId: message.id, endpointId: e.id })),
    );
    await this.repository.insertDispatches(em, dispatches, this.clock.now());
    const marked = await this.repository.markFannedOut(em, messages.map((m) => m.seq));
    // only the lease holder fans out: a difference means another writer, and this batch must not commit twice
    if (marked !== messages.length) throw new Error(`fan-out: ${messages.length - marked} of ${messages.length} messages were fanned out meanwhile`);
    return messages.length;
  }

  private async deliver(fence: Fence, dispatch: DueDispatch): Promise<void> {
    const startedAt = this.clock.now();
    const headers = this.signed(dispatch, startedAt);
    // an endpoint whose secret the configured keys cannot open (a key taken out of SECRETS_KEY) fails its own
    // deliveries, on schedule, and holds up no other endpoint's
    const answer: DeliveryAnswer = headers
      ? await this.sender.send({ url: dispatch.url, headers: { ...headers }, body: dispatch.payload })
      : { status: null, bodyExcerpt: null, error: 'not sent: the endpoint secret cannot be opened with the configured SECRETS_KEY', durationMs: 0 };
    const succeeded = isSuccessStatus(answer.status);
    const now = this.clock.now();
    const scale = this.config.WEBHOOK_SCHEDULE_SCALE;
    const next = afterAttempt(dispatch.attempts, succeeded, now, scale);
    const disabled = await fence.run(async (em) => {
      await this.repository.insertDelivery(em, {
        dispatchId: dispatch.id,
        endpointId: dispatch.endpointId,
        messageId: dispatch.messageId,
        attempt: next.attempts,
        succeeded,
        requestUrl: dispatch.url,
        requestHeaders: { ...(headers ?? {}) },
        responseStatus: answer.status,
        responseBody: answer.bodyExcerpt,
        error: answer.error ?? (succeeded ? null : `HTTP ${answer.status}`),
        durationMs: answer.durationMs,
        startedAt,
      });
      await this.repository.settleDispatch(em, dispatch.id, dispatch.attempts, next, now);
      if (succeeded) {
        await this.endpoints.endpointAnswered(em, dispatch.endpointId, now);
        return false;
      }
      await this.endpoints.endpointFailed(em, dispatch.endpointId, now);
      const reason = 'every delivery failed for 5 days';
      if (!(await this.endpoints.disableIfFailingSince(em, dispatch.endpointId, disableCutoff(now, scale), reason, now))) return false;
      await this.audit.record(em, { actorType: 'system', actorId: null, action: 'webhook_endpoint.disabled', targetType: 'webhook_endpoint', targetId: dispatch.endpointId, detail: { reason } });
      return true;
    });
    if (disabled) this.logger.warn(`webhook endpoint ${dispatch.endpointId} of merchant ${dispatch.merchantId} disabled: every delivery failed for 5 days`);
  }

  /** The Standard Webhooks headers of this delivery; null when the endpoint's secret cannot be opened. */
  private signed(dispatch: DueDispatch, at: Date): ReturnType<typeof signWebhook> | null {
    let secret: string;
    try {
      secret = this.secrets.open(dispatch.sealedSecret);
    } catch (error) {
      this.logger.error(`webhook endpoint ${dispatch.endpointId} of merchant ${dispatch.merchantId}: its secret cannot be opened (${(error as Error).message}); delivery ${dispatch.id} fails until the key is back in SECRETS_KEY`);
      return null;
    }
    return signWebhook(secret, dispatch.messageId, Math.floor(at.getTime() / 1000), dispatch.payload);
  }
}

/**
 * Whether a run `elapsedMs` old, with `inFlight` deliveries outstanding, takes more work: always within its budget;
 * past it only while a delivery is still outstanding (the run can't end before it anyway), up to one timeout more.
 */
function mayTakeMore(elapsedMs: number, inFlight: number): boolean {
  return elapsedMs < RUN_BUDGET_MS || (inFlight > 0 && elapsedMs < RUN_BUDGET_MS + DELIVERY_TIMEOUT_MS);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
