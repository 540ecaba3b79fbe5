import { parseChineseNumber } from './chinese-numeral';

export interface LawArticle {
  /** The article number (第N条 → N). */
  number: number;
  /** The article's lines from "第N条 …" up to the next article or heading, joined with "\n". */
  text: string;
  /** The chapter (第N章) the article stands in; null in a law without chapters. */
  chapter: number | null;
  /** 1-based line of "第N条" in the file. */
  line: number;
}

export interface LawChapter {
  number: number;
  title: string;
}

export interface LawText {
  articles: Map<number, LawArticle>;
  chapters: LawChapter[];
}

const ARTICLE_LINE = /^第([零〇一二两三四五六七八九十百千\d]+)条(?:[\s\u3000]|$)/u;
const CHAPTER_HEADING = /^#+\s*第([零〇一二两三四五六七八九十百千\d]+)章[\s\u3000]*(.*)$/u;

/**
 * Splits a law's full text (the Markdown of the national law database: "## 第一章 总则" headings, one
 * paragraph per line, articles starting "第N条 ") into articles. An article runs from its line to the next
 * article line or heading (any line starting with "#"); blank lines are dropped.
 */
export function parseLawText(markdown: string): LawText {
  const articles = new Map<number, LawArticle>();
  const chapters: LawChapter[] = [];
  let chapter: number | null = null;
  let current: { number: number; lines: string[]; line: number; chapter: number | null } | null = null;
  const close = (): void => {
    if (current && !articles.has(current.number)) {
      articles.set(current.number, {
        number: current.number,
        text: current.lines.join('\n'),
        chapter: current.chapter,
        line: current.line,
      });
    }
    current = null;
  };
  markdown.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#')) {
      close();
      const h = CHAPTER_HEADING.exec(line);
      const n = h ? parseChineseNumber(h[1]) : null;
      if (h && n !== null) {
        chapter = n;
        chapters.push({ number: n, title: h[2].trim() });
      }
      return;
    }
    const a = ARTICLE_LINE.exec(line);
    const n = a ? parseChineseNumber(a[1]) : null;
    if (n !== null) {
      close();
      current = { number: n, lines: [line], line: index + 1, chapter };
      return;
    }
    if (current && line.length > 0) {
      current.lines.push(line);
    }
  });
  close();
  return { articles, chapters };
}
