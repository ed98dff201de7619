// The lead's desk: the inbox of new reports to sort, the board of open tasks by member (with why
// each member was chosen), and the team roster with each member's areas.

import { get, put, query, session } from '../api.js';
import { CATEGORIES, TASK_STATUS, categoryLabel, dueIn, overdueLabel } from '../format.js';
import IssueList from '../components/issuelist.js';
import StepForm from '../components/stepform.js';

const { ref, computed, onMounted } = Vue;

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export default {
  components: { IssueList, StepForm },
  setup() {
    const me = session.get().me;
    const tab = ref('inbox');
    const inbox = ref(null);
    const tasks = ref(null);
    const roster = ref(null);
    const error = ref('');
    const form = ref(null);

    async function load() {
      error.value = '';
      try {
        const [a, b, c] = await Promise.all([
          get(`/intake/v1/issues?${query({ community: me.community, untriaged: true, size: 100 })}`),
          get(`/assignment/v1/tasks?${query({ community: me.community, limit: 200 })}`),
          get(`/assignment/v1/teams/${me.community}/members`),
        ]);
        inbox.value = a.items;
        tasks.value = b.items.filter((t) => ['unrouted', 'assigned', 'in_progress', 'with_property'].includes(t.status));
        roster.value = c.items;
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);

    const board = computed(() => {
      const groups = new Map();
      for (const t of tasks.value || []) {
        const key = t.assignee ? t.assignee.name : '待派单';
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(t);
      }
      // overdue first: within each member, and members with something overdue on top
      const late = (t) => (t.overdue.length ? 0 : 1);
      for (const items of groups.values()) items.sort((a, b) => late(a) - late(b) || String(a.resolve_by).localeCompare(b.resolve_by));
      const overdue = (items) => items.filter((t) => t.overdue.length).length;
      return [...groups.entries()].sort((a, b) => overdue(b[1]) - overdue(a[1]) || b[1].length - a[1].length);
    });

    // reports nobody could take (待派单): routed as soon as someone can, flagged until then
    const unrouted = computed(() => (tasks.value || []).filter((t) => t.status === 'unrouted').length);

    let places = null;  // the estates' buildings and spots, for 负责位置
    async function placeOptions() {
      if (!places) {
        const c = await get(`/intake/v1/communities/${me.community}`).catch(() => ({ estates: [] }));
        places = c.estates.flatMap((e) => [...(e.buildings || []).map((b) => ({ value: b.id, label: b.name })),
                                           ...(e.spots || []).map((p) => ({ value: p.id, label: p.name }))]);
      }
      return places;
    }

    async function edit(member) {
      const creating = !member;
      const options = await placeOptions();
      form.value = {
        title: creating ? '添加队员' : `编辑 ${member.name}`,
        fields: [
          ...(creating ? [{ key: 'id', label: '编号', type: 'text', required: true, placeholder: '如 hy-wang-li（小写字母、数字、-）', max: 32 }] : []),
          { key: 'name', label: '姓名', type: 'text', required: true, initial: member?.name || '', max: 30 },
          { key: 'phone', label: '手机号', type: 'text', required: true, initial: member?.phone || '', max: 11 },
          { key: 'areas', label: '分管', type: 'multi', initial: [...(member?.areas || [])],
            options: CATEGORIES.map((c) => ({ value: c.id, label: c.label })) },
          { key: 'active', label: '状态', type: 'choice', initial: member ? member.active : true,
            options: [{ value: true, label: '在岗' }, { value: false, label: '停用' }] },
          { key: 'party_member', label: '党员', type: 'choice', initial: member ? member.party_member : false,
            options: [{ value: true, label: '是' }, { value: false, label: '否' }] },
          { key: 'capacity', label: '最多在办', type: 'text', initial: member?.capacity ? String(member.capacity) : '',
            placeholder: '件数，不填则不限', max: 2 },
          { key: 'places', label: '负责位置', type: 'multi', initial: [...(member?.places || [])], options },
          { key: 'weekdays', label: '接单日', type: 'multi', initial: [...(member?.weekdays || [])],
            options: WEEKDAYS.map((d, i) => ({ value: i + 1, label: d })) },
          { key: 'hours', label: '可联系时间', type: 'text', initial: member?.hours || '', placeholder: '如：工作日晚上7点后', max: 40 },
          { key: 'leave_from', label: '请假从', type: 'date', initial: member?.leave?.at(-1)?.from || '' },
          { key: 'leave_to', label: '请假到', type: 'date', initial: member?.leave?.at(-1)?.to || '' },
        ],
        submit: async (b) => {
          const id = creating ? b.id : member.id;
          await put(`/assignment/v1/teams/${me.community}/members/${id}`, {
            name: b.name, phone: b.phone, role: member?.role || 'member', areas: b.areas, estates: member?.estates || [],
            active: b.active, party_member: b.party_member, capacity: Number(b.capacity) || null,
            places: b.places, weekdays: b.weekdays, hours: b.hours || '',
            leave: b.leave_from && b.leave_to ? [{ from: b.leave_from, to: b.leave_to }] : [] });
        },
      };
    }
    async function done() { form.value = null; vant.showSuccessToast('已保存'); await load(); }
    return { me, tab, inbox, board, unrouted, roster, error, form, edit, done, TASK_STATUS, categoryLabel, dueIn,
             overdueLabel, WEEKDAYS };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <van-tabs v-model:active="tab" sticky>
      <van-tab :title="'待分拣' + (inbox ? '（' + inbox.length + '）' : '')" name="inbox">
        <IssueList :items="inbox" empty="新报事都已分拣" />
      </van-tab>
      <van-tab title="派单看板" name="board" :badge="unrouted || ''">
        <van-notice-bar v-if="unrouted" left-icon="warning-o" wrapable role="status" class="unrouted-notice"
                        :text="unrouted + '件无人可接，等待派单：请改派给队员，或在队员名单里调整分管、请假或暂停接单，有人可接时自动派出'" />
        <van-skeleton v-if="!roster" :row="4" />
        <van-empty v-else-if="!board.length" description="没有在办的任务" />
        <van-cell-group v-for="[name, items] in board" :key="name" inset :title="name + '（' + items.length + '）'">
          <van-cell v-for="t in items" :key="t.issue_id" :to="'/issues/' + t.issue_id" is-link class="task-card"
                    :value="TASK_STATUS[t.status]">
            <template #label>{{ t.why || '' }} · <span class="nowrap">办结期限{{ dueIn(t.resolve_by) }}</span></template>
            <template #title>
              {{ t.title }}
              <van-tag v-if="t.overdue.length" type="danger">{{ overdueLabel(t) }}</van-tag>
              <van-tag v-if="t.offered_back_at" type="warning" plain>队员未响应</van-tag>
            </template>
          </van-cell>
        </van-cell-group>
      </van-tab>
      <van-tab title="队员名单" name="roster">
        <van-skeleton v-if="!roster" :row="6" />
        <van-cell-group v-else inset>
          <van-cell v-for="m in roster" :key="m.id" is-link @click="edit(m)" class="task-card"
                    :label="(m.areas.map(categoryLabel).join('、') || '未分管') + ' · 在办' + m.open_tasks + '件' + (m.capacity ? '/' + m.capacity : '')
                            + (m.leave.length ? ' · 请假' + m.leave.at(-1).from.slice(5) + '至' + m.leave.at(-1).to.slice(5) : '')
                            + (m.weekdays.length ? ' · ' + m.weekdays.map((d) => WEEKDAYS[d - 1]).join('') + '接单' : '')
                            + (m.places.length ? ' · 负责' + m.places.length + '处' : '') + (m.hours ? ' · ' + m.hours : '')"
                    :value="!m.active ? '停用' : m.away ? '暂停接单' : !m.available ? '请假中' : '在岗'">
            <template #title>{{ m.name }}<template v-if="m.role === 'lead'">（队长）</template>
              <van-tag v-if="m.party_member" type="danger" class="party">党员</van-tag></template>
          </van-cell>
        </van-cell-group>
        <div class="actions"><van-button round block plain type="primary" @click="edit(null)">添加队员</van-button></div>
      </van-tab>
    </van-tabs>
    <StepForm :spec="form" @done="done" @close="form = null" />`,
};
