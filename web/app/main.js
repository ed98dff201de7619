// The single-page app: one shell, hash routes per role, Vant components, no build step.

import { logout, session } from './api.js';
import { HOME, ROLE_LABELS } from './format.js';
import Login from './pages/login.js';
import Resident from './pages/resident.js';
import Report from './pages/report.js';
import Issue from './pages/issue.js';
import Tasks from './pages/tasks.js';
import Lead from './pages/lead.js';
import Property from './pages/property.js';
import Dashboard from './pages/dashboard.js';
import Onboard from './pages/onboard.js';
import Places from './pages/places.js';
import Board from './pages/board.js';
import Supervision from './pages/supervision.js';
import Reports from './pages/reports.js';
import Notify from './pages/notify.js';
import Prefs from './pages/prefs.js';

const { createApp, ref, computed } = Vue;
const { createRouter, createWebHashHistory } = VueRouter;

const routes = [
  { path: '/login', component: Login, meta: { public: true, title: '登录' } },
  { path: '/r', component: Resident, meta: { roles: ['resident', 'member', 'lead', 'staff'], title: '我的小区' } },
  { path: '/report', component: Report, meta: { roles: ['resident', 'member', 'lead'], title: '我要报事' } },
  { path: '/issues/:id', component: Issue, meta: { title: '问题详情' } },
  { path: '/tasks', component: Tasks, meta: { roles: ['member', 'lead'], title: '我的任务' } },
  { path: '/lead', component: Lead, meta: { roles: ['lead', 'staff'], title: '队长工作台' } },
  { path: '/property', component: Property, meta: { roles: ['property'], title: '物业转办' } },
  { path: '/dashboard', component: Dashboard, meta: { roles: ['staff', 'admin', 'lead'], title: '三率与在办' } },
  { path: '/admin/onboard', component: Onboard, meta: { roles: ['admin'], title: '社区与小区' } },
  { path: '/board/:community/:estate', component: Board, meta: { public: true, board: true, title: '服务公示' } },
  { path: '/supervision', component: Supervision, meta: { roles: ['staff', 'admin', 'lead'], title: '督办台' } },
  { path: '/places', component: Places, meta: { roles: ['staff', 'lead'], title: '位置目录' } },
  { path: '/reports', component: Reports, meta: { roles: ['staff', 'admin', 'lead'], title: '月报' } },
  { path: '/notify', component: Notify, meta: { roles: ['staff', 'lead', 'admin'], title: '通知规则与模板' } },
  { path: '/me/notify', component: Prefs, meta: { title: '我的通知' } },
  { path: '/:rest(.*)*', redirect: () => home() },
];

function home() {
  const me = session.get()?.me;
  return me ? HOME[me.role] || '/r' : '/login';
}

const router = createRouter({ history: createWebHashHistory(), routes });
router.beforeEach((to) => {
  const me = session.get()?.me;
  if (to.meta.public) return me && to.path === '/login' ? home() : true;  // the board is everyone's
  if (!me) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (to.meta.roles && !to.meta.roles.includes(me.role)) return home();
  return true;
});
router.afterEach((to) => { document.title = `${to.meta.title || ''} · 绣花`; });

const TABS = {
  resident: [['/r', '小区', 'home-o'], ['/report', '报事', 'add-o'], ['/me/notify', '通知', 'bell']],
  member: [['/tasks', '任务', 'todo-list-o'], ['/report', '上报', 'add-o'], ['/r', '小区', 'home-o'], ['/me/notify', '通知', 'bell']],
  lead: [['/lead', '工作台', 'cluster-o'], ['/tasks', '我的任务', 'todo-list-o'], ['/supervision', '督办', 'warning-o'],
         ['/dashboard', '三率', 'chart-trending-o']],
  staff: [['/dashboard', '三率与问题', 'chart-trending-o'], ['/supervision', '督办', 'warning-o'], ['/lead', '派单', 'cluster-o'],
          ['/places', '位置', 'location-o'], ['/notify', '通知', 'bell']],
  admin: [['/dashboard', '三率', 'chart-trending-o'], ['/supervision', '督办', 'warning-o'], ['/admin/onboard', '社区', 'cluster-o']],
  property: [['/property', '转办', 'todo-list-o']],
};

const Shell = {
  setup() {
    const me = ref(session.get()?.me || null);
    session.onChange((value) => { me.value = value?.me || null; });
    const route = VueRouter.useRoute();
    const tabs = computed(() => (me.value ? TABS[me.value.role] || [] : []));
    const showBack = computed(() => route.path.startsWith('/issues/'));
    async function signOut() {
      await logout();
      router.push('/login');
    }
    return { me, tabs, route, showBack, signOut, ROLE_LABELS, back: () => history.length > 1 ? router.back() : router.push(home()) };
  },
  template: `
    <van-nav-bar v-if="me && !route.meta.public" :title="route.meta.title" :left-arrow="showBack"
                 @click-left="showBack && back()" fixed placeholder safe-area-inset-top>
      <template #right>
        <span class="who">{{ me.name }} · {{ ROLE_LABELS[me.role] }}</span>
        <van-button size="mini" plain type="primary" @click="signOut" aria-label="退出登录">退出</van-button>
      </template>
    </van-nav-bar>
    <main class="page"><router-view :key="route.fullPath" /></main>
    <van-tabbar v-if="me && tabs.length > 1 && !route.meta.public" route fixed placeholder safe-area-inset-bottom>
      <van-tabbar-item v-for="[to, label, icon] in tabs" :key="to" :to="to" :icon="icon">{{ label }}</van-tabbar-item>
    </van-tabbar>`,
};

const app = createApp(Shell);
app.use(router);
app.use(vant);
app.config.errorHandler = (error) => {
  console.warn(error);
  vant.showToast({ message: error.message || '出错了，请稍后再试', position: 'bottom' });
};
app.mount('#app');
