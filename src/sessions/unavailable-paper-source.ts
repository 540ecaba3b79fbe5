import type { DeliveredPaper } from '../papers/paper-view';
import { ConflictError } from '../common/domain-error';
import { PaperSource } from './paper-source';

/** Until PapersModule provides PaperSource: every use fails with a message that says why. */
export class UnavailablePaperSource extends PaperSource {
  ensurePapers(): Promise<Map<number, number>> {
    return Promise.reject(new ConflictError('试卷模块尚未接入，无法生成试卷', 'papers-unavailable'));
  }

  deliveredPaper(paperId: number): Promise<DeliveredPaper> {
    return Promise.reject(
      new ConflictError(`试卷模块尚未接入，无法读取试卷 ${paperId}`, 'papers-unavailable'),
    );
  }
}
