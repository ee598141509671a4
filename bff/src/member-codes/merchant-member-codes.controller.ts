import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { canManageMerchant, type MemberCodeInspection } from '@jucard/shared';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { CodeInspection } from './code-inspection.service';
import { InspectMemberCodeDto } from './member-codes.dto';

@ApiTags('member codes')
@Controller('merchant/member-codes')
export class MerchantMemberCodesController {
  constructor(private readonly inspection: CodeInspection) {}

  /** Reads only (200, not 201): the code stays usable for the sale that follows. */
  @Post('inspect')
  @HttpCode(200)
  @Authenticated('staff')
  inspect(@CurrentStaff() staff: StaffPrincipal, @Body() body: InspectMemberCodeDto): Promise<MemberCodeInspection> {
    // owners and managers work at every store, cashiers at theirs (as at the sale)
    const storeIds = canManageMerchant(staff.role) ? null : staff.storeIds;
    return this.inspection.inspect({ merchantId: staff.merchantId, storeIds, operatorType: 'staff', operatorId: staff.staffId }, body);
  }
}
