import { ApiError, isMissingEndpoint, messageOf } from './http';

describe('API errors', () => {
  it('shows the server’s Chinese message, joining validation messages', () => {
    expect(messageOf({ message: '用户名或密码错误' }, 401)).toBe('用户名或密码错误');
    expect(messageOf({ message: ['name 不得为空', 'year 须为整数'] }, 400)).toBe('name 不得为空；year 须为整数');
    expect(messageOf(null, 0)).toBe('无法连接服务器，请检查网络');
    expect(messageOf('<html>', 502)).toBe('请求失败（502）');
  });

  it('tells a route that does not exist yet from a record that does not exist', () => {
    expect(isMissingEndpoint(new ApiError(404, 'Cannot GET /api/public/campaigns'))).toBe(true);
    expect(isMissingEndpoint(new ApiError(404, '未找到：GET /api/x'))).toBe(true);
    expect(isMissingEndpoint(new ApiError(404, '该批次的公示不存在：3'))).toBe(false);
    expect(isMissingEndpoint(new ApiError(409, 'Cannot GET /x'))).toBe(false);
  });
});
