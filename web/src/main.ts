import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';
import { configureHttp } from './api/http';
import { useAuthStore } from './stores/auth';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(router);
app.use(ElementPlus, { locale: zhCn });

const auth = useAuthStore(pinia);
configureHttp({
  token: () => auth.token,
  onUnauthorized: () => {
    auth.logout();
    const here = router.currentRoute.value;
    if (here.meta.staff) {
      void router.push({ name: 'staff-login', query: { next: here.fullPath, expired: '1' } });
    }
  },
});

app.mount('#app');
