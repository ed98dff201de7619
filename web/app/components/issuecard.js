// An issue in a list: title, status, where, when, how many said "me too".

import { STATUS_TYPES, ago } from '../format.js';

export default {
  props: { issue: { type: Object, required: true } },
  setup() { return { STATUS_TYPES, ago }; },
  template: `
    <van-cell :to="'/issues/' + issue.id" is-link class="issue-card">
      <template #title>
        <span class="card-title">{{ issue.title }}</span>
        <van-tag v-if="issue.priority === 'urgent'" type="danger" plain>紧急</van-tag>
      </template>
      <template #label>
        <span>{{ issue.place_text }}</span> · <span>{{ issue.category_label }}</span> · <span class="nowrap">{{ ago(issue.created_at) }}</span>
        <span v-if="issue.supporters"> · {{ issue.supporters }}人附议</span>
        <span v-if="issue.assignee"> · {{ issue.assignee.name }}负责</span>
      </template>
      <template #value><van-tag :type="STATUS_TYPES[issue.status]">{{ issue.status_label }}</van-tag></template>
    </van-cell>`,
};
