import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseIntPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor, Roles } from '../common/decorators';
import { XLSX } from '../scoring/results-workbook';
import {
  AddBonusDto,
  AddDeductionDto,
  AddExpertDto,
  AddServiceObjectDto,
  AddVetoDto,
  AnswerRatingObjectionDto,
  AssignDto,
  ObjectDrawDto,
  ObjectListDto,
  CreateRoundDto,
  CreateSurveyLinksDto,
  ExcuseDto,
  PaperSurveyDto,
  RepublishRatingDto,
  TakeExamDto,
  UploadSubmissionDto,
  WithdrawAgencyDto,
} from './dto/rating.dto';
import {
  toProgressRow,
  toRatedAgencyResponse,
  toRatingObjectionResponse,
  toRoundResponse,
  toSheetResponse,
  toSurveyLinkResponse,
  toSurveyResponseRow,
} from './dto/rating-response';
import { ObjectDrawService, toObjectDrawRecord } from './object-draw.service';
import { RatingPublicationService } from './rating-publication.service';
import { RatingService } from './rating.service';
import { SelfAssessmentService } from './self-assessment.service';
import { sheetWorkbook } from './sheet-workbook';
import { SurveyService } from './survey.service';
import { SUBMISSION_KINDS, SubmissionKind } from './rules/submission-lists';

