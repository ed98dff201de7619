// Volunteers' contribution (挖掘能人): each member's work, and each estate's residents who report and
// support most (names and phones masked), as candidates to invite into the team.

import { get, query } from '../api.js';
import { duration } from '../format.js';

const { ref, watch, onMounted } = Vue;

export default {
  props: { community: { type: String, required: true }, from: { type: String, required: true },
           to: { type: String, required: true } },
  setup(props) {
    const data = ref(null);
    const error = ref('');
    async function load() {
      error.value = '';
      try {
        data.value = await get(`/reporting/v1/contribution?${query({ community: props.community, from: props.from, to: props.to })}`);
      } catch (e) {
        error.value = e.message;
      }
    }
    watch(() => [props.community, props.from, props.to], load);
    onMounted(load);
    return { data, error, duration };
  },
  template: `
    <van-cell-group inset title="队员贡献" class="contribution">
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-skeleton v-else-if="!data" :row="3" />
      <template v-else>
        <table class="figures" v-if="data.members.length">
          <thead><tr><th scope="col">队员</th><th scope="col">派给</th><th scope="col">办结</th><th scope="col">响应中位</th>
            <th scope="col">感谢</th><th scope="col">满意/回访</th></tr></thead>
          <tbody><tr v-for="m in data.members" :key="m.id">
            <th scope="row">{{ m.name || m.id }}</th><td>{{ m.assigned }}</td><td>{{ m.handled }}</td>
            <td>{{ duration(m.response_minutes) }}</td><td>{{ m.thanks }}</td>
            <td>{{ m.satisfied }}/{{ m.rated }}</td></tr></tbody>
        </table>
        <van-empty v-else description="这段时间还没有派单" />
      </template>
    </van-cell-group>
    <van-cell-group v-if="data" inset title="热心居民（可邀请加入服务队）" class="residents">
      <van-empty v-if="!data.residents.length" description="这段时间还没有居民报事" />
      <table class="figures" v-else>
        <thead><tr><th scope="col">居民</th><th scope="col">小区</th><th scope="col">报事</th><th scope="col">附议</th></tr></thead>
        <tbody><tr v-for="r in data.residents" :key="r.key">
          <th scope="row">{{ r.name || '居民' }} <small>{{ r.phone }}</small></th><td>{{ r.estate_name || r.estate }}</td>
          <td>{{ r.reported }}</td><td>{{ r.supported }}</td></tr></tbody>
      </table>
    </van-cell-group>`,
};
