import { Logger } from '@nestjs/common';
import { IntervalJob, IntervalJobProvider } from '../common/interval-job';
import type { TransactionRunner } from '../database/transaction-runner';
import { type Fence, LeaseLost, type Leases, unfenced } from './leases';

/**
 * A background job that runs under its lease: each run takes the lease (or, while another instance holds it, does
 * nothing and waits for the next tick), renews it while working, and releases it at the end. The work gets the
 * lease as its Fence, so its writes commit only while the lease is still its own. In one process an IntervalJob
 * underneath keeps runs from overlapping. Built without Leases (a bench's hand-built service) it runs unleased.
 */
export class LeasedJob {
  private readonly job: IntervalJob;

  constructor(
    readonly name: string,
    private readonly leases: Leases | undefined,
    private readonly tx: TransactionRunner,
    private readonly work: (fence: Fence) => Promise<number>,
    private readonly logger = new Logger(name),
  ) {
    this.job = new IntervalJob(name, () => this.underLease(), logger);
  }

  start(intervalMs: number): void {
    this.job.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Runs now if this instance gets the lease (0 when another holds it); joins a run already in progress here. */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  private async underLease(): Promise<number> {
    const leases = this.leases;
    if (!leases) return this.work(unfenced(this.tx));
    const lease = await leases.take(this.name);
    if (!lease) return 0;
    const renewal = setInterval(() => {
      leases.renew(lease).then(
        (kept) => {
          if (!kept) this.logger.warn(`${this.name}: lease ${lease.token} was taken over by another instance; this run's writes will be refused`);
        },
        (error: unknown) => this.logger.warn(`${this.name}: lease renewal failed (${(error as Error).message}); retrying`),
      );
    }, leases.renewEveryMs);
    renewal.unref();
    try {
      return await this.work(lease);
    } catch (error) {
      // a takeover, not a failure: the new owner carries on from the database's state
      if (!(error instanceof LeaseLost)) throw error;
      this.logger.warn(error.message);
      return 0;
    } finally {
      clearInterval(renewal);
      await leases.release(lease).catch((error: unknown) => this.logger.warn(`${this.name}: release failed (${(error as Error).message}); the lease expires`));
    }
  }
}

/**
 * A provider whose work(fence) runs under the lease `name` every configured interval (IntervalJobProvider: started
 * once the app is up, stopped on shutdown, runOnce() on demand). Its logger is named after the subclass. Built
 * without Leases it runs unleased, as LeasedJob does.
 */
export abstract class LeasedJobProvider extends IntervalJobProvider {
  protected readonly logger = new Logger(this.constructor.name);
  protected readonly job: LeasedJob;

  /** `intervalMs` is read at boot, as IntervalJobProvider asks. */
  protected constructor(name: string, tx: TransactionRunner, leases: Leases | undefined, private readonly interval: () => number) {
    super();
    this.job = new LeasedJob(name, leases, tx, (fence) => this.work(fence), this.logger);
  }

  protected intervalMs(): number {
    return this.interval();
  }

  /** One run, its writes through `fence`; resolves to how many items it handled. */
  protected abstract work(fence: Fence): Promise<number>;
}
