import { Injectable } from '@nestjs/common';
import type { DeliveredPaper } from '../papers/paper-view';
import { PaperSource } from './paper-source';
import type { QuestionShape } from './response';

interface CachedPaper {
  paper: DeliveredPaper;
  shapes: Map<number, QuestionShape>;
  questionCount: number;
}

const MAX_PAPERS = 6000;

/**
 * Delivered papers kept in memory. A paper is a frozen snapshot that never changes, so a node may keep it as
 * long as it likes; this is a cache, not attempt state (every node can rebuild it from the database).
 */
@Injectable()
export class PaperCache {
  private readonly papers = new Map<number, Promise<CachedPaper>>();

  constructor(private readonly source: PaperSource) {}

  async paper(paperId: number): Promise<DeliveredPaper> {
    return (await this.load(paperId)).paper;
  }

  /** The question's type and shown labels, or null when the paper has no such question. */
  async shape(paperId: number, questionId: number): Promise<QuestionShape | null> {
    return (await this.load(paperId)).shapes.get(questionId) ?? null;
  }

  async questionCount(paperId: number): Promise<number> {
    return (await this.load(paperId)).questionCount;
  }

  private load(paperId: number): Promise<CachedPaper> {
    const hit = this.papers.get(paperId);
    if (hit) {
      // Map order is insertion order: re-insert to keep recently used papers.
      this.papers.delete(paperId);
      this.papers.set(paperId, hit);
      return hit;
    }
    const loading = this.source.deliveredPaper(paperId).then((paper) => {
      const shapes = new Map<number, QuestionShape>();
      for (const s of paper.sections) {
        for (const q of s.questions) {
          shapes.set(q.questionId, { type: q.type, labels: q.options.map((o) => o.label) });
        }
      }
      return { paper, shapes, questionCount: shapes.size };
    });
    loading.catch(() => this.papers.delete(paperId));
    this.papers.set(paperId, loading);
    if (this.papers.size > MAX_PAPERS) {
      const oldest = this.papers.keys().next().value;
      if (oldest !== undefined) {
        this.papers.delete(oldest);
      }
    }
    return loading;
  }
}
