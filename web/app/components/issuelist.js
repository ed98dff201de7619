// A list of issues as every page shows one: a skeleton while it loads (null), a word when it is empty.

import IssueCard from './issuecard.js';

export default {
  components: { IssueCard },
  props: { items: { type: Array, default: null }, empty: { type: String, required: true } },
  template: `
    <van-skeleton v-if="!items" :row="4" />
    <van-empty v-else-if="!items.length" :description="empty" />
    <van-cell-group v-else inset><IssueCard v-for="i in items" :key="i.id" :issue="i" /></van-cell-group>`,
};
