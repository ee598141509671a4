import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LeaseRepository } from './lease.repository';

/** Thrown by a fenced write after another instance took the job over: the write is rolled back, the run stops. */
export class LeaseLost extends Error {
  override name = 'LeaseLost';
}

/** Runs a job's writes: each transaction commits only while the job still holds its lease (or, unleased, always). */
export interface Fence {
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T>;
}

/** Writes outside any job (an operator's request, a hand-built service in a bench): plain transactions. */
export function unfenced(tx: TransactionRunner): Fence {
  return { run: (work) => tx.run(work) };
}

/** One holding of a job's lease: its fencing token, and the fenced transactions of the run that holds it. */
export class Lease implements Fence {
  constructor(
    readonly name: string,
    readonly owner: string,
    readonly token: number,
    private readonly leases: Leases,
  ) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.leases.fenced(this, work);
  }
}

/**
 * Leases of background jobs in the database, so that among many instances one runs each job at a time and a dead
 * owner's job is taken over once its lease expires. Lease time is wall-clock time, not the business Clock (which
 * tests move to another day): it measures how long an owner has been silent.
 */
@Injectable()
export class Leases {
  /** This instance: host, process and a random part (two apps in one process are two owners). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly logger = new Logger(Leases.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repository: LeaseRepository,
    private readonly config: AppConfig,
  ) {}

  get renewEveryMs(): number {
    return this.config.JOB_LEASE_RENEW_MS;
  }

  /** The lease of `name` for this instance, or null while another live owner holds it. */
  async take(name: string): Promise<Lease | null> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.JOB_LEASE_TTL_MS);
    let token = await this.tx.run((em) => this.repository.take(em, name, this.owner, now, expiresAt));
    if (token === null && (await this.tx.run((em) => this.repository.find(em, name))) === null) {
      token = await this.tx.run((em) => this.repository.insertFirst(em, name, this.owner, now, expiresAt)).catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    }
    if (token === null) return null;
    this.logger.debug(`${name}: lease taken by ${this.owner} (token ${token})`);
    return new Lease(name, this.owner, token, this);
  }

  /** Extends the lease; false when another instance took it over (the run's next fenced write fails). */
  renew(lease: Lease): Promise<boolean> {
    const expiresAt = new Date(Date.now() + this.config.JOB_LEASE_TTL_MS);
    return this.tx.run((em) => this.repository.renew(em, lease.name, lease.owner, lease.token, expiresAt));
  }

  release(lease: Lease): Promise<void> {
    return this.tx.run((em) => this.repository.release(em, lease.name, lease.owner, lease.token));
  }

  /** True while some instance holds an unexpired lease of `name`. */
  async isHeld(name: string): Promise<boolean> {
    const row = await this.tx.run((em) => this.repository.find(em, name));
    return row !== null && row.owner !== null && row.expiresAt !== null && row.expiresAt > new Date();
  }

  /** One transaction of the lease's run, committed only if the lease is still its own (checked last, under a lock). */
  fenced<T>(lease: Lease, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.run(async (em) => {
      const result = await work(em);
      if (!(await this.repository.confirm(em, lease.name, lease.owner, lease.token))) {
        throw new LeaseLost(`${lease.name}: lease ${lease.token} of ${lease.owner} was taken over; this write is refused`);
      }
      return result;
    });
  }
}
