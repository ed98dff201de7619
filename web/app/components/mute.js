// "不再通知我" on an issue's page: the person mutes (or unmutes) the issue's news for themselves.

import { api, get } from '../api.js';

const { ref, onMounted } = Vue;

export default {
  props: { issue: { type: String, required: true } },
  setup(props) {
    const muted = ref(null);
    const busy = ref(false);
    onMounted(async () => {
      const prefs = await get('/notification/v1/preferences/me').catch(() => null);
      muted.value = prefs ? prefs.muted.includes(props.issue) : null;
    });
    async function toggle() {
      busy.value = true;
      try {
        const prefs = await api(muted.value ? 'DELETE' : 'PUT', `/notification/v1/preferences/me/muted/${props.issue}`);
        muted.value = prefs.muted.includes(props.issue);
        vant.showToast(muted.value ? '已屏蔽：此问题的进展不再通知您' : '已恢复：此问题的进展会通知您');
      } catch (e) {
        vant.showToast(e.message);
      } finally {
        busy.value = false;
      }
    }
    return { muted, busy, toggle };
  },
  template: `
    <div v-if="muted !== null" class="mute">
      <van-button size="small" round plain :icon="muted ? 'volume-o' : 'bell'" :loading="busy" @click="toggle"
                  :aria-pressed="muted">{{ muted ? '恢复通知' : '不再通知我此问题' }}</van-button>
    </div>`,
};
