// A resident's home: my reports with their status, and the estate's open issues to say "me too" to.

import { get, post, query, session } from '../api.js';
import IssueCard from '../components/issuecard.js';
import IssueList from '../components/issuelist.js';

const { ref, onMounted } = Vue;

export default {
  components: { IssueCard, IssueList },
  setup() {
    const me = session.get().me;
    const route = VueRouter.useRoute();
    const tab = ref(route.query.tab || (me.role === 'resident' ? 'mine' : 'estate'));
    const mine = ref(null);
    const estate = ref(null);
    const error = ref('');

    async function load() {
      error.value = '';
      try {
        const [a, b] = await Promise.all([
          get(`/intake/v1/issues?${query({ community: me.community, mine: true, size: 50 })}`),
          get(`/intake/v1/issues?${query({ community: me.community, estate: me.estate, open: true, size: 50 })}`),
        ]);
        mine.value = a.items;
        estate.value = b.items;
      } catch (e) {
        error.value = e.message;
      }
    }
    onMounted(load);

    async function support(issue) {
      try {
        await post(`/intake/v1/issues/${issue.id}/support`, {});
        vant.showSuccessToast('已附议，进展会通知您');
        await load();
      } catch (e) {
        vant.showToast(e.message);
      }
    }
    return { me, tab, mine, estate, error, support, load };
  },
  template: `
    <section class="resident">
      <div class="hero">
        <p>{{ me.estate_name || me.community_name }}</p>
        <van-button round type="primary" icon="add-o" to="/report">我要报事</van-button>
      </div>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-tabs v-model:active="tab" sticky>
        <van-tab title="我的报事" name="mine">
          <IssueList :items="mine" empty="还没有报过事" />
        </van-tab>
        <van-tab title="小区问题" name="estate">
          <van-skeleton v-if="!estate" :row="4" />
          <van-empty v-else-if="!estate.length" description="小区暂时没有待处理的问题" />
          <van-cell-group v-else inset>
            <template v-for="i in estate" :key="i.id">
              <IssueCard :issue="i" />
              <div v-if="i.actions.includes('support')" class="inline-action">
                <van-button size="mini" round plain type="primary" @click="support(i)">我也遇到（附议）</van-button>
              </div>
            </template>
          </van-cell-group>
        </van-tab>
      </van-tabs>
    </section>`,
};
