// One small form in a bottom sheet for a step that needs words: a reason, a note, a date, a choice.
// A field with `when(values)` is asked only while that holds (a promised date only when promising).

const { reactive, watch } = Vue;

export default {
  props: { spec: { type: Object, default: null } },
  emits: ['done', 'close'],
  setup(props, { emit }) {
    const values = reactive({});
    const state = reactive({ busy: false, error: '' });
    watch(() => props.spec, (spec) => {
      Object.keys(values).forEach((k) => delete values[k]);
      for (const f of spec?.fields || []) values[f.key] = f.initial ?? (['multi', 'photos'].includes(f.type) ? [] : '');
      state.error = '';
    }, { immediate: true });
    const present = (f) => !f.when || f.when(values);
    async function submit() {
      state.error = '';
      // name every field still missing: a choice is never made for the person
      const missing = props.spec.fields.filter(present).filter((f) => f.required && (values[f.key] === '' || values[f.key] === null));
      if (missing.length) {
        const verb = missing.every((f) => f.type === 'choice') ? '选择' : missing.some((f) => f.type === 'choice') ? '填写或选择' : '填写';
        state.error = `请先${verb}：${missing.map((f) => f.label).join('、')}`;
        return;
      }
      state.busy = true;
      try {
        const answer = await props.spec.submit({ ...values });
        emit('done', props.spec, answer);  // the step's own answer: the page shows it
      } catch (e) {
        state.error = e.message;
      } finally {
        state.busy = false;
      }
    }
    function toggle(key, value) {
      values[key] = values[key].includes(value) ? values[key].filter((v) => v !== value) : [...values[key], value];
    }
    return { values, state, submit, toggle, present, close: () => emit('close') };
  },
  template: `
    <van-popup :show="!!spec" position="bottom" round closeable @close="close" @click-overlay="close"
               :style="{ maxHeight: '85%' }" :aria-label="spec && spec.title">
      <form v-if="spec" class="stepform" @submit.prevent="submit">
        <h2>{{ spec.title }}</h2>
        <p v-if="spec.hint" class="hint">{{ spec.hint }}</p>
        <template v-for="f in spec.fields.filter(present)" :key="f.key">
          <van-field v-if="f.type === 'text' || f.type === 'textarea'" v-model="values[f.key]" :label="f.label"
                     :type="f.type" :rows="f.type === 'textarea' ? 3 : undefined" :maxlength="f.max || 300"
                     :placeholder="f.placeholder || ''" :required="f.required" :show-word-limit="f.type === 'textarea'" />
          <van-field v-else-if="f.type === 'date'" :label="f.label" :required="f.required">
            <template #input><input class="native" type="date" v-model="values[f.key]" :min="f.min" :aria-label="f.label"></template>
          </van-field>
          <van-field v-else-if="f.type === 'choice'" :label="f.label" :required="f.required">
            <template #input>
              <div class="chips small" role="radiogroup" :aria-label="f.label">
                <button v-for="o in f.options" :key="String(o.value)" type="button" class="chip" role="radio"
                        :aria-checked="values[f.key] === o.value" :class="{ on: values[f.key] === o.value }"
                        @click="values[f.key] = o.value">{{ o.label }}</button>
              </div>
            </template>
          </van-field>
          <van-field v-else-if="f.type === 'photos'" :label="f.label">
            <template #input>
              <van-uploader v-model="values[f.key]" :max-count="3" multiple accept="image/*" :max-size="8 * 1024 * 1024"
                            upload-text="最多3张" :preview-full-image="false" />
            </template>
          </van-field>
          <van-field v-else-if="f.type === 'multi'" :label="f.label">
            <template #input>
              <div class="chips small" role="group" :aria-label="f.label">
                <button v-for="o in f.options" :key="o.value" type="button" class="chip"
                        :aria-pressed="values[f.key].includes(o.value)" :class="{ on: values[f.key].includes(o.value) }"
                        @click="toggle(f.key, o.value)">{{ o.label }}</button>
              </div>
            </template>
          </van-field>
        </template>
        <p v-if="state.error" class="error" role="alert">{{ state.error }}</p>
        <div class="actions"><van-button round block type="primary" native-type="submit" :loading="state.busy">{{ spec.button || '提交' }}</van-button></div>
      </form>
    </van-popup>`,
};
