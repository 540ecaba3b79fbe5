import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { StaffRole } from './api/auth';
import { useAuthStore } from './stores/auth';

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs a signed-in administrator or proctor. */
    staff?: boolean;
    roles?: StaffRole[];
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('./layouts/PublicLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('./pages/public/HomePage.vue'),
        meta: { title: '首页' },
      },
      {
        path: 'results/:campaignId',
        name: 'results',
        component: () => import('./pages/public/ResultsNoticePage.vue'),
        meta: { title: '成绩公示' },
      },
      {
        path: 'lookup',
        name: 'lookup',
        component: () => import('./pages/public/LookupPage.vue'),
        meta: { title: '个人成绩查询' },
      },
      {
        path: 'rating/:roundId',
        name: 'rating-notice',
        component: () => import('./pages/public/RatingNoticePage.vue'),
        meta: { title: '分类评定公示' },
      },
      {
        path: 'draw/:campaignId',
        name: 'draw-record',
        component: () => import('./pages/public/DrawRecordPage.vue'),
        meta: { title: '抽取记录' },
      },
    ],
  },
  {
    path: '/exam',
    component: () => import('./layouts/CandidateLayout.vue'),
    children: [
      { path: '', redirect: { name: 'candidate-login' } },
      {
        path: 'login',
        name: 'candidate-login',
        component: () => import('./pages/candidate/CandidateLoginPage.vue'),
        meta: { title: '考生登录' },
      },
      {
        path: 'waiting',
        name: 'candidate-waiting',
        component: () => import('./pages/candidate/WaitingRoomPage.vue'),
        meta: { title: '候考' },
      },
      {
        path: 'paper',
        name: 'candidate-exam',
        component: () => import('./pages/candidate/ExamPage.vue'),
        meta: { title: '答题' },
      },
      {
        path: 'finished',
        name: 'candidate-finished',
        component: () => import('./pages/candidate/FinishedPage.vue'),
        meta: { title: '考试结束' },
      },
    ],
  },
  {
    path: '/survey/:token',
    name: 'survey',
    component: () => import('./pages/public/SurveyPage.vue'),
    meta: { title: '机构评议表' },
  },
  {
    path: '/login',
    name: 'staff-login',
    component: () => import('./pages/StaffLoginPage.vue'),
    meta: { title: '工作人员登录' },
  },
  {
    path: '/tickets/:sittingId',
    name: 'tickets',
    component: () => import('./pages/admin/TicketsPrintPage.vue'),
    meta: { staff: true, roles: ['admin'], title: '准考证' },
  },
  {
    path: '/print/sittings/:sittingId/:kind(sign-in|seating)',
    name: 'sitting-print',
    component: () => import('./pages/proctor/SittingPrintPage.vue'),
    meta: { staff: true, roles: ['admin', 'proctor'], title: '签到表与座位表' },
  },
  {
    path: '/staff',
    component: () => import('./layouts/StaffLayout.vue'),
    meta: { staff: true },
    children: [
      {
        path: '',
        name: 'staff-home',
        redirect: () => homeOf(useAuthStore().user?.role),
      },
      {
        path: 'sittings',
        name: 'proctor-sittings',
        component: () => import('./pages/proctor/SittingsPage.vue'),
        meta: { staff: true, roles: ['admin', 'proctor'], title: '考试场次' },
      },
      {
        path: 'sittings/:sittingId/console',
        name: 'proctor-console',
        component: () => import('./pages/proctor/ConsolePage.vue'),
        meta: { staff: true, title: '监考台' },
      },
      {
        path: 'campaigns',
        name: 'campaigns',
        component: () => import('./pages/admin/CampaignsPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '评定批次' },
      },
      {
        path: 'campaigns/:campaignId/answer-sheet/:attemptId?',
        name: 'answer-sheet',
        component: () => import('./pages/admin/AnswerSheetPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '考生答卷' },
      },
      {
        path: 'campaigns/:campaignId/:step?',
        name: 'campaign',
        component: () => import('./pages/admin/CampaignFlowPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '批次流程' },
      },
      {
        path: 'questions',
        name: 'questions',
        component: () => import('./pages/admin/QuestionBankPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '题库' },
      },
      {
        path: 'review',
        name: 'review',
        component: () => import('./pages/review/ReviewQueuePage.vue'),
        meta: { staff: true, roles: ['admin', 'reviewer'], title: '题目评审' },
      },
      {
        path: 'rating',
        name: 'rating',
        component: () => import('./pages/rating/RatingRoundsPage.vue'),
        meta: { staff: true, roles: ['admin', 'inspector'], title: '机构分类评定' },
      },
      {
        path: 'rating/agencies/:agencyId',
        name: 'rating-sheet',
        component: () => import('./pages/rating/RatingSheetPage.vue'),
        meta: { staff: true, roles: ['admin', 'inspector'], title: '分类等级管理检查表' },
      },
      {
        path: 'roster',
        name: 'roster',
        component: () => import('./pages/admin/RosterPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '机构与人员名册' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('./pages/admin/AuditLogPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '审计日志' },
      },
      {
        path: 'account',
        name: 'account',
        component: () => import('./pages/AccountPage.vue'),
        meta: { staff: true, title: '我的账号' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('./pages/admin/UsersPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '工作人员账号' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('./pages/admin/SettingsPage.vue'),
        meta: { staff: true, roles: ['admin'], title: '系统设置' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: '页面不存在' },
  },
];

/** Where each role lands: administrators on the campaigns, reviewers on the review queue, proctors on sittings. */
function homeOf(role: StaffRole | undefined): { name: string } {
  switch (role) {
    case 'admin':
      return { name: 'campaigns' };
    case 'reviewer':
      return { name: 'review' };
    case 'inspector':
      return { name: 'rating' };
    case 'proctor':
    case undefined:
      return { name: 'proctor-sittings' };
  }
}

export const router = createRouter({ history: createWebHistory('/'), routes });

router.beforeEach((to) => {
  if (to.meta.staff) {
    const auth = useAuthStore();
    if (!auth.signedIn) {
      return { name: 'staff-login', query: { next: to.fullPath } };
    }
    const roles = to.meta.roles;
    if (roles && auth.user && !roles.includes(auth.user.role)) {
      return homeOf(auth.user.role);
    }
  }
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 技术人员抽考平台` : '技术人员抽考平台';
});
