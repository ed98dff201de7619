// Communities (for the subdistrict) or estates ranked by the weighted three rates over the period.

import { get, query } from '../api.js';
import { percent } from '../format.js';

const { ref, watch, onMounted } = Vue;

export default {
  props: { scope: { type: String, required: true }, id: { type: String, required: true },
           from: { type: String, required: true }, to: { type: String, required: true } },
  emits: ['loaded'],
  setup(props, { emit }) {
    const levels = props.scope === 'subdistrict' ? [['community', '社区'], ['estate', '小区']] : [['estate', '小区']];
    const level = ref(levels[0][0]);
    const ranking = ref(null);
    const error = ref('');
    async function load() {
      error.value = '';
      try {
        const q = { scope: props.scope, id: props.id, level: level.value, from: props.from, to: props.to };
        ranking.value = await get(`/reporting/v1/rankings?${query(q)}`);
        emit('loaded', ranking.value);
      } catch (e) {
        error.value = e.message;
      }
    }
    async function switchLevel(l) { level.value = l; await load(); }
    const weights = (w) => `响应率×${w.response} + 解决率×${w.resolution} + 满意率×${w.satisfaction}`;
    watch(() => [props.from, props.to], load);
    onMounted(load);
    return { levels, level, ranking, error, switchLevel, percent, weights };
  },
  template: `
    <van-cell-group inset title="排名" class="rankings">
      <div class="chips small group-switch" v-if="levels.length > 1" role="radiogroup" aria-label="排名层级">
        <button v-for="[key, label] in levels" :key="key" type="button" class="chip" role="radio"
                :aria-checked="level === key" :class="{ on: level === key }" @click="switchLevel(key)">{{ label }}</button>
      </div>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-skeleton v-else-if="!ranking" :row="3" />
      <template v-else>
        <table class="figures" v-if="ranking.entries.length">
          <thead><tr><th scope="col">名次</th><th scope="col">名称</th><th scope="col">得分</th><th scope="col">收到</th>
            <th scope="col">响应率</th><th scope="col">解决率</th><th scope="col">满意率</th></tr></thead>
          <tbody><tr v-for="e in ranking.entries" :key="e.community + '/' + e.key">
            <td>{{ e.rank ?? '—' }}</td>
            <th scope="row">{{ e.name || e.key }}<small v-if="level === 'estate' && scope === 'subdistrict'" class="sub">{{ e.community_name }}</small></th>
            <td>{{ e.score === null ? '—' : (e.score * 100).toFixed(1) }}</td><td>{{ e.received }}</td>
            <td>{{ percent(e.response_rate) }}</td><td>{{ percent(e.resolution_rate) }}</td><td>{{ percent(e.satisfaction_rate) }}</td>
          </tr></tbody>
        </table>
        <van-empty v-else description="这段时间还没有数据" />
        <p class="hint">得分 = {{ weights(ranking.weights) }}（无数据的率不计入）；收到少于 {{ ranking.min_received }} 件不排名</p>
      </template>
    </van-cell-group>`,
};
