import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi, type StaffUser } from '@/api/auth';

const KEY = 'choukao.staff';

interface Saved {
  token: string;
  user: StaffUser;
  /** ms since epoch (browser clock) */
  expiresAt: number;
}

function readSaved(): Saved | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) {
      return null;
    }
    const s = JSON.parse(raw) as Saved;
    return s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

/** The signed-in administrator or proctor. */
export const useAuthStore = defineStore('auth', () => {
  const saved = readSaved();
  const token = ref<string | null>(saved?.token ?? null);
  const user = ref<StaffUser | null>(saved?.user ?? null);
  const expiresAt = ref<number>(saved?.expiresAt ?? 0);

  const signedIn = computed(() => !!token.value && expiresAt.value > Date.now());
  const isAdmin = computed(() => user.value?.role === 'admin');

  async function login(username: string, password: string): Promise<StaffUser> {
    const res = await authApi.login(username, password);
    token.value = res.accessToken;
    user.value = res.user;
    expiresAt.value = Date.now() + res.expiresIn * 1000;
    localStorage.setItem(
      KEY,
      JSON.stringify({ token: token.value, user: user.value, expiresAt: expiresAt.value }),
    );
    return res.user;
  }

  function logout(): void {
    token.value = null;
    user.value = null;
    expiresAt.value = 0;
    localStorage.removeItem(KEY);
  }

  return { token, user, expiresAt, signedIn, isAdmin, login, logout };
});
