// One issue: what, where, who works on it, every step so far, and the steps the caller may take
// now — the intake steps (`actions` of the issue) and the task steps (`actions` of the task).

import { ApiError, get, post, query, session, upload } from '../api.js';
import { CATEGORIES, SATISFACTION, STATUS_TYPES, TASK_STATUS, dueIn, overdueLabel, today, when } from '../format.js';
import StepForm from '../components/stepform.js';
import Timeline from '../components/timeline.js';
import Photos from '../components/photos.js';
import { saveFile } from '../download.js';
import Mute from '../components/mute.js';
import { useFollow } from '../follow.js';

const { ref, computed, onMounted } = Vue;

export default {
  components: { Timeline, StepForm, Photos, Mute },
  setup() {
    const route = VueRouter.useRoute();
    const me = session.get().me;
    const id = route.params.id;
    const issue = ref(null);
    const task = ref(null);
    const steps = ref([]);
    const error = ref('');
    const form = ref(null);
    const comment = ref('');
    const twins = ref([]);  // for the lead: open issues this one may repeat
    const busy = ref(false);  // a step without a form is on its way

    const read = () => Promise.all([get(`/intake/v1/issues/${id}`), get(`/intake/v1/issues/${id}/timeline`)]);
    async function load() {
      try {
        const [i, t] = await read();
        issue.value = i;
        steps.value = t.items;

        twins.value = i.actions.includes('merge') ? (await get(`/intake/v1/issues/${id}/similar`)).items : [];
        // the lead's desk sees a task nobody could take; others only once intake shows it was given to
        // someone (a member who reports and takes an issue opens it before assignment has its task)
        if (me.role !== 'resident' && (DESK.has(me.role) || i.assignee || i.property || !['submitted', 'triaged'].includes(i.status))) {
          task.value = await get(`/assignment/v1/tasks/${id}`).catch((e) => (e instanceof ApiError ? null : Promise.reject(e)));
        }
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);
    // what a step answered shows at once, and the timeline as soon as intake has it (follow.js)
    const { took, pending, status, assignee, handed } = useFollow({ issue, task, read, load });

    const external = computed(() => (issue.value?.photos || []).filter((u) => !u.startsWith('/intake/v1/photos/')).length);
    const callable = computed(() => issue.value && !issue.value.reporter.phone?.includes('*'));
    const intake = (step) => (body) => post(`/intake/v1/issues/${id}/${step}`, body);
    const assignment = (step) => (body) => post(`/assignment/v1/tasks/${id}/${step}`, body);
    const reasonField = (label, placeholder) => [{ key: label === '说明' ? 'note' : 'reason', label, type: 'textarea',
                                                   required: true, placeholder }];

    // a note's photos go up first (cleaned by intake); the step names their ids
    const PHOTOS = { key: 'photos', label: '照片', type: 'photos' };
    const withPhotos = (step) => async (body) => {
      const ids = [];
      for (const item of body.photos || []) ids.push((await upload('/intake/v1/photos', item.file, item.file.name)).id);
      return assignment(step)({ note: body.note, photos: ids });
    };

    async function open(step) {
      const specs = {
        triage: { title: '受理分类', fields: [
          { key: 'category', label: '类别', type: 'choice', initial: issue.value.category,
            options: CATEGORIES.map((c) => ({ value: c.id, label: c.label })) },
          { key: 'priority', label: '紧急程度', type: 'choice', initial: issue.value.priority,
            options: [{ value: 'normal', label: '一般' }, { value: 'urgent', label: '紧急' }] }],
          submit: intake('triage') },
        reject: { title: '不予受理', hint: '原因会以短信告知反映人', fields: reasonField('原因', '如：经核实为装修垃圾，由装修户自行清运'),
          submit: intake('reject') },
        reopen: { title: '问题没有解决', hint: '会退回原队员继续处理', fields: reasonField('原因', '哪里还没解决？'),
          submit: intake('reopen') },
        rating: ratingSpec(),
        decline: { title: '退回', hint: '会重新派给其他分管队员', fields: reasonField('原因', '如：本周出差，无法跟进'),
          submit: assignment('decline') },
        progress: { title: '记录进展', fields: [...reasonField('说明', '如：已联系物业，明天上午现场查看'), PHOTOS],
          submit: withPhotos('progress') },
        resolve: { title: '办结', hint: '反映人会收到短信，请其确认并评价', fields: [...reasonField('说明', '做了什么，结果如何'), PHOTOS],
          submit: withPhotos('resolve') },
        handover: { title: '转物业', fields: [
          { key: 'asked', label: '请物业', type: 'textarea', required: true, placeholder: '需要物业做什么' },
          { key: 'due_date', label: '期限', type: 'date', required: true, initial: today(3), min: today() }],
          submit: assignment('handover') },
        wait: { title: '等待居民', hint: '等待期间办结时限暂停，继续办理时顺延', fields: reasonField('说明', '如：居民出差，约下周二上门查看'),
          submit: assignment('wait') },
        press: { title: '督办', hint: '队员和队长会收到提醒，并在派单上看到', fields: reasonField('说明', '如：已超时两天，请今天内联系居民并反馈'),
          submit: assignment('press') },
        property: { title: '反馈进展', fields: [
          { key: 'kind', label: '进展', type: 'choice', required: true, initial: 'acknowledged',
            options: [{ value: 'acknowledged', label: '已收到' }, { value: 'promised', label: '承诺完成日期' },
                      { value: 'done', label: '已完成' }] },
          { key: 'promised_date', label: '承诺日期', type: 'date', required: true, initial: today(2), min: today(),
            when: (v) => v.kind === 'promised' },
          { key: 'note', label: '说明', type: 'textarea', placeholder: '如：需要买防水材料，7号前修好（服务队和居民都能看到）' }],
          submit: (b) => assignment('property')({ kind: b.kind, note: b.note || '',
                                                  ...(b.kind === 'promised' ? { promised_date: b.promised_date } : {}) }) },
      };
      if (step === 'merge') specs.merge = await mergeSpec();
      if (step === 'reassign') specs.reassign = await reassignSpec();
      if (specs[step]) { form.value = specs[step]; return; }
      const simple = { support: intake('support'), confirm: intake('confirm'), accept: assignment('accept'),
                       resume: assignment('resume') };
      busy.value = true;
      let answer;
      try {
        answer = await simple[step]({});
        vant.showSuccessToast(LABELS[step]);
      } catch (e) {
        vant.showToast(e.message);
        return;
      } finally {
        busy.value = false;
      }
      await took(answer);
    }

    // 回访 (return visit): nothing is chosen for the resident. Confirming and rating are one sheet: 已解决
    // also confirms (closes) while the issue waits for that; 未解决 also reopens it while it may, with the
    // resident's words as the reason. The rating's `solved` is always the resident's own answer (or their
    // confirmation, when they already confirmed it) — the routes keep their meaning.
    function ratingSpec() {
      const acts = issue.value.actions;
      const confirmable = acts.includes('confirm');
      const reopenable = acts.includes('reopen');
      const confirmed = !confirmable && steps.value.some((s) => s.kind === 'confirmed');
      let rated = false;  // a retry after the second step failed does not rate twice
      const hint = confirmed ? '您已确认问题解决，请评价服务队的工作。'
        : [confirmable && '选「已解决」会同时确认并关闭问题', reopenable && '选「未解决」会退回服务队继续处理'].filter(Boolean).join('；');
      return { title: '回访评价', button: '提交评价', hint, fields: [
        ...(confirmed ? [] : [{ key: 'solved', label: '问题解决了吗', type: 'choice', required: true,
                                 options: [{ value: true, label: '已解决' }, { value: false, label: '未解决' }] }]),
        { key: 'satisfaction', label: '满意度', type: 'choice', required: true,
          options: SATISFACTION.map((s) => ({ value: s.id, label: s.label })) },
        { key: 'comment', label: '留言', type: 'textarea',
          placeholder: reopenable ? '想对服务队说的话；未解决请写明哪里还没解决' : '想对服务队说的话（选填）' }],
        submit: async (b) => {
          const solved = confirmed ? true : b.solved;
          const words = (b.comment || '').trim();
          if (!solved && reopenable && words.length < 2) throw new Error('请在留言里写明哪里还没解决，服务队会继续处理');
          if (!rated) {
            await intake('rating')({ solved, satisfaction: b.satisfaction, comment: words });
            rated = true;
          }
          if (solved && confirmable) await intake('confirm')({});
          else if (!solved && reopenable) await intake('reopen')({ reason: words });
        } };
    }

    async function mergeSpec() {
      const page = await get(`/intake/v1/issues?${query({ community: issue.value.community, estate: issue.value.estate,
                                                            open: true, size: 50 })}`);
      const options = page.items.filter((i) => i.id !== id)
        .map((i) => ({ value: i.id, label: `${i.number} · ${i.title}（${i.place_text.split(' ').slice(1).join(' ')}）` }));
      return { title: '合并到同一问题', hint: `本问题：${issue.value.title}（${issue.value.place_text}）。反映人和附议人会转到所选问题。`,
               fields: [{ key: 'into', label: '合并到', type: 'choice', required: true, options },
                        { key: 'reason', label: '说明', type: 'text' }],
               submit: (b) => intake('merge')({ into: b.into, ...(b.reason ? { reason: b.reason } : {}) }) };
    }

    async function reassignSpec() {
      const roster = await get(`/assignment/v1/teams/${issue.value.community}/members`);
      const options = roster.items.filter((m) => m.active && m.id !== task.value?.assignee?.id)
        .map((m) => ({ value: m.id, label: `${m.name}（在办${m.open_tasks}）` }));
      return { title: '改派', fields: [{ key: 'to', label: '改派给', type: 'choice', required: true, options },
                                       { key: 'reason', label: '原因', type: 'text' }],
               submit: assignment('reassign') };
    }

    async function mergeInto(twin) {
      const go = await vant.showConfirmDialog({ title: '合并', message: `把本问题合并到「${twin.title}」（编号${twin.number}）？反映人会一并收到进展。` })
        .then(() => true, () => false);
      if (!go) return;
      try {
        await took(await intake('merge')({ into: twin.id, reason: '同一问题' }));
        vant.showSuccessToast('已合并');
      } catch (e) {
        vant.showToast(e.message);
      }
    }

    async function sendComment() {
      if (!comment.value.trim()) return;
      try {
        await intake('comments')({ text: comment.value.trim() });
        comment.value = '';
        await load();
      } catch (e) {
        vant.showToast(e.message);
      }
    }

    async function done(spec, answer) {
      form.value = null;
      vant.showSuccessToast(`${spec.title}：已提交`);
      await took(answer);
    }

    const buttons = computed(() => {
      const own = (issue.value?.actions || []).filter((a) => a !== 'comment');
      const together = own.includes('rating') && own.includes('confirm');  // one sheet confirms and rates
      const list = [...own.filter((a) => !(together && a === 'confirm')), ...(task.value?.actions || [])];
      return list.map((a) => ({ action: a, label: together && a === 'rating' ? '确认并评价' : LABELS[a],
                                type: PRIMARY.has(a) ? 'primary' : 'default' }));
    });
    // the full record (档案) to file: for the lead, community staff and the subdistrict's admins
    const keeper = ['lead', 'staff', 'admin'].includes(me.role);
    const exportRecord = () => saveFile(`/intake/v1/issues/${id}/record.pdf`, `问题档案${issue.value.number}.pdf`);
    return { me, issue, task, steps, error, form, comment, twins, mergeInto, external, callable, buttons, open, done, sendComment, when, dueIn, overdueLabel,
             STATUS_TYPES, TASK_STATUS, RUNGS, keeper, exportRecord, busy, pending, status, assignee, handed };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <van-skeleton v-else-if="!issue" :row="8" />
    <article v-else class="issue">
      <van-cell-group inset>
        <div class="issue-head">
          <h2>{{ issue.title }}</h2>
          <van-tag :type="STATUS_TYPES[status.status]" size="medium" class="status">{{ status.label }}</van-tag>
          <van-tag v-if="issue.priority === 'urgent'" type="danger" plain>紧急</van-tag>
        </div>
        <van-cell title="编号" :value="issue.number" />
        <van-cell title="位置" :value="issue.place_text" />
        <van-cell title="类别" :value="issue.category_label" />
        <van-cell v-if="issue.description" title="描述" :label="issue.description" />
        <Photos :urls="issue.photos" />
        <van-cell v-if="external" title="群聊图片" :label="'网关转来的' + external + '张图片链接（未自动加载）'" />
        <van-cell title="反映人">
          <template #value>
            {{ issue.reporter.name }}
            <a v-if="callable" :href="'tel:' + issue.reporter.phone" class="call">{{ issue.reporter.phone }}</a>
            <span v-else>{{ issue.reporter.phone }}</span>
          </template>
        </van-cell>
        <van-cell v-if="issue.supporters" title="附议" :value="issue.supporters + '人'" />
        <van-cell v-if="assignee" title="负责队员" :value="assignee.name" :label="task && task.why" />
        <van-cell v-if="task && task.resolve_by && ['assigned','in_progress','with_property'].includes(task.status)"
                  title="办结期限" :value="task.waiting_since ? '等待居民，已暂停' : dueIn(task.resolve_by)" :label="when(task.resolve_by)" />
        <van-cell v-if="task && task.overdue_since && ['unrouted','assigned','in_progress','with_property'].includes(task.status)"
                  title="超时" :label="'已报告' + (RUNGS[task.escalated_to] || '队长')">
          <template #value><van-tag type="danger">{{ overdueLabel(task) || '已超时' }}</van-tag></template>
        </van-cell>
        <van-cell v-if="task && task.offered_back_at" title="交还队长" label="负责队员多日未处理，请队长改派或联系" />
        <van-cell v-for="p in (task && task.presses) || []" :key="p.at" :title="'督办 · ' + p.actor.name" :label="p.note"
                  :value="when(p.at)" class="pressed" />
        <van-cell v-if="handed" title="已转物业" :value="handed.company.name"
                  :label="handed.asked + (handed.promised_date ? '；承诺' + handed.promised_date + '前完成' : '')" />
        <van-cell v-if="issue.merged_into" title="已合并到" :value="'编号' + issue.merged_into.number" is-link
                  :to="'/issues/' + issue.merged_into.id" />
        <van-cell v-if="issue.rating" title="回访" :value="issue.rating.satisfaction_label"
                  :label="(issue.rating.solved ? '已解决' : '未解决') + (issue.rating.comment ? '：' + issue.rating.comment : '')" />
      </van-cell-group>
      <div v-if="buttons.length" class="buttons">
        <van-button v-for="b in buttons" :key="b.action" :type="b.type" size="small" round :disabled="busy"
                    @click="open(b.action)">{{ b.label }}</van-button>
      </div>
      <Mute :issue="issue.id" />
      <section v-if="twins.length" class="twins" aria-label="可能重复的问题">
        <h3>可能重复：与本问题对照</h3>
        <div class="twin-grid">
          <div class="twin this"><strong>本问题</strong><p>{{ issue.title }}</p><p class="hint">{{ issue.place_text }}</p>
            <p v-if="issue.description" class="hint">{{ issue.description }}</p></div>
          <div v-for="t in twins" :key="t.issue.id" class="twin">
            <strong>编号{{ t.issue.number }} · {{ t.issue.status_label }}</strong>
            <p><router-link :to="'/issues/' + t.issue.id">{{ t.issue.title }}</router-link></p>
            <p class="hint">{{ t.issue.place_text }}<template v-if="t.issue.supporters"> · {{ t.issue.supporters }}人附议</template></p>
            <p v-if="t.issue.description" class="hint">{{ t.issue.description }}</p>
            <van-button size="small" round type="primary" @click="mergeInto(t.issue)">合并到这条</van-button>
          </div>
        </div>
      </section>
      <van-cell-group inset title="进展">
        <Timeline :items="steps" />
        <p v-if="pending" class="pending" role="status">
          <template v-if="pending.late">已提交，进展稍后显示，刷新页面即可看到</template>
          <template v-else><van-loading size="14px" />正在更新进展…</template>
        </p>
      </van-cell-group>
      <div v-if="keeper" class="buttons"><van-button size="small" plain round icon="description" @click="exportRecord">导出档案（PDF）</van-button></div>
      <van-cell-group v-if="issue.actions.includes('comment')" inset title="留言">
        <van-field v-model="comment" type="textarea" rows="2" maxlength="500" placeholder="说点什么…" aria-label="留言">
          <template #button><van-button size="small" type="primary" @click="sendComment">发送</van-button></template>
        </van-field>
      </van-cell-group>
      <StepForm :spec="form" @done="done" @close="form = null" />
    </article>`,
};

const LABELS = { triage: '受理分类', reject: '不予受理', merge: '合并', support: '我也遇到（附议）', confirm: '确认已解决',
                 reopen: '没解决，重新打开', rating: '评价', accept: '受理', decline: '退回', progress: '记录进展',
                 handover: '转物业', resolve: '办结', property: '反馈进展', reassign: '改派', wait: '等待居民',
                 resume: '继续办理', press: '督办' };
const RUNGS = { lead: '队长', staff: '社区', subdistrict: '街道' };
const DESK = new Set(['lead', 'staff', 'admin']);
const PRIMARY = new Set(['accept', 'resolve', 'confirm', 'support', 'property', 'triage', 'rating']);
