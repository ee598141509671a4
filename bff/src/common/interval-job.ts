import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * A background job run every `intervalMs` in this process, never twice at once: a call while a run is in
 * progress joins that run. Its durable state lives in the database, so a restart only delays it.
 */
export class IntervalJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<number>,
    private readonly logger = new Logger(name),
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.logger.error({ err: error }, `${this.name} failed; will retry`));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Runs now (or joins the run in progress); resolves to how many items the run handled. */
  async runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.work();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }
}

/** What a provider starts, stops and runs on demand: an IntervalJob, or one run under a lease (jobs/leased-job.ts). */
export type BackgroundJob = Pick<IntervalJob, 'start' | 'stop' | 'runOnce'>;

/**
 * A provider whose work is one IntervalJob: started once the app is up (never at an interval of 0), stopped on
 * shutdown after the run in progress. It stops before any module's onApplicationShutdown, where the database and
 * the key-value store close: a run in progress finishes on live connections and releases its lease, so another
 * instance takes the job at once instead of after the lease's expiry. runOnce() runs it now: tests, drills and the
 * day close call it.
 */
export abstract class IntervalJobProvider implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly job: BackgroundJob;
  /** The configured interval, read at boot. */
  protected abstract intervalMs(): number;

  onApplicationBootstrap(): void {
    this.job.start(this.intervalMs());
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  runOnce(): Promise<number> {
    return this.job.runOnce();
  }
}
