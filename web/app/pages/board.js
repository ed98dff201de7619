// An estate's public board (公示, no login): what the team is working on, what it did this week, its
// three rates this month — by category, place and status only — and the week's lift notice to print.

import { api } from '../api.js';
import { IN_HAND_DEFINITION, percent, whenShort } from '../format.js';
import RateCards from '../components/ratecards.js';

const { ref, onMounted } = Vue;

export default {
  components: { RateCards },
  setup() {
    const route = VueRouter.useRoute();
    const { community, estate } = route.params;
    const board = ref(null);
    const rates = ref(null);
    const error = ref('');
    const notice = `/intake/v1/public/estates/${community}/${estate}/notice.pdf`;
    // 在办 a page at a time, newest first: an estate may have a thousand of them
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
    const explainInHand = () => vant.showDialog({ title: '在办怎么算', messageAlign: 'left', confirmButtonText: '知道了',
      message: `${IN_HAND_DEFINITION}\n统计截至${whenShort(board.value.at)}，含本周之前收到、仍在办的问题。` });
    return { board, rates, error, notice, percent, whenShort, explainInHand, working, workingTotal, loadingMore, loadMore,
             report: `/report?community=${community}&estate=${estate}` };
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
        <div class="rate received"><strong>{{ board.counts.received_this_week }}</strong><span>本周收到</span>
          <small class="basis">{{ board.week_from }} 起</small></div>
        <div class="rate"><strong>{{ board.counts.resolved_this_week }}</strong><span>本周已办结</span>
          <small class="basis">{{ board.week_from }} 起</small></div>
        <div class="rate in-hand"><strong>{{ board.counts.working }}</strong>
          <button type="button" class="rate-name" aria-label="在办怎么算" @click="explainInHand">在办<van-icon name="question-o" aria-hidden="true" /></button>
          <small class="basis">截至 {{ whenShort(board.at) }}</small></div>
        <RateCards v-if="rates" :figures="rates" :min-base="rates.min_base" prefix="本月" />
      </div>
      <p v-if="rates" class="hint">三率按本月（{{ rates.from.slice(0, 10) }} 起）收到的问题统计，点比率名称看怎么算。</p>
      <van-cell-group inset title="本周已办结">
        <van-empty v-if="!board.done_this_week.length" description="本周还没有办结的问题" />
        <van-cell v-for="i in board.done_this_week" :key="i.number" :title="i.category + ' · ' + i.place"
                  :label="'编号' + i.number" :value="whenShort(i.resolved_at) + ' 办结'" />
      </van-cell-group>
      <van-cell-group inset title="在办" class="working">
        <van-empty v-if="!working.length" description="没有在办的问题" />
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
