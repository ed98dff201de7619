// Hot spots (未诉先办): places and categories that keep coming back in a community, with their issues;
// the lead turns one into a task the team spotted itself (channel team), routed like any report.

import { api, get, query, session } from '../api.js';
import { whenShort } from '../format.js';

const { ref, watch, onMounted } = Vue;
const KINDS = { recurring: '反复出现', monthly: '每月出现' };

export default {
  props: { community: { type: String, required: true } },
  setup(props) {
    const me = session.get().me;
    const lead = me.role === 'lead';
    const spots = ref(null);
    const error = ref('');
    const busy = ref('');
    const open = ref('');
    const key = (s) => `${s.estate}/${s.place.kind}/${s.place.id}/${s.category}`;
    async function load() {
      error.value = '';
      spots.value = null;
      try {
        spots.value = await get(`/reporting/v1/hotspots?${query({ community: props.community })}`);
      } catch (e) {
        error.value = e.message;
      }
    }
    async function act(spot) {
      busy.value = key(spot);
      try {
        const issue = await api('POST', '/intake/v1/issues', { ...spot.draft, channel: 'team',
          reporter: { name: me.name || '服务队', phone: me.phone } });
        vant.showSuccessToast(`已转为任务 ${issue.number}`);
        spot.acted = { id: issue.id, number: issue.number, title: issue.title, status: issue.status, channel: 'team' };
      } catch (e) {
        vant.showFailToast(e.message);
      } finally {
        busy.value = '';
      }
    }
    watch(() => props.community, load);
    onMounted(load);
    return { spots, error, busy, open, lead, key, act, KINDS, whenShort };
  },
  template: `
    <van-cell-group inset title="未诉先办：反复出现的问题" class="hotspots">
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <van-skeleton v-else-if="!spots" :row="3" />
      <template v-else>
        <p class="hint">近 {{ spots.weeks }} 周同一位置同类问题 ≥ {{ spots.min_issues }} 件，或连续 {{ spots.months }} 个月都有</p>
        <van-empty v-if="!spots.items.length" description="暂无反复出现的问题" />
        <div v-for="s in spots.items" :key="key(s)" class="hotspot">
          <div class="hotspot-head">
            <strong>{{ s.place_text || s.place.id }}</strong>
            <van-tag type="primary" plain>{{ s.category_label }}</van-tag>
            <van-tag v-for="k in s.kinds" :key="k" type="warning">{{ KINDS[k] }}</van-tag>
          </div>
          <p class="hint">共 {{ s.total }} 件，近期 {{ s.in_window }} 件 · {{ s.months.join('、') }}</p>
          <button type="button" class="link" @click="open = open === key(s) ? '' : key(s)"
                  :aria-expanded="open === key(s)">{{ open === key(s) ? '收起' : '查看问题' }}</button>
          <ul v-if="open === key(s)" class="hotspot-issues">
            <li v-for="i in s.issues" :key="i.id"><a :href="'#/issues/' + i.id">{{ i.number }} {{ i.title }}</a>
              <small> {{ whenShort(i.submitted_at) }}</small></li>
          </ul>
          <p v-if="s.acted" class="acted">已转为任务：<a :href="'#/issues/' + s.acted.id">{{ s.acted.number }} {{ s.acted.title }}</a></p>
          <van-button v-else-if="lead" size="small" type="primary" :loading="busy === key(s)" @click="act(s)">转为任务</van-button>
        </div>
      </template>
    </van-cell-group>`,
};
