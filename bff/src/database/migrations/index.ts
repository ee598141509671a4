import { Foundation1764057600000 } from './1764057600000-foundation';
import { MemberCodesAndRedemptions1764144000000 } from './1764144000000-member-codes-and-redemptions';
import { Payments1764230400000 } from './1764230400000-payments';
import { SettlementAndReconciliation1764316800000 } from './1764316800000-settlement-and-reconciliation';
import { BackOffice1764403200000 } from './1764403200000-back-office';
import { SettlementIndexes1764489600000 } from './1764489600000-settlement-indexes';
import { IdentityHardening1764748800000 } from './1764748800000-identity-hardening';
import { JobLeases1764662400000 } from './1764662400000-job-leases';
import { StaffShifts1764925200000 } from './1764925200000-staff-shifts';
import { FilesAndCardFaces1764838800000 } from './1764838800000-files-and-card-faces';
import { ConsumerRights1765101600000 } from './1765101600000-consumer-rights';
import { OpenPlatform1765188000000 } from './1765188000000-open-platform';
import { MarketingCoupons1765500000000 } from './1765500000000-marketing-coupons';
import { OpenApiRequests1765360800000 } from './1765360800000-open-api-requests';
import { RiskControl1765586400000 } from './1765586400000-risk-control';
import { CardReplacement1765672800000 } from './1765672800000-card-replacement';
import { RiskMoneyPaths1765845600000 } from './1765845600000-risk-money-paths';
import { RealName1765759200000 } from './1765759200000-real-name';
import { Receipts1765932000000 } from './1765932000000-receipts';
import { RiskPayersDevices1766018400000 } from './1766018400000-risk-payers-devices';
import { CardGifts1766104800000 } from './1766104800000-card-gifts';
import { TopUpCampaigns1766277600000 } from './1766277600000-topup-campaigns';
import { CardExpiry1766450400000 } from './1766450400000-card-expiry';
import { Contracts1766536800000 } from './1766536800000-contracts';
import { RiskScans1766623200000 } from './1766623200000-risk-scans';
import { CouponClaimDevices1766709600000 } from './1766709600000-coupon-claim-devices';
import { MerchantClosings1766796000000 } from './1766796000000-merchant-closings';
import { PointsMall1766882400000 } from './1766882400000-points-mall';
import { PointsExpiry1766968800000 } from './1766968800000-points-expiry';
import { MemberLevels1767055200000 } from './1767055200000-member-levels';
import { MemberLevelDiscounts1767141600000 } from './1767141600000-member-level-discounts';

/** Every migration, in order. Committed migrations are never rewritten; add a new one instead. */
export const MIGRATIONS = [
  Foundation1764057600000,
  MemberCodesAndRedemptions1764144000000,
  Payments1764230400000,
  SettlementAndReconciliation1764316800000,
  BackOffice1764403200000,
  SettlementIndexes1764489600000,
  JobLeases1764662400000,
  IdentityHardening1764748800000,
  FilesAndCardFaces1764838800000,
  StaffShifts1764925200000,
  ConsumerRights1765101600000,
  OpenPlatform1765188000000,
  OpenApiRequests1765360800000,
  MarketingCoupons1765500000000,
  RiskControl1765586400000,
  CardReplacement1765672800000,
  RealName1765759200000,
  RiskMoneyPaths1765845600000,
  Receipts1765932000000,
  RiskPayersDevices1766018400000,
  CardGifts1766104800000,
  TopUpCampaigns1766277600000,
  CardExpiry1766450400000,
  Contracts1766536800000,
  RiskScans1766623200000,
  CouponClaimDevices1766709600000,
  MerchantClosings1766796000000,
  PointsMall1766882400000,
  PointsExpiry1766968800000,
  MemberLevels1767055200000,
  MemberLevelDiscounts1767141600000,
];
