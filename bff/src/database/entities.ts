import { ConsumerEntity, OperatorEntity, RefreshTokenEntity } from '../auth/identity.entities';
import { CardProductEntity } from '../card-products/card-product.entity';
import { CardEntity } from '../cards/card.entity';
import { MerchantEntity, StaffUserEntity, StoreEntity } from '../merchants/merchant.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { MemberCodeEntity } from '../member-codes/member-code.entity';
import { PosAppEntity, RedemptionEntity, ReversalEntity } from '../redemption/redemption.entities';
import { CardRefundEntity, PaymentAttemptEntity, RefundPartEntity, TopUpOrderEntity } from '../payments/payment.entities';

/** Every TypeORM entity. The ledger tables are reached with explicit SQL (see ledger/ledger.repository.ts). */
export const ENTITIES = [
  MerchantEntity,
  StoreEntity,
  StaffUserEntity,
  ConsumerEntity,
  OperatorEntity,
  RefreshTokenEntity,
  CardProductEntity,
  CardEntity,
  AuditEntryEntity,
  MemberCodeEntity,
  RedemptionEntity,
  ReversalEntity,
  PosAppEntity,
  TopUpOrderEntity,
  PaymentAttemptEntity,
  CardRefundEntity,
  RefundPartEntity,
];
