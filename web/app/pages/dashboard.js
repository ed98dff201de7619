// The three rates (三率) and the backlog: for community staff and the lead their community, for the
// subdistrict admin every community side by side; by estate, member, property company and category;
// over any period. Then the rankings, the hot spots (未诉先办, the lead turns one into a task) and the
// volunteers' contribution (挖掘能人).

import { get, query, session } from '../api.js';
import { IN_HAND_DEFINITION, RATES, STATUS_TYPES, duration, months, percent, smallBase, today, whenShort }
  from '../format.js';
import IssueList from '../components/issuelist.js';
import RateCards from '../components/ratecards.js';
import Stickers from '../components/stickers.js';
import Rankings from '../components/rankings.js';
import HotSpots from '../components/hotspots.js';
import Contribution from '../components/contribution.js';

const { ref, computed, onMounted, nextTick } = Vue;

// This month, last month, the last three months, this year, and a period of one's own.
function periodsOf() {
  const base = months();
  const [y, m] = today().split('-').map(Number);
  const pad = (n) => String(n).padStart(2, '0');
  const back = m > 2 ? [y, m - 2] : [y - 1, m + 10];
  return { ...base,
           quarter: { from: `${back[0]}-${pad(back[1])}-01`, to: base.thisMonth.to, label: '近三月' },
           year: { from: `${y}-01-01`, to: base.thisMonth.to, label: '今年' },
           custom: { from: base.lastMonth.from, to: today(1), label: '自定义' } };
}

let echartsLoading = null;
function loadEcharts() {
  echartsLoading ||= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/echarts/echarts.min.js';
    script.onload = () => resolve(window.echarts);
    script.onerror = () => reject(new Error('图表组件加载失败'));
    document.head.append(script);
  });
  return echartsLoading;
}

// one array for the page's life: a new one at each render would make the menu redraw forever
const FILTERS = [{ text: '全部', value: '' }, { text: '在办', value: 'open' }, { text: '已办结', value: 'resolved' },
                 { text: '已关闭', value: 'closed' }, { text: '不予受理', value: 'rejected' }, { text: '已合并', value: 'merged' }];

