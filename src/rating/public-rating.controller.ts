import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators';
import { RatingObjectionDto, SurveyAnswerDto } from './dto/rating.dto';
import { toFinalListResponse, toPublicRatingResponse, toPublishedRoundResponse } from './dto/rating-response';
import { ObjectDrawService } from './object-draw.service';
import { RatingPublicationService } from './rating-publication.service';
import { SurveyService } from './survey.service';

/** No sign-in: the survey through its one-use link, the published grades, objections and the final list. */
@ApiTags('public rating')
@Public()
@Controller('api/public/rating')
export class PublicRatingController {
  constructor(
    private readonly survey: SurveyService,
    private readonly publication: RatingPublicationService,
    private readonly draws: ObjectDrawService,
  ) {}

  @Get('survey/:token')
  form(@Param('token') token: string) {
    return this.survey.form(token);
  }

  @Post('survey/:token')
  answer(@Param('token') token: string, @Body() dto: SurveyAnswerDto) {
    return this.survey.answer(token, dto);
  }

  @Get('rounds')
  async rounds() {
    return (await this.publication.publishedRounds()).map((r) => toPublishedRoundResponse(r.round, r.state));
  }

  @Get('rounds/:roundId')
  async page(@Param('roundId', ParseIntPipe) roundId: number) {
    return toPublicRatingResponse(await this.publication.publicPage(roundId));
  }

  @Post('rounds/:roundId/objections')
  fileObjection(@Param('roundId', ParseIntPipe) roundId: number, @Body() dto: RatingObjectionDto) {
    return this.publication.fileObjection(roundId, dto);
  }

  /** The round's service-object draws: commitments before, the whole record after (docs/draw.md's procedure). */
  @Get('rounds/:roundId/object-draws')
  objectDraws(@Param('roundId', ParseIntPipe) roundId: number) {
    return this.draws.publicDraws(roundId);
  }

  @Get('rounds/:roundId/final')
  async finalList(@Param('roundId', ParseIntPipe) roundId: number) {
    const f = await this.publication.finalList(roundId);
    return toFinalListResponse(f.round, f.grades);
  }
}
