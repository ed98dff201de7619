// A community's notification settings, kept by its staff (and the subdistrict's admin; the lead
// reads them): who hears each kind of news through which channel, and the wording of every
// message with a live preview of the SMS, the app push and the owners' group post.

import { api, get, post, put, session } from '../api.js';
import { groupHtml } from '../markdown.js';

const { ref, reactive, computed, watch, onMounted } = Vue;

const ROBOT_KINDS = { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };
const FIELDS = [['sms', '短信内容', 3], ['push_title', 'App 标题', 1], ['push_body', 'App 正文', 3],
                ['deep_link', '点开后跳转', 1], ['group', '业主群消息（Markdown，留空则不发群）', 4]];
// what each parameter of a message stands for, as staff read it (the catalogue's names)
const PARAMS = { title: '问题标题', number: '编号', place: '位置', link: '详情链接', assignee: '负责队员',
                 company: '物业公司', date: '承诺日期', due: '期限', note: '说明', reason: '原因', asked: '转办要求',
                 why: '派单原因', member: '队员', to: '改派给', count: '消息条数', solved: '是否解决', comment: '留言',
                 latest: '最新消息', estate: '小区', new: '今日新增', done: '今日办结', ongoing: '处理中', highlights: '要点',
                 code: '验证码' };

export default {
  setup() {
    const me = session.get().me;
    const route = VueRouter.useRoute();
    const community = route.query.community || me.community;
    const base = `/notification/v1/communities/${community}`;
    const canEdit = ['staff', 'admin'].includes(me.role);
    const tab = ref(0);
    const table = ref(null);
    const templates = ref([]);
    const chosen = ref('');
    const draft = reactive({});
    const shown = ref(null);
    const focused = ref('sms');  // the field a tapped parameter goes into
    const problem = ref('');
    const error = ref('');
    const saving = ref(false);
    const estates = ref([]);
    const robots = ref({});
    const hooks = reactive({});
    const kinds = reactive({});
    const secrets = reactive({});

    onMounted(async () => {
      try {
        const [r, t, b] = await Promise.all([get(`${base}/rules`), get(`${base}/templates`), get(`${base}/robots`)]);
        table.value = r;
        templates.value = t.items;
        robots.value = Object.fromEntries(b.items.map((x) => [x.estate, x]));
        pick(t.items[0].id);
        estates.value = (await get(`/intake/v1/communities/${community}`).catch(() => ({ estates: [] }))).estates;
      } catch (e) {
        error.value = e.message;
      }
    });

    // -- each estate's owners'-group robot ----------------------------------------------------
    async function saveRobot(estate) {
      try {
        const kind = kinds[estate] || 'wecom';
        const body = { kind, url: (hooks[estate] || '').trim(), secret: kind === 'wecom' ? null : (secrets[estate] || null) };
        const saved = await put(`${base}/estates/${estate}/robot`, body);
        robots.value = { ...robots.value, [estate]: saved };
        hooks[estate] = '';
        secrets[estate] = '';
        vant.showSuccessToast('机器人已保存');
      } catch (e) {
        vant.showToast(e.message);
      }
    }
    async function removeRobot(estate) {
      await api('DELETE', `${base}/estates/${estate}/robot`);
      const { [estate]: _, ...rest } = robots.value;
      robots.value = rest;
    }

    // -- rules ------------------------------------------------------------------------------------
    const has = (row, who, channel) => (row.recipients[who] || []).includes(channel);
    function flip(row, who, channel) {
      const list = row.recipients[who] || [];
      row.recipients[who] = list.includes(channel) ? list.filter((c) => c !== channel) : [...list, channel];
    }
    async function saveRules() {
      saving.value = true;
      try {
        const kinds = table.value.kinds.map((k) => ({ kind: k.kind, recipients: k.recipients, group: k.group }));
        table.value = await put(`${base}/rules`, { kinds });
        vant.showSuccessToast('规则已保存');
      } catch (e) {
        vant.showToast(e.message);
      } finally {
        saving.value = false;
      }
    }
    async function resetRules() {
      table.value = await api('DELETE', `${base}/rules`);
      vant.showToast('已恢复平台默认规则');
    }

    // -- templates with a live preview -----------------------------------------------------------
    const current = computed(() => templates.value.find((t) => t.id === chosen.value));
    function pick(id) {
      chosen.value = id;
      Object.assign(draft, templates.value.find((t) => t.id === id).wording);
    }
    let timer = null;
    async function preview() {
      try {
        shown.value = await post(`${base}/templates/${chosen.value}/preview`, { wording: { ...draft } });
        problem.value = '';
      } catch (e) {
        problem.value = e.message;
      }
    }
    watch(draft, () => { clearTimeout(timer); timer = setTimeout(preview, 300); }, { deep: true });
    // a parameter tapped in the list goes into the field last edited, at its end
    function insert(param) {
      if (!canEdit) return;
      draft[focused.value] = `${draft[focused.value] || ''}{{ ${param} }}`;
    }
    function replace(saved) {
      templates.value = templates.value.map((t) => (t.id === saved.id ? saved : t));
    }
    async function saveTemplate() {
      saving.value = true;
      try {
        const saved = await put(`${base}/templates/${chosen.value}`, { ...draft });
        replace(saved);
        vant.showSuccessToast('模板已保存');
      } catch (e) {
        problem.value = e.message;
      } finally {
        saving.value = false;
      }
    }
    async function resetTemplate() {
      const saved = await api('DELETE', `${base}/templates/${chosen.value}`);
      replace(saved);
      pick(saved.id);
    }
    return { community, canEdit, tab, table, templates, chosen, current, draft, shown, problem, error, saving,
             has, flip, saveRules, resetRules, pick, saveTemplate, resetTemplate, FIELDS,
             estates, robots, hooks, kinds, secrets, saveRobot, removeRobot, ROBOT_KINDS, PARAMS, focused, insert,
             groupHtml, braces: (p) => `{{ ${p} }}` };
  },
  template: `
    <section class="notify">
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-skeleton v-else-if="!table" :row="8" />
      <van-tabs v-else v-model:active="tab" sticky offset-top="46">
        <van-tab title="通知规则">
          <p class="hint pad">每类事件通知谁、经哪个渠道。<template v-if="!canEdit">（由社区工作者修改）</template>
            <van-tag v-if="table.customized" type="primary" plain>本社区已调整</van-tag></p>
          <van-cell-group v-for="row in table.kinds" :key="row.kind" inset :title="row.label" class="rule">
            <div v-for="who in row.allowed" :key="who" class="rule-row">
              <span class="who">{{ table.recipient_labels[who] }}</span>
              <button v-for="c in ['sms', 'push']" :key="c" type="button" class="chip" :class="{ on: has(row, who, c) }"
                      :aria-pressed="has(row, who, c)" :disabled="!canEdit"
                      :aria-label="row.label + ' ' + table.recipient_labels[who] + ' ' + table.channel_labels[c]"
                      @click="flip(row, who, c)">{{ table.channel_labels[c] }}</button>
            </div>
            <van-cell v-if="row.group_allowed" center title="同步到业主群" label="不含姓名、电话">
              <template #right-icon><van-switch v-model="row.group" size="20" :disabled="!canEdit"
                                                :aria-label="row.label + ' 业主群'" /></template>
            </van-cell>
          </van-cell-group>
          <div v-if="canEdit" class="actions two">
            <van-button round plain @click="resetRules">恢复默认</van-button>
            <van-button round type="primary" :loading="saving" @click="saveRules">保存规则</van-button>
          </div>
        </van-tab>
        <van-tab title="消息模板">
          <div class="pad">
            <select :value="chosen" aria-label="选择消息" class="full" @change="pick($event.target.value)">
              <option v-for="t in templates" :key="t.id" :value="t.id">{{ t.label }}{{ t.customized ? '（已改）' : '' }}</option>
            </select>
          </div>
          <section v-if="current" class="params pad" aria-label="可用参数">
            <p class="hint">可用参数（示例）<template v-if="canEdit">：点一下插入正在编辑的内容</template></p>
            <button v-for="p in current.params" :key="p" type="button" class="param" :disabled="!canEdit"
                    :title="braces(p)" @click="insert(p)">
              <strong>{{ PARAMS[p] || p }}</strong><span>{{ current.sample[p] }}</span>
            </button>
          </section>
          <van-cell-group inset>
            <van-field v-for="[key, label, rows] in FIELDS" :key="key" v-model="draft[key]" :label="label" :rows="rows"
                       :type="rows > 1 ? 'textarea' : 'text'" autosize label-align="top" :readonly="!canEdit"
                       @focus="focused = key" />
            <van-field v-model="draft.provider_template" label="短信平台模板号" label-align="top" placeholder="如 SMS_123456789（选填）"
                       :readonly="!canEdit" />
          </van-cell-group>
          <p v-if="problem" class="error pad" role="alert">{{ problem }}</p>
          <section v-if="shown" class="preview" aria-label="预览">
            <h3>预览（示例数据）</h3>
            <ul v-if="shown.warnings.length" class="warnings"><li v-for="w in shown.warnings" :key="w">⚠ {{ w }}</li></ul>
            <div class="sms-bubble"><span class="hint">短信 · {{ shown.sms.chars }}字 · {{ shown.sms.segments }}条</span>
              <p>{{ shown.sms.text }}</p></div>
            <div class="push-card"><strong>{{ shown.push.title }}</strong><p>{{ shown.push.body }}</p>
              <span class="hint">{{ shown.push.deep_link }}</span></div>
            <div v-if="shown.group" class="group-post"><span class="hint">业主群 · {{ shown.group.bytes }} 字节</span>
              <div class="markdown" v-html="groupHtml(shown.group.text)"></div></div>
          </section>
          <div v-if="canEdit" class="actions two">
            <van-button round plain :disabled="!current || !current.customized" @click="resetTemplate">恢复默认</van-button>
            <van-button round type="primary" :loading="saving" @click="saveTemplate">保存模板</van-button>
          </div>
        </van-tab>
        <van-tab title="业主群机器人">
          <p class="hint pad">每个小区的业主群可添加一个群机器人（企业微信、钉钉或飞书），把规则中勾选“同步到业主群”的消息发到群里（不含姓名、电话；每分钟最多20条，多出的合并发送）。</p>
          <van-cell-group v-for="e in estates" :key="e.id" inset :title="e.name">
            <van-cell v-if="robots[e.id]" :title="ROBOT_KINDS[robots[e.id].kind] + (robots[e.id].enabled ? ' · 已启用' : ' · 已失效')"
                      :label="robots[e.id].disabled_reason || robots[e.id].url">
              <template #right-icon>
                <van-button v-if="canEdit" size="mini" plain type="danger" @click="removeRobot(e.id)">移除</van-button>
              </template>
            </van-cell>
            <template v-if="canEdit">
              <div class="chips small pad" role="radiogroup" :aria-label="e.name + ' 机器人类型'">
                <button v-for="(label, k) in ROBOT_KINDS" :key="k" type="button" class="chip" role="radio"
                        :aria-checked="(kinds[e.id] || 'wecom') === k" :class="{ on: (kinds[e.id] || 'wecom') === k }"
                        @click="kinds[e.id] = k">{{ label }}</button>
              </div>
              <van-field v-if="(kinds[e.id] || 'wecom') !== 'wecom'" v-model="secrets[e.id]" label="加签密钥" label-align="top"
                         type="password" placeholder="机器人安全设置中的加签密钥" />
              <van-field v-model="hooks[e.id]" :label="robots[e.id] ? '更换 Webhook' : 'Webhook 地址'" label-align="top"
                         :placeholder="{ wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
                                         dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
                                         feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…' }[kinds[e.id] || 'wecom']" />
              <div class="actions"><van-button size="small" round type="primary" :disabled="!hooks[e.id]"
                                               @click="saveRobot(e.id)">保存机器人</van-button></div>
            </template>
          </van-cell-group>
          <van-empty v-if="!estates.length" image-size="60" description="暂无小区" />
        </van-tab>
      </van-tabs>
    </section>`,
};