export default {
  components: { IssueList, Stickers, Rankings, HotSpots, Contribution, RateCards },
  setup() {
    const me = session.get().me;
    const periods = ref(periodsOf());
    const period = ref('thisMonth');
    const admin = me.role === 'admin';
    const scope = admin ? { scope: 'subdistrict', id: me.subdistrict } : { scope: 'community', id: me.community };
    const groupings = admin ? [['community', '社区'], ['category', '类别']]
      : [['estate', '小区'], ['member', '队员'], ['property', '物业公司'], ['category', '类别']];
    const communities = ref([]);  // the admin's, from the ranking, to look into one
    const chosen = ref(admin ? '' : me.community);
    const grouping = ref(groupings[0][0]);
    const figures = ref({});       // period → answer
    const groups = ref({});        // `${period}/${grouping}` → groups
    const issues = ref(null);
    const status = ref('');
    const error = ref('');
    const chart = ref(null);

    async function rates(p, by) {
      const q = { ...scope, from: periods.value[p].from, to: periods.value[p].to, ...(by ? { group_by: by } : {}) };
      return get(`/reporting/v1/rates?${query(q)}`);
    }

    async function load() {
      error.value = '';
      try {
        await loadGroups();
        if (!admin) await loadIssues();
      } catch (e) {
        error.value = e.message;
      }
    }

    async function loadGroups() {  // one answer: the scope's figures, and the same per group
      const answer = await rates(period.value, grouping.value);
      figures.value = { ...figures.value, [period.value]: answer };
      groups.value = { ...groups.value, [period.value]: answer.groups || [] };
      await nextTick();
      await draw();
    }

    async function loadIssues() {
      issues.value = null;
      const q = { community: me.community, size: 50, ...(status.value === 'open' ? { open: true }
                                                         : status.value ? { status: status.value } : {}) };
      issues.value = (await get(`/intake/v1/issues?${query(q)}`)).items;
    }

    async function draw() {
      if (!chart.value) return;
      const echarts = await loadEcharts();
      const current = groups.value[period.value] || [];
      const plot = echarts.getInstanceByDom(chart.value) || echarts.init(chart.value, null, { renderer: 'svg' });
      plot.setOption({
        aria: { enabled: true },
        color: ['#b0413e', '#2f7d6d', '#b7791f'],  // the app's red, a teal and an amber: apart for every eye
        textStyle: { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' },
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? '—' : `${v}%`) },
        legend: { top: 0 },
        grid: { left: 40, right: 12, top: 36, bottom: 56 },
        xAxis: { type: 'category', data: current.map((g) => g.name || g.key), axisLabel: { interval: 0, rotate: current.length > 5 ? 30 : 0 } },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: RATES.map(({ key, label }) => ({ name: label, type: 'bar', barMaxWidth: 36,
                                               data: current.map((g) => (g[key] === null ? null : Math.round(g[key] * 1000) / 10)) })),
      }, true);
    }

    const current = computed(() => figures.value[period.value]);
    async function switchPeriod(p) { period.value = p; await load(); }
    async function switchGrouping(g) { grouping.value = g; await loadGroups(); }
    async function setCustom() {
      const c = periods.value.custom;
      if (!c.from || !c.to || c.from >= c.to) { error.value = '请选择开始和结束日期（结束晚于开始）'; return; }
      periods.value = { ...periods.value, custom: { ...c } };
      await load();
    }
    function ranked(ranking) {
      if (!admin || ranking.level !== 'community') return;
      communities.value = ranking.entries.map((e) => ({ id: e.key, name: e.name || e.key }));
      if (!chosen.value && communities.value.length) chosen.value = communities.value[0].id;
    }
    // 在办: what it counts, as of when, and what of it missed a limit (the same count as 督办台 and 月报)
    function explainInHand() {
      const h = current.value.in_hand;
      vant.showDialog({ title: '在办怎么算', messageAlign: 'left', confirmButtonText: '知道了', message:
        `${IN_HAND_DEFINITION}\n这里统计${periods.value[period.value].to}之前收到、截至${whenShort(h.as_of)}仍在办的全部问题：`
        + `其中${periods.value[period.value].label}收到${h.from_period}件，此前收到${h.earlier}件。`
        + `\n超时${h.overdue}件（响应超时${h.overdue_respond}件，办结超时${h.overdue_resolve}件），与督办台、月报的口径相同。` });
    }
    const thin = (g, rate) => smallBase(g, rate, current.value?.min_base ?? 10);
    onMounted(load);
    return { me, admin, scope, periods, period, groupings, grouping, current, figures, groups, issues, status, error,
             chart, communities, chosen, RATES, FILTERS, percent, duration, whenShort, thin, explainInHand, switchPeriod,
             switchGrouping, loadIssues, setCustom, ranked, STATUS_TYPES };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <section class="dashboard">
      <van-tabs :active="period" @change="switchPeriod" type="card" class="periods">
        <van-tab v-for="(p, key) in periods" :key="key" :name="key" :title="p.label" />
      </van-tabs>
      <van-skeleton v-if="!current" :row="4" />
      <div v-else class="rate-cards">
        <RateCards :figures="current" :min-base="current.min_base" />
        <div class="rate received"><strong>{{ current.received }}</strong><span>{{ periods[period].label }}收到</span>
          <small class="basis">自 {{ periods[period].from }}</small></div>
        <div class="rate in-hand"><strong>{{ current.in_hand.open }}</strong>
          <button type="button" class="rate-name" aria-label="在办怎么算" @click="explainInHand">在办<van-icon name="question-o" aria-hidden="true" /></button>
          <small class="basis"><span>截至</span> <span>{{ whenShort(current.in_hand.as_of) }}</span></small>
          <small class="basis"><span v-if="current.in_hand.earlier">含此前收到 {{ current.in_hand.earlier }} · </span><span>超时 {{ current.in_hand.overdue }}</span></small></div>
        <div class="rate"><strong>{{ current.reopened }}</strong><span>重新打开</span></div>
      </div>
      <div v-if="period === 'custom'" class="custom-period">
        <label>从 <input type="date" v-model="periods.custom.from" aria-label="开始日期"></label>
        <label>到 <input type="date" v-model="periods.custom.to" aria-label="结束日期（不含）"></label>
        <van-button size="small" type="primary" @click="setCustom">查看</van-button>
      </div>
      <p v-if="current" class="hint">首次响应中位 {{ duration(current.first_response_minutes.p50) }} ·
        办结中位 {{ duration(current.resolution_hours.p50 === null ? null : current.resolution_hours.p50 * 60) }}
        （{{ periods[period].from }} 起收到的问题）；分母少于 {{ current.min_base }} 件的比率样本少，仅供参考。</p>
      <p class="hint"><router-link to="/reports">月报下载（CSV / PDF）与已发布的月报</router-link></p>
      <van-cell-group inset :title="'按' + groupings.find(g => g[0] === grouping)[1]">
        <div class="chips small group-switch" v-if="groupings.length > 1" role="radiogroup" aria-label="分组">
          <button v-for="[key, label] in groupings" :key="key" type="button" class="chip" role="radio"
                  :aria-checked="grouping === key" :class="{ on: grouping === key }" @click="switchGrouping(key)">{{ label }}</button>
        </div>
        <div ref="chart" class="chart" role="img" aria-label="三率对比图"></div>
        <table class="figures" v-if="groups[period] && groups[period].length">
          <thead><tr><th scope="col">名称</th><th scope="col">收到</th><th scope="col">其中在办</th>
            <th v-for="r in RATES" :key="r.key" scope="col">{{ r.label }}</th></tr></thead>
          <tbody><tr v-for="g in groups[period]" :key="g.key">
            <th scope="row">{{ g.name || g.key }}</th><td>{{ g.received }}</td><td>{{ g.backlog }}</td>
            <td v-for="r in RATES" :key="r.key" :class="{ thin: thin(g, r) }">{{ percent(g[r.key]) }}
              <small class="basis">{{ g[r.num] }}/{{ g[r.den] }}</small></td></tr></tbody>
        </table>
        <p v-if="groups[period] && groups[period].length" class="hint">比率下方为 分子/分母（按时响应/应响应，已解决/已回访，满意/已回访）；
          灰色的样本少于 {{ current.min_base }} 件，仅供参考。</p>
        <van-empty v-else-if="groups[period]" description="这段时间还没有数据" />
      </van-cell-group>
      <Rankings :scope="scope.scope" :id="scope.id" :from="periods[period].from" :to="periods[period].to"
                @loaded="ranked" />
      <van-cell-group v-if="admin && communities.length" inset title="查看社区">
        <div class="custom-period"><label>社区
          <select v-model="chosen" aria-label="查看社区"><option v-for="c in communities" :key="c.id" :value="c.id">{{ c.name }}</option></select>
        </label></div>
      </van-cell-group>
      <HotSpots v-if="chosen" :community="chosen" />
      <Contribution v-if="chosen" :community="chosen" :from="periods[period].from" :to="periods[period].to" />
      <van-cell-group v-if="!admin" inset title="问题列表">
        <van-dropdown-menu>
          <van-dropdown-item v-model="status" @change="loadIssues" :options="FILTERS" />
        </van-dropdown-menu>
      </van-cell-group>
      <IssueList v-if="!admin" :items="issues" empty="没有符合条件的问题" />
      <Stickers v-if="!admin" :community="me.community" />
    </section>`,
};
