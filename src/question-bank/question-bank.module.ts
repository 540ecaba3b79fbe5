import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QuestionItemDiscipline } from './entities/question-item-discipline.entity';
import { QuestionItemVersion } from './entities/question-item-version.entity';
import { QuestionItem } from './entities/question-item.entity';
import { QuestionSource } from './entities/question-source.entity';
import { QuestionBankController } from './question-bank.controller';
import { QuestionBankTransferService } from './question-bank-transfer.service';
import { QuestionBankService } from './question-bank.service';
import { ReviewTransferService } from './review/review-transfer.service';
import { ReviewController } from './review/review.controller';
import { ReviewService } from './review/review.service';
import { BankPoolService } from './bank-pool.service';

/**
 * The question bank. Papers read it through QuestionBankService (approvedPool, versionsForCandidate,
 * versionsWithKeys); administrators manage it under /api/question-bank; the shipped files are imported on
 * start (QBANK_IMPORT_ON_START).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([QuestionSource, QuestionItem, QuestionItemVersion, QuestionItemDiscipline]),
  ],
  providers: [
    QuestionBankService,
    QuestionBankTransferService,
    BankPoolService,
    ReviewService,
    ReviewTransferService,
  ],
  controllers: [QuestionBankController, ReviewController],
  exports: [QuestionBankService, BankPoolService],
})
export class QuestionBankModule {}
