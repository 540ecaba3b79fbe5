import { ElMessageBox } from 'element-plus';

/**
 * Asks for the written reason every administrative or proctor act needs. Resolves to the reason, or null when
 * the person cancelled.
 */
export async function askReason(
  title: string,
  hint = '请填写原因（将记入审计日志）',
  initial = '',
): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt(hint, title, {
      inputType: 'textarea',
      inputValue: initial,
      inputPattern: /\S{2,}/,
      inputErrorMessage: '请填写原因（至少 2 个字）',
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      customClass: 'reason-box',
    });
    return value.trim();
  } catch {
    return null;
  }
}

export async function confirmAct(message: string, title = '请确认'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      type: 'warning',
    });
    return true;
  } catch {
    return false;
  }
}
