// Report a problem in under a minute: category chips, a place from the estate's catalogue,
// a title, and how to reach the reporter (prefilled).

import { api, get, post, query, session, upload } from '../api.js';
import { CATEGORIES } from '../format.js';

const { ref, reactive, computed, onMounted, watch } = Vue;

export default {
  setup() {
    const router = VueRouter.useRouter();
    const route = VueRouter.useRoute();
    const me = session.get().me;
    const estate = ref(null);
    const loading = ref(true);
    const saving = ref(false);
    const error = ref('');
    const picker = ref(false);
    const form = reactive({ category: '', where: 'spot', spot: '', building: '', unit: '', detail: '', title: '',
                            description: '', urgent: false, name: me.name || '', phone: me.phone || '',
                            take: false });
    const team = ['member', 'lead'].includes(me.role);
    // Photos go up as soon as they are chosen (cleaned by the server); the report names their ids.
    const files = ref([]);
    async function sendPhoto(item) {
      for (const one of [item].flat()) {
        one.status = 'uploading';
        one.message = '上传中';
        try {
          one.photoId = (await upload('/intake/v1/photos', one.file, one.file.name)).id;
          one.status = 'done';
        } catch (e) {
          one.status = 'failed';
          one.message = e.message;
        }
      }
    }
    const tooBig = () => vant.showToast('照片不能超过8MB');  // they may report what they spotted and take it
    const idempotencyKey = crypto.randomUUID ? crypto.randomUUID() : String(Date.now());

    onMounted(async () => {
      try {
        const community = await get(`/intake/v1/communities/${me.community}`);
        estate.value = community.estates.find((e) => e.id === me.estate) || community.estates[0];
        prefill(route.query);
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    });

    const building = computed(() => estate.value?.buildings.find((b) => b.id === form.building));
    const units = computed(() => Array.from({ length: building.value?.units || 0 }, (_, i) => i + 1));
    const placeText = computed(() => {
      if (form.where === 'spot') return estate.value?.spots.find((s) => s.id === form.spot)?.name || '';
      return building.value ? `${building.value.name}${form.unit ? ` ${form.unit}单元` : ''}` : '';
    });
    const columns = computed(() => form.where === 'spot'
      ? (estate.value?.spots || []).map((s) => ({ text: s.name, value: s.id }))
      : (estate.value?.buildings || []).map((b) => ({ text: b.name, value: b.id })));

    // Open issues this report may repeat, while it is written: "me too" instead of a new report.
    const similar = ref([]);
    let timer = null;
    async function lookUp() {
      if (!estate.value || form.title.trim().length < 2) { similar.value = []; return; }
      const q = { community: me.community, estate: estate.value.id, title: form.title.trim(),
                  description: form.description.slice(0, 500), category: form.category,
                  ...(form.where === 'spot' ? { spot: form.spot } : { building: form.building }) };
      try {
        similar.value = (await get(`/intake/v1/issues/similar?${query(q)}`)).items;
      } catch {
        similar.value = [];  // a suggestion that fails must not stop a report
      }
    }
    watch(() => [form.title, form.description, form.category, form.spot, form.building], () => {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 400);
    });
    async function meToo(issue) {
      try {
        await post(`/intake/v1/issues/${issue.id}/support`, { name: form.name, phone: form.phone });
        vant.showSuccessToast('已附议，进展会一起告知您');
        router.replace(`/issues/${issue.id}`);
      } catch (e) {
        vant.showToast(e.message);
      }
    }

    // A QR sticker on the spot opens this page with its place: #/report?estate=…&spot=… or &building=…&unit=…
    function prefill(q) {
      if (q.estate && q.estate !== estate.value?.id) return;  // a sticker of another estate: choose by hand
      if (q.spot && estate.value.spots.some((s) => s.id === q.spot)) Object.assign(form, { where: 'spot', spot: q.spot });
      if (q.building && estate.value.buildings.some((b) => b.id === q.building)) {
        Object.assign(form, { where: 'building', building: q.building, unit: q.unit ? Number(q.unit) : '' });
      }
    }

    function pick({ selectedValues }) {
      if (form.where === 'spot') form.spot = selectedValues[0];
      else { form.building = selectedValues[0]; form.unit = ''; }
      picker.value = false;
    }

    async function submit() {
      error.value = '';
      if (!form.category) { error.value = '请选择问题类别'; return; }
      if (!placeText.value) { error.value = '请选择位置'; return; }
      if (files.value.some((f) => f.status === 'uploading')) { error.value = '照片还在上传，请稍候'; return; }
      if (similar.value.length) {
        const go = await vant.showConfirmDialog({ title: '可能已有人反映', message: '上面列出的问题可能和您的一样，附议会更快得到处理。仍要提交新问题吗？',
                                                  confirmButtonText: '仍要提交', cancelButtonText: '再看看' })
          .then(() => true, () => false);
        if (!go) return;
      }
      const place = form.where === 'spot' ? { spot: form.spot } : { building: form.building };
      if (form.where === 'building' && form.unit) place.unit = Number(form.unit);
      if (form.detail) place.detail = form.detail;
      saving.value = true;
      try {
        const issue = await api('POST', '/intake/v1/issues', {
          community: me.community, estate: estate.value.id, place, category: form.category, title: form.title,
          description: form.description, priority: form.urgent ? 'urgent' : 'normal',
          channel: me.role === 'resident' ? 'web' : 'team',
          reporter: { name: form.name, phone: form.phone }, take: team && form.take,
          photos: files.value.filter((f) => f.photoId).map((f) => f.photoId),
        }, { headers: { 'Idempotency-Key': idempotencyKey } });
        vant.showSuccessToast(`已提交，编号${issue.number}`);
        router.replace(`/issues/${issue.id}`);
      } catch (e) {
        error.value = e.details?.length ? `${e.message}：${e.details.map((d) => d.problem || d.msg).join('；')}` : e.message;
      } finally {
        saving.value = false;
      }
    }
    return { me, team, files, sendPhoto, tooBig, similar, meToo, estate, loading, saving, error, picker, form, units, placeText, columns, pick, submit, CATEGORIES };
  },
  template: `
    <van-skeleton v-if="loading" :row="6" />
    <van-form v-else @submit="submit" class="report">
      <van-cell-group inset :title="(estate ? estate.name + ' · ' : '') + '问题类别'">
        <div class="chips" role="radiogroup" aria-label="问题类别">
          <button v-for="c in CATEGORIES" :key="c.id" type="button" class="chip" role="radio"
                  :aria-checked="form.category === c.id" :class="{ on: form.category === c.id }"
                  @click="form.category = c.id">{{ c.label }}</button>
        </div>
      </van-cell-group>
      <van-cell-group inset title="位置">
        <van-radio-group v-model="form.where" direction="horizontal" class="where">
          <van-radio name="spot">公共区域</van-radio>
          <van-radio name="building">楼栋单元</van-radio>
        </van-radio-group>
        <van-field :model-value="placeText" is-link readonly :label="form.where === 'spot' ? '区域' : '楼栋'"
                   placeholder="请选择" @click="picker = true" />
        <van-field v-if="form.where === 'building' && units.length" label="单元">
          <template #input>
            <div class="chips small">
              <button v-for="u in units" :key="u" type="button" class="chip" :class="{ on: form.unit === u }"
                      :aria-pressed="form.unit === u" @click="form.unit = u">{{ u }}单元</button>
            </div>
          </template>
        </van-field>
        <van-field v-model="form.detail" label="具体位置" maxlength="100" placeholder="如：靠近电梯口（选填）" />
      </van-cell-group>
      <van-cell-group inset title="情况">
        <van-field v-model="form.title" label="标题" maxlength="60" required placeholder="一句话说明问题"
                   :rules="[{ required: true, message: '请填写标题' }, { validator: v => v.trim().length >= 2, message: '标题至少2个字' }]" />
        <van-field v-model="form.description" label="描述" type="textarea" rows="3" maxlength="2000" show-word-limit
                   placeholder="补充说明（选填）" />
        <van-field label="照片" class="photos-field">
          <template #input>
            <van-uploader v-model="files" :max-count="3" multiple accept="image/*" :max-size="8 * 1024 * 1024"
                          :after-read="sendPhoto" @oversize="tooBig" upload-text="最多3张" :preview-full-image="false" />
          </template>
        </van-field>
        <van-cell center title="紧急" label="有安全隐患、需要尽快处理">
          <template #right-icon><van-switch v-model="form.urgent" aria-label="紧急" /></template>
        </van-cell>
        <van-cell v-if="team" center title="我来处理" label="服务队自己发现的问题，提交后直接由我跟进">
          <template #right-icon><van-switch v-model="form.take" aria-label="我来处理" /></template>
        </van-cell>
      </van-cell-group>
      <van-cell-group v-if="similar.length" inset title="可能已有人反映（附议即可，不必重复提交）" class="similar" aria-live="polite">
        <van-cell v-for="s in similar" :key="s.issue.id" :title="s.issue.title" :to="'/issues/' + s.issue.id"
                  :label="s.issue.place_text + ' · ' + s.issue.status_label + (s.issue.supporters ? ' · ' + s.issue.supporters + '人附议' : '')">
          <template #right-icon>
            <van-button v-if="s.issue.actions.includes('support')" size="small" round type="primary" native-type="button"
                        @click.stop.prevent="meToo(s.issue)">我也遇到</van-button>
          </template>
        </van-cell>
      </van-cell-group>
      <van-cell-group inset title="联系方式（仅服务队可见）">
        <van-field v-model="form.name" label="称呼" maxlength="30" required :rules="[{ required: true, message: '请填写称呼' }]" />
        <van-field v-model="form.phone" label="手机号" type="tel" maxlength="11" required
                   :rules="[{ pattern: /^1[3-9]\\d{9}$/, message: '请输入正确的手机号' }]" />
      </van-cell-group>
      <p v-if="error" class="error" role="alert">{{ error }}</p>
      <div class="actions"><van-button round block type="primary" native-type="submit" :loading="saving">提交</van-button></div>
      <van-popup v-model:show="picker" position="bottom" round>
        <van-picker :columns="columns" :title="form.where === 'spot' ? '选择公共区域' : '选择楼栋'"
                    @confirm="pick" @cancel="picker = false" />
      </van-popup>
    </van-form>`,
};
