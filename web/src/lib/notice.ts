export function noticeStateLabel(s: string | null | undefined): string {
  switch (s) {
    case 'in-notice':
      return '公示中';
    case 'notice-ended':
      return '公示期已满，待确认';
    case 'final':
      return '结果已确定';
    default:
      return s ?? '—';
  }
}
