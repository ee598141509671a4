import { Injectable, Logger } from '@nestjs/common';
import type { MemberLadderView, MemberLevelView, MembershipView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MerchantsService } from '../merchants/merchants.service';
import { ladderProblems, levelFor, nextLevel } from './member-levels-rules';
import type { MemberLadderDto } from './member-levels.dto';
import { MemberLevelsRepository, type MemberLevel } from './member-levels.repository';

/**
 * 会员等级 (docs/marketing.md, "Member levels"): a merchant's ladder by cumulative top-up, and where a member stands on
 * it. The total moves with the money (TopUpSettlement adds a top-up in its credit's transaction, ChannelRefunds takes a
 * refund off in its own), and the level is read from the total where it is used — the till's points, the card page —
 * so a member goes up the moment the top-up that crosses a threshold is credited, and an edit of the ladder applies at
 * once to everyone.
 */
@Injectable()
export class MemberLevelsService {
  private readonly logger = new Logger(MemberLevelsService.name);

  constructor(
    private readonly levels: MemberLevelsRepository,
    private readonly cards: CardsRepository,
    private readonly merchants: MerchantsService,
    private readonly merchantRecords: MerchantsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async ladder(staff: StaffPrincipal): Promise<MemberLadderView> {
    return { levels: (await this.levels.ladderOf(staff.merchantId)).map(levelView) };
  }

  /** Replaces the merchant's ladder in one transaction, audited with the steps before and after. */
  async replace(staff: StaffPrincipal, input: MemberLadderDto): Promise<MemberLadderView> {
    await this.merchants.requireOperating(staff);
    const problems = ladderProblems(input.levels);
    if (problems) throw new DomainError('VALIDATION_FAILED', Object.keys(problems.en)[0], problems.en, undefined, problems.zh);
    const now = this.clock.now();
    const ladder: MemberLevel[] = input.levels.map((l) => ({ id: this.ids.uuid(), merchantId: staff.merchantId, name: l.name.trim(), thresholdFen: l.thresholdFen, pointsMultiplierPct: l.pointsMultiplierPct, discountRate: l.discountRate ?? 100, createdAt: now }));
    await this.tx.run(async (em) => {
      const before = await this.levels.ladderOf(staff.merchantId, em);
      await this.levels.replaceLadder(em, staff.merchantId, ladder);
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'member_levels.updated',
        targetType: 'merchant',
        targetId: staff.merchantId,
        detail: { before: before.map(auditStep), after: ladder.map(auditStep) },
      });
    });
    this.logger.log(`merchant ${staff.merchantId}: member ladder set to ${ladder.map((l) => l.name).join(' / ') || 'none'}`);
    return { levels: ladder.map(levelView) };
  }

  /** Where the card's holder stands at the card's merchant. */
  async membership(consumer: ConsumerPrincipal, cardId: string): Promise<MembershipView> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    const [ladder, toppedUpFen, merchant] = await Promise.all([
      this.levels.ladderOf(card.merchantId),
      this.levels.toppedUp(card.merchantId, consumer.consumerId),
      this.merchantRecords.merchantById(card.merchantId),
    ]);
    const views = ladder.map(levelView);
    return { cardId: card.id, merchantName: merchant?.displayName ?? '', toppedUpFen, level: levelFor(views, toppedUpFen), next: nextLevel(views, toppedUpFen) };
  }
}

function levelView(level: MemberLevel, index: number): MemberLevelView {
  return { id: level.id, rank: index + 1, name: level.name, thresholdFen: level.thresholdFen, pointsMultiplierPct: level.pointsMultiplierPct, discountRate: level.discountRate };
}

const auditStep = (l: MemberLevel) => ({ name: l.name, thresholdFen: l.thresholdFen, pointsMultiplierPct: l.pointsMultiplierPct, discountRate: l.discountRate });
