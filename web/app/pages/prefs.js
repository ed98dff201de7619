// A person's own notification settings: the channels they accept, the issues they muted, and what
// was sent to them lately (with what became of each message).

import { api, get, put, session } from '../api.js';
import { whenShort } from '../format.js';

const { ref, onMounted } = Vue;

export const CHANNELS = { sms: '短信', push: 'App', group: '业主群' };
export const STATUS = { requested: '已发出', pending: '等待发送', merged: '已合并发送', muted: '未发送（已屏蔽）',
                        dropped: '未发送（已过时）', delivered: '已送达', failed: '发送失败' };
export const REASONS = { quiet: '夜间免打扰，早上8点后发送', rate: '一小时内消息较多，稍后合并发送',
                         merge: '与同一问题的其他消息合并', muted: '您屏蔽了此问题', channels_off: '您关闭了所有渠道',
                         unverified: '该手机号尚未登录验证，不发短信，由服务队电话联系',
                         outdated: '等待期间问题已有新进展，此消息不再适用' };
// What made a message that waited out of date (outdated_by), as the person reads it.
export const OUTDATED_BY = { confirmed: '已确认解决', rated: '已回访评价', closed: '问题已关闭', reopened: '问题已重新打开',
                             assigned: '问题已改派', resolved: '问题已办结', merged: '问题已合并', rejected: '问题不予受理',
                             declined: '队员已退回', property: '物业已有新答复' };
export function reasonText(d) {
  const by = d.reason === 'outdated' && OUTDATED_BY[d.outdated_by];
  return by ? `等待期间${by}，此消息不再发送` : REASONS[d.reason];
}

export default {
  setup() {
    const prefs = ref(null);
    const deliveries = ref([]);
    const error = ref('');
    const saving = ref(false);
    const titles = ref({});
    onMounted(async () => {
      try {
        const [p, d] = await Promise.all([get('/notification/v1/preferences/me'),
                                          get('/notification/v1/deliveries?person=me&limit=30')]);
        prefs.value = p;
        deliveries.value = d.items;
        for (const id of p.muted.slice(-20)) {  // the muted issues' titles, where the caller may still see them
          get(`/intake/v1/issues/${id}`).then((i) => { titles.value = { ...titles.value, [id]: i.title }; }).catch(() => null);
        }
      } catch (e) {
        error.value = e.message;
      }
    });
    async function saveChannels() {
      saving.value = true;
      try {
        prefs.value = await put('/notification/v1/preferences/me', { sms: prefs.value.sms, push: prefs.value.push,
                                                                     digest: prefs.value.digest });
        vant.showToast(prefs.value.sms || prefs.value.push ? '已保存' : '已保存：您将不再收到通知');
      } catch (e) {
        vant.showToast(e.message);
      } finally {
        saving.value = false;
      }
    }
    async function unmute(id) {
      try {
        prefs.value = await api('DELETE', `/notification/v1/preferences/me/muted/${id}`);
      } catch (e) {
        vant.showToast(e.message);
      }
    }
    const me = session.get().me;
    const hasEstate = ['resident', 'member', 'lead'].includes(me.role);
    return { prefs, deliveries, titles, error, saving, saveChannels, unmute, hasEstate, whenShort, CHANNELS, STATUS, reasonText };
  },
  template: `
    <section class="prefs">
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-skeleton v-else-if="!prefs" :row="6" />
      <template v-else>
        <van-cell-group inset title="接收渠道">
          <van-cell center title="短信" label="问题的受理、派单、办结等进展">
            <template #right-icon><van-switch v-model="prefs.sms" size="22" aria-label="短信" @change="saveChannels" /></template>
          </van-cell>
          <van-cell center title="App 推送" label="登录后在 App 内收到">
            <template #right-icon><van-switch v-model="prefs.push" size="22" aria-label="App 推送" @change="saveChannels" /></template>
          </van-cell>
          <van-cell v-if="hasEstate" center title="每日进展短信" label="每晚一条：小区今天新增、办结、处理中各几件">
            <template #right-icon><van-switch v-model="prefs.digest" size="22" aria-label="每日进展短信" @change="saveChannels" /></template>
          </van-cell>
          <p class="hint pad">只关闭一个渠道时，原本经它发送的消息会改走另一个渠道。夜间22点至次日8点不发送非紧急消息；同一问题短时间内的多条进展会合并成一条。</p>
        </van-cell-group>
        <van-cell-group inset title="已屏蔽的问题">
          <van-empty v-if="!prefs.muted.length" image-size="60" description="没有屏蔽的问题" />
          <van-cell v-for="id in prefs.muted" :key="id" :title="titles[id] || '问题'" :label="titles[id] ? '' : id.slice(0, 8)"
                    is-link :to="'/issues/' + id">
            <template #right-icon>
              <van-button size="mini" plain type="primary" @click.stop.prevent="unmute(id)">恢复通知</van-button>
            </template>
          </van-cell>
        </van-cell-group>
        <van-cell-group inset title="最近的消息">
          <van-empty v-if="!deliveries.length" image-size="60" description="还没有消息" />
          <van-cell v-for="d in deliveries" :key="d.out_id" :title="d.title || d.text" :label="d.title ? d.text : ''"
                    :to="d.issue_id ? '/issues/' + d.issue_id : undefined" :is-link="!!d.issue_id">
            <template #value>
              <span class="delivery-status">{{ CHANNELS[d.channel] }} · {{ STATUS[d.status] || d.status }}</span>
              <span class="hint">{{ whenShort(d.sent_at || d.created_at) }}</span>
              <span v-if="d.reason && d.status !== 'requested'" class="hint">{{ reasonText(d) }}</span>
            </template>
          </van-cell>
        </van-cell-group>
      </template>
    </section>`,
};
