// 手机号 + 验证码, as Chinese apps do; a new phone chooses its estate at the first login — a normal
// step, not an error: choosing the estate logs in, with no second press of 登录.

import { ApiError, api, session } from '../api.js';
import { HOME } from '../format.js';

const { ref, computed, onMounted, onUnmounted } = Vue;

export default {
  setup() {
    const router = VueRouter.useRouter();
    const route = VueRouter.useRoute();
    const phone = ref('');
    const code = ref('');
    const countdown = ref(0);
    const sending = ref(false);
    const loading = ref(false);
    const error = ref('');
    const estates = ref([]);   // offered when a new phone must choose
    const chosen = ref('');
    const devInbox = ref(false);
    let timer = null;

    const validPhone = computed(() => /^1[3-9]\d{9}$/.test(phone.value));
    const chosenEstate = computed(() => estates.value.find((e) => key(e) === chosen.value));
    const key = (e) => `${e.community}/${e.estate}`;
    // A QR link may carry the estate: #/login?community=huayuan&estate=chunlan
    // …or a QR sticker, whose report link comes back here as `next` while nobody is logged in
    const linked = route.query.estate ? route.query
      : Object.fromEntries(new URLSearchParams(String(route.query.next || '').split('?')[1] || ''));
    const fromLink = linked.estate ? { community: linked.community, estate: linked.estate } : null;

    onMounted(async () => {
      // only `make run` has the development SMS inbox; elsewhere this answers 404
      devInbox.value = await fetch('/dev/sms/messages?limit=1').then(async (r) => { await r.text(); return r.ok; })
        .catch(() => false);
    });
    onUnmounted(() => clearInterval(timer));

    async function sendCode() {
      error.value = '';
      if (!validPhone.value) { error.value = '请输入正确的手机号'; return; }
      sending.value = true;
      try {
        const sent = await api('POST', '/intake/v1/auth/code', { phone: phone.value }, { auth: false });
        countdown.value = sent.resend_after_seconds || 60;
        clearInterval(timer);
        timer = setInterval(() => { countdown.value -= 1; if (countdown.value <= 0) clearInterval(timer); }, 1000);
        vant.showToast('验证码已发送');
      } catch (e) {
        error.value = e.message;
      } finally {
        sending.value = false;
      }
    }

    async function submit() {
      error.value = '';
      if (!validPhone.value || !/^\d{6}$/.test(code.value)) { error.value = '请输入手机号和6位验证码'; return; }
      const body = { phone: phone.value, code: code.value };
      const place = chosenEstate.value || fromLink;
      if (place) Object.assign(body, { estate: place.estate, community: place.community });
      loading.value = true;
      try {
        const pair = await api('POST', '/intake/v1/auth/login', body, { auth: false });
        const saved = session.set(pair);
        router.replace(route.query.next || HOME[saved.me.role] || '/r');
      } catch (e) {
        if (e instanceof ApiError && e.code === 'estate_required' && !chosen.value) {
          estates.value = e.details;
          if (e.details.length === 1) choose(e.details[0]);  // nothing to choose between
        } else {
          error.value = e.message;
        }
      } finally {
        loading.value = false;
      }
    }
    function choose(estate) {
      chosen.value = key(estate);
      if (!loading.value) submit();
    }
    return { phone, code, countdown, sending, loading, error, estates, chosen, key, devInbox, validPhone,
             sendCode, submit, choose };
  },
  template: `
    <section class="login">
      <header class="brand">
        <img src="/app/icon.svg" alt="" width="56" height="56">
        <h1>绣花 · 社区自治服务</h1>
        <p>居民报事、服务队跟进、物业处理，一处看到进展</p>
      </header>
      <van-form @submit="submit">
        <van-cell-group inset>
          <van-field v-model="phone" name="phone" label="手机号" type="tel" maxlength="11" placeholder="请输入手机号"
                     autocomplete="tel" :rules="[{ pattern: /^1[3-9]\\d{9}$/, message: '请输入正确的手机号' }]" />
          <van-field v-model="code" name="code" label="验证码" type="digit" maxlength="6" placeholder="6位验证码"
                     autocomplete="one-time-code">
            <template #button>
              <van-button size="small" type="primary" plain native-type="button" :loading="sending"
                          :disabled="countdown > 0" @click="sendCode">
                {{ countdown > 0 ? countdown + '秒后重发' : '获取验证码' }}
              </van-button>
            </template>
          </van-field>
        </van-cell-group>
        <template v-if="estates.length">
          <p class="prompt" role="status">首次登录：请选择您所在的小区，选好即进入</p>
          <van-cell-group inset title="选择您所在的小区">
            <van-radio-group :model-value="chosen" @update:model-value="(k) => choose(estates.find((e) => key(e) === k))">
              <van-cell v-for="e in estates" :key="key(e)" :title="e.estate_name" :label="e.community_name" clickable
                        @click="choose(e)">
                <template #right-icon><van-radio :name="key(e)" :aria-label="e.estate_name" /></template>
              </van-cell>
            </van-radio-group>
          </van-cell-group>
        </template>
        <p v-if="error" class="error" role="alert">{{ error }}</p>
        <div class="actions">
          <van-button round block type="primary" native-type="submit" :loading="loading">登录</van-button>
        </div>
      </van-form>
      <p class="hint">没有账号也可以登录：未登记的手机号即为居民，首次登录选择小区。</p>
      <p v-if="devInbox" class="hint"><a href="/dev/sms/" target="_blank">开发短信收件箱</a>（演示环境：在这里查看验证码）</p>
    </section>`,
};
