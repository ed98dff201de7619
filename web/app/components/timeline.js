// An issue's timeline: every step, when, who, what, why.

import { ROLE_LABELS, STATUS_TYPES, when } from '../format.js';
import Photos from './photos.js';

export default {
  components: { Photos },
  props: { items: { type: Array, required: true } },
  setup() { return { when, ROLE_LABELS, STATUS_TYPES }; },
  template: `
    <van-steps direction="vertical" :active="items.length - 1" class="timeline">
      <van-step v-for="(s, i) in items" :key="i">
        <p class="step-text">{{ s.text }}</p>
        <Photos v-if="s.details && s.details.photos" :urls="s.details.photos" class="step-photos" />
        <p class="step-meta">
          <span>{{ s.actor.name }}<template v-if="s.actor.role !== 'system'"> · {{ ROLE_LABELS[s.actor.role] || s.actor.role }}</template></span>
          <time :datetime="s.at">{{ when(s.at) }}</time>
          <van-tag v-if="s.status_label" :type="STATUS_TYPES[s.status] || 'default'">{{ s.status_label }}</van-tag>
        </p>
      </van-step>
    </van-steps>`,
};
