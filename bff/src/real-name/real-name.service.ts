import { Injectable, Logger } from '@nestjs/common';
import { isValidResidentIdNo, maskName, maskResidentIdNo, normaliseResidentIdNo, type CardKind, type RealNameRequest, type RealNameView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { RealNameThreshold } from '../risk/real-name-threshold';
import type { RiskOperation } from '../risk/risk-rules';
import { IdentityVerificationClient } from './identity-verification.client';
import { RealNameRepository, type RealNameRow } from './real-name.repository';

/** 单用途商业预付卡管理办法: real-name records are kept at least 5 years (docs/compliance.md §6). */
export const RETENTION_YEARS = 5;

/**
 * 实名 (docs/compliance.md §6): a consumer's name and resident ID number, checked (GB 11643 check digit, then the
 * identity-verification service) and kept sealed. Payments asks `requireForTopUp` before a top-up: a named card
 * needs it before its first top-up, an anonymous purchase when it trips a real-name risk rule (¥10,000 by default).
 */
@Injectable()
export class RealNameService {
  private readonly logger = new Logger(RealNameService.name);
  private readonly box: SecretBox;

  constructor(
    private readonly repository: RealNameRepository,
    private readonly identity: IdentityVerificationClient,
    private readonly threshold: RealNameThreshold,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.SECRETS_KEY, config.JWT_SECRET);
  }

  async status(consumer: ConsumerPrincipal): Promise<RealNameView> {
    return view(await this.repository.findByConsumer(consumer.consumerId));
  }

  /**
   * Verifies and records; nothing is stored unless the service said CONSISTENT. Asking again with the same identity
   * answers as before; another identity on a verified account is refused (a change goes through customer service).
   */
  async verify(consumer: ConsumerPrincipal, request: RealNameRequest): Promise<RealNameView> {
    const name = request.name.trim();
    const idNo = normaliseResidentIdNo(request.idNo);
    if (!isValidResidentIdNo(idNo)) {
      throw new DomainError('REAL_NAME_ID_INVALID', undefined, { idNo: ['idNo fails the GB 11643 check'] }, undefined, { idNo: ['身份证号码有误，请核对后重新输入'] });
    }
    const existing = await this.repository.findByConsumer(consumer.consumerId);
    if (existing) return this.same(existing, name, idNo);

    const answer = await this.identity.verify(name, idNo);
    if (answer.result !== 'CONSISTENT') {
      this.logger.warn(`real-name of consumer ${consumer.consumerId} refused: ${answer.result} (${answer.requestId})`);
      throw new DomainError('REAL_NAME_MISMATCH', answer.result);
    }
    const now = this.clock.now();
    const row: RealNameRow = {
      consumerId: consumer.consumerId,
      nameSealed: this.box.seal(name),
      idNoSealed: this.box.seal(idNo),
      maskedName: maskName(name),
      maskedIdNo: maskResidentIdNo(idNo),
      providerRequestId: answer.requestId,
      verifiedAt: now,
      retainUntil: addYears(now, RETENTION_YEARS),
    };
    try {
      await this.tx.run(async (em) => {
        await this.repository.insert(em, row);
        await this.audit.record(em, {
          actorType: 'consumer',
          actorId: consumer.consumerId,
          action: 'real_name.verified',
          targetType: 'consumer',
          targetId: consumer.consumerId,
          detail: { maskedIdNo: row.maskedIdNo, providerRequestId: row.providerRequestId, retainUntil: row.retainUntil.toISOString() },
        });
      });
    } catch (error) {
      // the same consumer verified a moment ago on another request: answer as that one did
      const raced = isUniqueViolation(error) ? await this.repository.findByConsumer(consumer.consumerId) : null;
      if (!raced) throw error;
      return this.same(raced, name, idNo);
    }
    return view(row);
  }

  /**
   * Refuses a top-up the consumer may not make unverified: REAL_NAME_REQUIRED for a named card, and
   * REAL_NAME_REQUIRED_FOR_AMOUNT for an anonymous one when a real-name risk rule trips. Reads only.
   */
  async requireForTopUp(operation: RiskOperation & { consumerId: string }, cardKind: CardKind): Promise<void> {
    if (await this.repository.findByConsumer(operation.consumerId)) return;
    switch (cardKind) {
      case 'NAMED':
        throw new DomainError('REAL_NAME_REQUIRED');
      case 'ANONYMOUS': {
        const rules = await this.threshold.tripped(operation);
        if (rules.length > 0) throw new DomainError('REAL_NAME_REQUIRED_FOR_AMOUNT', rules.join(', '));
        return;
      }
    }
  }

  private same(row: RealNameRow, name: string, idNo: string): RealNameView {
    if (this.box.open(row.idNoSealed) !== idNo || this.box.open(row.nameSealed) !== name) throw new DomainError('REAL_NAME_ALREADY_VERIFIED');
    return view(row);
  }
}

function view(row: RealNameRow | null): RealNameView {
  if (!row) return { verified: false, maskedName: null, maskedIdNo: null, verifiedAt: null };
  return { verified: true, maskedName: row.maskedName, maskedIdNo: row.maskedIdNo, verifiedAt: row.verifiedAt.toISOString() };
}

function addYears(date: Date, years: number): Date {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}
