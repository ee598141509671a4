import { Injectable, Logger } from '@nestjs/common';
import {
  findVoidClauses,
  PLATFORM_AGREEMENT_KINDS,
  type AgreementsAcceptanceRequest,
  type AgreementsStatusView,
  type CardKind,
  type PlatformAgreementView,
  type ProductTermsView,
} from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { ContractsRepository, type AcceptanceContext, type ProductTerms } from './contracts.repository';
import { PLATFORM_AGREEMENTS } from './platform-agreements';

/**
 * Contracts (docs/compliance.md §8): a product's terms in versions, the version each consumer accepted before a
 * claim or top-up, and the platform agreements accepted at sign-in.
 */
@Injectable()
export class ContractsService {
  private readonly logger = new Logger(ContractsService.name);

  constructor(
    private readonly repository: ContractsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Refuses terms (and the product's description, which the card page shows beside them) that carry a void clause. */
  refuseVoidClauses(kind: CardKind, fields: Record<string, string | undefined>): void {
    const errors: Record<string, string[]> = {};
    const errorsZh: Record<string, string[]> = {};
    for (const [field, text] of Object.entries(fields)) {
      for (const found of findVoidClauses(text ?? '', kind)) {
        (errors[field] ??= []).push(`void clause "${found.clause}" ("${found.matched}")`);
        (errorsZh[field] ??= []).push(`「${found.clause}」（原文：${found.matched}）无效：${found.reason}`);
      }
    }
    if (Object.keys(errors).length > 0) {
      throw new DomainError('TERMS_VOID_CLAUSE', Object.values(errors).flat().join('; '), errors, undefined, errorsZh);
    }
  }

  /** The terms in force of each product (null where it has none), by product id. */
  async termsOf(productIds: string[]): Promise<Map<string, ProductTermsView | null>> {
    const latest = await this.repository.latestTerms(productIds);
    return new Map(productIds.map((id) => [id, toView(latest.get(id))]));
  }

  async current(productId: string): Promise<ProductTermsView | null> {
    return (await this.termsOf([productId])).get(productId) ?? null;
  }

  /**
   * Inside the product's create or edit: a text that differs from the version in force becomes the next version
   * (an empty text after terms withdraws them, as a version of its own). Two edits at once: one wins, the other is
   * refused by the unique version (CONFLICT) and its transaction rolls back.
   */
  async publish(em: EntityManager, productId: string, text: string, staffId: string | null): Promise<void> {
    const body = text.trim();
    const latest = (await this.repository.latestTerms([productId], em)).get(productId);
    if ((latest?.body ?? '') === body) return;
    try {
      await this.repository.insertTerms(em, { id: this.ids.uuid(), productId, version: (latest?.version ?? 0) + 1, body, staffId }, this.clock.now());
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'the terms were edited at the same time');
      throw error;
    }
  }

  /**
   * A claim or a top-up goes ahead only once the consumer accepted the version in force: earlier, or with this
   * request (`acceptedVersion`, recorded here). A product without terms asks nothing.
   */
  async requireAccepted(consumerId: string, productId: string, acceptedVersion: number | undefined, context: AcceptanceContext): Promise<void> {
    const terms = await this.current(productId);
    if (!terms) return;
    if (acceptedVersion === terms.version) {
      await this.recordAcceptance(consumerId, productId, terms.version, context);
      return;
    }
    if (await this.repository.hasAcceptedTerms(consumerId, productId, terms.version)) return;
    throw new DomainError('TERMS_NOT_ACCEPTED', `version ${terms.version} is in force${acceptedVersion === undefined ? '' : `, not ${acceptedVersion}`}`);
  }

  /** Whether the consumer accepted the version in force (true when there are no terms). */
  async hasAccepted(consumerId: string, productId: string): Promise<{ terms: ProductTermsView | null; accepted: boolean }> {
    const terms = await this.current(productId);
    return { terms, accepted: terms === null || (await this.repository.hasAcceptedTerms(consumerId, productId, terms.version)) };
  }

  agreements(): PlatformAgreementView[] {
    return PLATFORM_AGREEMENT_KINDS.map((kind) => PLATFORM_AGREEMENTS[kind]);
  }

  async agreementsStatus(consumerId: string): Promise<AgreementsStatusView> {
    const accepted = await this.repository.acceptedAgreements(consumerId);
    return {
      agreements: this.agreements().map((a) => {
        const acceptedVersion = accepted.get(a.kind) ?? null;
        return { kind: a.kind, title: a.title, version: a.version, acceptedVersion, upToDate: acceptedVersion === a.version };
      }),
    };
  }

  /** Sign-in's acceptance of 用户协议 and 隐私政策: only the versions in force (an old screen is refused, naming the field). */
  async acceptAgreements(consumerId: string, request: AgreementsAcceptanceRequest): Promise<AgreementsStatusView> {
    const given = { USER_AGREEMENT: ['userAgreementVersion', request.userAgreementVersion], PRIVACY_POLICY: ['privacyPolicyVersion', request.privacyPolicyVersion] } as const;
    const errors: Record<string, string[]> = {};
    const errorsZh: Record<string, string[]> = {};
    for (const kind of PLATFORM_AGREEMENT_KINDS) {
      const [field, version] = given[kind];
      if (version !== PLATFORM_AGREEMENTS[kind].version) {
        errors[field] = [`the ${kind} in force is version ${PLATFORM_AGREEMENTS[kind].version}`];
        errorsZh[field] = [`《${PLATFORM_AGREEMENTS[kind].title}》已更新，请阅读最新版本后再同意`];
      }
    }
    if (Object.keys(errors).length > 0) throw new DomainError('VALIDATION_FAILED', 'agreement versions', errors, undefined, errorsZh);
    for (const kind of PLATFORM_AGREEMENT_KINDS) {
      await this.ignoringRepeat(() => this.tx.run((em) => this.repository.insertAgreementAcceptance(em, { id: this.ids.uuid(), consumerId, kind, version: PLATFORM_AGREEMENTS[kind].version }, this.clock.now())));
    }
    return this.agreementsStatus(consumerId);
  }

  private async recordAcceptance(consumerId: string, productId: string, version: number, context: AcceptanceContext): Promise<void> {
    const inserted = await this.ignoringRepeat(() =>
      this.tx.run((em) => this.repository.insertTermsAcceptance(em, { id: this.ids.uuid(), consumerId, productId, version, context }, this.clock.now())),
    );
    if (inserted) this.logger.log(`consumer ${consumerId} accepted terms v${version} of product ${productId} (${context})`);
  }

  /** Runs an insert guarded by a unique key; false when the row was there already (a repeat, or two at once). */
  private async ignoringRepeat(insert: () => Promise<void>): Promise<boolean> {
    try {
      await insert();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

function toView(terms: ProductTerms | undefined): ProductTermsView | null {
  if (!terms || terms.body === '') return null;
  return { version: terms.version, text: terms.body, publishedAt: terms.createdAt.toISOString() };
}
