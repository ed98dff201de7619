// Monthly reports (月报): community staff and the lead their community's, the subdistrict's admin the
// subdistrict's and each community's. Pick a month, see its headline figures, download CSV (Excel) or PDF
// (with charts); below, the reports published when each month ended.

import { get, query } from '../api.js';
import { duration, percent, today, when, whenShort } from '../format.js';
import { saveFile } from '../download.js';
import RateCards from '../components/ratecards.js';

const { ref, computed, onMounted, watch } = Vue;

// This month and the eleven before it, newest first: { value: '2026-10', label: '2026年10月' }.
function recentMonths(count = 12) {
  let [y, m] = today().split('-').map(Number);
  const list = [];
  for (let i = 0; i < count; i += 1) {
    list.push({ value: `${y}-${String(m).padStart(2, '0')}`, label: `${y}年${m}月${i === 0 ? '（本月至今）' : ''}` });
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  }
  return list;
}

const points = (x) => (x === null || x === undefined ? '' : `${x >= 0 ? '+' : ''}${Math.round(x * 1000) / 10}个百分点`);
const signed = (n) => `${n >= 0 ? '+' : ''}${n}`;
const FORMATS = [['csv', '下载 CSV（Excel）'], ['pdf', '下载 PDF（含图表）']];

export default {
  components: { RateCards },
  setup() {
    const months = recentMonths();
    const month = ref(months.length > 1 ? months[1].value : months[0].value);  // the month just ended
    const scopes = ref([]);
    const scopeKey = ref('');
    const report = ref(null);
    const published = ref(null);
    const error = ref('');
    const busy = ref('');

    const scope = computed(() => scopes.value.find((s) => `${s.scope}/${s.id}` === scopeKey.value));
    const scopeName = (s) => (s.scope === 'subdistrict' ? `${s.name || ''}（全街道）` : s.name || s.id);
    const monthly = (s, m, format) => `/reporting/v1/reports/monthly?${query({ scope: s.scope, id: s.id, month: m, format })}`;
    const fileName = (name, m, format) => `${name}${m.replace('-', '年')}月月报.${format}`;

    // Only the answer for the month and scope chosen last is shown: one asked before may come back after.
    let asked = 0;
    async function preview() {
      if (!scope.value) return;
      const mine = ++asked;
      report.value = null;
      error.value = '';
      try {
        const answer = await get(monthly(scope.value, month.value, 'json'));
        if (mine === asked) report.value = answer;
      } catch (e) {
        if (mine === asked) error.value = e.message;
      }
    }

    async function download(s, m, format) {
      busy.value = `${s.scope}/${s.id}/${m}/${format}`;
      error.value = '';
      try {
        await saveFile(monthly(s, m, format), fileName(s.name || s.id, m, format));
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = '';
      }
    }

    onMounted(async () => {
      try {
        const [s, p] = await Promise.all([get('/reporting/v1/reports/scopes'), get('/reporting/v1/reports')]);
        scopes.value = s.items;
        published.value = p.items;
        scopeKey.value = s.items.length ? `${s.items[0].scope}/${s.items[0].id}` : '';
        await preview();
      } catch (e) {
        error.value = e.message;
      }
    });
    watch([month, scopeKey], preview);
    return { months, month, scopes, scopeKey, scope, report, published, error, busy, FORMATS, percent, points, signed,
             when, whenShort, duration, scopeName, download };
  },
  template: `
    <section class="reports">
      <van-cell-group inset title="选择月份下载月报">
        <div class="report-pick">
          <label v-if="scopes.length > 1">范围 <select v-model="scopeKey" aria-label="范围">
            <option v-for="s in scopes" :key="s.scope + '/' + s.id" :value="s.scope + '/' + s.id">{{ scopeName(s) }}</option>
          </select></label>
          <span v-else-if="scope" class="scope-name">{{ scopeName(scope) }}</span>
          <label>月份 <select v-model="month" aria-label="月份">
            <option v-for="m in months" :key="m.value" :value="m.value">{{ m.label }}</option>
          </select></label>
        </div>
        <van-skeleton v-if="!report && !error" :row="3" />
        <template v-if="report">
          <div class="rate-cards">
            <RateCards :figures="report.figures" :min-base="report.min_base ?? 10" />
            <div class="rate received"><strong>{{ report.figures.received }}</strong><span>收到 {{ signed(report.change.received) }}</span></div>
            <div class="rate in-hand"><strong>{{ report.backlog.open }}</strong><span>在办</span>
              <small class="basis"><span>截至</span> <span>{{ whenShort(report.as_of) }}</span></small></div>
            <div class="rate"><strong>{{ report.figures.reopened }}</strong><span>重新打开</span></div>
          </div>
          <p class="hint">与上月比：响应率 {{ points(report.change.response_rate) || '—' }}，解决率
            {{ points(report.change.resolution_rate) || '—' }}，满意率 {{ points(report.change.satisfaction_rate) || '—' }}。
            在办 {{ report.backlog.open }} 件（本月收到 {{ report.backlog.from_month }}，此前收到 {{ report.backlog.earlier }}），其中超时
            {{ report.backlog.overdue }} 件：响应超时 {{ report.backlog.overdue_respond ?? 0 }}，办结超时 {{ report.backlog.overdue_resolve ?? 0 }}。
            首次响应中位 {{ duration(report.figures.first_response_minutes.p50) }}，办结中位
            {{ duration(report.figures.resolution_hours.p50 === null ? null : report.figures.resolution_hours.p50 * 60) }}。
            {{ report.published_at ? '已于 ' + when(report.published_at) + ' 发布。' : '尚未发布，按当前数据生成。' }}</p>
        </template>
        <div class="buttons" v-if="scope">
          <van-button v-for="[format, label] in FORMATS" :key="format" size="small" round
                      :type="format === 'pdf' ? 'primary' : 'default'" :disabled="!report"
                      :loading="busy === scope.scope + '/' + scope.id + '/' + month + '/' + format"
                      @click="download(scope, month, format)">{{ label }}</van-button>
        </div>
      </van-cell-group>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-cell-group inset title="已发布的月报（每月初自动生成）">
        <van-skeleton v-if="published === null" :row="2" />
        <van-empty v-else-if="!published.length" description="还没有发布的月报：每月结束后自动发布" image-size="64" />
        <div v-for="r in published || []" :key="r.scope + r.id + r.month" class="published-report">
          <div><strong>{{ scopeName(r) }} {{ r.month }}</strong>
            <p class="hint">收到 {{ r.received }} · 响应率 {{ percent(r.response_rate) }} · 解决率 {{ percent(r.resolution_rate) }}
              · 满意率 {{ percent(r.satisfaction_rate) }} · {{ when(r.published_at) }} 发布</p></div>
          <div class="buttons">
            <van-button v-for="[format] in FORMATS" :key="format" size="mini" plain type="primary"
                        :aria-label="scopeName(r) + r.month + ' ' + format.toUpperCase()"
                        :loading="busy === r.scope + '/' + r.id + '/' + r.month + '/' + format"
                        @click="download(r, r.month, format)">{{ format.toUpperCase() }}</van-button>
          </div>
        </div>
      </van-cell-group>
    </section>`,
};
