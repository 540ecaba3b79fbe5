import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-error';
import type { DeliveredPaper } from '../papers/paper-view';
import { PaperSource } from '../papers/paper-source';
import type { QuestionShape } from './response';

interface CachedPaper {
  paper: DeliveredPaper;
  shapes: Map<number, QuestionShape>;
  questionCount: number;
}

const MAX_PAPERS = 6000;
/** How long a paper request waits for others to share its query, and how many papers one batch reads. */
const BATCH_WINDOW_MS = 3;
const BATCH = 200;

interface Waiter {
  resolve: (p: DeliveredPaper) => void;
  reject: (err: unknown) => void;
}

/**
 * Delivered papers kept in memory. A paper is a frozen snapshot that never changes, so a node may keep it as
 * long as it likes; this is a cache, not attempt state (every node can rebuild it from the database).
 */
@Injectable()
export class PaperCache {
  private readonly papers = new Map<number, Promise<CachedPaper>>();
  private readonly pending = new Map<number, Waiter>();
  private timer: ReturnType<typeof setTimeout> | null = null;

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
    const loading = new Promise<DeliveredPaper>((resolve, reject) => {
      this.pending.set(paperId, { resolve, reject });
      this.flushSoon();
    }).then(cached);
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

  /**
   * Papers asked for within a few milliseconds are read together: when a sitting's candidates connect at
   * once, their papers take a handful of queries instead of four each.
   */
  private flushSoon(): void {
    if (this.timer) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = [...this.pending];
      this.pending.clear();
      for (let i = 0; i < batch.length; i += BATCH) {
        void this.loadBatch(batch.slice(i, i + BATCH));
      }
    }, BATCH_WINDOW_MS);
  }

  private async loadBatch(batch: Array<[number, Waiter]>): Promise<void> {
    try {
      const papers = await this.source.deliveredPapers(batch.map(([id]) => id));
      for (const [id, w] of batch) {
        const paper = papers.get(id);
        if (paper) {
          w.resolve(paper);
        } else {
          w.reject(new NotFoundError('试卷', id));
        }
      }
    } catch (err) {
      for (const [, w] of batch) {
        w.reject(err);
      }
    }
  }
}

function cached(paper: DeliveredPaper): CachedPaper {
  const shapes = new Map<number, QuestionShape>();
  for (const s of paper.sections) {
    for (const q of s.questions) {
      shapes.set(q.questionId, { type: q.type, labels: q.options.map((o) => o.label) });
    }
  }
  return { paper, shapes, questionCount: shapes.size };
}