const attachment = (ascii: string, name: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The agency rating for administrators and inspecting experts (the services check which may do what). */
@ApiTags('rating')
@ApiBearerAuth()
@Roles('admin', 'inspector')
@Controller('api/rating')
export class RatingController {
  constructor(
    private readonly rating: RatingService,
    private readonly survey: SurveyService,
    private readonly publication: RatingPublicationService,
    private readonly objectDraws: ObjectDrawService,
    private readonly selfAssessment: SelfAssessmentService,
  ) {}

  @Post('rounds')
  async createRound(@CurrentActor() actor: Actor, @Body() dto: CreateRoundDto) {
    return toRoundResponse(await this.rating.createRound(actor, dto));
  }

  @Get('rounds')
  async rounds(@CurrentActor() actor: Actor) {
    return (await this.rating.listRounds(actor)).map(toRoundResponse);
  }

  @Get('rounds/:roundId')
  async round(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    const r = await this.rating.round(actor, roundId);
    return { round: toRoundResponse(r.round), agencies: r.agencies.map(toRatedAgencyResponse) };
  }

  @Get('rounds/:roundId/progress')
  async progress(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return (await this.rating.sheets(actor, roundId)).map(toProgressRow);
  }

  @Post('rounds/:roundId/exam')
  @HttpCode(200)
  async takeExam(
    @CurrentActor() actor: Actor,
    @Param('roundId', ParseIntPipe) roundId: number,
    @Body() dto: TakeExamDto,
  ) {
    return toRoundResponse(await this.rating.takeExam(actor, roundId, dto.campaignId));
  }

  @Post('rounds/:roundId/experts')
  addExpert(
    @CurrentActor() actor: Actor,
    @Param('roundId', ParseIntPipe) roundId: number,
    @Body() dto: AddExpertDto,
  ) {
    return this.rating.addExpert(actor, roundId, dto);
  }

  @Get('rounds/:roundId/experts')
  experts(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return this.rating.experts(actor, roundId);
  }

  @Post('agencies/:id/assignments')
  assign(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: AssignDto) {
    return this.rating.assign(actor, id, dto.userId);
  }

  @Get('templates/:kind')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('template.xlsx', '自查自评清单模板.xlsx'))
  template(@Param('kind', new ParseEnumPipe(SUBMISSION_KINDS)) kind: SubmissionKind): Promise<Buffer> {
    return this.selfAssessment.template(kind);
  }

  @Post('agencies/:id/submissions')
  uploadSubmission(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UploadSubmissionDto,
  ) {
    return this.selfAssessment.upload(actor, id, dto);
  }

  @Post('agencies/:id/excuse')
  @HttpCode(200)
  async excuse(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: ExcuseDto) {
    return toRatedAgencyResponse(await this.selfAssessment.excuse(actor, id, dto.reason));
  }

  @Post('rounds/:roundId/close-self-assessment')
  @HttpCode(200)
  async closeSelfAssessment(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return (await this.selfAssessment.close(actor, roundId)).map(toRatedAgencyResponse);
  }

  @Post('agencies/:id/self-assessed')
  @HttpCode(200)
  async selfAssessed(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return toRatedAgencyResponse(await this.rating.markSelfAssessed(actor, id));
  }

  @Post('agencies/:id/withdraw')
  @HttpCode(200)
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: WithdrawAgencyDto,
  ) {
    return toRatedAgencyResponse(await this.rating.withdraw(actor, id, dto.reason));
  }

  @Get('agencies/:id/sheet')
  async sheet(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return toSheetResponse(await this.rating.sheet(actor, id));
  }

  @Get('agencies/:id/sheet.xlsx')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('sheet.xlsx', '分类等级管理检查表.xlsx'))
  async sheetWorkbook(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<Buffer> {
    return sheetWorkbook(await this.rating.sheet(actor, id));
  }

  @Post('agencies/:id/objects')
  addObject(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AddServiceObjectDto,
  ) {
    return this.rating.addServiceObject(actor, id, dto);
  }

  @Post('agencies/:id/object-draw/list')
  async fixObjectList(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ObjectListDto,
  ) {
    return toObjectDrawRecord(await this.objectDraws.fixList(actor, id, dto.names));
  }

  @Post('agencies/:id/object-draw/draw')
  @HttpCode(200)
  async drawObject(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ObjectDrawDto,
  ) {
    return toObjectDrawRecord(await this.objectDraws.draw(actor, id, dto.entropy));
  }

  @Get('agencies/:id/object-draw')
  async objectDraw(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    const d = await this.objectDraws.record(actor, id);
    return d ? toObjectDrawRecord(d) : null;
  }

  @Post('agencies/:id/deductions')
  addDeduction(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AddDeductionDto,
  ) {
    return this.rating.addDeduction(actor, id, dto);
  }

  @Post('deductions/:id/withdraw')
  @HttpCode(200)
  withdrawDeduction(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.rating.withdrawDeduction(actor, id);
  }

  @Post('agencies/:id/bonuses')
  addBonus(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: AddBonusDto) {
    return this.rating.addBonus(actor, id, dto);
  }

  @Post('agencies/:id/vetoes')
  addVeto(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: AddVetoDto) {
    return this.rating.addVeto(actor, id, dto);
  }

  @Post('agencies/:id/survey-links')
  surveyLinks(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CreateSurveyLinksDto,
  ) {
    return this.survey.createLinks(actor, id, dto);
  }

  @Get('agencies/:id/survey-links')
  async listSurveyLinks(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return (await this.survey.links(actor, id)).map(toSurveyLinkResponse);
  }

  @Post('agencies/:id/survey-paper')
  async paperSurvey(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: PaperSurveyDto,
  ) {
    return toSurveyResponseRow(await this.survey.enterPaper(actor, id, dto));
  }

  @Get('agencies/:id/survey-responses')
  async surveyResponses(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return (await this.survey.responses(actor, id)).map(toSurveyResponseRow);
  }

  @Post('rounds/:roundId/publish')
  async publish(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return toRoundResponse(await this.publication.publish(actor, roundId));
  }

  @Post('rounds/:roundId/republish')
  async republish(
    @CurrentActor() actor: Actor,
    @Param('roundId', ParseIntPipe) roundId: number,
    @Body() dto: RepublishRatingDto,
  ) {
    return toRoundResponse(await this.publication.republish(actor, roundId, dto.changeNote));
  }

  @Post('rounds/:roundId/finalise')
  @HttpCode(200)
  async finalise(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return toRoundResponse(await this.publication.finalise(actor, roundId));
  }

  @Get('rounds/:roundId/objections')
  async objections(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return (await this.publication.objections(actor, roundId)).map(toRatingObjectionResponse);
  }

  @Post('objections/:id/answer')
  @HttpCode(200)
  async answer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AnswerRatingObjectionDto,
  ) {
    return toRatingObjectionResponse(await this.publication.answerObjection(actor, id, dto));
  }

  @Get('rounds/:roundId/consequences')
  consequences(@CurrentActor() actor: Actor, @Param('roundId', ParseIntPipe) roundId: number) {
    return this.publication.consequences(actor, roundId);
  }

  @Get('rounds/:roundId/exports/consequences.xlsx')
  @ApiProduces(XLSX)
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('consequences.xlsx', '评定结果运用名单.xlsx'))
  consequencesWorkbook(
    @CurrentActor() actor: Actor,
    @Param('roundId', ParseIntPipe) roundId: number,
  ): Promise<Buffer> {
    return this.publication.consequencesWorkbook(actor, roundId);
  }
}
