// What was handed to the property company: acknowledge, promise a date, report done.

import { get } from '../api.js';
import { TASK_STATUS, asking, dueIn, when } from '../format.js';

const { ref, onMounted } = Vue;

export default {
  setup() {
    const items = ref(null);
    const error = ref('');
    onMounted(async () => {
      try {
        items.value = (await get('/assignment/v1/tasks?property=me')).items;
      } catch (e) {
        error.value = e.message;
      }
    });
    const promised = (t) => t.property?.promises?.at(-1)?.date;
    return { items, error, promised, asking, TASK_STATUS, dueIn, when };
  },
  template: `
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <van-skeleton v-else-if="!items" :row="4" />
    <van-empty v-else-if="!items.length" description="暂时没有转办给贵公司的问题" />
    <van-cell-group v-else inset title="服务队转办">
      <van-cell v-for="t in items" :key="t.issue_id" :to="'/issues/' + t.issue_id" is-link class="task-card">
        <template #title>
          <span class="card-title">{{ t.title }}</span>
          <van-tag v-if="!t.property.acknowledged_at" type="primary">待确认</van-tag>
          <van-tag v-if="t.property.promises.at(-1)?.broken_at" type="danger">承诺已逾期</van-tag>
        </template>
        <template #label>
          {{ t.place_text }} · {{ asking(t.property.asked) }} · <span class="nowrap">期限{{ t.property.due_date }}</span>
          <template v-if="promised(t)"> · <span class="nowrap">已承诺{{ promised(t) }}</span>前完成</template>
        </template>
        <template #value><span>{{ TASK_STATUS[t.status] }}</span></template>
      </van-cell>
    </van-cell-group>`,
};
