// An estate's public board (公示, no login): what the team is working on, what it did this week, its
// three rates this month — by category, place and status only — and the week's lift notice to print.

import { api } from '../api.js';
import { percent, whenShort } from '../format.js';

const { ref, onMounted } = Vue;

export default {
  setup() {
    const route = VueRouter.useRoute();
    const { community, estate } = route.params;
    const board = ref(null);
    const rates = ref(null);
    const error = ref('');
    const notice = `/intake/v1/public/estates/${community}/${estate}/notice.pdf`;
    // 正在处理 a page at a time, newest first: an estate may have a thousand of them
    const working = ref([]);
    const workingTotal = ref(0);
    const workingPage = ref(0);
    const loadingMore = ref(false);
    async function loadMore() {
      loadingMore.value = true;
      try {
        const next = await api('GET', `/intake/v1/public/estates/${community}/${estate}/working?page=${workingPage.value + 1}&size=20`,
                               undefined, { auth: false });
        const shown = new Set(working.value.map((i) => i.number));  // one reported meanwhile moves the pages
        working.value.push(...next.items.filter((i) => !shown.has(i.number)));
        workingPage.value = next.page;
        workingTotal.value = next.total;
      } catch (e) {
        vant.showToast(e.message);
      } finally {
        loadingMore.value = false;
      }
    }
    onMounted(async () => {
      try {
        board.value = await api('GET', `/intake/v1/public/estates/${community}/${estate}`, undefined, { auth: false });
        await loadMore();
        rates.value = await api('GET', `/reporting/v1/public/estates/${community}/${estate}`, undefined, { auth: false })
          .catch(() => null);  // a new estate has no figures yet
      } catch (e) {
        error.value = e.message;
      }
    });
    return { board, rates, error, notice, percent, whenShort, working, workingTotal, loadingMore, loadMore, report: `/report?community=${community}&estate=${estate}` };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <van-skeleton v-else-if="!board" :row="8" />
    <section v-else class="board">
      <header class="board-head">
        <h1>{{ board.estate_name }} 服务公示</h1>
        <p class="hint">{{ board.community_name }}自治服务队 · {{ board.week_from }} 起的一周</p>
      </header>
      <div class="rate-cards">
        <div class="rate"><strong>{{ board.counts.received_this_week }}</strong><span>本周新反映</span></div>
        <div class="rate"><strong>{{ board.counts.resolved_this_week }}</strong><span>本周已办结</span></div>
        <div class="rate"><strong>{{ board.counts.working }}</strong><span>正在处理</span></div>
        <template v-if="rates">
          <div class="rate"><strong>{{ percent(rates.response_rate) }}</strong><span>本月响应率</span></div>
          <div class="rate"><strong>{{ percent(rates.resolution_rate) }}</strong><span>本月解决率</span></div>
          <div class="rate"><strong>{{ percent(rates.satisfaction_rate) }}</strong><span>本月满意率</span></div>
        </template>
      </div>
      <van-cell-group inset title="本周已办结">
        <van-empty v-if="!board.done_this_week.length" description="本周还没有办结的问题" />
        <van-cell v-for="i in board.done_this_week" :key="i.number" :title="i.category + ' · ' + i.place"
                  :label="'编号' + i.number" :value="whenShort(i.resolved_at) + ' 办结'" />
      </van-cell-group>
      <van-cell-group inset title="正在处理" class="working">
        <van-empty v-if="!working.length" description="没有正在处理的问题" />
        <van-cell v-for="i in working" :key="i.number" :title="i.category + ' · ' + i.place" :value="i.status" class="task-card">
          <template #label>编号{{ i.number }} · <span class="nowrap">{{ whenShort(i.since) }} 反映</span></template>
        </van-cell>
        <div v-if="working.length < workingTotal" class="inline-action">
          <van-button size="small" round plain type="primary" :loading="loadingMore" @click="loadMore">加载更多（已显示 {{ working.length }} / {{ workingTotal }}）</van-button>
        </div>
      </van-cell-group>
      <div class="actions board-actions">
        <van-button round type="primary" :to="report">我要报事</van-button>
        <a :href="notice" target="_blank" class="more">打印本周电梯公示单（PDF）</a>
      </div>
    </section>`,
};
