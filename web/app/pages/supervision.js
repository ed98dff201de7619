// 督办台: what needs pressing — overdue first (longest overdue on top), what nobody could take (待派单),
// due within a day, pressed, offered back by a silent member, a property company's broken promise —
// and each company's record.

import { get, post, session } from '../api.js';
import { TASK_STATUS, dueIn, duration, overdueLabel, when } from '../format.js';

const { ref, computed, onMounted } = Vue;

const RUNGS = { lead: '队长', staff: '社区', subdistrict: '街道' };

export default {
  setup() {
    const me = session.get().me;
    const board = ref(null);
    const record = ref(null);
    const error = ref('');
    const pressing = ref(null);
    const note = ref('');
    const canPress = ['staff', 'admin'].includes(me.role);
    async function load() {
      try {
        const scope = me.community ? `?community=${me.community}` : '';
        board.value = await get(`/assignment/v1/supervision${scope}`);
        if (me.community) record.value = await get(`/assignment/v1/teams/${me.community}/property-record`);
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);
    async function press() {
      if (note.value.trim().length < 2) { vant.showToast('请写明督办要求'); return false; }
      try {
        await post(`/assignment/v1/tasks/${pressing.value.issue_id}/press`, { note: note.value.trim() });
        vant.showSuccessToast('已督办');
        note.value = '';
        pressing.value = null;
        await load();
        return true;
      } catch (e) {
        vant.showToast(e.message);
        return false;
      }
    }
    const flags = (t) => [
      t.status === 'unrouted' && { type: 'danger', text: '无人可接·待安排' },
      t.overdue.length && { type: 'danger', text: `${overdueLabel(t)}·已报${RUNGS[t.escalated_to] || '队长'}` },
      !t.overdue.length && { type: 'warning', text: `${dueIn(t.resolve_by)}办结` },
      t.presses.length && { type: 'primary', text: `督办${t.presses.length}次` },
      t.offered_back_at && { type: 'warning', text: '队员未响应' },
      t.waiting_since && { type: 'default', text: '等待居民' },
      t.property?.promises?.at(-1)?.broken_at && { type: 'danger', text: '物业逾期' },
    ].filter(Boolean);
    const counts = computed(() => board.value?.counts || {});
    const days = (d) => duration(d * 1440);
    return { me, board, record, error, pressing, note, canPress, press, flags, counts, TASK_STATUS, when, days, RUNGS };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <van-skeleton v-else-if="!board" :row="6" />
    <template v-else>
      <van-grid :column-num="3" :border="false" class="counts" aria-label="督办统计">
        <van-grid-item :text="'超时（响应' + counts.overdue_respond + '·办结' + counts.overdue_resolve + '）'"><template #icon><strong class="n danger">{{ counts.overdue }}</strong></template></van-grid-item>
        <van-grid-item :text="'无人可接'"><template #icon><strong class="n" :class="{ danger: counts.unrouted }">{{ counts.unrouted }}</strong></template></van-grid-item>
        <van-grid-item :text="'一天内到期'"><template #icon><strong class="n">{{ counts.due_soon }}</strong></template></van-grid-item>
        <van-grid-item :text="'已督办'"><template #icon><strong class="n">{{ counts.pressed }}</strong></template></van-grid-item>
        <van-grid-item :text="'队员未响应'"><template #icon><strong class="n">{{ counts.offered_back }}</strong></template></van-grid-item>
        <van-grid-item :text="'物业逾期'"><template #icon><strong class="n">{{ counts.promises_broken }}</strong></template></van-grid-item>
      </van-grid>
      <van-empty v-if="!board.items.length" description="没有需要督办的问题" />
      <van-cell-group v-else inset title="督办事项（超时的在前）">
        <van-cell v-for="t in board.items" :key="t.issue_id" :to="'/issues/' + t.issue_id" is-link class="task-card supervise">
          <template #title>
            <span class="card-title">{{ t.title }}</span>
            <van-tag v-for="f in flags(t)" :key="f.text" :type="f.type" plain>{{ f.text }}</van-tag>
          </template>
          <template #label>
            {{ t.place_text }} · {{ t.assignee ? t.assignee.name : '待派单' }}
            <template v-if="t.overdue.includes('respond')"><br><span class="danger">响应期限 {{ when(t.respond_by) }}（已过，未响应）</span></template>
            <br><span :class="{ danger: t.overdue.includes('resolve') }">办结期限 {{ when(t.resolve_by) }}<template v-if="t.overdue.includes('resolve')">（已过）</template></span>
            <template v-if="t.presses.length"> · 最近督办：{{ t.presses.at(-1).note }}</template>
          </template>
          <template #value>
            <span>{{ TASK_STATUS[t.status] }}</span>
            <van-button v-if="canPress" size="mini" type="danger" plain class="press" @click.stop.prevent="pressing = t">督办</van-button>
          </template>
        </van-cell>
      </van-cell-group>
      <van-cell-group v-if="record && record.companies.length" inset title="物业履约">
        <van-cell v-for="c in record.companies" :key="c.company.id" :title="c.company.name"
                  :label="'转办' + c.handed + '件，完成' + c.done + '件' + (c.median_days_to_done !== null ? '，完成中位' + days(c.median_days_to_done) : '') + '；超时确认' + c.acknowledged_late + '件'">
          <template #value>承诺{{ c.promises }} · 守约{{ c.kept }} · <span :class="{ danger: c.broken }">逾期{{ c.broken }}</span></template>
        </van-cell>
      </van-cell-group>
      <van-dialog :show="!!pressing" title="督办" show-cancel-button :before-close="(a) => a === 'confirm' ? press() : (pressing = null, true)">
        <p v-if="pressing" class="hint dialog-hint">「{{ pressing.title }}」· {{ pressing.assignee ? pressing.assignee.name : '待派单' }}</p>
        <van-field v-model="note" type="textarea" rows="3" maxlength="500" placeholder="如：已超时两天，请今天内联系居民并反馈" aria-label="督办说明" />
      </van-dialog>
    </template>`,
};
