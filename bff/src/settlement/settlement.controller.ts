import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  isBusinessDay,
  type CustodyReport,
  type DayCloseView,
  type Page,
  type QuarterlyReportView,
  type ReconDayView,
  type ReconDifferenceView,
  type SettlementRunView,
  type StatementLineView,
  type StaffRole,
  type StatementView,
} from '@jucard/shared';
import type { FastifyReply } from 'fastify';
import { sendCsvDownload } from '../back-office/report-csv';
import { Authenticated, CurrentOperator, CurrentStaff } from '../auth/auth.guard';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { decodeCursor, pageOf, PageQuery } from '../common/pagination';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { CustodyService } from './custody.service';
import { DayCloseService } from './day-close.service';
import { PayoutsService } from './payouts.service';
import { quarterlyCsvFileNames, quarterlyCsvRecords } from './quarterly-csv';
import { BusinessDayDto, DifferencesQuery, QuarterQuery, ResolveDifferenceDto, RunSettlementDto, StatementsQuery } from './settlement.dto';
import { SettlementService } from './settlement.service';
import { statementCsvFileNames, statementCsvRecords } from './statement-csv';

const DEFAULT_LIMIT = 20;
/** Statements show what the merchant is paid: for owners and managers, not cashiers. */
const MANAGERS: StaffRole[] = ['OWNER', 'MANAGER'];

function dayParam(day: string): string {
  if (!isBusinessDay(day)) throw new DomainError('VALIDATION_FAILED', 'date', { date: ['must be a YYYY-MM-DD business day (Asia/Shanghai)'] });
  return day;
}

@ApiTags('operator')
@Controller('operator')
export class OperatorSettlementController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly settlement: SettlementService,
    private readonly payouts: PayoutsService,
    private readonly dayClose: DayCloseService,
    private readonly custody: CustodyService,
  ) {}

  @Get('day-close/:date')
  @Authenticated('operator')
  day(@Param('date') date: string): Promise<DayCloseView> {
    return this.dayClose.view(dayParam(date));
  }

  /** Reconciles every channel for the day (synchronously), then checks the ledger's invariants. */
  @Post('reconciliation/runs')
  @HttpCode(200)
  @Authenticated('operator')
  async reconcile(@Body() body: BusinessDayDto): Promise<ReconDayView> {
    const day = dayParam(body.businessDate);
    const result = await this.reconciliation.reconcileDay(day);
    await this.dayClose.verifyLedger(day);
    return result;
  }

  @Get('reconciliation/differences')
  @Authenticated('operator')
  async differences(@Query() query: DifferencesQuery): Promise<Page<ReconDifferenceView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const items = await this.reconciliation.differences({ day: query.date, status: query.status, channel: query.channel, beforeId: decodeCursor(query.cursor), limit: limit + 1 });
    return pageOf(items, limit, (d) => d.id);
  }

  @Post('reconciliation/differences/:id/resolve')
  @HttpCode(200)
  @Authenticated('operator')
  resolve(@CurrentOperator() operator: OperatorPrincipal, @Param('id', ParseIntPipe) id: number, @Body() body: ResolveDifferenceDto): Promise<ReconDifferenceView> {
    return this.reconciliation.resolve(operator.operatorId, id, body.note);
  }

  /** Starts the run and answers at once (202); poll the run for progress. */
  @Post('settlement/runs')
  @HttpCode(202)
  @Authenticated('operator')
  async runSettlement(@CurrentOperator() operator: OperatorPrincipal, @Body() body: RunSettlementDto): Promise<SettlementRunView> {
    const { run } = await this.settlement.start({
      day: dayParam(body.businessDate),
      trigger: 'MANUAL',
      requestedBy: operator.operatorId,
      overrideReason: body.overrideReason ?? null,
    });
    return run;
  }

  @Get('settlement/runs')
  @Authenticated('operator')
  async runs(@Query() query: PageQuery): Promise<Page<SettlementRunView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    return pageOf(await this.settlement.runs(decodeCursor(query.cursor), limit + 1), limit, (r) => r.id);
  }

  @Get('settlement/runs/:id')
  @Authenticated('operator')
  run(@Param('id', ParseIntPipe) id: number): Promise<SettlementRunView> {
    return this.settlement.run(id);
  }

  @Get('settlement/statements')
  @Authenticated('operator')
  async statements(@Query() query: StatementsQuery): Promise<Page<StatementView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const items = await this.settlement.statements({ day: query.date, merchantId: query.merchantId, status: query.status, beforeId: decodeCursor(query.cursor), limit: limit + 1 });
    return pageOf(items, limit, (s) => s.id);
  }

  @Post('settlement/statements/:id/retry-payout')
  @HttpCode(200)
  @Authenticated('operator')
  async retryPayout(@CurrentOperator() operator: OperatorPrincipal, @Param('id', ParseIntPipe) id: number): Promise<StatementView> {
    await this.settlement.statement(id);
    await this.payouts.retry(operator.operatorId, id);
    return this.settlement.statement(id);
  }

  @Get('custody')
  @Authenticated('operator')
  custodyReport(): Promise<CustodyReport> {
    return this.custody.report();
  }

  /** 预付卡季度报表: each merchant's card principal in the quarter, for the quarterly filing. */
  @Get('reports/quarterly')
  @Authenticated('operator')
  quarterly(@Query() query: QuarterQuery): Promise<QuarterlyReportView> {
    return this.custody.quarterly(query.quarter);
  }

  @Get('reports/quarterly.csv')
  @Authenticated('operator')
  @ApiProduces('text/csv')
  async quarterlyCsv(@Query() query: QuarterQuery, @Res() res: FastifyReply): Promise<void> {
    const report = await this.custody.quarterly(query.quarter);
    await sendCsvDownload(res, quarterlyCsvFileNames(report), quarterlyCsvRecords(report), 'quarterly report');
  }
}

@ApiTags('merchant')
@Controller('merchant/settlement')
export class MerchantSettlementController {
  constructor(private readonly settlement: SettlementService) {}

  @Get('statements')
  @Authenticated('staff', MANAGERS)
  async statements(@CurrentStaff() staff: StaffPrincipal, @Query() query: PageQuery): Promise<Page<StatementView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    return pageOf(await this.settlement.statements({ merchantId: staff.merchantId, beforeId: decodeCursor(query.cursor), limit: limit + 1 }), limit, (s) => s.id);
  }

  @Get('statements/:id')
  @Authenticated('staff', MANAGERS)
  statement(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number): Promise<StatementView> {
    return this.settlement.statement(id, staff.merchantId);
  }

  @Get('statements/:id/lines')
  @Authenticated('staff', MANAGERS)
  async lines(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number, @Query() query: PageQuery): Promise<Page<StatementLineView>> {
    const statement = await this.settlement.statement(id, staff.merchantId);
    const limit = query.limit ?? 50;
    return pageOf(await this.settlement.lines(statement, decodeCursor(query.cursor), limit + 1), limit, (l) => l.seq);
  }

  /** Every line of the statement as CSV (UTF-8 with BOM for Excel), streamed page by page. */
  @Get('statements/:id/lines.csv')
  @Authenticated('staff', MANAGERS)
  async linesCsv(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number, @Res() res: FastifyReply): Promise<void> {
    const statement = await this.settlement.statement(id, staff.merchantId);
    await sendCsvDownload(res, statementCsvFileNames(statement), statementCsvRecords(this.settlement.allLines(statement)), 'statement');
  }
}
