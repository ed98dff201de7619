// A member's tasks: new ones first, then the soonest due.

import { get, put, session } from '../api.js';
import { TASK_STATUS, dueIn, overdueLabel, when } from '../format.js';

const { ref, onMounted } = Vue;

export default {
  setup() {
    const open = ref(null);
    const done = ref(null);
    const error = ref('');
    const tab = ref('open');
    const me = session.get().me;
    const away = ref(false);  // 暂停接单: routing passes the member by; open tasks stay
    async function setAway(value) {
      try {
        away.value = (await put(`/assignment/v1/teams/${me.community}/members/${me.id}/away`, { away: value })).away;
        vant.showToast(value ? '已暂停接单，新问题会派给其他队员' : '已恢复接单');
      } catch (e) {
        away.value = !value;
        vant.showToast(e.message);
      }
    }
    onMounted(async () => {
      try {
        open.value = (await get('/assignment/v1/tasks?assignee=me')).items;
        const roster = await get(`/assignment/v1/teams/${me.community}/members`).catch(() => null);
        away.value = roster?.items.find((m) => m.id === me.id)?.away || false;
        done.value = (await get('/assignment/v1/tasks?assignee=me&status=resolved')).items;
      } catch (e) {
        error.value = e.message;
      }
    });
    return { open, done, error, tab, away, setAway, TASK_STATUS, dueIn, overdueLabel, when };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <van-cell center title="暂停接单" label="出差、生病或太忙时打开：新问题会派给其他队员，手上的任务不变" class="away">
      <template #right-icon><van-switch :model-value="away" @update:model-value="setAway" aria-label="暂停接单" /></template>
    </van-cell>
    <van-tabs v-model:active="tab">
      <van-tab :title="'在办' + (open ? '（' + open.length + '）' : '')" name="open">
        <van-skeleton v-if="!open" :row="4" />
        <van-empty v-else-if="!open.length" description="暂时没有任务" />
        <van-cell-group v-else inset>
          <van-cell v-for="t in open" :key="t.issue_id" :to="'/issues/' + t.issue_id" is-link class="task-card">
            <template #title>
              <span class="card-title">{{ t.title }}</span>
              <van-tag v-if="t.status === 'assigned'" type="primary">新</van-tag>
              <van-tag v-if="t.priority === 'urgent'" type="danger" plain>紧急</van-tag>
              <van-tag v-if="t.overdue.length" type="danger">{{ overdueLabel(t) }}</van-tag>
              <van-tag v-if="t.presses.length" type="warning" plain>督办</van-tag>
            </template>
            <template #label>{{ t.place_text }} · <span class="nowrap">{{ t.waiting_since ? '等待居民，时限暂停' : '办结期限' + dueIn(t.resolve_by) }}</span>
              <template v-if="t.presses.length"><br>督办：{{ t.presses.at(-1).note }}</template></template>
            <template #value><span>{{ TASK_STATUS[t.status] }}</span></template>
          </van-cell>
        </van-cell-group>
      </van-tab>
      <van-tab title="已办结" name="done">
        <van-empty v-if="done && !done.length" description="还没有办结的任务" />
        <van-cell-group v-else-if="done" inset>
          <van-cell v-for="t in done" :key="t.issue_id" :to="'/issues/' + t.issue_id" is-link :title="t.title"
                    class="task-card">
            <template #label>{{ t.place_text }} · <span class="nowrap">{{ when(t.resolved_at) }}</span></template>
          </van-cell>
        </van-cell-group>
      </van-tab>
    </van-tabs>`,
};
