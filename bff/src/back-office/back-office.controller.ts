import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuditPage, MerchantDashboard, MerchantView, OperatorCardView, ReportByKind, ReportKind, StaffMemberView, StoreView } from '@jucard/shared';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentOperator, CurrentStaff } from '../auth/auth.guard';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { AuditQuery, CardNoPipe, CardSearchQuery, FreezeDto, ReportFilterQuery, ReportKindPipe, ReportPageQuery, UpdateStaffDto, UpdateStoreDto } from './back-office.dto';
import { DashboardService } from './dashboard.service';
import { OperatorControlsService } from './operator-controls.service';
import { sendCsv } from './report-csv';
import { ReportsService } from './reports.service';
import { TeamService } from './team.service';

@ApiTags('back office')
@Controller('merchant')
export class MerchantBackOfficeController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly reports: ReportsService,
    private readonly team: TeamService,
  ) {}

  @Get('dashboard')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  dashboard(@CurrentStaff() staff: StaffPrincipal): Promise<MerchantDashboard> {
    return this.dashboards.dashboard(staff.merchantId);
  }

  // declared before reports/:kind, which would otherwise take "topups.csv" as a kind
  @Get('reports/:kind.csv')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  @ApiProduces('text/csv')
  async csv(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('kind', ReportKindPipe) kind: ReportKind,
    @Query() query: ReportFilterQuery,
    @Res() response: FastifyReply,
  ): Promise<void> {
    await sendCsv(response, await this.reports.export(staff.merchantId, kind, query));
  }

  @Get('reports/:kind')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  report(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('kind', ReportKindPipe) kind: ReportKind,
    @Query() query: ReportPageQuery,
  ): Promise<ReportByKind[ReportKind]> {
    return this.reports.page(staff.merchantId, kind, query);
  }

  @Put('stores/:storeId')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  updateStore(@CurrentStaff() staff: StaffPrincipal, @Param('storeId', uuidParam('storeId')) storeId: string, @Body() body: UpdateStoreDto): Promise<StoreView> {
    return this.team.updateStore(staff, storeId, body);
  }

  @Get('staff-members')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  staffMembers(@CurrentStaff() staff: StaffPrincipal): Promise<StaffMemberView[]> {
    return this.team.listStaff(staff);
  }

  @Put('staff/:staffId')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  updateStaff(@CurrentStaff() staff: StaffPrincipal, @Param('staffId', uuidParam('staffId')) staffId: string, @Body() body: UpdateStaffDto): Promise<StaffMemberView> {
    return this.team.updateStaff(staff, staffId, body);
  }
}

@ApiTags('operator')
@Controller('operator')
export class OperatorBackOfficeController {
  constructor(private readonly controls: OperatorControlsService) {}

  @Post('merchants/:merchantId/freeze')
  @Authenticated('operator')
  freezeMerchant(@CurrentOperator() operator: OperatorPrincipal, @Param('merchantId', uuidParam('merchantId')) merchantId: string, @Body() body: FreezeDto): Promise<MerchantView> {
    return this.controls.setMerchantFrozen(operator, merchantId, 'freeze', body.reason);
  }

  @Post('merchants/:merchantId/unfreeze')
  @Authenticated('operator')
  unfreezeMerchant(@CurrentOperator() operator: OperatorPrincipal, @Param('merchantId', uuidParam('merchantId')) merchantId: string, @Body() body: FreezeDto): Promise<MerchantView> {
    return this.controls.setMerchantFrozen(operator, merchantId, 'unfreeze', body.reason);
  }

  @Get('cards')
  @Authenticated('operator')
  cardsByPhone(@Query() query: CardSearchQuery): Promise<OperatorCardView[]> {
    return this.controls.cardsByPhone(query.phone);
  }

  @Get('cards/:cardNo')
  @Authenticated('operator')
  card(@Param('cardNo', CardNoPipe) cardNo: string): Promise<OperatorCardView> {
    return this.controls.card(cardNo);
  }

  @Post('cards/:cardNo/freeze')
  @Authenticated('operator')
  freezeCard(@CurrentOperator() operator: OperatorPrincipal, @Param('cardNo', CardNoPipe) cardNo: string, @Body() body: FreezeDto): Promise<OperatorCardView> {
    return this.controls.setCardFrozen(operator, cardNo, 'freeze', body.reason);
  }

  @Post('cards/:cardNo/unfreeze')
  @Authenticated('operator')
  unfreezeCard(@CurrentOperator() operator: OperatorPrincipal, @Param('cardNo', CardNoPipe) cardNo: string, @Body() body: FreezeDto): Promise<OperatorCardView> {
    return this.controls.setCardFrozen(operator, cardNo, 'unfreeze', body.reason);
  }

  @Get('audit')
  @Authenticated('operator')
  audit(@Query() query: AuditQuery): Promise<AuditPage> {
    return this.controls.auditTrail(query);
  }
}
