import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RiskCaseList, RiskCaseView, RiskMetricsView, RiskRuleView, RiskScanView } from '@jucard/shared';
import { Authenticated, CurrentOperator } from '../auth/auth.guard';
import type { OperatorPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { DomainError } from '../common/domain-error';
import { CreateRiskRuleDto, RiskCaseDecisionDto, RiskCaseNoteDto, RiskCaseQuery, RiskMetricsQuery, RiskScanDto, UpdateRiskRuleDto } from './risk.dto';
import { RiskMetricsService } from './risk-metrics.service';
import { RiskScanService } from './risk-scan.service';
import { RiskCasesService } from './risk-cases.service';
import { RiskRules } from './risk-rules.service';

/** The operator's risk console: rules (each edit a new version), the case queue, the nightly scan and the metrics. */
@ApiTags('risk')
@Controller('operator/risk')
export class RiskController {
  constructor(
    private readonly rules: RiskRules,
    private readonly cases: RiskCasesService,
    private readonly scans: RiskScanService,
    private readonly insights: RiskMetricsService,
  ) {}

  @Get('rules')
  @Authenticated('operator')
  listRules(): Promise<RiskRuleView[]> {
    return this.rules.list();
  }

  @Post('rules')
  @Authenticated('operator')
  createRule(@CurrentOperator() operator: OperatorPrincipal, @Body() body: CreateRiskRuleDto): Promise<RiskRuleView> {
    return this.rules.create(operator, body);
  }

  @Get('rules/:ruleId/versions')
  @Authenticated('operator')
  ruleVersions(@Param('ruleId') ruleId: string): Promise<RiskRuleView[]> {
    return this.rules.versions(ruleId);
  }

  @Put('rules/:ruleId')
  @Authenticated('operator')
  updateRule(@CurrentOperator() operator: OperatorPrincipal, @Param('ruleId') ruleId: string, @Body() body: UpdateRiskRuleDto): Promise<RiskRuleView> {
    return this.rules.update(operator, ruleId, body);
  }

  @Get('cases')
  @Authenticated('operator')
  async listCases(@Query() query: RiskCaseQuery): Promise<RiskCaseList> {
    return { items: await this.cases.list(query.status) };
  }

  @Get('cases/:caseId')
  @Authenticated('operator')
  getCase(@Param('caseId', uuidParam('caseId')) caseId: string): Promise<RiskCaseView> {
    return this.cases.get(caseId);
  }

  @Post('cases/:caseId/assign')
  @Authenticated('operator')
  assign(@CurrentOperator() operator: OperatorPrincipal, @Param('caseId', uuidParam('caseId')) caseId: string): Promise<RiskCaseView> {
    return this.cases.assign(operator, caseId);
  }

  @Post('cases/:caseId/notes')
  @Authenticated('operator')
  note(@CurrentOperator() operator: OperatorPrincipal, @Param('caseId', uuidParam('caseId')) caseId: string, @Body() body: RiskCaseNoteDto): Promise<RiskCaseView> {
    return this.cases.note(operator, caseId, body.note);
  }

  @Post('cases/:caseId/decision')
  @Authenticated('operator')
  decide(@CurrentOperator() operator: OperatorPrincipal, @Param('caseId', uuidParam('caseId')) caseId: string, @Body() body: RiskCaseDecisionDto): Promise<RiskCaseView> {
    return this.cases.decide(operator, caseId, body.decision, body.note, body.falsePositive ?? false);
  }

  @Get('metrics')
  @Authenticated('operator')
  metrics(@Query() query: RiskMetricsQuery): Promise<RiskMetricsView> {
    return this.insights.metrics(query.days ?? 7);
  }

  /** Scans a business day now (today: what has happened so far); the nightly close scans yesterday by itself. */
  @Post('scans')
  @Authenticated('operator')
  scan(@Body() body: RiskScanDto): Promise<RiskScanView> {
    return this.scans.scan(body.businessDate, 'MANUAL');
  }

  @Get('scans/:businessDate')
  @Authenticated('operator')
  async scanOf(@Param('businessDate') businessDate: string): Promise<RiskScanView> {
    const found = await this.scans.view(businessDate);
    if (!found) throw new DomainError('RISK_SCAN_NOT_FOUND', businessDate);
    return found;
  }
}
