import { http } from './http';

/** 系统设置 → 考试地址, as the server resolves it for this browser. */
export interface ExamAddress {
  /** The address candidates use now (printed on tickets, opened by the QR code). */
  url: string;
  /** settings: set here; environment: EXAM_LOGIN_URL; browser: this browser's own address. */
  source: 'settings' | 'environment' | 'browser';
  /** Set when only the server's machine can open the address. */
  warning?: string;
  stored: string | null;
  environmentDefault: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export const settingsApi = {
  examAddress: () => http.get<ExamAddress>('/api/settings/exam-address'),
  setExamAddress: (examAddress: string) => http.put<ExamAddress>('/api/settings/exam-address', { examAddress }),
};

export const EXAM_ADDRESS_SOURCES: Record<ExamAddress['source'], string> = {
  settings: '系统设置',
  environment: '环境变量 EXAM_LOGIN_URL（初始默认）',
  browser: '未设置，暂用本浏览器访问的地址',
};
