import { http } from './http';
import type { components } from './schema';

type Schemas = components['schemas'];

export type StaffRole = Schemas['CreateUserDto']['role'];

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  lastLoginAt: string | null;
}

export interface TokenResponse {
  accessToken: string;
  /** seconds */
  expiresIn: number;
  user: StaffUser;
}

export const authApi = {
  login: (username: string, password: string) =>
    http.post<TokenResponse>('/api/auth/login', { username, password }, { token: null }),
  me: () => http.get<StaffUser>('/api/auth/me'),
  refresh: () => http.post<TokenResponse>('/api/auth/refresh'),
  /** One's own password; every other sign-in of the account ends. */
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<TokenResponse>('/api/auth/password', { currentPassword, newPassword }),
};

export type CreateUserInput = Schemas['CreateUserDto'];

export const usersApi = {
  list: () => http.get<StaffUser[]>('/api/users'),
  create: (input: CreateUserInput) => http.post<StaffUser>('/api/users', input),
  update: (id: number, patch: { displayName?: string; active?: boolean; password?: string }) =>
    http.patch<StaffUser>(`/api/users/${id}`, patch),
};
