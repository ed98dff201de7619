// The three rates as cards: each with the counts it is made of (按时响应 23 / 应响应 24), its definition one
// tap away, and a note when it rests on fewer issues than reporting's RATES_MIN_BASE.

import { RATES, percent, smallBase } from '../format.js';

export default {
  props: { figures: { type: Object, required: true }, minBase: { type: Number, default: 10 },
           prefix: { type: String, default: '' } },
  setup(props) {
    function explain(rate) {
      const base = `分母少于${props.minBase}件时样本少，比率仅供参考。`;
      vant.showDialog({ title: `${rate.label}怎么算`, message: `${rate.definition}\n${base}`, messageAlign: 'left',
                        confirmButtonText: '知道了' });
    }
    return { RATES, percent, explain, thin: (rate) => smallBase(props.figures, rate, props.minBase) };
  },
  template: `
    <div v-for="r in RATES" :key="r.key" class="rate" :class="{ thin: thin(r) }">
      <strong>{{ percent(figures[r.key]) }}</strong>
      <button type="button" class="rate-name" :aria-label="prefix + r.label + '怎么算'" @click="explain(r)">
        {{ prefix }}{{ r.label }}<van-icon name="question-o" aria-hidden="true" /></button>
      <small class="basis"><span>{{ r.numLabel }} {{ figures[r.num] }}</span> / <span>{{ r.denLabel }} {{ figures[r.den] }}</span></small>
      <small v-if="thin(r)" class="thin-note"><span>样本少，</span><span>仅供参考</span></small>
    </div>`,
};
