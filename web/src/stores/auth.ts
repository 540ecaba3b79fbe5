import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '@/api/http';
import { authApi, type StaffUser, type TokenResponse } from '@/api/auth';
import { refreshDelayMs, retryDelayMs } from '@/lib/token-refresh';

const KEY = 'choukao.staff';

interface Saved {
  token: string;
  user: StaffUser;
  /** ms since epoch (browser clock) */
  expiresAt: number;
  /** ms; the token's whole lifetime, to know when to renew it */
  lifetime?: number;
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
  let lifetime = saved?.lifetime ?? 15 * 60_000;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const signedIn = computed(() => !!token.value && expiresAt.value > Date.now());
  const isAdmin = computed(() => user.value?.role === 'admin');

  function accept(res: TokenResponse): void {
    token.value = res.accessToken;
    user.value = res.user;
    lifetime = res.expiresIn * 1000;
    expiresAt.value = Date.now() + lifetime;
    const s: Saved = { token: token.value, user: user.value, expiresAt: expiresAt.value, lifetime };
    localStorage.setItem(KEY, JSON.stringify(s));
    schedule(refreshDelayMs(expiresAt.value, lifetime, Date.now()));
  }

  function schedule(delay: number): void {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(() => void renew(), delay);
  }

  /** Renews the token before it expires; a refusal (password changed, account stopped) signs out. */
  async function renew(): Promise<void> {
    timer = null;
    if (!token.value) {
      return;
    }
    try {
      accept(await authApi.refresh());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        return; // the HTTP client has signed out and sent the person to the login page
      }
      const retry = retryDelayMs(expiresAt.value, Date.now());
      if (retry !== null) {
        schedule(retry);
      }
    }
  }

  async function login(username: string, password: string): Promise<StaffUser> {
    const res = await authApi.login(username, password);
    accept(res);
    return res.user;
  }

  function logout(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    token.value = null;
    user.value = null;
    expiresAt.value = 0;
    localStorage.removeItem(KEY);
  }

  if (saved) {
    schedule(refreshDelayMs(saved.expiresAt, lifetime, Date.now()));
  }
  // Timers stall while a laptop sleeps: check again when the page becomes visible.
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && token.value) {
        const delay = refreshDelayMs(expiresAt.value, lifetime, Date.now());
        if (expiresAt.value <= Date.now()) {
          logout();
        } else if (delay === 0) {
          void renew();
        }
      }
    });
  }

  return { token, user, expiresAt, signedIn, isAdmin, login, logout };
});
