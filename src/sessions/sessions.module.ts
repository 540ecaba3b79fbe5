import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PapersModule } from '../papers/papers.module';
import { FrozenPaperSource } from '../papers/frozen-paper-source';
import { ProctoringEventsModule } from '../proctoring/proctoring-events.module';
import { SamplingModule } from '../sampling/sampling.module';
import { SamplingService } from '../sampling/sampling.service';
import { Answer } from './answer.entity';
import { AnswerWriter } from './answer-writer';
import { AnswersService } from './answers.service';
import { Attempt } from './attempt.entity';
import { AttemptsService } from './attempts.service';
import { CandidateAuthService } from './candidate-auth.service';
import {
  CANDIDATE_LOGIN_THROTTLE,
  candidateLoginThrottle,
  CandidateLoginThrottlerGuard,
} from './candidate-login.throttler';
import { CandidatePresence } from './candidate-presence';
import { DbClock } from './db-clock';
import { DeadlineSweeper } from './deadline-sweeper';
import { ExamController } from './exam.controller';
import { PaperCache } from './paper-cache';
import { PaperSource } from '../papers/paper-source';
import { ReportsService } from './reports.service';
import { SampleSource } from './sample-source';
import { SessionsGateway } from './sessions.gateway';
import { readSessionsSettings, SessionsSettings } from './sessions.settings';
import { SESSIONS_SETTINGS } from './sessions.tokens';
import { SimplePaperSource, SimpleSampleSource } from './simple-sources';
import { SittingCandidate } from './sitting-candidate.entity';
import { SittingProctor } from './sitting-proctor.entity';
import { Sitting } from './sitting.entity';
import { SittingsController } from './sittings.controller';
import { SittingsService } from './sittings.service';
import { SittingManagementService } from './sitting-management.service';

/**
 * Sittings, admission, attempts, answers, the deadline sweeper and the candidate's socket. Candidates come
 * from the draw (SamplingService), papers from FrozenPaperSource (as PaperSource).
 * SESSIONS_SIMPLE_SOURCES=true (tests and benchmarks) swaps both for synthetic ones.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Sitting, SittingProctor, SittingCandidate, Attempt, Answer]),
    ProctoringEventsModule,
    SamplingModule,
    PapersModule,
  ],
  providers: [
    {
      provide: SESSIONS_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => readSessionsSettings(config),
    },
    {
      provide: CANDIDATE_LOGIN_THROTTLE,
      inject: [SESSIONS_SETTINGS],
      useFactory: (s: SessionsSettings) => candidateLoginThrottle(s),
    },
    {
      provide: SampleSource,
      inject: [SESSIONS_SETTINGS, SamplingService],
      useFactory: (s: SessionsSettings, sampling: SamplingService): SampleSource =>
        s.SESSIONS_SIMPLE_SOURCES ? new SimpleSampleSource(s.SESSIONS_SIMPLE_SAMPLE_SIZE) : sampling,
    },
    {
      provide: PaperSource,
      inject: [SESSIONS_SETTINGS, FrozenPaperSource],
      useFactory: (s: SessionsSettings, papers: FrozenPaperSource): PaperSource =>
        s.SESSIONS_SIMPLE_SOURCES ? new SimplePaperSource(s.SESSIONS_SIMPLE_QUESTIONS) : papers,
    },
    CandidateLoginThrottlerGuard,
    DbClock,
    PaperCache,
    AnswerWriter,
    AnswersService,
    AttemptsService,
    CandidateAuthService,
    CandidatePresence,
    ReportsService,
    SittingsService,
    SittingManagementService,
    DeadlineSweeper,
    SessionsGateway,
  ],
  controllers: [SittingsController, ExamController],
  exports: [
    SESSIONS_SETTINGS,
    DbClock,
    TypeOrmModule,
    PaperCache,
    AnswerWriter,
    AttemptsService,
    CandidatePresence,
    SittingsService,
    DeadlineSweeper,
    ProctoringEventsModule,
  ],
})
export class SessionsModule {}
