import { Body, Controller, Get, HttpCode, Ip, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public, Roles } from '../common/decorators';
import { AnswersService } from './answers.service';
import { AttemptsService, CandidateSession } from './attempts.service';
import { CandidateAuthService } from './candidate-auth.service';
import { CandidateLoginThrottlerGuard } from './candidate-login.throttler';
import { CurrentCandidate } from './candidate-session.decorator';
import {
  AnswerAckDto,
  CandidateLoginDto,
  CandidateLoginResponseDto,
  ReportEventDto,
  SaveAnswerDto,
} from './dto/exam.dto';
import type { AnswerAck, ExamState, ReportAck } from './exam-socket.types';
import { ReportsService } from './reports.service';

/**
 * The candidate's HTTP API, for clients without a socket; the socket (namespace /exam) offers the same with
 * acknowledgements. Every answer is acknowledged only after it is durable.
 */
@ApiTags('exam (candidate)')
@Controller('api/exam')
export class ExamController {
  constructor(
    private readonly auth: CandidateAuthService,
    private readonly attempts: AttemptsService,
    private readonly answers: AnswersService,
    private readonly reports: ReportsService,
  ) {}

  @Public()
  @UseGuards(CandidateLoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '考生登录：准考证号 + 身份证号 + 入场码；再次登录将使之前的登录失效' })
  @ApiOkResponse({ type: CandidateLoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this ticket or address' })
  login(@Body() dto: CandidateLoginDto, @Ip() ip: string): Promise<CandidateLoginResponseDto> {
    return this.auth.login(dto, ip);
  }

  @ApiBearerAuth()
  @Roles('candidate')
  @Get('state')
  state(@CurrentCandidate() session: CandidateSession): Promise<ExamState> {
    return this.attempts.examState(session);
  }

  @ApiBearerAuth()
  @Roles('candidate')
  @Post('start')
  @HttpCode(200)
  start(@CurrentCandidate() session: CandidateSession): Promise<ExamState> {
    return this.attempts.start(session);
  }

  @ApiBearerAuth()
  @Roles('candidate')
  @Put('answers')
  @ApiOperation({ summary: '保存一题的答案（持久化后才返回）；修订号更小的写入不会覆盖更新的答案' })
  @ApiOkResponse({ type: AnswerAckDto })
  saveAnswer(@CurrentCandidate() session: CandidateSession, @Body() dto: SaveAnswerDto): Promise<AnswerAck> {
    return this.answers.save(session, null, dto);
  }

  @ApiBearerAuth()
  @Roles('candidate')
  @Post('submit')
  @HttpCode(200)
  submit(@CurrentCandidate() session: CandidateSession): Promise<ExamState> {
    return this.attempts.submitOwn(session);
  }

  @ApiBearerAuth()
  @Roles('candidate')
  @Post('events')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '上报考生端事件（切屏、失焦、粘贴等）；请求体不超过 8 KB，details 不超过 2 KB，每分钟最多 30 条，超出部分只计数',
  })
  @ApiTooManyRequestsResponse({ description: 'More reports than the per-minute limit; counted, not stored' })
  report(@CurrentCandidate() session: CandidateSession, @Body() dto: ReportEventDto): Promise<ReportAck> {
    return this.reports.reportOverHttp(session, dto);
  }
}
